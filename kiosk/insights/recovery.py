"""The dashboard's service-recovery section: how many complaints the store had, how fast and
how well it answered them. Read straight from the ``cases`` table (a few hundred rows a month
even for a busy store) and counted here; no Qt.

Definitions (beside the figures, as the dashboard's others are in
``kiosk.insights.dashboard``):

- **Cases of the period**: cases of the store *opened* in the period (``created_at``), by the
  customer at farewell or by an associate, with or without a visit; an erased case still
  counts (its anonymous facts are kept).
- **Complaints per 100 visits**: the period's cases per 100 of the period's visits; ``None``
  without visits.
- **Median first response**: the median of ``acknowledged_at - created_at`` over the period's
  cases that have had a response; a case resolved without being acknowledged first counts
  its resolution as its first response. Cases still waiting are left out here and counted
  as open (and overdue) below.
- **Resolved at first contact**: of the period's *resolved* cases, the share marked resolved
  at the first contact; ``None`` when none is resolved yet.
- **Escalated**: of the period's cases, the share escalated beyond the store.
- **Open, overdue**: the store's unresolved cases *now*, whatever the period (like the
  follow-ups due); overdue ones are unresolved past ``created_at`` plus the response target
  (the ``case_response_hours`` setting, 24 h by default).
- **After the case (the recovery paradox)**: NPS of the customers of the period's cases at
  their next visit with an answer (the first later visit of the same known customer, so only
  cases with a known customer count), split by whether the case was resolved before that
  visit started. A resolved complaint is said to make customers more loyal than no complaint
  at all; with fewer than ``MIN_TO_COMPARE`` answers on either side one answer moves the
  score by ten points or more, so the two are then shown as "too few to compare", with their
  counts, and not set against each other.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Case, Visit
from kiosk.insights.measures import NpsSplit, median, nps
from kiosk.insights.tally import batched

RESPONSE_TARGET = dt.timedelta(hours=24)
MIN_TO_COMPARE = 10
"""Answers needed on each side before the NPS after a resolved case is set against the NPS
after one that was not (below it, one answer moves a score by 10 points or more)."""


@dataclass(frozen=True)
class Recovery:
    cases: int
    per_100_visits: float | None
    median_first_response_s: float | None
    responded: int  # the cases the median rests on
    resolved: int
    first_contact: int
    escalated: int
    open_now: int
    overdue_now: int
    response_target_h: float
    after_resolved: NpsSplit = field(default_factory=NpsSplit)
    after_unresolved: NpsSplit = field(default_factory=NpsSplit)

    @property
    def first_contact_share(self) -> float | None:
        return self.first_contact / self.resolved if self.resolved else None

    @property
    def escalated_share(self) -> float | None:
        return self.escalated / self.cases if self.cases else None

    @property
    def comparable(self) -> bool:
        """Enough answers on both sides to set the two NPS against each other."""
        return min(self.after_resolved.responses, self.after_unresolved.responses) >= (
            MIN_TO_COMPARE
        )


def recovery(
    session: Session,
    store_id: str,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    visits: int,
    response_target: dt.timedelta = RESPONSE_TARGET,
) -> Recovery:
    """The section's figures for cases opened in [start, end) and the store's cases now."""
    rows = session.execute(
        select(
            Case.created_at,
            Case.acknowledged_at,
            Case.resolved_at,
            Case.first_contact,
            Case.escalated,
            Case.customer_id,
        )
        .where(Case.store_id == store_id, Case.created_at >= start, Case.created_at < end)
        # read in batches: the driver turns a whole result into rows in one call that holds
        # the GIL, and a month of a big store's cases (5,000) stalled the GUI for 100 ms
        .execution_options(**batched(session))
    ).all()
    waits = [
        ((row.acknowledged_at or row.resolved_at) - row.created_at).total_seconds()
        for row in rows
        if (row.acknowledged_at or row.resolved_at) is not None
    ]
    resolved = [row for row in rows if row.resolved_at is not None]
    unresolved = and_(Case.store_id == store_id, Case.resolved_at.is_(None))
    open_now, overdue_now = session.execute(
        select(
            func.count(),
            func.count().filter(Case.created_at < now - response_target),
        ).where(unresolved)
    ).one()
    after = _after(session, [(r.customer_id, r.created_at, r.resolved_at) for r in rows])
    return Recovery(
        cases=len(rows),
        per_100_visits=100.0 * len(rows) / visits if visits else None,
        median_first_response_s=median(waits),
        responded=len(waits),
        resolved=len(resolved),
        first_contact=sum(1 for row in resolved if row.first_contact),
        escalated=sum(1 for row in rows if row.escalated),
        open_now=int(open_now),
        overdue_now=int(overdue_now),
        response_target_h=response_target.total_seconds() / 3600,
        after_resolved=after[True],
        after_unresolved=after[False],
    )


def _after(
    session: Session,
    cases: Iterable[tuple[uuid.UUID | None, dt.datetime, dt.datetime | None]],
) -> dict[bool, NpsSplit]:
    """Each known customer's next answered visit after their case, by whether the case was
    resolved before it: one NPS split per side."""
    known = [case for case in cases if case[0] is not None]
    scores: dict[bool, list[int]] = {True: [], False: []}
    if known:
        later = session.execute(
            select(Visit.customer_id, Visit.started_at, Visit.nps)
            .where(
                Visit.customer_id.in_({customer for customer, _, _ in known}),
                Visit.nps.is_not(None),
                Visit.started_at >= min(created for _, created, _ in known),
            )
            .order_by(Visit.started_at)
            .execution_options(**batched(session))
        ).all()
        for customer, created, resolved_at in known:
            for visit in later:
                if visit.customer_id == customer and visit.started_at > created:
                    side = resolved_at is not None and resolved_at <= visit.started_at
                    scores[side].append(int(visit.nps))
                    break
    return {side: nps(values) for side, values in scores.items()}
