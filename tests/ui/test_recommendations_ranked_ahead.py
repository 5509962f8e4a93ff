"""Ranking the pack for the customer's answers is done on a worker as they answer, not on the
GUI thread when the recommendations open, nor again when the customer comes back from a story
with the same answers (on a pack of 5,000 products each ranking held the screen for tens of
milliseconds, five times a journey)."""

from __future__ import annotations

import threading

import pytest

import ui.screens.customer.recommendations as recommendations
from tests.ui.test_needs import touch


@pytest.fixture
def rankings(monkeypatch):  # type: ignore[no-untyped-def]
    """The thread of every ranking, the real one run each time."""
    threads: list[str] = []
    real = recommendations.recommend

    def ranking(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(recommendations, "recommend", ranking)
    return threads


def test_the_ranking_is_ready_before_the_screen_opens_and_kept_for_the_way_back(
    make_shell, qtbot, rankings
):
    shell = make_shell()
    touch(qtbot, shell.attract)
    screen = shell.screens["recommendations"]
    shell.journey.answer("priorities", ["silence"])
    qtbot.waitUntil(lambda: screen._ranking is not None)  # ranked while still answering
    assert threading.main_thread().name not in rankings
    shell.go("recommendations")
    first = [item.sku for item in screen._recs.items]
    shell.go("story", sku=first[0])
    shell.back()
    assert shell.router.current is screen
    assert [item.sku for item in screen._recs.items] == first
    assert threading.main_thread().name not in rankings  # not on opening, not on coming back


def test_a_changed_answer_is_ranked_again(make_shell, qtbot, rankings):
    shell = make_shell()
    touch(qtbot, shell.attract)
    shell.journey.answer("priorities", ["silence"])
    shell.go("recommendations")
    quiet = list(shell.screens["recommendations"]._recs.skus)
    shell.journey.answer("priorities", ["design"])
    shell.go("recommendations")
    assert list(shell.screens["recommendations"]._recs.skus) != quiet


def test_the_ranking_waits_for_the_answers_screen_change_and_runs_once_for_quick_answers(
    make_shell, qtbot, rankings
):
    """Ranked a moment after the last answer, not inside its touch: the ranking held the
    interpreter while the GUI thread changed screens for that answer (its touch then took
    twice its CPU time in wall clock). Answers given in quick succession are ranked once."""
    shell = make_shell()
    touch(qtbot, shell.attract)
    screen = shell.screens["recommendations"]
    shell.journey.answer("priorities", ["silence"])
    assert rankings == []  # not in the answer's own turn
    shell.journey.answer("priorities", ["design"])
    qtbot.waitUntil(lambda: screen._ranking is not None)
    assert len(rankings) == 1
    assert threading.main_thread().name not in rankings
    shell.go("recommendations")
    assert len(rankings) == 1  # the one ranking, for the answers as they ended
