"""A screen fades in through one picture of it, never by painting it again every frame.

The window's fade used to be a ``QGraphicsOpacityEffect``: each of its 17 frames painted the
whole screen anew into an offscreen pixmap, two thirds of the GUI thread's time over a visit
(tests/bench/test_gui_stall_bench.py). Now the screen is pictured once and a veil draws the
picture; these tests hold the three things a customer would see go wrong: a fade that ends
on something else than the screen, a screen painted under the veil (the cost come back), and
a touch whose answer stays hidden under the veil. (Each widget of a screen is painted once
for its picture: counting paint events shows whether it is painted again every frame.)
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tests.ui.test_customer_journey import on, touch
from tests.ui.window_input import tap
from ui import theme
from ui.widgets.fade import Veil, fading, picture_of


class PaintCount(QObject):
    """Paint events delivered to each widget while ``screen`` is fading in."""

    def __init__(self, screen) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.screen = screen
        self.painted: list[tuple[int, str]] = []  # (widget's id, its class)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and fading(self.screen):
            self.painted.append((id(watched), type(watched).__name__))
        return False


def differing_share(a: QImage, b: QImage) -> float:
    """The share of sampled pixels that differ by more than a rounding step."""
    assert a.size() == b.size()
    step = 7
    seen = differ = 0
    for y in range(0, a.height(), step):
        for x in range(0, a.width(), step):
            seen += 1
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            if max(abs(pa.red() - pb.red()), abs(pa.green() - pb.green())) > 2:
                differ += 1
    return differ / seen


def slow(shell):  # type: ignore[no-untyped-def]
    """Fades of ten seconds: what a test looks at mid-fade is still fading however slow the
    machine (a 280 ms fade could end under a loaded CI before the test looked); the test
    ends the fade itself (``end``)."""
    shell.router.FADE_MS = 10_000
    return shell


def end(shell) -> None:  # type: ignore[no-untyped-def]
    fade = shell.router._fade
    fade.setCurrentTime(fade.duration())  # its last frame: finished, the veil released


def to_needs(shell, qtbot):  # type: ignore[no-untyped-def]
    touch(qtbot, shell.attract, QPoint(300, 300))
    end(shell)  # the greeting whole
    touch(qtbot, on(shell, "greeting").browse)  # the needs screen fades in
    return on(shell, "needs")


def test_nothing_under_the_veil_is_painted_while_the_screen_fades_in(make_shell, qtbot):
    shell = slow(make_shell())
    touch(qtbot, shell.attract, QPoint(300, 300))
    end(shell)  # the greeting whole
    greeting = on(shell, "greeting")
    count = PaintCount(shell.screens["needs"])
    QApplication.instance().installEventFilter(count)  # type: ignore[union-attr]
    try:
        touch(qtbot, greeting.browse)
        needs = on(shell, "needs")
        assert fading(needs)
        qtbot.waitUntil(lambda: sum(1 for _, name in count.painted if name == "Veil") >= 3)
        end(shell)
        assert not fading(needs)
    finally:
        QApplication.instance().removeEventFilter(count)  # type: ignore[union-attr]
    frames = sum(1 for _, name in count.painted if name == "Veil")
    assert frames >= 3, f"the fade was seen in {frames} frames"
    under = Counter(widget for widget in count.painted if widget[1] != "Veil")
    assert under, "the screen was never pictured"
    again = sorted({name for (_, name), n in under.items() if n > 1})
    assert not again, f"painted under the veil again after its one picture: {again}"


def test_the_fade_ends_on_the_screen_as_it_is(make_shell, qtbot):
    shell = slow(make_shell())
    needs = to_needs(shell, qtbot)
    veil = needs.findChild(Veil)
    assert veil is not None
    assert veil.isVisible()
    first = veil.grab().toImage()  # the first frame: the ground alone
    ivory = QColor(theme.PALETTE.ivory).name()
    assert {first.pixelColor(x, y).name() for x in (10, 600) for y in (10, 500)} == {ivory}
    qtbot.waitUntil(lambda: not veil.picture.isNull())  # pictured on the loop's next turn
    pictured = veil.picture.toImage()
    end(shell)
    assert not veil.isVisible(), "the veil is gone once the fade has ended"
    shown = picture_of(needs, QColor(ivory)).toImage()
    share = differing_share(pictured, shown)
    assert share < 0.002, f"{share:.1%} of the screen jumps when the fade ends"


def test_a_touch_during_the_fade_shows_the_screen_at_once(make_shell, qtbot):
    shell = slow(make_shell())
    needs = to_needs(shell, qtbot)
    assert fading(needs)
    tile = needs._tiles[0]
    tap(tile)  # the customer does not wait for the fade (a touch reaches the window first)
    assert not fading(needs)
    assert not needs.findChild(Veil).isVisible(), "the answer would be hidden under the veil"


def test_an_image_that_arrives_mid_fade_is_in_the_fade(make_shell, qtbot):
    """The greeting's picture decoded while the screen fades in: the fade shows the image,
    not the placeholder it replaced until the end (the pop-in issue 14 named)."""
    from PySide6.QtGui import QPixmap

    from ui import images

    shell = slow(make_shell())
    touch(qtbot, shell.attract, QPoint(300, 300))
    greeting = on(shell, "greeting")
    veil = greeting.findChild(Veil)
    assert veil is not None
    qtbot.waitUntil(lambda: not veil.picture.isNull())  # pictured, the fade under way
    assert fading(greeting)
    red = QPixmap(greeting.picture.size())
    red.fill(QColor("#C00000"))
    greeting.picture.pixmap = red  # as the loader's answer sets it...
    greeting.picture.update()
    images._delivered(greeting.picture)  # ...then tells who listens
    assert fading(greeting)
    centre = greeting.picture.mapTo(greeting, greeting.picture.rect().center())
    seen = veil.picture.toImage().pixelColor(centre)
    assert seen.name() == "#c00000", f"the fade still shows {seen.name()} where the image is"
