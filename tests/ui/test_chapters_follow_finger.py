"""Story chapters follow the finger: a drag moves the chapter with it and turns it like a page.

Real mouse events (press, moves, release, as a touchscreen delivers a finger) go through the
window to the chapter; the finger's speed is measured on a clock the test moves, and the slide
that ends a turn is waited for on its own ``finished`` signal.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import SteppedClock, settle
from tests.ui.test_story import SKU, open_story, touch
from ui.widgets.fade import fading
from ui.widgets.swipe import DragTrack

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def story(make_shell, qtbot):  # type: ignore[no-untyped-def]
    shell = make_shell()
    story = open_story(shell, qtbot)
    settle(shell)
    story.clock = SteppedClock()
    story.chapter.track.clock = story.clock.monotonic
    return story


class Finger:
    """One finger on the chapter: down near its top, then across, ``seconds`` per move. Its
    events go through the window, as a touchscreen's do (to the widget under the finger, then
    to the one that took the press), and it stays where it is put while the chapter moves."""

    def __init__(self, story, seconds: float = 0.016) -> None:  # type: ignore[no-untyped-def]
        self.view, self.clock, self.seconds = story.chapter, story.clock, seconds
        self.window = self.view.window().windowHandle()
        self.start = self.view.mapTo(self.view.window(), QPoint(self.view.width() // 2, 24))
        self.at = self.start
        QTest.mousePress(self.window, LEFT, NONE, self.start)

    def move(self, dx: int, dy: int = 0) -> None:
        self.clock.advance(self.seconds)
        self.at = self.start + QPoint(dx, dy)
        QTest.mouseMove(self.window, self.at)

    def lift(self) -> None:
        self.clock.advance(self.seconds)
        QTest.mouseRelease(self.window, LEFT, NONE, self.at)


def titles(story) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.title.get("en") for c in story.ctx.pack.product(SKU).chapters]


def on_screen_x(label) -> int:  # type: ignore[no-untyped-def]
    """Where the customer sees ``label``: its left edge in the window."""
    return label.mapTo(label.window(), QPoint(0, 0)).x()


def test_the_chapter_moves_with_the_finger_and_the_next_comes_in_beside_it(story, qtbot):
    view = story.chapter
    first = view.title
    home = on_screen_x(first)
    finger = Finger(story)
    for dx in (-40, -90, -150, -210):
        finger.move(dx)
        assert view.offset == dx, "the chapter stays under the finger"
        assert on_screen_x(first) == home + dx
        assert view.spare.isVisible(), "the next chapter comes in beside it"
        assert view.spare.title.text() == titles(story)[1]
        assert on_screen_x(view.spare.title) == home + dx + view.width() + view.GAP
    assert story.chapter_index == 0, "nothing is decided while the finger is down"
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()  # past a quarter of the width: the page turns
        assert story.chapter_index == 1
    assert view.offset == 0
    assert view.title.text() == titles(story)[1]
    assert on_screen_x(view.title) == home, "the new chapter came to rest where the first was"
    assert not view.spare.isVisible()
    assert not fading(view), "a turned page does not fade in as well"
    assert story.rail.buttons[1].isChecked()


def test_a_short_slow_drag_slides_back_and_a_flick_turns(story, qtbot):
    view = story.chapter
    finger = Finger(story, seconds=0.2)  # 120 px in 0.8 s: a hesitant finger
    for dx in (-30, -60, -90, -120):
        finger.move(dx)
    assert view.offset == -120
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()
    assert story.chapter_index == 0
    assert view.offset == 0
    assert view.title.text() == titles(story)[0]

    finger = Finger(story, seconds=0.01)  # the same 120 px in 40 ms: a flick
    for dx in (-30, -60, -90, -120):
        finger.move(dx)
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()
    assert story.chapter_index == 1
    assert view.offset == 0

    finger = Finger(story, seconds=0.01)  # and back: a flick to the right
    for dx in (30, 60, 90, 120):
        finger.move(dx)
    assert view.spare.title.text() == titles(story)[0], "the previous chapter on the left"
    assert on_screen_x(view.spare.title) < on_screen_x(view.title)
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()
    assert story.chapter_index == 0
    assert view.title.text() == titles(story)[0]


def test_a_finger_that_turns_back_before_release_keeps_the_chapter(story, qtbot):
    view = story.chapter
    finger = Finger(story)
    for dx in (-100, -200, -300, -200, -100, -60):
        finger.move(dx)
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()  # 60 px out, moving back: the customer changed their mind
    assert story.chapter_index == 0
    assert view.offset == 0


def test_the_last_chapter_gives_a_little_and_comes_back(story, qtbot):
    view = story.chapter
    touch(qtbot, story.rail.buttons[2])
    settle(story.window())
    finger = Finger(story)
    finger.move(-100)
    finger.move(-300)
    assert -300 < view.offset < -30, "it gives, less than the finger travelled"
    assert not view.spare.isVisible(), "nothing comes in after the last chapter"
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()
    assert story.chapter_index == 2
    assert view.offset == 0


def test_a_drag_down_is_the_readers_scroll_not_a_page_turn() -> None:
    # (a vertical drag cannot be driven offscreen: the reader's kinetic scroller cannot find
    # its window outside the virtual screen, so the drag's reading is checked on its own)
    clock = SteppedClock()
    track = DragTrack(clock.monotonic)
    track.press(QPointF(500, 500))
    assert not track.move(QPointF(506, 508)), "a tap's jitter is neither across nor down"
    assert not track.move(QPointF(520, 560)), "mostly down: the reader scrolls"
    assert not track.move(QPointF(300, 560)), "and it stays a scroll to its end"
    track.press(QPointF(500, 500))
    assert track.move(QPointF(470, 505)), "mostly across: the page follows"
    clock.advance(0.05)
    assert track.move(QPointF(440, 520)), "a drag across may then wander down a little"
    assert track.dx == -60
    assert track.velocity() == pytest.approx(-1200)  # 60 px to the left in 50 ms


def test_a_finger_catches_a_sliding_page_and_a_tap_on_the_rail_still_fades(story, qtbot):
    view = story.chapter
    finger = Finger(story)
    for dx in (-100, -200, -300):
        finger.move(dx)
    finger.lift()
    assert story.chapter_index == 1
    assert view.offset > 0, "the new chapter slides home"
    caught = view.offset
    finger = Finger(story)  # down on the moving page: it stops under the finger
    assert view.offset == caught
    with qtbot.waitSignal(view.slide.finished):
        finger.lift()  # a tap, not a drag: the page goes on home
    assert story.chapter_index == 1
    assert view.offset == 0

    touch(qtbot, story.rail.buttons[2])  # the tap path: the calm fade, no slide
    assert story.chapter_index == 2
    assert fading(view)
    assert view.offset == 0
    assert not view.spare.isVisible()


def test_a_touchscreen_finger_moves_the_chapter_too(story, qtbot):
    """The same through touch events, as a touchscreen delivers them (Qt turns a touch no
    widget takes into the mouse events the chapter reads)."""
    view = story.chapter
    window = view.window().windowHandle()
    device = QTest.createTouchDevice()
    start = view.mapTo(view.window(), QPoint(view.width() // 2, 24))
    QTest.touchEvent(window, device).press(0, start, window).commit()
    for dx in (-50, -150, -250):
        story.clock.advance(0.016)
        QTest.touchEvent(window, device).move(0, start + QPoint(dx, 0), window).commit()
        assert view.offset == dx
    story.clock.advance(0.016)
    with qtbot.waitSignal(view.slide.finished):
        QTest.touchEvent(window, device).release(0, start + QPoint(-250, 0), window).commit()
    assert story.chapter_index == 1
    assert view.title.text() == titles(story)[1]
