"""Store IT's diagnostics: the checks of `kiosk check` on the kiosk, Sync now, Exit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt

from tests.ui.conftest import settle
from tests.ui.test_associate_mode import add_associate, grab

PIN = "730516"


def store_it_in(shell, qtbot):  # type: ignore[no-untyped-def]
    it = add_associate(shell, "Store IT", "store_it", PIN)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    shell.associate_mode._checked(it, None)  # what a right PIN leads to (tested elsewhere)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    return shell.screens["associate"]


def open_diagnostics(shell, qtbot, home=None):  # type: ignore[no-untyped-def]
    home = home or store_it_in(shell, qtbot)
    assert home.tool_buttons["diagnostics"].isVisible()
    qtbot.mouseClick(home.tool_buttons["diagnostics"], Qt.MouseButton.LeftButton)
    screen = shell.screens["diagnostics"]
    assert shell.router.current is screen
    qtbot.waitUntil(lambda: screen.report is not None, timeout=10_000)
    settle(shell)
    return screen


def test_store_it_sees_diagnostics_and_no_client_tools(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    home = store_it_in(shell, qtbot)
    assert home.tool_buttons["diagnostics"].isVisible()
    assert not home.tool_buttons["privacy"].isVisible()
    for tool in ("privacy", "consultation", "clients"):
        if tool in shell.screens:
            assert not shell.associate_mode.open_tool(tool)
    assert shell.router.current.NAME == "associate"

    screen = open_diagnostics(shell, qtbot, home)
    assert screen.marks["local_db"].text() == "✓"
    assert "newest" in screen.details["local_db"].text()
    assert "not configured" in screen.details["store_db"].text()
    assert "1920 × 1080" in screen.details["display"].text()
    assert "landscape" in screen.details["display"].text()
    assert "default" in screen.details["config"].text()
    assert not screen.sync_now.isEnabled()  # no store database: nothing to sync with
    assert "No store database" in screen.sync_note.text()
    grab(shell, screenshot_dir, "diagnostics-en")

    shell.resize(QSize(1080, 1920))
    qtbot.waitUntil(lambda: "portrait" in screen.details["display"].text())
    grab(shell, screenshot_dir, "diagnostics-portrait-en")
    shell.resize(QSize(1920, 1080))

    qtbot.mouseClick(screen.exit_button, Qt.MouseButton.LeftButton)
    assert not shell.isVisible()


def test_a_failing_store_database_is_shown_clearly(make_shell, qtbot, screenshot_dir):
    shell = make_shell(store_db_url="postgresql+psycopg://kiosk@127.0.0.1:9/store")
    screen = open_diagnostics(shell, qtbot)
    assert screen.marks["store_db"].text() == "!"
    assert "Needs attention" in screen.summary.text()
    assert "127.0.0.1:9" in screen.details["store_db"].text()
    assert screen.marks["local_db"].text() == "✓"
    assert "not running" in screen.sync_note.text()
    grab(shell, screenshot_dir, "diagnostics-store-down-en")
    shell.set_language("zh-Hans")
    assert screen.summary.text() == "需要处理：1 项"
    assert screen.sync_note.text() == "本终端未运行同步进程。"
    grab(shell, screenshot_dir, "diagnostics-store-down-zh-Hans")


@pytest.mark.postgres
def test_sync_now_wakes_the_worker_and_the_checks_run_again(make_shell, qtbot, store_url):
    shell = make_shell(sync=True, store_db_url=store_url, store_id="store-7")
    screen = open_diagnostics(shell, qtbot)
    assert screen.marks["store_db"].text() == "✓"
    assert screen.sync_now.isEnabled()
    first = screen.report
    screen.RECHECK_AFTER_SYNC_MS = 200
    qtbot.mouseClick(screen.sync_now, Qt.MouseButton.LeftButton)
    assert "Sync requested" in screen.sync_note.text()
    qtbot.waitUntil(lambda: screen.report is not first, timeout=10_000)
    qtbot.waitUntil(lambda: "last success 20" in screen.details["sync"].text(), timeout=10_000)


def test_a_follow_up_address_no_phone_can_open_is_flagged(make_shell, qtbot):
    shell = make_shell(followup_base_url="http://127.0.0.1:8080/f/")
    screen = open_diagnostics(shell, qtbot)
    assert screen.marks["production"].text() == "!"
    assert "points at this machine" in screen.details["production"].text()
    assert "Needs attention" in screen.summary.text()
    assert screen.names["production"].text() == "Store settings"
