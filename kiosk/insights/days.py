"""A period's whole UTC days read from ``visit_day_counts`` (the summaries added up per day by
PostgreSQL triggers, migration 0006), the partial days at its ends from the summaries.

A month of a store with a million visits is then a few thousand rows rather than a million
summaries and their eight million items. The local midnight a period starts at is a UTC
midnight only in some time zones, so the days are UTC days and whatever of the period lies
outside them (at most a day at each end) is counted from the summaries as before: the
figures are the same, only cheaper to add up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import VisitDayCount
from kiosk.insights.tally import Tally

FIGURE = "#"  # the key prefix of a figure; the rest are the summaries' item keys
NPS_PARTS = ("promoters", "passives", "detractors")


def whole_days(start: dt.datetime, end: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and last UTC midnight of [start, end) bounding at least one whole UTC day
    inside it; None when it holds none."""
    first = start.astimezone(dt.UTC)
    midnight = first.replace(hour=0, minute=0, second=0, microsecond=0)
    if midnight < first:
        midnight += dt.timedelta(days=1)
    last = end.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight, last) if midnight < last else None


def from_day_counts(
    session: Session, store_id: str, first: dt.datetime, last: dt.datetime
) -> Tally:
    """What the summaries of the visits started in [first, last) (UTC midnights) add up to,
    from their day counts: the same as ``from_summaries`` without the later stages."""
    d = VisitDayCount
    rows = session.execute(
        select(d.key, func.sum(d.n))
        .where(d.store_id == store_id, d.day >= first.date(), d.day < last.date())
        .group_by(d.key)
        .having(func.sum(d.n) != 0)
    ).all()
    tally = Tally()
    for key, total in rows:
        n = int(total)
        if not key.startswith(FIGURE):
            tally.items[key] = n
            continue
        name = key[len(FIGURE) :]
        if name == "visits":
            tally.visits = n
        elif name == "ces_sum":
            tally.ces_sum = n
        elif name == "ces_n":
            tally.ces_n = n
        elif name in NPS_PARTS:
            tally.nps[name] = n
        else:
            tally.stages[name] = n
    return tally
