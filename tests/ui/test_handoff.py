"""The hand-off screen: a QR a real decoder reads from the screen's own pixels."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QSize
from pyzbar.pyzbar import ZBarSymbol, decode
from sqlalchemy import select

from kiosk.db.models import FollowupLink, OutboxEntry
from kiosk.visit.stages import EndReason
from tests.ui.conftest import grab, settle
from ui.widgets.fade import fading

SKUS = ["MV-CO-OV60", "MV-CO-IN80", "MV-CO-HD90"]


def _pil(qimage):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage

    rgb = qimage.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())[: rgb.bytesPerLine() * rgb.height()]
    return Image.frombytes(
        "RGB", (rgb.width(), rgb.height()), data, "raw", "RGB", rgb.bytesPerLine()
    )


def _decoded(image: Image.Image) -> list[str]:
    return [s.data.decode() for s in decode(image.convert("L"), symbols=[ZBarSymbol.QRCODE])]


def _open_handoff(shell, qtbot, skus=SKUS):  # type: ignore[no-untyped-def]
    shell.begin_visit()
    for sku in skus:
        shell.journey.set_selected(sku, True).result()
    shell.go("handoff")
    screen = shell.screens["handoff"]
    qtbot.waitUntil(lambda: screen.qr.image is not None, timeout=5000)
    settle(shell)  # the fade-in and the thumbnails
    return screen


def test_the_qr_on_screen_decodes_to_the_issued_url(make_shell, qtbot, screenshot_dir):
    shell = make_shell(followup_base_url="https://maison.example/f/")
    screen = _open_handoff(shell, qtbot)
    link = screen.link
    assert link.url.startswith("https://maison.example/f/")
    token = link.url.rsplit("/", 1)[1]
    assert len(token) >= 22
    assert token == link.token
    path = grab(shell, screenshot_dir, "handoff-landscape")
    pixels = Image.open(path)
    assert _decoded(pixels) == [link.url]
    half = pixels.resize((pixels.width // 2, pixels.height // 2), Image.Resampling.BILINEAR)
    assert _decoded(half) == [link.url]
    # the typed code is on screen and names the same link
    assert screen.code.text() == link.code_for_display
    assert len(link.fallback_code) == 10
    assert not set(link.fallback_code) & set("ILOU")
    # the QR is large: at least 500 px and dark on white
    qr = _pil(screen.qr.grab().toImage())
    assert min(qr.size) >= 500
    assert qr.convert("L").getpixel((2, 2)) == 255


def test_the_link_is_issued_once_per_visit_and_travels_through_the_outbox(make_shell, qtbot):
    shell = make_shell()
    screen = _open_handoff(shell, qtbot)
    first = screen.link
    shell.back()
    shell.go("handoff")  # the customer comes back: the same code, at once
    assert screen.link == first
    again = shell.journey.issue_link(shell.config.followup_base_url).result()
    assert again.token == first.token
    assert again.reused
    with shell.runtime.store.session() as s:
        links = s.scalars(select(FollowupLink)).all()
        assert [row.token for row in links] == [first.token]
        queued = s.scalars(
            select(OutboxEntry.row_id).where(OutboxEntry.table_name == "followup_links")
        ).all()
        assert queued == [links[0].id]


def test_portrait_and_chinese(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    shell.resize(QSize(1080, 1920))
    screen = _open_handoff(shell, qtbot, [*SKUS, "MV-CO-OV45", "MV-CO-GS90"])
    shell.set_language("zh-Hans")
    path = grab(shell, screenshot_dir, "handoff-portrait-zh")
    assert _decoded(Image.open(path)) == [screen.link.url]
    assert screen.more.isVisible()


def test_done_ends_the_visit_and_the_screen_forgets_the_code(make_shell, qtbot):
    shell = make_shell()
    screen = _open_handoff(shell, qtbot)
    if "farewell" in shell.screens:  # pragma: no cover - when the farewell screen exists
        screen.done.click()
        assert shell.router.current.NAME == "farewell"
        shell.finish_visit()
    else:
        screen.done.click()
    assert not shell.journey.active
    assert shell.router.current.NAME == "attract"
    qtbot.waitUntil(lambda: shell.lazy.cleared)  # hidden screens forget in idle time
    assert screen.link is None
    assert screen.qr.image is None
    assert screen.code.text() == ""
    assert screen.items_grid.count() == 0


def test_the_end_of_a_visit_deletes_the_selection_shown_at_once(make_shell, qtbot):
    """No turn of the loop needed: the items are gone, not windows of their own waiting to
    be deleted until the next turn (taking them out one by one was 4 ms of the last touch)."""
    from PySide6.QtWidgets import QApplication, QLabel

    shell = make_shell()
    screen = _open_handoff(shell, qtbot)
    names = {shell.pack.product(s).name.get("en") for s in SKUS}
    assert names <= {label.text() for label in screen.findChildren(QLabel)}
    shell.end_visit(EndReason.COMPLETED)  # no flush of deletions: at once
    held = [
        label.text()
        for window in QApplication.topLevelWidgets()
        for label in [window, *window.findChildren(QLabel)]
        if isinstance(label, QLabel)
    ]
    assert not [t for t in held if t in names]


DEVELOPERS_ADDRESS = "http://127.0.0.1:8080/f/"  # followup_base_url's default


def _texts(widget) -> str:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def test_a_store_kiosk_never_shows_a_qr_no_phone_can_open(make_shell, qtbot, screenshot_dir):
    from ui.strings import tr

    shell = make_shell(followup_base_url=DEVELOPERS_ADDRESS)  # full screen: a store kiosk
    shell.begin_visit()
    for sku in SKUS:
        shell.journey.set_selected(sku, True).result()
    # "Send to my phone" on the selection asks an advisor instead of leading to a dead code.
    shell.go("selection")
    selection = shell.screens["selection"]
    selection.card.send.click()
    assert shell.router.current is selection
    assert selection.card.ask.isVisible()
    # The hand-off screen itself, however reached, shows a calm message and no code.
    shell.go("handoff")
    screen = shell.screens["handoff"]
    assert not screen.card.isVisible()
    assert screen.title.text() == tr("handoff.unavailable.title", "en")
    assert screen.explain.text() == tr("handoff.unavailable.body", "en")
    assert "127.0.0.1" not in _texts(screen)
    assert screen.done.isVisible()
    # every write has landed
    shell.runtime.recorder.submit(lambda: None, background=True).result(timeout=5)
    with shell.runtime.store.session() as s:
        assert s.scalars(select(FollowupLink)).all() == []  # no link was issued
    qtbot.waitUntil(lambda: not fading(screen))  # the fade-in has ended
    grab(shell, screenshot_dir, "handoff-no-reachable-address-en")
    shell.set_language("zh-Hans")
    assert screen.title.text() == tr("handoff.unavailable.title", "zh-Hans")


def test_windowed_development_keeps_its_local_qr(make_shell, qtbot):
    shell = make_shell(windowed=True, followup_base_url=DEVELOPERS_ADDRESS)
    screen = _open_handoff(shell, qtbot)
    assert screen.card.isVisible()
    assert screen.link.url.startswith(DEVELOPERS_ADDRESS)
    assert "127.0.0.1:8080/f" in screen.code_hint.text()


def test_one_im_done_on_the_handoff_not_two_buttons_doing_the_same(make_shell, qtbot):
    """The header's "I'm done" and the screen's own button both led to the farewell: the
    customer sees one, in the words they met on every screen, and it leads to the farewell."""
    from PySide6.QtWidgets import QPushButton

    from ui.strings import tr

    for language in ("en", "zh-Hans"):
        shell = make_shell()
        screen = _open_handoff(shell, qtbot)
        shell.set_language(language)
        words = tr("chrome.done", language)
        shown = [b for b in screen.findChildren(QPushButton) if b.isVisible()]
        assert [b.text() for b in shown if b.text() == words] == [words]
        assert not screen.done_button.isVisible()
        assert screen.done.isVisible()
        assert screen.done.text() == words
        screen.done.click()
        assert shell.router.current.NAME == "farewell"
        assert shell.journey.active
        shell.end_visit(EndReason.COMPLETED)
