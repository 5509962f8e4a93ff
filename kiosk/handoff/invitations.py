"""The friend's side of an invitation: its page (``/f/i/{token}``) and the private viewing
booked from it, in the store database.

The invitation page knows nothing about either person and shows nothing but the brand and
the store: the token is opaque, and the inviting link stays in the store database. Booking
a viewing records what the appointment form of a hand-off page records (the friend's own
consent with its wording version, a client of their own, an appointment task for the
store) with no visit behind it, and redeems the invitation in the same transaction, so a
second booking from the same invitation finds it used and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.aftersale import referrals
from kiosk.aftersale.referrals import InvitationStatus
from kiosk.associates.rules import appointment_task
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT
from kiosk.clients.lookup import normalise_email, normalise_phone
from kiosk.db.after_sale_rows import Invitation
from kiosk.db.models import Consent, Customer
from kiosk.db.versions import store_save
from kiosk.handoff.links import looks_like_token
from kiosk.handoff.records import Contact

PATH_SEGMENT = "i"
"""``/f/i/{token}``: one character, so no hand-off token (32 characters,
``kiosk.handoff.links.looks_like_token``) can ever be read as this path."""
PURPOSE = "private_viewing"


@dataclass(frozen=True)
class InvitationState:
    status: InvitationStatus
    id: uuid.UUID | None = None
    store_id: str = ""


class NotOpen(Exception):
    """The invitation was used or ended between showing its page and sending its form."""

    def __init__(self, state: InvitationState) -> None:
        super().__init__(state.status.value)
        self.state = state


def state(s: Session, token: str, now: dt.datetime, lock: bool = False) -> InvitationState:
    """The invitation's status (``kiosk.aftersale.referrals``); ``lock``: its row is held
    until the transaction ends, so two sends of one form cannot both find it open."""
    if not looks_like_token(token):
        return InvitationState(InvitationStatus.UNKNOWN)
    query = select(Invitation).where(Invitation.token == token)
    row = s.scalars(query.with_for_update() if lock else query).first()
    if row is None:
        return InvitationState(InvitationStatus.UNKNOWN)
    return InvitationState(referrals.status_of(row, now), row.id, row.store_id)


def book_viewing(
    s: Session,
    token: str,
    contact: Contact,
    wording_version: str,
    language: str,
    details: dict[str, Any],
    due: dt.datetime | None,
    now: dt.datetime,
    away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> uuid.UUID:
    """The friend's request: consent, a client of their own, the store's appointment task,
    and the invitation redeemed; one transaction (the caller's). The invitation's row is
    locked first (``state``)."""
    found = state(s, token, now, lock=True)
    if found.status is not InvitationStatus.OK or found.id is None:
        raise NotOpen(found)
    customer = Customer(
        store_id=found.store_id,
        created_at=now,
        preferences={},
        full_name=contact.name,
        email=normalise_email(contact.email) if contact.email else None,
        phone=normalise_phone(contact.phone) if contact.phone else None,
    )
    s.add(customer)
    s.flush()
    consent = Consent(
        customer_id=customer.id,
        visit_id=None,
        purpose="appointment",
        wording_version=wording_version,
        language=language,
        given_via="page",
        given_at=now,
    )
    s.add(consent)
    s.flush()
    extra = {
        "requested_via": "invitation",
        "language": language,
        "appointment": PURPOSE,
        "referred": True,
        **details,
    }
    s.add(appointment_task(consent, found.store_id, customer.id, None, due, extra))
    s.flush()
    referrals.redeem(s, found.id, "page", None, now, store_save, away_limit)
    return consent.id
