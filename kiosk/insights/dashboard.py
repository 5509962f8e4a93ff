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
- **Service recovery**: complaints (cases) per 100 visits, first response, first-contact
  resolution, escalation, open and overdue cases, NPS after a resolved case against after an
  unresolved one: defined in ``kiosk.insights.recovery``.
- **After the sale**: NPS per touchpoint (visit, purchase, delivery, installation, 90 days)
  with its answers, the share of the period's purchases that reached each, invitations sent
  and redeemed: defined in ``kiosk.insights.touchpoints``. A delivery confirmation closed
  because its booking was cancelled (outcome ``cancelled``) is not a follow-up done.
- **Outreach**: done versus due per associate, by channel, for managers only: defined in
  ``kiosk.insights.outreach`` (``visible_to`` a role).

How it is counted: each ended visit has a summary (``visit_summaries``, written with its end;
``kiosk.insights.summary``) holding its stages, answers, dwell and the distinct things it
viewed and kept, so a period is two passes over one narrow row per visit rather than two
scans of every event. The visits without a summary (still open; ended on a kiosk whose
summary has not reached the store yet) are summarized from their events at the time of asking,
the same way, and added (``kiosk.insights.tally``). On the store's PostgreSQL the summaries
are also added up per UTC day by triggers (``visit_day_counts``), so a period's whole days are
read from a few rows per day and only its partial days from the summaries
(``kiosk.insights.days``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from kiosk.db.models import FollowupTask, Visit, VisitSummary
from kiosk.db.reads import Read, StoreReader
from kiosk.insights.days import from_day_counts, whole_days
from kiosk.insights.measures import (
    FUNNEL,
    NpsSplit,
    Period,
    StoreFigures,
    TopItem,
    end_of_today,
    funnel,
)
from kiosk.insights.outreach import outreach_figures
from kiosk.insights.recovery import RESPONSE_TARGET, recovery
from kiosk.insights.tally import (
    Tally,
    _count,
    count_later,
    from_events,
    from_summaries,
    median_us,
    without_summary,
)
from kiosk.insights.touchpoints import after_sale_figures

TOP = 5
NOT_DONE_OUTCOMES = ("consent_withdrawn", "erased", "cancelled")  # stopped, not done


POSTGRES_SETTINGS = (
    "work_mem = '64MB'",  # a report's few big aggregates: hash and sort in memory
    "jit = off",  # compiling them costs more (~0.3 s) than it saves
    # Their partial aggregates shrink the rows a lot (summaries to a row, items to a few
    # hundred keys), so sharing one among workers pays at a lower cost than the default's,
    # which is for rows passed on one by one.
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
    response_target: dt.timedelta = RESPONSE_TARGET,
) -> StoreFigures:
    """Every figure of ``period`` for ``store_id``: on PostgreSQL its whole UTC days' counts
    and two passes over the summaries of its partial days (elsewhere over all its summaries,
    and a join of its later stages), two index-only counts of its visits, the median read
    from an index, and the few visits without a summary read from their events. 30 days of
    a store with 100,000 and 1,000,000 visits: see the dashboard bench
    (tests/bench/test_dashboard_bench.py)."""
    start, end = period.bounds(now, tz)
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        for setting in POSTGRES_SETTINGS:
            session.execute(text(f"SET LOCAL {setting}"))
    s = VisitSummary
    summarized = and_(s.store_id == store_id, s.started_at >= start, s.started_at < end)
    tally = _from_summaries(session, store_id, start, end, postgres)
    if not postgres:  # on the store's PostgreSQL, the summaries hold their later stages
        tally.stages.update(
            count_later(
                session,
                lambda q, later: q.join(s, s.visit_id == later.c.visit_id).where(summarized),
                since=start,
            )
        )
    summaries = tally.visits
    missing = _without_summary(session, store_id, start, end, summaries)
    dwell_extra: list[int] = []
    if missing is not None:
        extra, dwell_extra = from_events(session, missing)
        tally.add(extra)
    median = median_us(session, summarized, summaries, dwell_extra)
    counts = {"attract": tally.visits, **{k: tally.stages[k] for k in FUNNEL[1:]}}
    due, done = _followups(session, store_id, start, end, end_of_today(now, tz))
    feedback = NpsSplit(tally.nps["promoters"], tally.nps["passives"], tally.nps["detractors"])
    return StoreFigures(
        period=period,
        start=start,
        end=end,
        visits=tally.visits,
        median_dwell_s=None if median is None else round(median / 1e6, 3),
        funnel=funnel(counts),
        feedback=feedback,
        ces=tally.ces_sum / tally.ces_n if tally.ces_n else None,
        ces_responses=tally.ces_n,
        **_tops(tally),
        followups_due=due,
        followups_done=done,
        recovery=recovery(session, store_id, start, end, now, tally.visits, response_target),
        after_sale=after_sale_figures(session, store_id, start, end, feedback),
        outreach=outreach_figures(session, store_id, start, end),
    )


def store_figures(
    reader: StoreReader,
    store_id: str,
    period: Period,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    response_target: dt.timedelta = RESPONSE_TARGET,
) -> Read[StoreFigures]:
    """The dashboard's read: ``period``'s figures from the store database, or this kiosk's
    own when the store does not answer (the ``scope`` says which). Off the GUI thread.
    ``response_target`` is the store's for cases (the ``case_response_hours`` setting)."""
    return reader.read(lambda s: figures(s, store_id, period, now, tz, response_target))


def _from_summaries(
    session: Session, store_id: str, start: dt.datetime, end: dt.datetime, postgres: bool
) -> Tally:
    """The period's summaries added up: on PostgreSQL its whole UTC days from their day
    counts and the rest from the summaries (``kiosk.insights.days``), elsewhere all from
    the summaries."""
    s = VisitSummary
    days = whole_days(start, end) if postgres else None
    if days is None:
        where = and_(s.store_id == store_id, s.started_at >= start, s.started_at < end)
        return from_summaries(session, where, postgres)
    first, last = days
    tally = from_day_counts(session, store_id, first, last)
    edges = or_(
        and_(s.started_at >= start, s.started_at < first),
        and_(s.started_at >= last, s.started_at < end),
    )
    tally.add(from_summaries(session, and_(s.store_id == store_id, edges), postgres))
    return tally


def _without_summary(
    session: Session, store_id: str, start: dt.datetime, end: dt.datetime, summarized: int
) -> Any:
    """The period's visits that have no summary, as a condition on ``Visit``; None when
    there are none. Usually they are the open visits, found by their partial index; when
    the counts say some ended visit lacks one too, every visit of the period is checked."""
    in_period = and_(Visit.store_id == store_id, Visit.started_at >= start, Visit.started_at < end)
    is_open = and_(in_period, Visit.ended_at.is_(None), without_summary())
    row = session.execute(
        select(
            select(func.count()).where(in_period).scalar_subquery(),
            select(func.count()).where(is_open).scalar_subquery(),
        )
    ).one()
    visits, still_open = int(row[0]), int(row[1])
    if visits == summarized + still_open:
        return is_open if still_open else None
    return and_(in_period, without_summary())


def _tops(tally: Tally) -> dict[str, tuple[TopItem, ...]]:
    """The most viewed products (with the visits that kept each), looks and chapters."""

    def top(prefix: str) -> list[tuple[str, int]]:
        found = [(key[2:], n) for key, n in tally.items.items() if key.startswith(f"{prefix}:")]
        return sorted(found, key=lambda item: (-item[1], item[0]))[:TOP]

    return {
        "top_products": tuple(TopItem(sku, n, tally.items[f"k:{sku}"]) for sku, n in top("p")),
        "top_looks": tuple(TopItem(key, n) for key, n in top("l")),
        "top_chapters": tuple(TopItem(key, n) for key, n in top("c")),
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
