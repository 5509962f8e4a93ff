"""A client's one advisor, and where the client's requests, tasks and outreach go.

The advisor is ``customers.advisor_id``: set in the profile by an associate or a manager, only
for a client with an active clienteling consent (``kiosk.clients.book`` writes it). Routing
is one rule, used by every maker of a request or a task (the phone page's "I'm in the
store", the follow-up and outreach rules): the advisor first, the whole store (``None``)
when there is no advisor, the advisor is disabled, the client's clienteling consent is gone,
or the advisor is away for longer than ``advisor_away_hours`` from now.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, has_active_consent
from kiosk.db.models import Associate, Customer


def advisor_available(advisor: Associate, now: dt.datetime, away_limit: dt.timedelta) -> bool:
    """Not disabled, and not away for longer than ``away_limit`` from ``now``."""
    if advisor.disabled_at is not None:
        return False
    away = advisor.away_until
    if away is None:
        return True
    if away.tzinfo is None:  # SQLite hands back naive UTC
        away = away.replace(tzinfo=dt.UTC)
    return away - now <= away_limit


def route(
    s: Session, customer_id: uuid.UUID | None, now: dt.datetime, away_limit: dt.timedelta
) -> uuid.UUID | None:
    """The associate a request or task for ``customer_id`` goes to first; None: the store."""
    if customer_id is None:
        return None
    advisor_id = s.scalar(
        select(Customer.advisor_id).where(Customer.id == customer_id, Customer.erased_at.is_(None))
    )
    if advisor_id is None:
        return None
    if not s.scalar(select(has_active_consent(CLIENTELING, customer_id))):
        return None
    advisor = s.get(Associate, advisor_id)
    if advisor is None or not advisor_available(advisor, now, away_limit):
        return None
    return advisor_id
