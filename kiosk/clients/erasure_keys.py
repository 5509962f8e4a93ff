"""The client book's share of an erasure and of a withdrawal: key dates and the advisor.

- Forgetting a client (``kiosk.clients.erasure.erase_rows``) empties every key date of the
  client (label, month, day, year) and sets ``erased_at``; the client's advisor is cleared
  with the rest of the profile.
- Withdrawing the ``key_dates`` consent erases the dates that rested on it, and stops the
  open key-date outreach tasks (the other follow-ups stand: the profile is still agreed to).
- Withdrawing the clienteling consent withdraws ``key_dates`` with it (a date lives in the
  profile), clears the advisor, and stops every open task, outreach included
  (``consent_withdrawn``).

An erased date's version jumps as a client's tombstone does (``outrank``): a copy another
kiosk holds, pulled before, can never bring the date back. Idempotent: an erased, empty
date is left alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, KEY_DATES
from kiosk.clients.key_dates import empty
from kiosk.db.base import Synced
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Consent, Customer, FollowupTask

Touch = Callable[[Session, Synced], None]

KEY_DATE_OUTREACH = "key_date"
"""The outreach made for a key date (``kiosk.outreach.rules.KEY_DATE``, its kind and its
``details["rule"]``): matched by name, so erasure does not import the rules (they import it)."""
OUTREACH_KINDS = (KEY_DATE_OUTREACH, "lapsed", "purchase_anniversary", "new_arrival")
"""Every outreach kind (``kiosk.outreach.rules.OUTREACH_KINDS``), by name for the same reason:
outreach exists only with an active clienteling consent (a key date's, with key_dates too)."""


def erase_key_dates(
    s: Session,
    customer_id: uuid.UUID,
    at: dt.datetime,
    touch: Touch,
    outrank: Callable[[Synced], None],
    withdrawn_only: bool = False,
) -> int:
    """Empty the client's key dates (``withdrawn_only``: those whose consent is withdrawn)
    and mark them erased; returns how many changed."""
    query = select(KeyDate).where(KeyDate.customer_id == customer_id)
    if withdrawn_only:
        query = query.join(Consent, Consent.id == KeyDate.consent_id).where(
            Consent.withdrawn_at.is_not(None)
        )
    changed = 0
    for row in s.scalars(query).all():
        had = empty(row)
        if not had and row.erased_at is not None:
            continue
        row.erased_at = row.erased_at or at
        outrank(row)
        touch(s, row)
        changed += 1
    s.flush()  # a session joined to the sync's transaction writes nothing unflushed
    return changed


def clear_advisor(s: Session, customer: Customer, touch: Touch) -> bool:
    """The client has no advisor any more; True if they had one."""
    if customer.advisor_id is None:
        return False
    customer.advisor_id = None
    touch(s, customer)
    return True


def tasks_to_stop(s: Session, customer_id: uuid.UUID, purpose: str | None) -> list[FollowupTask]:
    """The open tasks a withdrawal of ``purpose`` stops: only the key-date outreach for the
    key dates consent, every open task for any other (the rule of ``withdraw_consent``)."""
    query = select(FollowupTask).where(
        FollowupTask.customer_id == customer_id, FollowupTask.completed_at.is_(None)
    )
    tasks = list(s.scalars(query).all())
    if purpose != KEY_DATES:
        return tasks
    return [t for t in tasks if KEY_DATE_OUTREACH in (t.kind, (t.details or {}).get("rule"))]


def withdraw_book(
    s: Session,
    customer_id: uuid.UUID,
    at: dt.datetime,
    purpose: str | None,
    touch: Touch,
    outrank: Callable[[Synced], None],
) -> int:
    """The client book's share of a withdrawal of ``purpose`` (None: every purpose), after
    the consents themselves were withdrawn: returns the key dates erased."""
    if purpose in (None, CLIENTELING):
        for consent in s.scalars(
            select(Consent).where(
                Consent.customer_id == customer_id,
                Consent.purpose == KEY_DATES,
                Consent.withdrawn_at.is_(None),
            )
        ).all():
            consent.withdrawn_at = at
            touch(s, consent)
        customer = s.get(Customer, customer_id)
        if customer is not None:
            clear_advisor(s, customer, touch)
    if purpose in (None, CLIENTELING, KEY_DATES):
        return erase_key_dates(s, customer_id, at, touch, outrank)
    return 0
