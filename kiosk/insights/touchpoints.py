"""After the sale on the dashboard and in ``kiosk report``: NPS per touchpoint, how far the
period's purchases got, and the invitations clients passed on.

Definitions (what a manager reads is what is counted here), for a period ``[start, end)``:

- **Purchases**: the store's sales recorded in the period, voided ones left out.
- **NPS per touchpoint** (``visit``, ``purchase``, ``delivery``, ``installation``,
  ``ninety_days``): % promoters (9-10) minus % detractors (0-6) over the answers given in
  the period (``kiosk.insights.measures.nps``), with their number; ``None`` (a dash) when
  nobody answered, never 0. ``visit`` is the farewell's NPS of the visits started in the
  period (the dashboard's own NPS); the others are the ``TouchpointScore`` answers given in
  the period, on the page or by phone, whatever the purchase's date.
- **Reached**: of the period's purchases, how many had reached the touchpoint by the end
  of the period: ``visit`` a purchase made in a visit; ``purchase`` every one; ``delivery``
  and ``installation`` that service marked done (and not cancelled); ``ninety_days`` ninety
  days past. **Share**: reached / purchases, ``None`` (a dash) without purchases. (So in a
  7- or 30-day period no purchase has reached its 90 days yet: the share says so.)
- **Invitations**: sent (made) in the period, and redeemed in the period (whenever made).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import NINETY_DAYS
from kiosk.db.after_sale_rows import TOUCHPOINTS
from kiosk.db.models import Invitation, Purchase, ServiceBooking, TouchpointScore, Visit
from kiosk.insights.measures import NpsSplit, nps


@dataclass(frozen=True)
class TouchpointFigure:
    touchpoint: str
    answers: int
    nps: float | None  # None: nobody answered (a dash)
    reached: int
    share: float | None  # of the period's purchases (0..1); None without purchases


@dataclass(frozen=True)
class AfterSaleFigures:
    purchases: int
    touchpoints: tuple[TouchpointFigure, ...]
    invitations_sent: int
    invitations_redeemed: int

    def touchpoint(self, name: str) -> TouchpointFigure:
        return next(t for t in self.touchpoints if t.touchpoint == name)


def after_sale_figures(
    s: Session,
    store_id: str,
    start: dt.datetime,
    end: dt.datetime,
    visit_feedback: NpsSplit | None = None,
) -> AfterSaleFigures:
    """The period's after-sale figures. ``visit_feedback``: the visits' NPS when the caller
    has counted it already (the dashboard has), else it is counted here."""
    cohort = and_(
        Purchase.store_id == store_id,
        Purchase.created_at >= start,
        Purchase.created_at < end,
        Purchase.cancelled_at.is_(None),
    )
    purchases, in_visit, old_enough = s.execute(
        select(
            func.count(),
            func.count(Purchase.visit_id),
            func.count().filter(Purchase.created_at <= end - NINETY_DAYS),
        ).where(cohort)
    ).one()
    done = dict(
        s.execute(
            select(ServiceBooking.service, func.count(distinct(ServiceBooking.purchase_id)))
            .join(Purchase, Purchase.id == ServiceBooking.purchase_id)
            .where(
                cohort,
                ServiceBooking.cancelled_at.is_(None),
                ServiceBooking.done_at.is_not(None),
                ServiceBooking.done_at < end,
            )
            .group_by(ServiceBooking.service)
        ).all()
    )
    reached = {
        "visit": int(in_visit),
        "purchase": int(purchases),
        "delivery": int(done.get("delivery", 0)),
        "installation": int(done.get("installation", 0)),
        "ninety_days": int(old_enough),
    }
    splits = _answers(s, store_id, start, end)
    splits["visit"] = visit_feedback or _visit_nps(s, store_id, start, end)
    figures = []
    for name in TOUCHPOINTS:
        split = splits.get(name, NpsSplit())
        figures.append(
            TouchpointFigure(
                touchpoint=name,
                answers=split.responses,
                nps=split.score,
                reached=reached[name],
                share=reached[name] / purchases if purchases else None,
            )
        )
    sent, redeemed = s.execute(
        select(
            func.count().filter(Invitation.created_at >= start, Invitation.created_at < end),
            func.count().filter(Invitation.redeemed_at >= start, Invitation.redeemed_at < end),
        ).where(Invitation.store_id == store_id)
    ).one()
    return AfterSaleFigures(int(purchases), tuple(figures), int(sent), int(redeemed))


def _answers(
    s: Session, store_id: str, start: dt.datetime, end: dt.datetime
) -> dict[str, NpsSplit]:
    rows = s.execute(
        select(TouchpointScore.touchpoint, TouchpointScore.score, func.count())
        .where(
            TouchpointScore.store_id == store_id,
            TouchpointScore.given_at >= start,
            TouchpointScore.given_at < end,
        )
        .group_by(TouchpointScore.touchpoint, TouchpointScore.score)
    ).all()
    scores: dict[str, list[int]] = {}
    for touchpoint, score, n in rows:
        scores.setdefault(touchpoint, []).extend([int(score)] * int(n))
    return {touchpoint: nps(values) for touchpoint, values in scores.items()}


def _visit_nps(s: Session, store_id: str, start: dt.datetime, end: dt.datetime) -> NpsSplit:
    values = s.scalars(
        select(Visit.nps).where(
            Visit.store_id == store_id,
            Visit.started_at >= start,
            Visit.started_at < end,
            Visit.nps.is_not(None),
        )
    ).all()
    return nps(v for v in values if v is not None)
