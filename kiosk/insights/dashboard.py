"""The store dashboard's figures: visits, dwell, the journey funnel, NPS, CES, what customers
looked at, follow-ups. Shared by the dashboard screen and ``kiosk report``; no Qt. Here are
the queries that count them; the periods, the funnel's stages, the arithmetic (NPS, CES,
median) and the figures' shape are in ``kiosk.insights.measures``.

Definitions (what a manager reads is what is counted here):

- **Period**: today, the last 7 days or the last 30 days, in the store's local time zone (the
  kiosk's system time zone; the kiosk has no time zone setting). "Today" starts at local
  midnight; "7 days" at the midnight six days before today's, so it is seven calendar days
  with today; the period ends now.
- **Visits**: visits of the store *started* in the period, whatever became of them: a visit
  begins with a touch on the attract screen, so every visit reached "attract". A visit that
  idled out is kept (its customer simply walked away); it is not deleted at reset.
- **Median dwell**: the median of ``ended_at - started_at`` over the period's visits that have
  ended (visits still open are left out). Visits ended by the idle timeout include the idle
  wait and the "still there?" countdown, because that is when the kiosk knew the customer had
  gone.
- **Funnel**: for each stage, the number of the period's visits with evidence of reaching it,
  and its share of the first bar (attract = all visits). Evidence is the stage being entered
  (a ``stage_entered`` event) or a record only that stage makes:

  ========== ==============================================================================
  attract     every visit (started by a touch on attract)
  greeting    an answer to the welcome: a language, a path, a request, moving on
  needs       the needs questions entered
  story       a product's story entered
  lookbook    a lookbook entered
  selection   my selection entered, or a product kept (from a story, say)
  hand-off    the hand-off entered, or a link issued
  link opened the visit's hand-off link opened on a phone (``first_opened_at``)
  consent     a consent given on the visit, for any purpose (withdrawn later or not)
  appointment an appointment consent or an appointment follow-up task for the visit
  ========== ==============================================================================

  Stages are not a strict sequence (lookbooks may come before stories; a consent can be given
  at the kiosk without a link), so a bar can exceed the one above it.
- **NPS**: % promoters (9-10) minus % detractors (0-6) over the visits that answered, from
  -100 to 100; ``None`` when nobody answered (shown as a dash, never 0).
- **CES**: the mean of the 1-7 answers; ``None`` when nobody answered. The kiosk asks it only
  after the NPS, as an optional second step, so it rests on fewer visits than the NPS: the
  dashboard shows it with its number of answers (``ces_responses``) and says it is optional.
- **Top products**: the 5 products viewed in the most visits (a product seen twice in one
  visit counts once), with the number of the period's visits that kept it in their selection.
  **Top looks**: the 5 lookbook scenes viewed in the most visits. **Top chapters**: the 5
  story chapters (product, chapter) read in the most visits.
- **Follow-ups due**: open tasks of the store due by the end of today (overdue included),
  whatever the period. **Done**: tasks completed in the period, except those closed because
  the customer withdrew consent (nobody followed up).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select, text, union
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from kiosk.db.models import Consent, FollowupLink, FollowupTask, SelectionItem, Visit, VisitEvent
from kiosk.db.reads import Read, StoreReader
from kiosk.insights.measures import (
    FUNNEL,
    NpsSplit,
    Period,
    StoreFigures,
    TopItem,
    end_of_today,
    funnel,
)

TOP = 5
NOT_DONE_OUTCOMES = ("consent_withdrawn", "erased")  # stopped, not done


POSTGRES_SETTINGS = (
    "work_mem = '64MB'",  # a report's few big aggregates: hash and sort in memory
    "jit = off",  # compiling them costs more (~0.3 s) than it saves
    # Their partial aggregates shrink the rows a lot (events to visits, visits to items), so
    # sharing one among workers pays at a lower cost than the default's, which is for rows
    # passed on one by one: 30 days of a busy store ~0.5 s -> ~0.4 s.
    "parallel_setup_cost = 100",
    "parallel_tuple_cost = 0.01",
)


# -- the queries ----------------------------------------------------------------------------
def figures(
    session: Session,
    store_id: str,
    period: Period,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> StoreFigures:
    """Every figure of ``period`` for ``store_id``, in four aggregate queries. 30 days of a
    store with 100,000 visits and 1.3 million events: ~1 s on 2 busy cores (two scans of the
    events, ~0.4 s each, are most of it)."""
    start, end = period.bounds(now, tz)
    in_period = and_(Visit.store_id == store_id, Visit.started_at >= start, Visit.started_at < end)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        for setting in POSTGRES_SETTINGS:
            session.execute(text(f"SET LOCAL {setting}"))
    core = _visit_figures(session, in_period, postgres)
    steps = _event_steps(session, in_period, postgres)
    counts = {"attract": core["visits"], **steps, **{k: core[k] for k in FUNNEL[7:]}}
    tops = _tops(session, in_period)
    due, done = _followups(session, store_id, start, end, end_of_today(now, tz))
    dwell = core["median_dwell"] if postgres else _median_dwell_portable(session, in_period)
    return StoreFigures(
        period=period,
        start=start,
        end=end,
        visits=core["visits"],
        median_dwell_s=None if dwell is None else round(float(dwell), 3),  # julianday's float
        funnel=funnel(counts),
        feedback=NpsSplit(core["promoters"], core["passives"], core["detractors"]),
        ces=None if core["ces"] is None else float(core["ces"]),
        ces_responses=core["ces_n"],
        top_products=tops["products"],
        top_looks=tops["looks"],
        top_chapters=tops["chapters"],
        followups_due=due,
        followups_done=done,
    )


def store_figures(
    reader: StoreReader,
    store_id: str,
    period: Period,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> Read[StoreFigures]:
    """The dashboard's read: ``period``'s figures from the store database, or this kiosk's
    own when the store does not answer (the ``scope`` says which). Off the GUI thread."""
    return reader.read(lambda s: figures(s, store_id, period, now, tz))


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _visit_figures(
    session: Session, in_period: ColumnElement[bool], postgres: bool
) -> dict[str, Any]:
    """The visits' own figures and the stages proved by other tables, in one scan of the
    period's visits: each small table joins once, as the distinct visits it names."""

    def visits_in(column: Any, *where: ColumnElement[bool]) -> Any:
        return select(column.label("visit_id")).where(*where).distinct().subquery()

    opened = visits_in(FollowupLink.visit_id, FollowupLink.first_opened_at.is_not(None))
    consented = visits_in(Consent.visit_id)
    booked = union(
        select(Consent.visit_id.label("visit_id")).where(Consent.purpose == "appointment"),
        select(FollowupTask.visit_id.label("visit_id")).where(FollowupTask.kind == "appointment"),
    ).subquery()
    columns: list[Any] = [
        func.count().label("visits"),
        _count(Visit.nps >= 9).label("promoters"),
        _count(and_(Visit.nps >= 7, Visit.nps <= 8)).label("passives"),
        _count(Visit.nps <= 6).label("detractors"),
        func.avg(Visit.ces).label("ces"),
        func.count(Visit.ces).label("ces_n"),
        func.count(opened.c.visit_id).label("link_opened"),
        func.count(consented.c.visit_id).label("consent"),
        func.count(booked.c.visit_id).label("appointment"),
    ]
    if postgres:
        seconds = func.extract("epoch", Visit.ended_at - Visit.started_at)
        columns.append(func.percentile_cont(0.5).within_group(seconds).label("median_dwell"))
    query = (
        select(*columns)
        .select_from(Visit)
        .outerjoin(opened, opened.c.visit_id == Visit.id)
        .outerjoin(consented, consented.c.visit_id == Visit.id)
        .outerjoin(booked, booked.c.visit_id == Visit.id)
        .where(in_period)
    )
    return dict(session.execute(query).one()._mapping)


def _median_dwell_portable(session: Session, in_period: ColumnElement[bool]) -> float | None:
    """The median without percentile functions (SQLite): the middle one or two rows."""
    seconds = (func.julianday(Visit.ended_at) - func.julianday(Visit.started_at)) * 86400.0
    ended = and_(in_period, Visit.ended_at.is_not(None))
    n = session.scalar(select(func.count()).where(ended)) or 0
    if not n:
        return None
    middle = session.scalars(
        select(seconds).where(ended).order_by(seconds).limit(2 - n % 2).offset((n - 1) // 2)
    ).all()
    return sum(float(v) for v in middle) / len(middle)


GREETING_KINDS = ("path_chosen", "language_switched", "service_requested", "display_mode_changed")
EVIDENCE = {"selection": "selection_added", "handoff": "link_issued"}
"""Records that prove a stage without its ``stage_entered`` (a product kept from a story). The
other stages' own records (answers, chapters, looks) are written only by the stage's screen,
after the stage was entered, so they would only make the query slower."""
STEPS = ("needs", "story", "lookbook", "selection", "handoff")
STAGE_BITS = {stage: 1 << i for i, stage in enumerate(STEPS)}


def _event_steps(
    session: Session, in_period: ColumnElement[bool], postgres: bool
) -> dict[str, int]:
    """The stages each of the period's visits proved, as one bit per stage, gathered per visit
    in one pass (a stage proved twice counts once), then counted. Every such event is an action
    after the first touch: the visits among them answered the greeting."""
    kind = VisitEvent.kind
    bit = case(
        *((kind == evidence, literal(STAGE_BITS[stage])) for stage, evidence in EVIDENCE.items()),
        (
            kind == "stage_entered",
            case(
                *(
                    (VisitEvent.payload["stage"].as_string() == stage, literal(flag))
                    for stage, flag in STAGE_BITS.items()
                ),
                else_=literal(0),
            ),
        ),
        else_=literal(0),
    )
    kinds = ("stage_entered", *GREETING_KINDS, *EVIDENCE.values())
    events = (
        select(VisitEvent.visit_id)
        .join(Visit, Visit.id == VisitEvent.visit_id)
        .where(in_period, kind.in_(kinds))
        .group_by(VisitEvent.visit_id)
    )
    if postgres:  # one integer per visit
        per_visit = events.add_columns(func.bit_or(bit).label("bits")).subquery()
        has = {stage: per_visit.c.bits.op("&")(flag) != 0 for stage, flag in STAGE_BITS.items()}
    else:  # SQLite has no bit_or: a 0/1 column per stage
        per_visit = events.add_columns(
            *(
                func.max(case((bit.op("&")(flag) != 0, 1), else_=0)).label(stage)
                for stage, flag in STAGE_BITS.items()
            )
        ).subquery()
        has = {stage: per_visit.c[stage] == 1 for stage in STAGE_BITS}
    row = session.execute(
        select(func.count().label("greeting"), *(_count(has[s]).label(s) for s in STEPS))
    ).one()
    return {stage: int(n) for stage, n in row._mapping.items()}


def _tops(session: Session, in_period: ColumnElement[bool]) -> dict[str, tuple[TopItem, ...]]:
    """One pass over the period's views, looks, chapters and kept products."""
    kind, payload = VisitEvent.kind, VisitEvent.payload
    first = case(
        (kind == "look_viewed", payload["lookbook"].as_string()),
        else_=payload["sku"].as_string(),
    )
    second = case(
        (kind == "look_viewed", payload["scene"].as_string()),
        (kind == "chapter_read", payload["chapter"].as_string()),
        else_=literal(""),
    )
    pairs = (  # each (item, visit) once; grouped, not count(distinct), so it runs in parallel
        select(kind.label("kind"), first.label("first"), second.label("second"))
        .join(Visit, Visit.id == VisitEvent.visit_id)
        .where(in_period, kind.in_(("product_viewed", "look_viewed", "chapter_read")))
        .group_by(kind, first, second, VisitEvent.visit_id)
        .subquery()
    )
    rows = session.execute(
        select(pairs.c.kind, pairs.c.first, pairs.c.second, func.count()).group_by(
            pairs.c.kind, pairs.c.first, pairs.c.second
        )
    ).all()
    viewed: dict[str, list[tuple[str, int]]] = {
        "product_viewed": [],
        "look_viewed": [],
        "chapter_read": [],
    }
    for event_kind, a, b, n in rows:
        if a:
            viewed[event_kind].append((f"{a}/{b}" if b else str(a), int(n)))

    def top(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
        return sorted(items, key=lambda item: (-item[1], item[0]))[:TOP]

    products = top(viewed["product_viewed"])
    kept: dict[str, int] = {}
    if products:
        kept_rows = session.execute(
            select(SelectionItem.sku, func.count(func.distinct(SelectionItem.visit_id)))
            .join(Visit, Visit.id == SelectionItem.visit_id)
            .where(in_period, SelectionItem.sku.in_([sku for sku, _ in products]))
            .group_by(SelectionItem.sku)
        ).all()
        kept = {sku: int(n) for sku, n in kept_rows}
    return {
        "products": tuple(TopItem(sku, n, kept.get(sku, 0)) for sku, n in products),
        "looks": tuple(TopItem(key, n) for key, n in top(viewed["look_viewed"])),
        "chapters": tuple(TopItem(key, n) for key, n in top(viewed["chapter_read"])),
    }


def _followups(
    session: Session, store_id: str, start: dt.datetime, end: dt.datetime, due_by: dt.datetime
) -> tuple[int, int]:
    task = FollowupTask
    done = and_(
        task.completed_at >= start,
        task.completed_at < end,
        or_(task.outcome.is_(None), task.outcome.not_in(NOT_DONE_OUTCOMES)),
    )
    row = session.execute(
        select(_count(and_(task.completed_at.is_(None), task.due_at < due_by)), _count(done)).where(
            task.store_id == store_id
        )
    ).one()
    return int(row[0]), int(row[1])
