"""Farewell: "I'm done" leads here; one gentle question (NPS) in one tap, the ease question
offered after it only if the customer wishes; one way out; then a fresh kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.db.models import Visit
from tests.ui.conftest import elapse, grab, wait_durable
from tests.ui.test_lookbooks import begin, events, touch
from ui.strings import tr


def visit_row(shell, visit_id):  # type: ignore[no-untyped-def]
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        return s.scalars(select(Visit).where(Visit.id == visit_id)).one()


def to_farewell(make_shell, qtbot, portrait=False, language="en"):  # type: ignore[no-untyped-def]
    shell = begin(make_shell, qtbot, portrait, language)
    touch(qtbot, shell.screens["greeting"].done_button)
    screen = shell.screens["farewell"]
    assert shell.router.current is screen
    assert shell.journey.active  # the visit ends after the farewell, not before
    return shell, screen


def ways_out(shell, screen):  # type: ignore[no-untyped-def]
    """The visible buttons that leave the farewell or the visit (not a score tile, not "Back"
    into the visit, not the display menu, not the quiet "Something wasn't right" that leads
    to the case screen)."""
    from PySide6.QtWidgets import QPushButton

    tiles = {t for s in screen.tiles.values() for t in s.tiles.values()}
    keep = {screen.back_button, screen.display_button, screen.wrong_button}
    return [
        b.text()
        for b in screen.findChildren(QPushButton)
        if b.isVisible() and b not in tiles and b not in keep
    ]


def assert_end_words_under_end_tiles(scores):  # type: ignore[no-untyped-def]
    """The low word starts where the first tile starts, the high word ends where the last
    tile ends, both just below the row: measured in the window, as a person sees them."""
    window = scores.window()

    def box(widget):  # type: ignore[no-untyped-def]
        return widget.rect().translated(widget.mapTo(window, widget.rect().topLeft()))

    tiles = [scores.tiles[s] for s in sorted(scores.tiles)]
    first, last = box(tiles[0]), box(tiles[-1])
    low, high = scores.low_label, scores.high_label
    low_text = low.fontMetrics().horizontalAdvance(low.text())
    high_text = high.fontMetrics().horizontalAdvance(high.text())
    low_box, high_box = box(low), box(high)
    # the words' ink starts at the low label's left and ends at the high label's right
    assert abs(low_box.left() - first.left()) <= 2, (low_box.left(), first.left())
    assert abs(high_box.right() - last.right()) <= 2, (high_box.right(), last.right())
    assert low.alignment() & Qt.AlignmentFlag.AlignLeft
    assert high.alignment() & Qt.AlignmentFlag.AlignRight
    assert low_box.width() >= low_text  # never cut
    assert high_box.width() >= high_text
    for word in (low_box, high_box):
        assert first.bottom() < word.top() <= first.bottom() + 40  # just below the row


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_one_gentle_question_a_tap_records_it_then_thanks_and_a_fresh_kiosk(
    make_shell, qtbot, screenshot_dir, portrait, language
):
    shell, screen = to_farewell(make_shell, qtbot, portrait, language)
    screen.THANKS_MS = 3_600_000  # the thank-you's pause never ends by itself here: elapsed below
    visit_id = shell.journey.state.visit_id
    assert shell.journey.stage == "farewell"
    assert not screen.done_button.isVisible()
    assert not screen.selection_button.isVisible()
    # one question on screen, the NPS; the ease question is not shown beside it
    assert screen.intro.text() == tr("farewell.intro", language)
    assert screen.prompts["nps"].isVisible()
    assert not screen.prompts["ces"].isVisible()
    assert not screen.tiles["ces"].isVisible()
    assert screen.prompts["nps"].text() == tr("farewell.nps", language)
    assert sorted(screen.tiles["nps"].tiles) == list(range(11))
    for tile in screen.tiles["nps"].tiles.values():
        assert tile.height() >= 56
        assert tile.width() >= 56
    assert_end_words_under_end_tiles(screen.tiles["nps"])
    # one way out
    assert ways_out(shell, screen) == [tr("farewell.finish", language)]
    orientation = "portrait" if portrait else "landscape"
    grab(shell, screenshot_dir, f"farewell-{language}-{orientation}")
    touch(qtbot, screen.tiles["nps"].tiles[9])
    assert events(shell, "feedback_given")[-1] == (
        "feedback_given",
        {"question": "nps", "score": 9},
    )  # recorded at the tap
    assert screen.step == "nps"  # the tapped tile shows as taken for a moment...
    elapse(screen._advance)
    # ...then thanked, and the ease question offered quietly, only if they wish
    assert screen.step == "ces"
    assert screen.noted.isVisible()
    assert screen.optional.isVisible()
    assert not screen.prompts["nps"].isVisible()
    assert not screen.back_button.isVisible()
    assert ways_out(shell, screen) == [tr("farewell.finish", language)]
    assert_end_words_under_end_tiles(screen.tiles["ces"])
    grab(shell, screenshot_dir, f"farewell-ces-{language}-{orientation}")
    touch(qtbot, screen.tiles["ces"].tiles[6])
    elapse(screen._advance)
    assert screen.step == "thanks"
    assert screen.thanks_title.text() == tr("farewell.thanks_title", language)
    assert ways_out(shell, screen) == [tr("farewell.finish", language)]
    grab(shell, screenshot_dir, f"farewell-thanks-{language}-{orientation}")
    elapse(screen._end)  # the thank-you's pause is over
    assert shell.router.current.NAME == "attract"
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (9, 6, "completed")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_ease_question_is_optional_walking_away_completes_the_visit(
    make_shell, qtbot, language
):
    shell, screen = to_farewell(make_shell, qtbot, language=language)
    visit_id = shell.journey.state.visit_id
    touch(qtbot, screen.tiles["nps"].tiles[10])
    elapse(screen._advance)
    assert screen.step == "ces"
    assert screen._end.interval() == screen.OPTIONAL_MS
    elapse(screen._end)  # nobody answers: the customer has gone
    assert shell.router.current.NAME == "attract"
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (10, None, "completed")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_finish_without_answering_skips_the_question_and_ends_at_once(make_shell, qtbot, language):
    shell, screen = to_farewell(make_shell, qtbot, language=language)
    visit_id = shell.journey.state.visit_id
    touch(qtbot, screen.finish_button)
    assert shell.router.current.NAME == "attract"
    assert not shell.journey.active
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (None, None, "completed")


def test_finish_on_the_ease_step_ends_at_once_and_counts_it_as_skipped(make_shell, qtbot):
    shell, screen = to_farewell(make_shell, qtbot)
    visit_id = shell.journey.state.visit_id
    touch(qtbot, screen.tiles["nps"].tiles[10])
    elapse(screen._advance)
    kinds = [(k, p["question"]) for k, p in events(shell, "feedback_given", "feedback_skipped")]
    touch(qtbot, screen.finish_button)
    assert shell.router.current.NAME == "attract"
    assert not shell.journey.active
    assert kinds == [("feedback_given", "nps")]
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (10, None, "completed")


def test_back_from_the_farewell_continues_the_visit(make_shell, qtbot):
    shell, screen = to_farewell(make_shell, qtbot)
    assert screen.back_button.isVisible()
    touch(qtbot, screen.back_button)
    assert shell.router.current.NAME == "greeting"
    assert shell.journey.active
    # nothing of the farewell is left to move the customer on later
    assert not screen._advance.isActive()
    assert not screen._end.isActive()


def test_a_reset_mid_farewell_leaves_no_answer_or_timer_behind(make_shell, qtbot):
    shell, screen = to_farewell(make_shell, qtbot)
    touch(qtbot, screen.tiles["nps"].tiles[3])
    from kiosk.visit.stages import EndReason

    shell.end_visit(EndReason.IDLE)
    assert screen.answered == {}
    assert screen.step == "nps"
    assert not screen._advance.isActive()
    assert not screen._end.isActive()
    assert not any(t.isChecked() for t in screen.tiles["nps"].tiles.values())
    # the next customer starts afresh; no timer from the last one ends their visit
    touch(qtbot, shell.attract)
    assert not screen._advance.isActive()
    assert not screen._end.isActive()
    assert shell.router.current.NAME == "greeting"
    assert shell.journey.active
