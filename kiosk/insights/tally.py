"""The period's visits counted from their summaries, in two passes over one narrow row per
visit: one aggregate for the visits' own figures and stages, one count of the items they
viewed and kept. The visits that have no summary (still open, or ended by a kiosk whose
summary has not arrived yet) are summarized here the same way, from their events, and added.
The definitions are in ``kiosk.insights.dashboard``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import BigInteger, and_, case, exists, func, literal, select, true, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
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
LATER_MARGIN = dt.timedelta(days=1)
LATER_BITS = {"link_opened": 1, "consent": 2, "appointment": 4}
"""``VisitSummary.later``: set on the store's PostgreSQL by migration 0006's triggers."""


@dataclass
class Tally:
    """What the period's visits add up to; two tallies of different visits add."""

    visits: int = 0
    stages: Counter[str] = field(default_factory=Counter)  # greeting, needs, ..., appointment
    nps: Counter[str] = field(default_factory=Counter)  # promoters, passives, detractors
    ces_sum: int = 0
    ces_n: int = 0
    items: Counter[str] = field(default_factory=Counter)  # p:, l:, c:, k: key -> visits

    def add(self, other: Tally) -> None:
        self.visits += other.visits
        self.stages.update(other.stages)
        self.nps.update(other.nps)
        self.ces_sum += other.ces_sum
        self.ces_n += other.ces_n
        self.items.update(other.items)


YIELD_PER = 500
"""Rows the driver converts at a time for the figures' long reads on PostgreSQL (off the GUI
thread, but one conversion holds the GIL: a few milliseconds each, not one long stall)."""


def batched(session: Session) -> dict[str, int]:
    """The execution options that read a long result in batches, on the store's PostgreSQL
    only: a kiosk's own SQLite holds few rows, and a streamed SQLite cursor was seen to wait
    half a minute on its database's lock in a test."""
    bind = session.get_bind()
    return {"yield_per": YIELD_PER} if bind.dialect.name == "postgresql" else {}


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def later_stages(ids: Any = None, since: dt.datetime | None = None) -> Any:
    """One row per visit that a later stage names: a 0/1 column per stage; only the visits
    in ``ids`` (a query of their ids) when given, and only records made ``since`` then.

    A link, a consent or an appointment task is made during or after its visit, so for the
    visits started since ``start`` the records made since ``start - LATER_MARGIN`` are all
    there are (the margin is for clocks of different machines): a short period does not
    group every link and consent the store ever had."""
    opened, booked = FollowupLink.first_opened_at.is_not(None), Consent.purpose == "appointment"
    one, none = literal(1), literal(0)

    def of(column: Any, made: Any) -> list[ColumnElement[bool]]:
        found = [] if ids is None else [column.in_(ids)]
        return found if since is None else [*found, made >= since - LATER_MARGIN]

    named = union_all(
        select(FollowupLink.visit_id, one.label("l"), none.label("c"), none.label("a")).where(
            opened, *of(FollowupLink.visit_id, FollowupLink.created_at)
        ),
        select(Consent.visit_id, none, one, case((booked, 1), else_=0)).where(
            *of(Consent.visit_id, Consent.given_at)
        ),
        select(FollowupTask.visit_id, none, none, one).where(
            FollowupTask.kind == "appointment", *of(FollowupTask.visit_id, FollowupTask.created_at)
        ),
    ).subquery()
    return (
        select(
            named.c.visit_id,
            func.max(named.c.l).label("link_opened"),
            func.max(named.c.c).label("consent"),
            func.max(named.c.a).label("appointment"),
        )
        .group_by(named.c.visit_id)
        .subquery()
    )


def count_later(
    session: Session,
    restrict: Callable[[Select[Any], Any], Select[Any]],
    ids: Any = None,
    since: dt.datetime | None = None,
) -> Counter[str]:
    """How many visits each later stage names among those ``restrict(query, later)`` keeps:
    one join of the small tables' visits, rather than three per visit of the period."""
    later = later_stages(ids, since)
    sums = (func.coalesce(func.sum(later.c[name]), 0) for name in LATER)
    row = session.execute(restrict(select(*sums).select_from(later), later)).one()
    return Counter({name: int(n) for name, n in zip(LATER, row, strict=True)})


def from_summaries(session: Session, where: ColumnElement[bool], postgres: bool) -> Tally:
    """The summaries matching ``where``: one aggregate, one count of items. On PostgreSQL the
    later stages too, from the bits the store's triggers keep (``LATER_BITS``); elsewhere
    they are counted apart (``count_later``)."""
    s = VisitSummary
    has = {"greeting": GREETED, **STAGE_BITS}
    later = LATER_BITS if postgres else {}
    columns: list[Any] = [
        func.count().label("visits"),
        *(_count(s.stages.op("&")(bit) != 0).label(name) for name, bit in has.items()),
        *(_count(s.later.op("&")(bit) != 0).label(name) for name, bit in later.items()),
        _count(s.nps >= 9).label("promoters"),
        _count(and_(s.nps >= 7, s.nps <= 8)).label("passives"),
        _count(s.nps <= 6).label("detractors"),
        func.coalesce(func.sum(s.ces), 0).label("ces_sum"),
        func.count(s.ces).label("ces_n"),
    ]
    row = session.execute(select(*columns).where(where)).one()._mapping
    tally = Tally(
        visits=int(row["visits"]),
        stages=Counter({name: int(row[name]) for name in (*has, *later)}),
        nps=Counter({k: int(row[k]) for k in ("promoters", "passives", "detractors")}),
        ces_sum=int(row["ces_sum"]),
        ces_n=int(row["ces_n"]),
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
        .execution_options(**batched(session))  # in batches: one conversion holds the GIL
    ):
        events[visit_id].append((kind, payload or {}))
    kept: dict[Any, set[str]] = {v.id: set() for v in visits}
    for visit_id, sku in session.execute(
        select(SelectionItem.visit_id, SelectionItem.sku).where(SelectionItem.visit_id.in_(ids))
    ):
        kept[visit_id].add(sku)
    tally = Tally(visits=len(visits))
    tally.stages.update(count_later(session, lambda q, _later: q, ids))
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
    session: Session, where: ColumnElement[bool], summaries: int, extra: list[int]
) -> float | None:
    """The median dwell (us) of the ``summaries`` summaries matching ``where`` and the
    ``extra`` dwells: the middle one or two values, read in dwell order (on PostgreSQL from
    an index, without sorting the period; percentile_cont would sort it all, and keep the
    aggregate it is part of from running in parallel)."""
    s = VisitSummary
    n = summaries + len(extra)
    if not n:
        return None
    values: Any = select(s.dwell_us.label("d")).where(where)
    if extra:
        values = values.union_all(
            *(select(literal(value, BigInteger).label("d")) for value in extra)
        )
    values = values.subquery()
    middle = session.scalars(
        select(values.c.d).order_by(values.c.d).limit(2 - n % 2).offset((n - 1) // 2)
    ).all()
    return sum(float(v) for v in middle) / len(middle)
