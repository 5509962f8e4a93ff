"""The kiosk window on a full disk (a real 4 MB tmpfs): a customer whose visit cannot be
recorded sees "one moment" and attract, never a visit going on unrecorded; the associate
home and diagnostics tell store IT; once space returns the kiosk records visits again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from kiosk.db.models import Visit
from tests.ui.conftest import elapse
from tests.ui.conftest import grab as grab_now
from tests.ui.test_associate_mode import add_associate
from ui.widgets.fade import fading

WAIT_MS = 10_000


def disk_shell(make_shell, small_disk, **settings):  # type: ignore[no-untyped-def]
    shell = make_shell(
        local_db_path=str(small_disk.path / "data" / "kiosk.sqlite3"),
        **{"health_min_free_mb": 1, **settings},
    )
    shell.ERROR_PAUSE_MS = 600_000  # the calm pause passes only when the test says so
    return shell


def grab(shell, qtbot, folder, name):  # type: ignore[no-untyped-def]
    """A screenshot once the screen's fade-in is over (its veil is gone)."""
    qtbot.waitUntil(lambda: not fading(shell.router.current), timeout=WAIT_MS)
    return grab_now(shell, folder, name)


def visits(shell) -> list[Visit]:  # type: ignore[no-untyped-def]
    with shell.runtime.store.session() as s:
        return list(s.scalars(select(Visit).order_by(Visit.started_at)).all())


def calm_reset(shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: shell.router.current.NAME == "one_moment", timeout=WAIT_MS)
    elapse(shell.error_pause)  # the calm pause, in simulated time
    assert shell.router.current.NAME == "attract"
    assert not shell.journey.active


def test_a_touch_on_a_full_disk_shows_one_moment_then_attract(
    make_shell, qtbot, small_disk, screenshot_dir
):
    shell = disk_shell(make_shell, small_disk)
    small_disk.fill()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "one_moment", timeout=WAIT_MS)
    grab(shell, qtbot, screenshot_dir, "full-disk-one-moment-en")
    calm_reset(shell, qtbot)
    assert visits(shell) == []

    small_disk.free()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    assert shell.router.current.NAME == "greeting"
    qtbot.waitUntil(lambda: len(visits(shell)) == 1, timeout=WAIT_MS)
    assert shell.journey.active  # this customer's visit is recorded and goes on
    assert shell.router.current.NAME == "greeting"


def test_a_write_failing_mid_visit_ends_it_calmly_and_its_end_is_kept(
    make_shell, qtbot, small_disk
):
    shell = disk_shell(make_shell, small_disk)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(visits(shell)) == 1, timeout=WAIT_MS)
    small_disk.fill()
    shell.set_language("zh-Hans")  # the customer's tap on 中文: its record fails
    calm_reset(shell, qtbot)

    small_disk.free()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)  # the next customer

    def first_closed() -> bool:
        rows = visits(shell)
        return len(rows) == 2 and rows[0].end_reason == "error"

    qtbot.waitUntil(first_closed, timeout=WAIT_MS)
    assert shell.router.current.NAME == "greeting"


def test_store_it_is_told_on_the_associate_home_and_in_diagnostics(
    make_shell, qtbot, small_disk, screenshot_dir
):
    shell = disk_shell(make_shell, small_disk)
    it = add_associate(shell, "Store IT", "store_it", "730516")  # while there is room
    mode = shell.associate_mode
    mode._without_visit = True  # the corner hold on attract, then a right PIN
    mode._checked(it, None)
    assert shell.router.current.NAME == "associate"
    home = shell.screens["associate"]
    home._timer.setInterval(50)  # its periodic check, sooner than every 5 s
    home._timer.start()
    qtbot.waitUntil(lambda: home.storage is not None, timeout=WAIT_MS)
    assert not home.storage_warning.isVisible()

    small_disk.fill()  # space runs out while the home is shown
    qtbot.waitUntil(home.storage_warning.isVisible, timeout=WAIT_MS)
    assert "nearly full: 0 MB free" in home.storage_warning.text()

    mode.return_to_customer()  # back to attract; a customer touches it
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    calm_reset(shell, qtbot)
    mode._without_visit = True
    mode._checked(it, None)
    qtbot.waitUntil(lambda: "cannot save visits" in home.storage_warning.text(), timeout=WAIT_MS)
    assert "database or disk is full" in home.storage_warning.text()
    grab(shell, qtbot, screenshot_dir, "full-disk-associate-home-en")

    qtbot.mouseClick(home.tool_buttons["diagnostics"], Qt.MouseButton.LeftButton)
    diagnostics = shell.screens["diagnostics"]
    qtbot.waitUntil(lambda: diagnostics.report is not None, timeout=WAIT_MS)
    assert diagnostics.marks["writes"].text() == "!"
    assert "database or disk is full" in diagnostics.details["writes"].text()
    assert diagnostics.marks["disk"].text() == "!"
    grab(shell, qtbot, screenshot_dir, "full-disk-diagnostics-en")
    small_disk.free()


def test_an_erasure_that_cannot_be_written_says_so_and_keeps_the_client(
    make_shell, qtbot, small_disk
):
    """Not only a visit's writes: a manager's "forget" on a full disk says that this kiosk
    could not record it (not that the store did not answer), and the home says why."""
    from kiosk.db.models import Customer
    from tests.clients.privacy.helpers import STORE_ID
    from tests.clients.privacy.test_privacy_screen import manager_on_privacy, texts, type_in
    from ui.strings import tr

    shell = disk_shell(make_shell, small_disk, store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot)
    home = shell.screens["associate"]
    qtbot.mouseClick(home.tool_buttons["privacy"], Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    type_in(screen, "elise.private@example.org")
    screen.keyboard.press("done")
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-forget") is not None, timeout=WAIT_MS
    )
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    # What the kiosk was already writing (the manager joining the visit) is in first: on a
    # loaded machine it was still queued, met the full disk and ended the visit instead.
    qtbot.waitUntil(shell.runtime.recorder.submit(lambda: None).done, timeout=WAIT_MS)
    small_disk.fill()
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-yes"), Qt.MouseButton.LeftButton)
    failed_here = tr("privacy.done.failed_here", "en")
    qtbot.waitUntil(lambda: failed_here in texts(screen), timeout=WAIT_MS)
    with shell.runtime.store.session() as s:
        assert s.get(Customer, client.id).erased_at is None

    shell.back()
    assert shell.router.current is home
    qtbot.waitUntil(lambda: "cannot save visits" in home.storage_warning.text(), timeout=WAIT_MS)
    assert "database or disk is full" in home.storage_warning.text()
    small_disk.free()
