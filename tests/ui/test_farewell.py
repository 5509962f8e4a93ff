"""Farewell: "I'm done" leads here; NPS and CES in one tap each, skippable; then a fresh kiosk."""

from __future__ import annotations

import pytest
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


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_nps_then_ces_in_one_tap_each_then_thanks_and_a_fresh_kiosk(
    make_shell, qtbot, screenshot_dir, portrait, language
):
    shell, screen = to_farewell(make_shell, qtbot, portrait, language)
    screen.THANKS_MS = 3_600_000  # the thank-you's pause never ends by itself here: elapsed below
    visit_id = shell.journey.state.visit_id
    assert shell.journey.stage == "farewell"
    assert not screen.done_button.isVisible()
    assert not screen.selection_button.isVisible()
    assert screen.prompts["nps"].text() == tr("farewell.nps", language)
    assert sorted(screen.tiles["nps"].tiles) == list(range(11))
    assert sorted(screen.tiles["ces"].tiles) == list(range(1, 8))
    for tile in screen.tiles["nps"].tiles.values():
        assert tile.height() >= 56
        assert tile.width() >= 56
    orientation = "portrait" if portrait else "landscape"
    grab(shell, screenshot_dir, f"farewell-{language}-{orientation}")
    touch(qtbot, screen.tiles["nps"].tiles[9])
    assert screen.step == "nps"  # the tapped tile shows as taken for a moment...
    elapse(screen._advance)
    assert screen.step == "ces"  # ...then the next question
    if not portrait and language == "en":
        grab(shell, screenshot_dir, "farewell-ces-en-landscape")
    touch(qtbot, screen.tiles["ces"].tiles[6])
    elapse(screen._advance)
    assert screen.step == "thanks"
    assert screen.thanks_title.text() == tr("farewell.thanks_title", language)
    assert screen.finish_button.isVisible()
    grab(shell, screenshot_dir, f"farewell-thanks-{language}-{orientation}")
    elapse(screen._end)  # the thank-you's pause is over
    assert shell.router.current.NAME == "attract"
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (9, 6, "completed")


def test_both_questions_can_be_skipped(make_shell, qtbot):
    shell, screen = to_farewell(make_shell, qtbot)
    visit_id = shell.journey.state.visit_id
    touch(qtbot, screen.skips["nps"])
    assert screen.step == "ces"
    recorded = events(shell, "feedback_skipped", "feedback_given")
    assert recorded == [("feedback_skipped", {"question": "nps", "score": None})]
    touch(qtbot, screen.skips["ces"])
    assert screen.step == "thanks"
    elapse(screen._end)  # the thank-you's pause is over
    assert shell.router.current.NAME == "attract"
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (None, None, "completed")


def test_finish_now_ends_at_once_and_counts_unanswered_questions_as_skipped(make_shell, qtbot):
    shell, screen = to_farewell(make_shell, qtbot)
    visit_id = shell.journey.state.visit_id
    touch(qtbot, screen.tiles["nps"].tiles[10])
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
