"""A visit's summary: what the dashboard counts of one visit, made once at its end.

The dashboard's figures over a month of a busy store used to scan every event twice (about a
second over 100,000 visits). A visit's events never change once it has ended (a write to an
ended visit is refused), so what the dashboard counts of them is worked out here once, in the
transaction that ends the visit (``kiosk.visit.records``), by crash recovery at start-up, and
by migration 0005 for the visits recorded before it. The definitions are the dashboard's
(``kiosk.insights.dashboard``); the hand-counted fixtures check both ways of counting.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import SelectionItem, Visit, VisitEvent, VisitSummary
from kiosk.db.outbox import save
from kiosk.ids import uuid7

GREETING_KINDS = ("path_chosen", "language_switched", "service_requested", "display_mode_changed")
EVIDENCE = {"selection": "selection_added", "handoff": "link_issued"}
"""Records that prove a stage without its ``stage_entered`` (a product kept from a story). The
other stages' own records (answers, chapters, looks) are written only by the stage's screen,
after the stage was entered, so they would only make the query slower."""
STEPS = ("needs", "story", "lookbook", "selection", "handoff")
STAGE_BITS = {stage: 1 << i for i, stage in enumerate(STEPS)}
GREETED = 1 << len(STEPS)
"""Any action after the first touch (a stage entered, a greeting answer, a kept product, a
link): the visit answered the greeting."""
STEP_KINDS = ("stage_entered", *GREETING_KINDS, *EVIDENCE.values())
VIEW_KINDS = {"product_viewed": "p", "look_viewed": "l", "chapter_read": "c"}
KEPT = "k"


def view_key(kind: str, payload: Mapping[str, Any]) -> str | None:
    """A viewed thing's key as the dashboard names it (SKU, ``lookbook/scene``,
    ``sku/chapter``); None for an event that names nothing."""

    def part(name: str) -> str:
        value = payload.get(name)
        return "" if value is None else str(value)

    if kind == "look_viewed":
        first, second = part("lookbook"), part("scene")
    else:
        first = part("sku")
        second = part("chapter") if kind == "chapter_read" else ""
    if not first:
        return None
    return f"{first}/{second}" if second else first


def summarize(
    events: Iterable[tuple[str, Mapping[str, Any]]], kept: Iterable[str]
) -> tuple[int, list[str]]:
    """The stage bits and the sorted distinct items of a visit's events and kept SKUs."""
    bits = 0
    items: set[str] = set()
    for kind, payload in events:
        if kind in STEP_KINDS:
            bits |= GREETED
            if kind == "stage_entered":
                bits |= STAGE_BITS.get(str(payload.get("stage")), 0)
            for stage, evidence in EVIDENCE.items():
                if kind == evidence:
                    bits |= STAGE_BITS[stage]
        elif kind in VIEW_KINDS:
            key = view_key(kind, payload)
            if key is not None:
                items.add(f"{VIEW_KINDS[kind]}:{key}")
    items.update(f"{KEPT}:{sku}" for sku in kept)
    return bits, sorted(items)


def dwell_us(started_at: dt.datetime, ended_at: dt.datetime) -> int:
    return (ended_at - started_at) // dt.timedelta(microseconds=1)


def summary_values(
    visit_id: uuid.UUID,
    store_id: str,
    started_at: dt.datetime,
    ended_at: dt.datetime,
    nps: int | None,
    ces: int | None,
    events: Iterable[tuple[str, Mapping[str, Any]]],
    kept: Iterable[str],
) -> dict[str, Any]:
    """The summary row's columns, with a new id."""
    bits, items = summarize(events, kept)
    return {
        "id": uuid7(),
        "visit_id": visit_id,
        "store_id": store_id,
        "started_at": started_at,
        "dwell_us": dwell_us(started_at, ended_at),
        "nps": nps,
        "ces": ces,
        "stages": bits,
        "items": items,
    }


def write_summary(s: Session, visit: Visit) -> VisitSummary:
    """The ended ``visit``'s summary, saved with its outbox entry in ``s``'s transaction: the
    caller's, which ends the visit, so an ended visit never lacks its summary."""
    assert visit.ended_at is not None, "a summary is made at the visit's end"
    s.flush()  # the visit's last events, added in this transaction, are read below
    events = s.execute(
        select(VisitEvent.kind, VisitEvent.payload)
        .where(VisitEvent.visit_id == visit.id, VisitEvent.kind.in_((*STEP_KINDS, *VIEW_KINDS)))
        .order_by(VisitEvent.seq)
    ).all()
    kept = s.scalars(
        select(SelectionItem.sku).where(SelectionItem.visit_id == visit.id).distinct()
    ).all()
    values = summary_values(
        visit.id,
        visit.store_id,
        visit.started_at,
        visit.ended_at,
        visit.nps,
        visit.ces,
        ((kind, payload or {}) for kind, payload in events),
        kept,
    )
    row = s.scalar(select(VisitSummary).where(VisitSummary.visit_id == visit.id))
    if row is None:
        row = VisitSummary(**values)
    else:  # pragma: no cover - a visit ends once; kept for a repeated recovery
        for name, value in values.items():
            if name != "id":
                setattr(row, name, value)
    save(s, row)
    return row
