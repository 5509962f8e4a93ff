"""A scripted customer walks the whole journey by touch, in both languages and orientations.

Greeting, the needs conversation (every question: single and multiple choice, the budget
skipped), recommendations, a product's story (a second chapter, the gallery, selection,
comparison), a lookbook scene and its hotspot, my selection, the farewell's two questions,
and the reset. The test then reads the visit back from the database: the exact sequence of
events and the needs profile.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from sqlalchemy import select

from kiosk.db.models import NeedsAnswer, Visit, VisitEvent

LANDSCAPE, PORTRAIT = QSize(1920, 1080), QSize(1080, 1920)


def touch(qtbot, widget, pos: QPoint | None = None) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def on(shell, name: str) -> Any:  # type: ignore[no-untyped-def]
    assert name == shell.router.current.NAME, f"expected {name}, on {shell.router.current.NAME}"
    return shell.router.current


def answer_the_questions(shell, qtbot) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """First option of each single choice, the first two of each multiple choice, and the
    skippable (budget) question skipped, as a customer who keeps their budget to themselves."""
    needs = on(shell, "needs")
    given: dict[str, list[str]] = {}
    for n, question in enumerate(shell.pack.questions):
        qtbot.waitUntil(lambda n=n: needs._index == n)
        options = [t.option_id for t in needs._tiles]
        assert options == [o.id for o in question.options]
        if question.id == "budget":
            assert question.skippable
            touch(qtbot, needs.skip_button)
            given[question.id] = []
        elif question.kind == "single":
            touch(qtbot, needs._tiles[0])
            given[question.id] = [options[0]]
        else:
            touch(qtbot, needs._tiles[0])
            touch(qtbot, needs._tiles[1])
            touch(qtbot, needs.continue_button)
            given[question.id] = options[:2]
        if n + 1 < len(shell.pack.questions):
            qtbot.waitUntil(lambda n=n: needs._index == n + 1, timeout=3000)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "needs_summary", timeout=3000)
    return given


def open_grid_item(shell, qtbot, grid, row: int) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: grid.grid_model.rowCount() > row)
    sku = grid.grid_model.skus[row]
    grid.scrollTo(grid.grid_model.index(row))
    touch(qtbot, grid.viewport(), grid.visualRect(grid.grid_model.index(row)).center())
    return sku


def stored(shell) -> tuple[list[tuple[str, dict[str, Any]]], Visit, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    shell.runtime.recorder.submit(lambda: None, background=True).result(timeout=10)
    with shell.runtime.store.session() as s:
        (visit,) = s.scalars(select(Visit)).all()
        events = [
            (e.kind, dict(e.payload))
            for e in s.scalars(
                select(VisitEvent).where(VisitEvent.visit_id == visit.id).order_by(VisitEvent.seq)
            )
        ]
        answers = {a.question_id: list(a.answer) for a in s.scalars(select(NeedsAnswer))}
    return events, visit, answers


@pytest.mark.slow
@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_a_customer_walks_the_whole_journey(make_shell, qtbot, language, size):
    shell = make_shell()
    shell.resize(size)
    qtbot.waitUntil(lambda: shell.size() == size)

    # attract -> greeting, language, "explore on my own"
    touch(qtbot, shell.attract)
    greeting = on(shell, "greeting")
    if language != "en":
        touch(qtbot, greeting.language_buttons[language])
    touch(qtbot, greeting.browse)

    given = answer_the_questions(shell, qtbot)
    touch(qtbot, on(shell, "needs_summary").see)
    recommendations = on(shell, "recommendations")
    first = open_grid_item(shell, qtbot, recommendations.grid, 0)

    # the story: a second chapter, the gallery, keep it, compare it
    story = on(shell, "story")
    assert story.product.sku == first
    assert story.name.text() == shell.pack.product(first).name.get(language)
    chapters = [c.kind for c in story.product.chapters]
    touch(qtbot, story.rail.buttons[1])
    touch(qtbot, story.thumbs[1])
    gallery = on(shell, "gallery")
    touch(qtbot, gallery.next)
    touch(qtbot, gallery.close_button)
    on(shell, "story")
    touch(qtbot, story.select_button)
    touch(qtbot, story.compare_button)
    touch(qtbot, story.back_button)
    second = open_grid_item(shell, qtbot, on(shell, "recommendations").grid, 1)
    touch(qtbot, on(shell, "story").compare_button)
    touch(qtbot, story.compare_open)
    compare = on(shell, "compare")
    touch(qtbot, compare.back_button)
    touch(qtbot, on(shell, "story").back_button)

    # a lookbook scene and one of its pieces
    touch(qtbot, on(shell, "recommendations").looks_button)
    lookbooks = on(shell, "lookbooks")
    book = shell.pack.lookbooks[0]
    touch(qtbot, lookbooks.cards[book.id])
    lookbook = on(shell, "lookbook")
    touch(qtbot, lookbook.next)
    scene = book.scenes[1]
    piece = scene.hotspots[0].sku
    qtbot.waitUntil(lambda: lookbook.scene_view.marker(piece) is not None)
    touch(qtbot, lookbook.scene_view.marker(piece))
    assert on(shell, "story").product.sku == piece
    touch(qtbot, story.back_button)
    assert on(shell, "lookbook").index == 1

    # my selection, then "I'm done" and the farewell's two taps
    touch(qtbot, lookbook.selection_button)
    selection = on(shell, "selection")
    assert selection.model.rowCount() == 1
    touch(qtbot, selection.done_button)
    farewell = on(shell, "farewell")
    touch(qtbot, farewell.tiles["nps"].tiles[9])
    qtbot.waitUntil(lambda: farewell.step == "ces")
    touch(qtbot, farewell.tiles["ces"].tiles[6])
    qtbot.waitUntil(lambda: shell.router.current.NAME == "attract", timeout=6000)
    assert not shell.journey.active

    events, visit, answers = stored(shell)
    kinds = [k for k, _ in events]
    questions = shell.pack.questions
    expected = ["visit_started"]
    if language != "en":
        expected += ["language_switched"]
    expected += ["path_chosen", "stage_left", "stage_entered"]  # greeting -> needs
    for q in questions:
        expected += ["question_skipped" if q.id == "budget" else "question_answered"]
    expected += [
        "stage_left",
        "stage_entered",  # needs -> recommendations
        "recommendations_shown",
        "stage_left",
        "stage_entered",
        "product_viewed",  # -> story
        "chapter_read",  # the first chapter, left for the second
        "chapter_read",  # the second, left for the gallery
        "gallery_image_viewed",
        "gallery_image_viewed",
        "selection_added",
        "comparison_changed",
        "chapter_read",  # leaving the story
        "stage_left",
        "stage_entered",
        "recommendations_shown",
        "stage_left",
        "stage_entered",
        "product_viewed",  # the second product
        "comparison_changed",
        "chapter_read",
        "comparison_viewed",  # to the comparison (same stage)
        "product_viewed",  # back on the second product's story
        "chapter_read",
        "stage_left",
        "stage_entered",
        "recommendations_shown",
        "stage_left",
        "stage_entered",  # -> lookbooks
        "look_viewed",
        "look_viewed",  # scene 0, then scene 1
        "hotspot_tapped",
        "stage_left",
        "stage_entered",
        "product_viewed",
        "chapter_read",
        "stage_left",
        "stage_entered",
        "look_viewed",  # back on the same scene
        "stage_left",
        "stage_entered",  # -> selection
        "stage_left",
        "stage_entered",  # -> farewell
        "feedback_given",
        "feedback_given",
        "stage_left",
        "visit_ended",
    ]
    assert kinds == expected, "\n".join(f"{i} {k}" for i, k in enumerate(kinds))

    payload = dict(events)  # the last payload of each kind
    assert payload["visit_ended"] == {"reason": "completed"}
    viewed = [p for k, p in events if k == "product_viewed"]
    assert [v["sku"] for v in viewed] == [first, second, second, piece]
    assert viewed[0]["source"] == "recommendations"
    assert viewed[-1]["source"] == "lookbook"
    read = [p["chapter"] for k, p in events if k == "chapter_read"]
    assert read[:2] == chapters[:2]
    assert [p["index"] for k, p in events if k == "gallery_image_viewed"] == [1, 2]
    assert [p["scene"] for k, p in events if k == "look_viewed"] == [
        book.scenes[0].id,
        scene.id,
        scene.id,
    ]
    stages = [p["stage"] for k, p in events if k == "stage_entered"]
    assert stages == [
        "needs",
        "recommendations",
        "story",
        "recommendations",
        "story",
        "recommendations",
        "lookbook",
        "story",
        "lookbook",
        "selection",
        "farewell",
    ]

    # the needs profile, and the visit row
    assert answers == given
    assert visit.language == language
    assert (visit.nps, visit.ces) == (9, 6)
    assert visit.end_reason == "completed"
