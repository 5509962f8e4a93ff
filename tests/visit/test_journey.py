"""The journey records a visit's life in the local database, with an outbox entry per change."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kiosk.db.models import (
    NeedsAnswer,
    OutboxEntry,
    SelectionItem,
    ServiceRequest,
    Visit,
    VisitEvent,
)
from kiosk.errors import JourneyError
from kiosk.visit.journey import EndReason, Stage


def events(rt, visit_id):
    with rt.store.session() as s:
        rows = s.scalars(
            select(VisitEvent).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
        ).all()
        return [(e.kind, e.payload) for e in rows]


def test_a_visit_is_recorded_event_by_event_and_ended(runtime):
    j = runtime.journey
    j.begin("en").result()
    visit_id = j.state.visit_id
    j.set_language("zh-Hans").result()
    j.enter_stage(Stage.NEEDS).result()
    j.answer("room", ["kitchen"]).result()
    j.answer("budget", [], skipped=True).result()
    j.set_selected("VL-OV-01", True).result()
    j.set_selected("VL-FR-02", True).result()
    j.set_selected("VL-OV-01", False).result()
    j.request_service("refreshment").result()
    j.record("product_viewed", sku="VL-FR-02").result()
    j.end(EndReason.COMPLETED).result()

    assert j.state is None
    kinds = [k for k, _ in events(runtime, visit_id)]
    assert kinds == [
        "visit_started",
        "language_switched",
        "stage_left",
        "stage_entered",
        "question_answered",
        "question_skipped",
        "selection_added",
        "selection_added",
        "selection_removed",
        "service_requested",
        "product_viewed",
        "stage_left",
        "visit_ended",
    ]
    with runtime.store.session() as s:
        visit = s.get(Visit, visit_id)
        assert visit.end_reason == "completed"
        assert visit.language == "zh-Hans"
        assert visit.stage == "needs"
        assert visit.ended_at >= visit.started_at
        answers = {a.question_id: (a.answer, a.skipped) for a in s.scalars(select(NeedsAnswer))}
        assert answers == {"room": (["kitchen"], False), "budget": ([], True)}
        kept = {i.sku: i.removed_at is None for i in s.scalars(select(SelectionItem))}
        assert kept == {"VL-OV-01": False, "VL-FR-02": True}
        assert s.scalar(select(ServiceRequest.kind)) == "refreshment"
        # every row written has an outbox entry at its latest version
        pending = {(o.table_name, o.row_id, o.version) for o in s.scalars(select(OutboxEntry))}
        assert ("visits", visit_id, visit.version) in pending
        assert s.scalar(select(func.count()).select_from(VisitEvent)) == len(kinds)
        outbox_events = s.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.table_name == "visit_events")
        )
        assert outbox_events == len(kinds)


def test_stage_dwell_is_recorded_on_leaving(runtime):
    j = runtime.journey
    j.begin().result()
    j.enter_stage(Stage.LOOKBOOK).result()
    j.end(EndReason.IDLE).result()
    with runtime.store.session() as s:
        left = s.scalars(select(VisitEvent).where(VisitEvent.kind == "stage_left")).all()
    assert [e.payload["stage"] for e in left] == ["greeting", "lookbook"]
    assert all(isinstance(e.payload["dwell_ms"], int) and e.payload["dwell_ms"] >= 0 for e in left)


def test_operations_without_a_visit_are_refused(runtime):
    with pytest.raises(JourneyError, match="no visit is open"):
        runtime.journey.record("product_viewed", sku="x")
    runtime.journey.begin().result()
    with pytest.raises(JourneyError, match="already open"):
        runtime.journey.begin()
    with pytest.raises(JourneyError, match="unknown service request"):
        runtime.journey.request_service("champagne")


def test_ending_forgets_the_customer_in_memory(runtime):
    j = runtime.journey
    j.begin("zh-Hans").result()
    j.answer("household", ["family"]).result()
    j.set_selected("SKU-1", True).result()
    j.end(EndReason.IDLE).result()
    assert j.state is None
    assert j.language == "en"
    assert j.stage == Stage.ATTRACT


def test_changes_to_the_visit_itself_reach_the_outbox(runtime):
    """Stage, language and end are changes of the visit row: each gets a newer version and an
    outbox entry, or the store database would keep the visit as it was at its start."""
    j = runtime.journey
    j.begin("en").result()
    visit_id = j.state.visit_id
    j.set_language("zh-Hans").result()
    j.enter_stage(Stage.NEEDS).result()
    j.end(EndReason.COMPLETED).result()
    with runtime.store.session() as s:
        visit = s.get(Visit, visit_id)
        queued = s.scalars(select(OutboxEntry.version).where(OutboxEntry.row_id == visit_id)).all()
    assert visit.version == 4  # started, language, stage, ended
    assert sorted(queued) == [1, 2, 3, 4]


def test_feedback_is_stored_on_the_visit_and_bad_scores_are_refused(runtime):
    j = runtime.journey
    j.begin().result()
    visit_id = j.state.visit_id
    j.feedback("nps", 9).result()
    j.feedback("ces", None).result()
    with pytest.raises(JourneyError, match="nps score must be from 0 to 10"):
        j.feedback("nps", 11)
    with pytest.raises(JourneyError, match="ces score must be from 1 to 7"):
        j.feedback("ces", 0)
    with pytest.raises(JourneyError, match="unknown feedback question"):
        j.feedback("mood", 3)
    j.end(EndReason.COMPLETED).result()
    with runtime.store.session() as s:
        visit = s.get(Visit, visit_id)
        kinds = [
            e.kind for e in s.scalars(select(VisitEvent).where(VisitEvent.visit_id == visit_id))
        ]
    assert (visit.nps, visit.ces) == (9, None)
    assert "feedback_given" in kinds
    assert "feedback_skipped" in kinds


def test_up_to_three_products_are_compared(runtime):
    j = runtime.journey
    j.begin().result()
    for sku in ("A", "B", "C"):
        j.set_compared(sku, True).result()
    with pytest.raises(JourneyError, match="at most 3"):
        j.set_compared("D", True)
    j.set_compared("B", False).result()
    assert j.state.compared == ["A", "C"]
    with runtime.store.session() as s:
        last = s.scalars(
            select(VisitEvent)
            .where(VisitEvent.kind == "comparison_changed")
            .order_by(VisitEvent.seq.desc())
        ).first()
    assert last.payload == {"sku": "B", "compared": False, "skus": ["A", "C"]}
