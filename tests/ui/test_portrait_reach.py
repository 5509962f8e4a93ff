"""Portrait screens laid out for portrait: the controls a customer uses most within reach, and
no empty band between what the screen shows.

A 1080x1920 kiosk stands taller than a person's comfortable reach: its top third is read, not
touched. So on the greeting, the needs questions and their summary, every control a customer
uses (the two paths, the languages, the answers, Skip, Continue, the way back and the way on)
must lie in the lower two thirds, and the way back is there in place of the header's (one Back,
which moves, not two). And the screen is composed for its height: between one visible block of
content and the next (the header, a picture, a title, a tile, a button) no gap exceeds
``GAP_BOUND`` of the height.

Why 10 %: the largest gap the design means is a gutter between two parts of a screen, 112-120
px in landscape (the needs split, the summary split), 56-64 px in portrait; a gap 1.5 times the
widest gutter (about 180 px) no longer reads as a pause between two parts but as something
missing, and 10 % of 1920 px is 192 px. The portrait screens before this change left 340-480 px
(a third of a hand's height) between their header and their question, or between their last
answer and their buttons.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.ui.conftest import grab, settle
from tests.ui.test_story import touch
from ui.widgets.picture import Picture
from ui.widgets.scroll_fade import ScrollFade

PORTRAIT = QSize(1080, 1920)
GAP_BOUND = 0.10  # of the screen's height (see the module's docstring)
REACH = 1 / 3  # the top third is out of reach: controls lie below it


def window_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` a customer sees, in window coordinates (clipped by scrolls)."""
    seen = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(widget.window(), seen.topLeft()), seen.size())


def shows_something(widget: QWidget) -> bool:
    if isinstance(widget, ScrollFade):
        return False  # a see-through veil over a scroll's edges, as tall as the scroll
    if isinstance(widget, QLabel):
        return bool(widget.text())
    if isinstance(widget, QAbstractButton):
        return bool(widget.text()) or widget.metaObject().className() != "QPushButton"
    return True


def content_blocks(screen: QWidget) -> list[tuple[int, int]]:
    """The vertical extents of what ``screen`` visibly shows (its leaf widgets: labels with
    text, buttons, pictures, tiles, lines; and every picture, even one holding hotspot rings),
    overlapping ones merged, top to bottom."""
    spans = []
    for widget in screen.findChildren(QWidget):
        if not widget.isVisibleTo(screen.window()) or not shows_something(widget):
            continue
        if isinstance(widget, Picture):
            pass  # a picture shows itself under what it holds (a scene's hotspot rings)
        elif any(child.isVisibleTo(widget) for child in widget.findChildren(QWidget)):
            continue  # a container: its children are the blocks
        rect = window_rect(widget)
        if rect.height() > 0:
            spans.append((rect.top(), rect.bottom() + 1))
    merged: list[list[int]] = []
    for top, bottom in sorted(spans):
        if merged and top <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [(top, bottom) for top, bottom in merged]


def assert_no_wide_gap(screen: QWidget, name: str) -> None:
    height = screen.window().height()
    blocks = content_blocks(screen)
    edges = [*blocks, (height, height)]  # the screen's foot counts: nothing empty under it
    gaps = [(after[0] - before[1], before[1]) for before, after in pairwise(edges)]
    widest, at = max(gaps)
    assert widest <= GAP_BOUND * height, (
        f"{name}: an empty band of {widest} px at y={at} (bound {GAP_BOUND * height:.0f} px)"
    )


def assert_within_reach(widgets: list[QWidget], name: str) -> None:
    for widget in widgets:
        assert widget.isVisibleTo(widget.window()), f"{name}: {widget.objectName()} is hidden"
        rect = window_rect(widget)
        top = REACH * widget.window().height()
        assert rect.top() >= top, (
            f"{name}: {widget.objectName() or widget.text()} at y={rect.top()}, above {top:.0f}"
        )


def assert_back_turns_with_the_kiosk(shell, screen, name: str) -> None:  # type: ignore[no-untyped-def]
    """One Back, which moves: at the foot within reach in portrait, beside the wordmark once
    the kiosk turns to landscape, at the foot again when it turns back."""
    back = screen.back_button
    assert_within_reach([back], name)
    assert window_rect(back).bottom() < PORTRAIT.height()
    assert len(screen.findChildren(QAbstractButton, "back")) == 1, "one Back, which moved"
    shell.resize(QSize(1920, 1080))
    settle(shell)
    wordmark = window_rect(screen.wordmark)
    assert abs(window_rect(back).center().y() - wordmark.center().y()) < 20, f"{name}: landscape"
    shell.resize(PORTRAIT)
    settle(shell)
    assert window_rect(back).top() > REACH * PORTRAIT.height()


def begin(make_shell, qtbot, language: str, size: QSize = PORTRAIT):  # type: ignore[no-untyped-def]
    """A visit begun with a touch on a kiosk of ``size``, in ``language``, at the greeting."""
    shell = make_shell()
    shell.resize(size)
    touch(qtbot, shell.attract, QPoint(300, 300))
    shell.set_language(language)
    settle(shell)
    assert shell.router.current.NAME == "greeting"
    return shell


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_greeting_in_portrait_puts_paths_and_languages_within_reach(
    make_shell, qtbot, screenshot_dir, language
):
    shell = begin(make_shell, qtbot, language)
    greeting = shell.screens["greeting"]
    grab(shell, screenshot_dir, f"portrait-reach-greeting-{language}")
    controls = [greeting.browse, greeting.associate, *greeting.language_buttons.values()]
    assert_within_reach(controls, "greeting")
    assert_no_wide_gap(greeting, "greeting")
    assert greeting.picture.pixmap is not None, "the welcome's picture fills the top"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_needs_in_portrait_answers_and_the_way_back_within_reach(
    make_shell, qtbot, screenshot_dir, language
):
    shell = begin(make_shell, qtbot, language)
    needs = shell.screens["needs"]
    for index in (0, 1):  # one answer (taps move on), several (Continue)
        shell.go("needs", index=index)
        settle(shell)
        name = f"needs {index}"
        grab(shell, screenshot_dir, f"portrait-reach-needs-{index}-{language}")
        controls = [*needs._tiles, needs.skip_button, needs.back_button]
        if needs.continue_button.isVisible():
            controls.append(needs.continue_button)
        assert_within_reach(controls, name)
        assert_no_wide_gap(needs, name)
        assert needs.picture.pixmap is not None, "the question's scene is shown"
    assert needs.continue_button.isVisible()
    assert len(needs.findChildren(QAbstractButton, "back")) == 1, "one Back, which moved"

    shell.go("needs", index=2)  # the next question's scene was warmed: shown at once
    assert needs.picture.pixmap is not None

    shell.go("needs_summary")
    settle(shell)
    summary = shell.screens["needs_summary"]
    grab(shell, screenshot_dir, f"portrait-reach-needs_summary-{language}")
    assert_within_reach([summary.see, summary.back_button], "summary")
    assert_no_wide_gap(summary, "summary")
    summary.back_button.click()
    assert shell.router.current is needs, "the Back within reach goes back"


def test_landscape_keeps_the_way_back_in_the_header(make_shell, qtbot):
    """Landscape is as it was: within reach there already, with Back beside the wordmark;
    turning the kiosk moves Back to the foot and turning it back returns it."""
    shell = begin(make_shell, qtbot, "en", size=QSize(1920, 1080))
    shell.go("needs", index=1)
    settle(shell)
    needs = shell.screens["needs"]
    wordmark = window_rect(needs.wordmark)
    assert abs(window_rect(needs.back_button).center().y() - wordmark.center().y()) < 20
    assert not needs.picture.isVisible()
    shell.resize(PORTRAIT)
    settle(shell)
    assert window_rect(needs.back_button).top() > REACH * PORTRAIT.height()
    shell.resize(QSize(1920, 1080))
    settle(shell)
    wordmark = window_rect(needs.wordmark)
    assert abs(window_rect(needs.back_button).center().y() - wordmark.center().y()) < 20


def chosen(shell, compared: int = 0):  # type: ignore[no-untyped-def]
    """The visit's selection and comparison as the screen states have them (three pieces
    kept, ``compared`` of them side by side)."""
    from tests.ui.screen_states import SELECTION

    for sku in SELECTION:
        shell.journey.set_selected(sku, True)
    for sku in SELECTION[:compared]:
        shell.journey.set_compared(sku, True)
    settle(shell)


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_selection_in_portrait_fills_the_height_with_the_way_home_within_reach(
    make_shell, qtbot, screenshot_dir, language
):
    """Three pieces kept: their rows grow into the height, the hand-off card stands at the
    foot (it stood mid-screen over a 600 px empty band)."""
    shell = begin(make_shell, qtbot, language)
    chosen(shell)
    shell.go("selection")
    settle(shell)
    selection = shell.screens["selection"]
    grab(shell, screenshot_dir, f"portrait-reach-selection-{language}")
    assert_within_reach([selection.card.send, selection.back_button], "selection")
    assert_no_wide_gap(selection, "selection")
    assert selection.list.verticalScrollBar().maximum() == 0, "every piece in view"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_story_in_portrait_carries_the_way_back_to_the_foot(
    make_shell, qtbot, screenshot_dir, language
):
    """The story's Back sat only in the header, out of reach in portrait: it moves to the
    foot (one Back, which moves), and returns beside the wordmark in landscape."""
    from tests.ui.screen_states import STORY_SKU

    shell = begin(make_shell, qtbot, language)
    chosen(shell)
    shell.go("selection")
    shell.go("story", sku=STORY_SKU)
    settle(shell)
    story = shell.screens["story"]
    grab(shell, screenshot_dir, f"portrait-reach-story-{language}")
    assert_within_reach([story.select_button], "story")
    assert_back_turns_with_the_kiosk(shell, story, "story")
    story.back_button.click()
    assert shell.router.current is shell.screens["selection"], "the Back within reach goes back"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_compare_in_portrait_is_composed_for_the_height(
    make_shell, qtbot, screenshot_dir, language
):
    """Two pieces side by side: their pictures take the height the rows leave (a 232 px
    band lay under the last specification), their links and the way back within reach."""
    shell = begin(make_shell, qtbot, language)
    chosen(shell, compared=2)
    shell.go("compare")
    settle(shell)
    compare = shell.screens["compare"]
    grab(shell, screenshot_dir, f"portrait-reach-compare-{language}")
    links = [
        compare.findChild(QAbstractButton, f"compare-{k}-{i}")
        for k in ("story", "remove")
        for i in (0, 1)
    ]
    assert_within_reach([*links, compare.back_button], "compare")
    assert_no_wide_gap(compare, "compare")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_lookbook_in_portrait_is_composed_for_the_height(
    make_shell, qtbot, screenshot_dir, language
):
    """The scene across the top, its arrows, its pieces and the way back within reach."""
    from tests.ui.screen_states import BOOK

    shell = begin(make_shell, qtbot, language)
    shell.go("lookbook", lookbook=BOOK, scene=0)
    settle(shell)
    lookbook = shell.screens["lookbook"]
    grab(shell, screenshot_dir, f"portrait-reach-lookbook-{language}")
    controls = [lookbook.previous, lookbook.next, lookbook.product_list, lookbook.back_button]
    assert_within_reach(controls, "lookbook")
    assert_no_wide_gap(lookbook, "lookbook")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("name", ["recommendations", "lookbooks", "handoff"])
def test_the_way_back_moves_to_the_foot_in_portrait(
    make_shell, qtbot, screenshot_dir, language, name
):
    """The recommendations, the lookbooks and the hand-off kept their only Back in the header
    (y=40 of 1920): it moves to the foot in portrait, one Back which moves, and returns beside
    the wordmark in landscape."""
    shell = begin(make_shell, qtbot, language)
    chosen(shell)
    shell.go("needs_summary")
    shell.go(name)
    settle(shell)
    screen = shell.screens[name]
    grab(shell, screenshot_dir, f"portrait-reach-{name}-{language}")
    assert_no_wide_gap(screen, name)
    assert_back_turns_with_the_kiosk(shell, screen, name)
    screen.back_button.click()
    assert shell.router.current is shell.screens["needs_summary"], "the Back within reach"


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_gallery_in_portrait_closes_within_reach(make_shell, qtbot, screenshot_dir, language):
    """The gallery's Close stood at the top corner of a 1920 px screen: in portrait it stands
    at the foot beside the dots, and at the top again in landscape."""
    from tests.ui.screen_states import STORY_SKU

    shell = begin(make_shell, qtbot, language)
    chosen(shell)
    shell.go("story", sku=STORY_SKU)
    shell.go("gallery", sku=STORY_SKU)
    settle(shell)
    gallery = shell.screens["gallery"]
    grab(shell, screenshot_dir, f"portrait-reach-gallery-{language}")
    assert_within_reach([gallery.close_button, gallery.next], "gallery")
    close = window_rect(gallery.close_button)
    for label in (gallery.title, gallery.hint):  # beside the dots: clear of the words
        assert not close.intersects(window_rect(label)), label.text()
    shell.resize(QSize(1920, 1080))
    settle(shell)
    assert window_rect(gallery.close_button).top() < 100, "landscape: Close at the top"
    shell.resize(PORTRAIT)
    settle(shell)
    gallery.close_button.click()
    assert shell.router.current is shell.screens["story"], "the Close within reach goes back"


@pytest.mark.parametrize("large_text", [False, True], ids=["default", "large_text"])
@pytest.mark.parametrize("kept", [1, 2])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_selection_of_one_or_two_pieces_is_composed_for_the_height(
    make_shell, qtbot, screenshot_dir, language, kept, large_text
):
    """One or two pieces kept: no empty band between the pieces, the hand-off card and the
    way back, in the default size and in larger text."""
    from tests.ui.screen_states import SELECTION
    from ui.theme import DisplayMode

    shell = begin(make_shell, qtbot, language)
    for sku in SELECTION[:kept]:
        shell.journey.set_selected(sku, True)
    shell.set_display_mode(DisplayMode(large_text=large_text))
    try:
        shell.go("selection")
        settle(shell)
        selection = shell.screens["selection"]
        size = "-large" if large_text else ""
        grab(shell, screenshot_dir, f"portrait-reach-selection-{kept}{size}-{language}")
        name = f"selection of {kept}{size}"
        assert_within_reach([selection.card.send, selection.back_button], name)
        assert_no_wide_gap(selection, name)
        assert selection.list.verticalScrollBar().maximum() == 0, "every piece in view"
        view = selection.list  # "Remove", wherever the row's shape puts it, still removes
        action = view.product_delegate.action_rect(view.row_rect(SELECTION[0]))
        assert view.viewport().rect().contains(action), action
        touch(qtbot, view.viewport(), action.center())
        assert shell.journey.state.selection == list(SELECTION[1:kept])
        assert shell.router.current is selection
    finally:
        shell.set_display_mode(DisplayMode())


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("name", ["returning", "invitation"])
def test_the_code_screens_carry_the_way_back_to_the_foot(
    make_shell, qtbot, screenshot_dir, language, name
):
    """ "I have been here before" and "I have an invitation" kept their only Back in the
    header in portrait (y=40 of 1920), above the picture, the words and the keys: it moves to
    the foot, under the keys, one Back which moves, and returns beside the wordmark in
    landscape; it still leads back to the greeting."""
    shell = begin(make_shell, qtbot, language)
    shell.go(name)
    settle(shell)
    screen = shell.screens[name]
    grab(shell, screenshot_dir, f"portrait-reach-{name}-{language}")
    assert_back_turns_with_the_kiosk(shell, screen, name)
    screen.back_button.click()
    assert shell.router.current is shell.screens["greeting"], "the Back within reach"
