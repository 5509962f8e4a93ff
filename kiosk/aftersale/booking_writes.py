"""Booking a purchase's delivery and installation on the store's slots, moving and cancelling
them, and marking them done.

Decided in the store database alone: the session-level functions run in the caller's store
transaction (the follow-up page's, or ``Bookings`` for associate mode) and write with
``store_save``. A booking takes the lowest free place of its slot; the partial unique index
``uq_service_bookings_place`` lets one live booking hold a place, so when two customers race
for the last one, one insert wins and the other is refused by PostgreSQL itself. The loser's
insert runs in a SAVEPOINT, so the caller's transaction stays usable: it tries the slot's
next free place once (someone took a different place than ours), then answers ``SlotTaken``
with the next free slots. Every refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.aftersale.capacity import Capacity
from kiosk.aftersale.purchases import BookingView, PurchaseView, booking_view, purchase_view
from kiosk.aftersale.slots import (
    BookingError,
    PastCutoff,
    SlotTaken,
    alternatives,
    check_slot,
    free_places,
    local_day,
    slot_start,
    taken_places,
)
from kiosk.db.after_sale_rows import SERVICES, Purchase, ServiceBooking
from kiosk.db.versions import store_save

ATTEMPTS = 2
"""Places tried in a slot before it is declared taken: ours, then the next one free."""


def book(
    s: Session,
    store_id: str,
    capacity: Capacity,
    purchase_id: uuid.UUID,
    service: str,
    day: dt.date,
    slot: str,
    via: str,
    by: uuid.UUID | None,
    now: dt.datetime,
    horizon_days: int,
    *,
    replaces_id: uuid.UUID | None = None,
    tz: dt.tzinfo | None = None,
) -> BookingView:
    """Book ``service`` of the purchase on (day, slot); BookingError (SlotTaken with the next
    free slots when its places are all taken), nothing written, when it cannot be. ``tz``:
    the store's zone, whose days are booked (None: the machine's, as the page's process)."""
    found = check_slot(capacity, service, day, slot, now, horizon_days, tz)
    purchase = s.get(Purchase, purchase_id)
    if purchase is None or purchase.store_id != store_id or purchase.cancelled_at is not None:
        raise BookingError("no such sale in this store", "purchase")
    if not any(item.get(service) for item in purchase.items or ()):
        raise BookingError(f"no item of this sale needs {service}", "service")
    _refuse_second(s, purchase_id, service)
    for _ in range(ATTEMPTS):
        taken = taken_places(s, store_id, service, day, day).get((day, found.name), set())
        places = free_places(found, service, taken)
        if not places:
            break
        row = ServiceBooking(
            store_id=store_id,
            purchase_id=purchase_id,
            service=service,
            day=day,
            slot=found.name,
            place=places[0],
            status="booked",
            booked_via=via,
            booked_by=by,
            replaces_id=replaces_id,
            created_at=now,
        )
        try:
            with s.begin_nested():
                store_save(s, row)
        except IntegrityError as exc:
            if not _unique_violation(exc):
                raise  # a missing associate or sale: not a race, not the customer's to fix
            if "uq_service_bookings_live" in str(exc.orig) or "purchase_id" in str(exc.orig):
                _refuse_second(s, purchase_id, service)  # booked meanwhile, from elsewhere
            continue  # our place went a moment ago: the next one, or the alternatives
        return booking_view(row, capacity)
    raise SlotTaken(
        f"the {found.name} slot of {day.isoformat()} has no {service} place left",
        alternatives(s, store_id, capacity, service, day, found.name, now, horizon_days, tz),
    )


def move(
    s: Session,
    store_id: str,
    capacity: Capacity,
    booking_id: uuid.UUID,
    day: dt.date,
    slot: str,
    via: str,
    by: uuid.UUID | None,
    now: dt.datetime,
    cutoff: dt.timedelta | None,
    horizon_days: int,
    *,
    tz: dt.tzinfo | None = None,
) -> BookingView:
    """Cancel the booking and book (day, slot) instead, in one step (a SAVEPOINT): when the
    new slot is refused the old booking stands. ``cutoff`` None: an associate, no cut-off."""
    old = _live(s, booking_id, "moved", store_id)
    _check_cutoff(old, capacity, now, cutoff, "moved", tz)
    if (old.day, old.slot) == (day, slot):
        raise BookingError(f"this {old.service} is already booked in that slot", "slot")
    check_slot(capacity, old.service, day, slot, now, horizon_days, tz)
    with s.begin_nested():
        old.status, old.cancelled_at = "cancelled", now
        store_save(s, old)
        return book(
            s,
            store_id,
            capacity,
            old.purchase_id,
            old.service,
            day,
            slot,
            via,
            by,
            now,
            horizon_days,
            replaces_id=old.id,
            tz=tz,
        )


def cancel(
    s: Session,
    booking_id: uuid.UUID,
    via: str,
    by: uuid.UUID | None,
    now: dt.datetime,
    cutoff: dt.timedelta | None,
    capacity: Capacity | None = None,
    *,
    tz: dt.tzinfo | None = None,
) -> BookingView:
    """Free the booking's place. ``cutoff`` None: an associate, no cut-off; otherwise the
    slot's start is read from ``capacity`` (the day's start when not given)."""
    row = _live(s, booking_id, "cancelled")
    _check_cutoff(row, capacity, now, cutoff, "cancelled", tz)
    row.status, row.cancelled_at = "cancelled", now
    store_save(s, row)
    return booking_view(row, capacity)


def mark_done(
    s: Session,
    booking_id: uuid.UUID,
    by: uuid.UUID,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> BookingView:
    """The delivery or installation took place (an associate says so) on or after its day
    (the store's, in ``tz``)."""
    row = _live(s, booking_id, "marked done")
    if row.day > local_day(now, tz):
        raise BookingError(
            f"this {row.service} is booked for {row.day.isoformat()}: it cannot be done before",
            "booking",
        )
    row.status, row.done_at, row.done_by = "done", now, by
    store_save(s, row)
    return booking_view(row)


def bookings_for(
    s: Session, purchase_id: uuid.UUID, capacity: Capacity | None = None
) -> list[BookingView]:
    """The purchase's live bookings (booked or done), in ``SERVICES`` order."""
    rows = s.scalars(
        select(ServiceBooking).where(
            ServiceBooking.purchase_id == purchase_id, ServiceBooking.cancelled_at.is_(None)
        )
    ).all()
    return sorted(
        (booking_view(r, capacity) for r in rows), key=lambda b: SERVICES.index(b.service)
    )


def day_list(
    s: Session, store_id: str, day: dt.date, capacity: Capacity | None = None
) -> list[tuple[BookingView, PurchaseView]]:
    """The day's live bookings with their purchases, by slot time, service and place."""
    rows = s.execute(
        select(ServiceBooking, Purchase)
        .join(Purchase, Purchase.id == ServiceBooking.purchase_id)
        .where(
            ServiceBooking.store_id == store_id,
            ServiceBooking.day == day,
            ServiceBooking.cancelled_at.is_(None),
        )
    ).all()
    listed = [(booking_view(b, capacity), purchase_view(s, p, capacity), b.place) for b, p in rows]
    listed.sort(key=lambda t: (t[0].start or dt.time(0), t[0].slot, t[0].service, t[2]))
    return [(b, p) for b, p, _ in listed]


def _unique_violation(exc: IntegrityError) -> bool:
    """PostgreSQL's unique_violation (SQLSTATE 23505), or SQLite's UNIQUE failure."""
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint" in str(exc.orig)


def _live(
    s: Session, booking_id: uuid.UUID, what: str, store_id: str | None = None
) -> ServiceBooking:
    """The booking, locked until the caller's transaction ends (the page and an associate
    moving it at once: the second sees the first's change), if it can still change."""
    row = s.get(ServiceBooking, booking_id, with_for_update=True, populate_existing=True)
    if row is None or (store_id is not None and row.store_id != store_id):
        raise BookingError("no such booking", "booking")
    if row.status == "cancelled" or row.cancelled_at is not None:
        raise BookingError(f"this booking was cancelled: it cannot be {what}", "booking")
    if row.status == "done":
        raise BookingError(f"this {row.service} is done: it cannot be {what}", "booking")
    return row


def _check_cutoff(
    row: ServiceBooking,
    capacity: Capacity | None,
    now: dt.datetime,
    cutoff: dt.timedelta | None,
    what: str,
    tz: dt.tzinfo | None,
) -> None:
    if cutoff is None:
        return
    begins = slot_start(row.day, capacity.slot(row.day, row.slot) if capacity else None, tz)
    if begins - now < cutoff:
        hours = int(cutoff.total_seconds() // 3600)
        raise PastCutoff(
            f"this {row.service} is less than {hours} hours away: it can no longer be {what} "
            "here; please call the store"
        )


def _refuse_second(s: Session, purchase_id: uuid.UUID, service: str) -> None:
    live = s.scalar(
        select(ServiceBooking).where(
            ServiceBooking.purchase_id == purchase_id,
            ServiceBooking.service == service,
            ServiceBooking.cancelled_at.is_(None),
        )
    )
    if live is not None:
        state = "done" if live.status == "done" else f"booked for {live.day.isoformat()}"
        raise BookingError(
            f"the {service} of this sale is already {state}: move it instead", "service"
        )
