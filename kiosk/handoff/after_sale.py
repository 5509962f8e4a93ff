"""What the page reads and writes after a purchase, in the store database.

The page is store-side: it reads the link's purchases and their bookings straight from the
store database and writes through the domain's session functions
(``kiosk.aftersale.bookings``, ``scores``, ``referrals``), each in the caller's one
transaction. Every id a form sends (a purchase, a booking) is checked against the link's own
visit first: a form cannot reach another customer's purchase, whatever it carries
(``NotYours``: nothing is written).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.aftersale import bookings, referrals, scores
from kiosk.aftersale.bookings import BookingView, SlotChoice, local_day
from kiosk.aftersale.capacity import Capacity
from kiosk.aftersale.purchases import ItemView, purchase_view
from kiosk.aftersale.slots import slot_start
from kiosk.db.after_sale_rows import (
    SERVICES,
    TOUCHPOINTS,
    Invitation,
    Purchase,
    ServiceBooking,
)
from kiosk.db.models import FollowupLink, TouchpointScore
from kiosk.db.versions import store_save
from kiosk.handoff.records import LinkView

DAYS_SHOWN = 14
"""How many days of free slots a booking form offers (the horizon may be longer: the store
is called for later dates)."""
INVITATION_DAYS = 30
INVITATIONS_SHOWN = 5


class NotYours(Exception):
    """The purchase or booking a form names is not the link's (or does not exist)."""


class AlreadyAnswered(Exception):
    """The touchpoint's score was given already; nothing was written."""


class NotAsked(Exception):
    """The page does not ask this touchpoint now (not reached yet, or unknown)."""


class AlreadySent(Exception):
    """An invitation form issued before the link's last invitation: a double tap."""


@dataclass(frozen=True)
class Booked:
    view: BookingView
    starts_at: dt.datetime
    changeable: bool  # booked, and the cut-off not reached


@dataclass(frozen=True)
class PurchaseFacts:
    id: uuid.UUID
    created_at: dt.datetime
    items: tuple[ItemView, ...]
    booked: tuple[Booked, ...]  # live: booked or done, in date order
    unbooked: tuple[str, ...]
    offered: tuple[str, ...]  # touchpoints the page asks now


@dataclass(frozen=True)
class InvitationFacts:
    token: str
    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class AfterSaleFacts:
    purchases: tuple[PurchaseFacts, ...]
    invitations: tuple[InvitationFacts, ...]  # the link's live ones, newest first
    invitations_made: int  # every one the link made: the invitation form's sequence
    free: dict[str, tuple[SlotChoice, ...]]  # per service some purchase needs

    @property
    def empty(self) -> bool:
        return not self.purchases


def begins(capacity: Capacity | None, booking: BookingView) -> dt.datetime:
    """When the booked slot starts, as the domain's cut-off counts it."""
    slot = capacity.slot(booking.day, booking.slot) if capacity is not None else None
    return slot_start(booking.day, slot)


def _changeable(
    b: BookingView, capacity: Capacity | None, now: dt.datetime, cutoff: dt.timedelta
) -> bool:
    """Booked, and the cut-off not reached: the page offers to move or cancel it."""
    return b.status == "booked" and begins(capacity, b) - now >= cutoff


def link_purchases(s: Session, visit_id: uuid.UUID) -> list[Purchase]:
    return list(
        s.scalars(
            select(Purchase)
            .where(Purchase.visit_id == visit_id, Purchase.cancelled_at.is_(None))
            .order_by(Purchase.created_at, Purchase.id)
        )
    )


def read(
    s: Session,
    view: LinkView,
    capacity: Capacity | None,
    cutoff: dt.timedelta,
    horizon_days: int,
    now: dt.datetime,
) -> AfterSaleFacts:
    """Everything the after-purchase part of the page shows, in one read."""
    assert view.visit_id is not None
    rows = link_purchases(s, view.visit_id)
    if not rows:  # the selection alone: one query, nothing more
        return AfterSaleFacts((), (), 0, {})
    result = []
    needed: set[str] = set()
    for row in rows:
        sale = purchase_view(s, row, capacity)
        live = sorted(sale.bookings, key=lambda b: (b.day, b.start or dt.time(0)))
        booked = tuple(
            Booked(b, begins(capacity, b), _changeable(b, capacity, now, cutoff)) for b in live
        )
        needed.update(sale.needs())
        offered = tuple(scores.offered(s, row.id, now))
        result.append(
            PurchaseFacts(row.id, row.created_at, sale.items, booked, sale.unbooked(), offered)
        )
    free: dict[str, tuple[SlotChoice, ...]] = {}
    if capacity is not None:
        start = local_day(now) + dt.timedelta(days=1)
        days = max(0, min(DAYS_SHOWN, horizon_days))
        for service in SERVICES:
            if service in needed:
                free[service] = tuple(
                    bookings.free_slots(s, view.store_id, capacity, service, start, days, now)
                )
    made, live_invitations = _invitations(s, view, now)
    return AfterSaleFacts(tuple(result), live_invitations, made, free)


def _invitations(
    s: Session, view: LinkView, now: dt.datetime
) -> tuple[int, tuple[InvitationFacts, ...]]:
    made = (
        s.scalar(
            select(func.count()).select_from(Invitation).where(Invitation.link_id == view.link_id)
        )
        or 0
    )
    rows = s.scalars(
        select(Invitation)
        .where(
            Invitation.link_id == view.link_id,
            Invitation.redeemed_at.is_(None),
            Invitation.expires_at > now,
        )
        .order_by(Invitation.created_at.desc(), Invitation.id)
        .limit(INVITATIONS_SHOWN)
    )
    return made, tuple(InvitationFacts(r.token, r.code, r.expires_at) for r in rows)


def _own_purchase(s: Session, view: LinkView, purchase_id: uuid.UUID) -> Purchase:
    row = s.get(Purchase, purchase_id)
    if row is None or row.visit_id != view.visit_id or row.cancelled_at is not None:
        raise NotYours()
    return row


def _own_booking(s: Session, view: LinkView, booking_id: uuid.UUID) -> ServiceBooking:
    row = s.get(ServiceBooking, booking_id)
    if row is None:
        raise NotYours()
    _own_purchase(s, view, row.purchase_id)
    return row


def _lock_link(s: Session, view: LinkView) -> None:
    """Serialise the page's writes for one link (a double tap sends two at once)."""
    s.execute(select(FollowupLink.id).where(FollowupLink.id == view.link_id).with_for_update())


def book(
    s: Session,
    view: LinkView,
    capacity: Capacity,
    purchase_id: uuid.UUID,
    service: str,
    day: dt.date,
    slot: str,
    now: dt.datetime,
    horizon_days: int,
) -> BookingView:
    _own_purchase(s, view, purchase_id)
    return bookings.book(
        s, view.store_id, capacity, purchase_id, service, day, slot, "page", None, now, horizon_days
    )


def move(
    s: Session,
    view: LinkView,
    capacity: Capacity,
    booking_id: uuid.UUID,
    day: dt.date,
    slot: str,
    now: dt.datetime,
    cutoff: dt.timedelta,
    horizon_days: int,
) -> BookingView:
    _own_booking(s, view, booking_id)
    return bookings.move(
        s, view.store_id, capacity, booking_id, day, slot, "page", None, now, cutoff, horizon_days
    )


def cancel(
    s: Session,
    view: LinkView,
    capacity: Capacity | None,
    booking_id: uuid.UUID,
    now: dt.datetime,
    cutoff: dt.timedelta,
) -> BookingView:
    _own_booking(s, view, booking_id)
    return bookings.cancel(s, booking_id, "page", None, now, cutoff, capacity)


def answer(
    s: Session,
    view: LinkView,
    purchase_id: uuid.UUID,
    touchpoint: str,
    score: int,
    comment: str,
    now: dt.datetime,
) -> uuid.UUID:
    """The customer's score for a touchpoint the page asks now; one answer each."""
    _own_purchase(s, view, purchase_id)
    _lock_link(s, view)
    if touchpoint not in scores.offered(s, purchase_id, now):
        if touchpoint in TOUCHPOINTS:
            answered = s.get(TouchpointScore, scores.score_id(touchpoint, purchase_id))
            if answered is not None:
                raise AlreadyAnswered()
        raise NotAsked()
    try:
        return scores.record_score(
            s, view.store_id, touchpoint, purchase_id, score, comment, "page", None, now, store_save
        )
    except scores.ScoreError as exc:
        if exc.field == "touchpoint":
            raise AlreadyAnswered() from None
        raise


def invite(
    s: Session, view: LinkView, purchase_id: uuid.UUID | None, sequence: int, now: dt.datetime
) -> Invitation:
    """A new invitation for the link's friend; ``sequence`` is how many the link had made
    when the form was issued, so a double tap makes one, not two."""
    assert view.link_id is not None
    if purchase_id is not None:
        _own_purchase(s, view, purchase_id)
    _lock_link(s, view)
    made = (
        s.scalar(
            select(func.count()).select_from(Invitation).where(Invitation.link_id == view.link_id)
        )
        or 0
    )
    if made != sequence:
        raise AlreadySent()
    return referrals.create_invitation(
        s, view.store_id, view.link_id, purchase_id, now, INVITATION_DAYS
    )
