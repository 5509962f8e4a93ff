"""Idle at any stage of the journey: the countdown runs out, attract returns, and no screen,
model or attribute keeps a trace of the customer (what they chose, kept, compared or read)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import countdown_runs_out, idle_passes, settle
from tests.ui.test_reset import python_state, visible_texts

SKUS = ["MV-CO-OV60", "MV-LI-SF3", "MV-LT-PD1"]
LANGUAGE = "zh-Hans"


def reach(shell, stage: str) -> None:  # type: ignore[no-untyped-def]
    book = shell.pack.lookbooks[0]
    places = {
        "greeting": ("greeting", {}),
        "needs": ("needs", {"index": 1}),
        "needs_summary": ("needs_summary", {}),
        "recommendations": ("recommendations", {}),
        "story": ("story", {"sku": SKUS[0]}),
        "gallery": ("gallery", {"sku": SKUS[0], "index": 1}),
        "compare": ("compare", {}),
        "lookbooks": ("lookbooks", {}),
        "lookbook": ("lookbook", {"lookbook": book.id, "scene": 1}),
        "selection": ("selection", {}),
        "handoff": ("handoff", {}),
        "farewell": ("farewell", {}),
    }
    name, params = places[stage]
    shell.go(name, **params)


@pytest.mark.slow
@pytest.mark.parametrize(
    "stage",
    [
        "greeting",
        "needs",
        "needs_summary",
        "recommendations",
        "story",
        "gallery",
        "compare",
        "lookbooks",
        "lookbook",
        "selection",
        "handoff",
        "farewell",
    ],
)
def test_idle_at_any_stage_returns_to_attract_with_no_trace(make_shell, qtbot, stage):
    shell = make_shell(idle_countdown_s=1)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    shell.set_language(LANGUAGE)
    journey = shell.journey
    journey.answer("purpose", ["renovation"]).result()
    journey.answer("priorities", ["silence", "design"]).result()
    for sku in SKUS:
        journey.set_selected(sku, True).result()
    journey.set_compared(SKUS[0], True).result()
    journey.set_compared(SKUS[1], True).result()
    reach(shell, stage)
    settle(shell)  # images and links arrive; the screen shows the customer's things
    traces = [*SKUS]
    for sku in SKUS:
        name = shell.pack.product(sku).name
        traces += [name.get("en"), name.get(LANGUAGE)]

    idle_passes(shell)
    assert shell.still_there.isVisible()
    countdown_runs_out(shell)
    assert shell.router.current.NAME == "attract"

    assert journey.state is None
    for screen in shell.screens.values():
        texts = visible_texts(screen) + python_state(screen)
        found = [t for t in traces if any(t in text for text in texts)]
        assert not found, (screen.NAME, found)
    needs = shell.screens["needs"]
    assert not any(t.selected for t in needs._tiles)
    assert shell.language == "en"  # the next customer is greeted in the default language
