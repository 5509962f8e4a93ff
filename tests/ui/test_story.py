"""Product storytelling: the product in both languages, chapters, selection, comparison."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from kiosk.db.models import VisitEvent
from kiosk.visit.stages import EndReason, Stage
from tests.ui.conftest import SteppedClock, grab, idle_passes, settle, wait_durable
from ui.strings import tr
from ui.widgets.swipe import SwipeFilter

SKU = "MV-CO-RG90"  # three chapters (heritage, materials, technology), three images
OTHERS = ("MV-CO-OV60", "MV-CO-OV45", "MV-CO-IN80")


def touch(qtbot, widget, pos=None):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def swipe(widget, dx: int, dy: int = 0) -> None:
    """A finger's press, travel and release across ``widget`` (from its centre). The finger
    moves over the window, not with the widget (a chapter follows it as it goes), and its
    events go through the window as a touchscreen's do: to the widget under the finger, then
    to the one that took the press."""
    window = widget.window().windowHandle()
    start = widget.mapTo(widget.window(), widget.rect().center())
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(window, start + QPoint(dx * step // 5, dy * step // 5), 10)
    QTest.mouseRelease(
        window,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(dx, dy),
        10,
    )


def open_story(shell, qtbot, sku=SKU, **params):  # type: ignore[no-untyped-def]
    touch(qtbot, shell.attract, QPoint(300, 300))
    shell.go("story", sku=sku, **params)
    return shell.screens["story"]


@pytest.fixture
def reading_clock(monkeypatch) -> SteppedClock:  # type: ignore[no-untyped-def]
    """The story screen's clock for reading time, moved by the test (simulated time)."""
    clock = SteppedClock()
    monkeypatch.setattr("ui.screens.customer.story.time", clock)
    return clock


def events(shell, kind: str) -> list[dict]:  # type: ignore[no-untyped-def]
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        rows = s.scalars(
            select(VisitEvent).where(VisitEvent.kind == kind).order_by(VisitEvent.seq)
        ).all()
        return [dict(r.payload) for r in rows]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_story_screenshots_of_two_chapters(make_shell, qtbot, screenshot_dir, language, portrait):
    shell = make_shell()
    if portrait:
        shell.resize(1080, 1920)
    story = open_story(shell, qtbot)
    shell.set_language(language)
    settle(shell)
    orientation = "portrait" if portrait else "landscape"
    assert story.hero.pixmap is not None, "the hero image arrived"
    grab(shell, screenshot_dir, f"story-{language}-{orientation}")
    touch(qtbot, story.rail.buttons[1])
    settle(shell)
    assert story.chapter_index == 1
    grab(shell, screenshot_dir, f"story-chapter2-{language}-{orientation}")


def test_story_shows_the_product_and_a_language_switch_changes_every_text(make_shell, qtbot):
    shell = make_shell()
    story = open_story(shell, qtbot)
    product = shell.pack.product(SKU)
    assert shell.router.current is story
    assert shell.journey.stage == Stage.STORY

    def shown(language: str) -> None:
        assert story.name.text() == product.name.get(language)
        assert story.summary.text() == product.summary.get(language)
        assert story.chapter.title.text() == product.chapters[0].title.get(language)
        assert story.chapter.text.text() == product.chapters[0].body.get(language)
        labels = [b.text() for b in story.rail.buttons if b.isVisible()]
        assert labels == [tr(f"story.chapter.{c.kind}", language) for c in product.chapters]
        assert story.select_button.text() == tr("story.select", language)
        assert story.compare_button.text() == tr("story.compare", language)
        assert story.specs_title.text() == tr("story.specs", language).upper()
        assert story.done_button.text() == tr("chrome.done", language)
        spec = product.specs[1]
        assert story.specs._rows[1][0].text() == spec.label.get(language)
        assert story.specs._rows[1][1].text() == spec.value.get(language)

    shown("en")
    shell.set_language("zh-Hans")
    shown("zh-Hans")
    assert story.name.text() != product.name.get("en")
    shell.set_language("en")
    shown("en")
    (viewed,) = events(shell, "product_viewed")
    assert viewed == {"sku": SKU, "source": "direct"}


def test_a_product_opened_from_recommendations_says_so(make_shell, qtbot):
    shell = make_shell()
    # OV60's third chapter is its care guide, which the story leaves for after the purchase
    open_story(shell, qtbot, sku=OTHERS[0], source="recommendations", chapter=1)
    assert shell.screens["story"].chapter_index == 1
    assert events(shell, "product_viewed") == [{"sku": OTHERS[0], "source": "recommendations"}]


def test_chapters_move_by_rail_and_swipe_and_record_the_time_read(make_shell, qtbot, reading_clock):
    shell = make_shell()
    story = open_story(shell, qtbot)
    kinds = [c.kind for c in shell.pack.product(SKU).chapters]
    reading_clock.advance(0.15)  # the customer reads the first chapter for 150 ms
    touch(qtbot, story.rail.buttons[1])
    assert story.chapter_index == 1
    assert story.chapter.title.text() == shell.pack.product(SKU).chapters[1].title.get("en")
    reading_clock.advance(0.06)
    swipe(story.chapter, -320)  # finger to the left: the next chapter
    assert story.chapter_index == 2
    swipe(story.chapter, -320)  # the last chapter: the swipe rests
    assert story.chapter_index == 2
    swipe(story.chapter, 40)  # too short to be a swipe
    assert story.chapter_index == 2
    # a mostly vertical drag is the scroller's, not a swipe (a vertical drag cannot be
    # simulated offscreen: the scroller cannot find its window outside the virtual screen)
    assert SwipeFilter.direction(QPointF(200, 400)) == 0
    assert SwipeFilter.direction(QPointF(-200, 60)) == 1
    swipe(story.chapter, 320)
    assert story.chapter_index == 1
    shell.go("compare")  # leaving the screen closes the chapter being read
    read = events(shell, "chapter_read")
    assert [r["chapter"] for r in read] == [kinds[0], kinds[1], kinds[2], kinds[1]]
    assert all(r["sku"] == SKU for r in read)
    assert read[0]["ms"] == 150
    assert read[1]["ms"] == 60
    assert all(isinstance(r["ms"], int) for r in read)


def test_im_done_closes_the_chapter_but_the_reset_records_nothing_more(make_shell, qtbot):
    shell = make_shell()
    story = open_story(shell, qtbot)
    touch(qtbot, story.done_button)
    assert shell.router.current.NAME == "farewell"
    touch(qtbot, shell.screens["farewell"].finish_button)
    assert shell.router.current.NAME == "attract"
    assert not shell.journey.active
    read = events(shell, "chapter_read")
    assert len(read) == 1
    assert read[0]["chapter"] == "heritage"
    story.leave()  # a late leave after clear() must not record (there is no visit anyway)
    assert len(events(shell, "chapter_read")) == 1


def test_the_idle_veil_closes_the_chapter_without_the_idle_time(make_shell, qtbot, reading_clock):
    shell = make_shell()
    story = open_story(shell, qtbot)
    reading_clock.advance(0.4)  # read for 0.4 s...
    reading_clock.advance(shell.config.idle_timeout_s)  # ...then no touch until the veil
    idle_passes(shell)
    assert shell.still_there.isVisible()
    (read,) = events(shell, "chapter_read")
    assert read["chapter"] == "heritage"
    assert read["ms"] == 400  # the idle time without a touch is not reading time
    assert story._chapter_started is not None  # still there? a new reading has begun


def test_selection_button_follows_the_journey(make_shell, qtbot):
    shell = make_shell()
    story = open_story(shell, qtbot)
    touch(qtbot, story.select_button)
    assert shell.journey.state.selection == [SKU]
    assert story.select_button.text() == tr("story.unselect", "en")
    assert story.selection_button.isVisible() or "selection" not in shell.screens
    shell.journey.set_selected(SKU, False)  # removed elsewhere (the selection screen)
    assert story.select_button.text() == tr("story.select", "en")
    touch(qtbot, story.select_button)
    touch(qtbot, story.select_button)
    assert shell.journey.state.selection == []
    assert story.select_button.property("role") == "primary"


def test_compare_flow_refuses_a_fourth_gently(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    story = open_story(shell, qtbot, sku=OTHERS[0])
    assert not story.compare_open.isVisible()
    touch(qtbot, story.compare_button)
    assert shell.journey.state.compared == [OTHERS[0]]
    assert story.compare_button.text() == tr("story.uncompare", "en")
    assert not story.compare_open.isVisible()
    for sku in OTHERS[1:]:
        shell.go("story", sku=sku)
        touch(qtbot, story.compare_button)
    assert story.compare_open.isVisible()
    assert story.compare_open.text() == tr("story.compare_open", "en", count=3)
    shell.go("story", sku=SKU)
    touch(qtbot, story.compare_button)  # a fourth
    assert shell.journey.state.compared == list(OTHERS)
    assert story.notice.isVisible()
    assert story.notice.text() == tr("story.compare_full", "en")
    assert story.compare_button.text() == tr("story.compare", "en")
    shell.set_language("zh-Hans")
    assert story.notice.text() == tr("story.compare_full", "zh-Hans")
    shell.set_language("en")
    settle(shell)
    grab(shell, screenshot_dir, "story-compare-full-en-landscape")
    touch(qtbot, story.compare_open)
    assert shell.router.current.NAME == "compare"
    assert events(shell, "comparison_viewed") == [{"skus": list(OTHERS)}]


def test_clear_leaves_nothing_of_the_product(make_shell, qtbot):
    from tests.ui.test_reset import python_state, visible_texts

    shell = make_shell()
    story = open_story(shell, qtbot)
    touch(qtbot, story.compare_button)
    settle(shell)
    product = shell.pack.product(SKU)
    traces = [SKU, product.name.get("en"), product.chapters[0].title.get("en")]
    shell.end_visit(EndReason.COMPLETED)
    for screen in ("story", "gallery", "compare"):
        texts = visible_texts(shell.screens[screen]) + python_state(shell.screens[screen])
        assert not any(trace in t for trace in traces for t in texts), screen
    assert story.product is None
    assert story.hero.pixmap is None
    assert story.hero.source is None
    assert all(t.pixmap is None for t in story.thumbs)
    assert story.chapter.text.text() == ""
