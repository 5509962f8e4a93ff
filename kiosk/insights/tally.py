"""The period's visits counted from their summaries, in two passes over one narrow row per
visit: one aggregate for the visits' own figures and stages, one count of the items they
viewed and kept. The visits that have no summary (still open, or ended by a kiosk whose
summary has not arrived yet) are summarized here the same way, from their events, and added.
The definitions are in ``kiosk.insights.dashboard``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, and_, case, exists, func, literal, select, true, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kiosk.db.models import (
    Consent,
    FollowupLink,
    FollowupTask,
    SelectionItem,
    Visit,
    VisitEvent,
    VisitSummary,
)
from kiosk.insights.summary import (
    GREETED,
    STAGE_BITS,
    STEP_KINDS,
    VIEW_KINDS,
    dwell_us,
    summarize,
)

LATER = ("link_opened", "consent", "appointment")
"""Stages proved by records made after the visit, on the phone page: never in a summary."""


@dataclass
class Tally:
    """What the period's visits add up to; two tallies of different visits add."""

    visits: int = 0
    stages: Counter[str] = field(default_factory=Counter)  # greeting, needs, ..., appointment
    nps: Counter[str] = field(default_factory=Counter)  # promoters, passives, detractors
    ces_sum: int = 0
    ces_n: int = 0
    items: Counter[str] = field(default_factory=Counter)  # p:, l:, c:, k: key -> visits
    median_dwell_us: float | None = None  # set by the summaries' aggregate on PostgreSQL

    def add(self, other: Tally) -> None:
        self.visits += other.visits
        self.stages.update(other.stages)
        self.nps.update(other.nps)
        self.ces_sum += other.ces_sum
        self.ces_n += other.ces_n
        self.items.update(other.items)


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def later_stages() -> dict[str, Any]:
    """The visits each later stage names, each once."""

    def visits_in(column: Any, *where: ColumnElement[bool]) -> Any:
        return select(column.label("visit_id")).where(*where).distinct().subquery()

    booked = union(
        select(Consent.visit_id.label("visit_id")).where(Consent.purpose == "appointment"),
        select(FollowupTask.visit_id.label("visit_id")).where(FollowupTask.kind == "appointment"),
    ).subquery()
    return {
        "link_opened": visits_in(FollowupLink.visit_id, FollowupLink.first_opened_at.is_not(None)),
        "consent": visits_in(Consent.visit_id),
        "appointment": booked,
    }


def from_summaries(session: Session, where: ColumnElement[bool], postgres: bool) -> Tally:
    """The summaries matching ``where``: one aggregate, one count of items."""
    s = VisitSummary
    later = later_stages()
    has = {"greeting": GREETED, **STAGE_BITS}
    columns: list[Any] = [
        func.count().label("visits"),
        *(_count(s.stages.op("&")(bit) != 0).label(name) for name, bit in has.items()),
        *(func.count(later[name].c.visit_id).label(name) for name in LATER),
        _count(s.nps >= 9).label("promoters"),
        _count(and_(s.nps >= 7, s.nps <= 8)).label("passives"),
        _count(s.nps <= 6).label("detractors"),
        func.coalesce(func.sum(s.ces), 0).label("ces_sum"),
        func.count(s.ces).label("ces_n"),
    ]
    if postgres:
        columns.append(func.percentile_cont(0.5).within_group(s.dwell_us).label("median"))
    query = select(*columns).select_from(s)
    for name in LATER:
        query = query.outerjoin(later[name], later[name].c.visit_id == s.visit_id)
    row = session.execute(query.where(where)).one()._mapping
    tally = Tally(
        visits=int(row["visits"]),
        stages=Counter({name: int(row[name]) for name in (*has, *LATER)}),
        nps=Counter({k: int(row[k]) for k in ("promoters", "passives", "detractors")}),
        ces_sum=int(row["ces_sum"]),
        ces_n=int(row["ces_n"]),
        median_dwell_us=None if not postgres or row["median"] is None else float(row["median"]),
    )
    each = (
        func.jsonb_array_elements_text(s.items) if postgres else func.json_each(s.items)
    ).table_valued("value")
    items = session.execute(
        select(each.c.value, func.count())
        .select_from(s)
        .join(each, true())
        .where(where)
        .group_by(each.c.value)
    ).all()
    tally.items = Counter({str(key): int(n) for key, n in items})
    return tally


def from_events(session: Session, where: ColumnElement[bool]) -> tuple[Tally, list[int]]:
    """The visits matching ``where`` (few: those without a summary), summarized now from
    their events as their summary will be; and the dwell (us) of those that ended."""
    visits = session.execute(
        select(Visit.id, Visit.started_at, Visit.ended_at, Visit.nps, Visit.ces).where(where)
    ).all()
    if not visits:
        return Tally(), []
    ids = select(Visit.id).where(where)
    events: dict[Any, list[tuple[str, Any]]] = {v.id: [] for v in visits}
    for visit_id, kind, payload in session.execute(
        select(VisitEvent.visit_id, VisitEvent.kind, VisitEvent.payload)
        .where(VisitEvent.visit_id.in_(ids), VisitEvent.kind.in_((*STEP_KINDS, *VIEW_KINDS)))
        .order_by(VisitEvent.visit_id, VisitEvent.seq)
    ):
        events[visit_id].append((kind, payload or {}))
    kept: dict[Any, set[str]] = {v.id: set() for v in visits}
    for visit_id, sku in session.execute(
        select(SelectionItem.visit_id, SelectionItem.sku).where(SelectionItem.visit_id.in_(ids))
    ):
        kept[visit_id].add(sku)
    tally = Tally(visits=len(visits))
    for name, sub in later_stages().items():
        tally.stages[name] = int(
            session.scalar(select(func.count()).select_from(sub).where(sub.c.visit_id.in_(ids)))
            or 0
        )
    dwell: list[int] = []
    for v in visits:
        bits, items = summarize(events[v.id], kept[v.id])
        tally.items.update(items)
        tally.stages.update(
            name for name, bit in {"greeting": GREETED, **STAGE_BITS}.items() if bits & bit
        )
        if v.nps is not None:
            part = "promoters" if v.nps >= 9 else "passives" if v.nps >= 7 else "detractors"
            tally.nps[part] += 1
        if v.ces is not None:
            tally.ces_sum += v.ces
            tally.ces_n += 1
        if v.ended_at is not None:
            dwell.append(dwell_us(v.started_at, v.ended_at))
    return tally, dwell


def without_summary() -> ColumnElement[bool]:
    return ~exists().where(VisitSummary.visit_id == Visit.id)


def median_us(
    session: Session, where: ColumnElement[bool], extra: list[int], postgres: bool
) -> float | None:
    """The median dwell (us) of the summaries matching ``where`` and the ``extra`` dwells.
    Without percentile functions (SQLite): the middle one or two values."""
    s = VisitSummary
    parts = [select(s.dwell_us.label("d")).where(where)]
    parts += [select(literal(value, BigInteger).label("d")) for value in extra]
    values = parts[0].union_all(*parts[1:]).subquery() if extra else parts[0].subquery()
    if postgres:
        found = session.scalar(select(func.percentile_cont(0.5).within_group(values.c.d)))
        return None if found is None else float(found)
    n = session.scalar(select(func.count()).select_from(values)) or 0
    if not n:
        return None
    middle = session.scalars(
        select(values.c.d).order_by(values.c.d).limit(2 - n % 2).offset((n - 1) // 2)
    ).all()
    return sum(float(v) for v in middle) / len(middle)
