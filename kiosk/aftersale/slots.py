"""Free places per slot: the store's capacity less its live bookings, and the refusals a
booking can meet. Shared by the page (its own store transaction) and associate mode.

The store's day is its local date in the store's zone ``tz`` (``store_timezone``): associate
mode threads it (a UTC kiosk in a Shanghai store books on Shanghai days); None is the
machine's zone, which the page's server process sets to the store's (``run_on_store_clocks``).
A slot opens for booking from tomorrow to ``horizon_days`` ahead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.aftersale.capacity import Capacity, Slot
from kiosk.db.after_sale_rows import SERVICES, ServiceBooking
from kiosk.errors import KioskError

ALTERNATIVES = 3
MAX_DAYS = 366
"""The most days one look at free slots covers, whatever a request asks for."""


class BookingError(KioskError):
    """A booking refused; ``field`` is what to choose again: ``day``, ``slot``, ``service``,
    ``booking`` or ``purchase``. Nothing was written."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class SlotTaken(BookingError):
    """The slot's places are all taken (perhaps a moment ago, by someone else)."""

    def __init__(self, message: str, alternatives: tuple[SlotChoice, ...]) -> None:
        super().__init__(message, "slot")
        self.alternatives = alternatives


class PastCutoff(BookingError):
    """Too close to the slot to move or cancel it from the page: the store must be called."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "booking")


class BookingNeedsStore(BookingError):
    """Associate mode is offline: a booking is decided by the store database alone."""

    def __init__(self, message: str = "booking needs the store database: it did not answer"):
        super().__init__(message, "booking")


@dataclass(frozen=True)
class SlotChoice:
    service: str
    day: dt.date
    slot: str
    start: dt.time
    end: dt.time
    free: int


def local_day(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The store's date at ``now`` (in ``tz``; None: the machine's zone)."""
    return now.astimezone(tz).date()


def slot_start(day: dt.date, slot: Slot | None, tz: dt.tzinfo | None = None) -> dt.datetime:
    """When the slot begins, aware in the store's zone ``tz`` (None: the machine's), midnight
    for a slot no longer in the capacity: the cut-off then counts from the day's start."""
    naive = dt.datetime.combine(day, slot.start if slot else dt.time(0))
    return naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()


def taken_places(
    s: Session, store_id: str, service: str, first: dt.date, last: dt.date
) -> dict[tuple[dt.date, str], set[int]]:
    """Places held by live bookings, per (day, slot), between two days inclusive."""
    rows = s.execute(
        select(ServiceBooking.day, ServiceBooking.slot, ServiceBooking.place).where(
            ServiceBooking.store_id == store_id,
            ServiceBooking.service == service,
            ServiceBooking.day >= first,
            ServiceBooking.day <= last,
            ServiceBooking.cancelled_at.is_(None),
        )
    ).all()
    taken: dict[tuple[dt.date, str], set[int]] = {}
    for day, slot, place in rows:
        taken.setdefault((day, slot), set()).add(place)
    return taken


def free_places(slot: Slot, service: str, taken: Iterable[int]) -> list[int]:
    """The places still free, lowest first. Counted against the live bookings, not only the
    numbers: when store IT lowers a slot's capacity, bookings made before keep their places
    (some above the new capacity) and the slot takes no more until it is below it again."""
    held = set(taken)
    capacity = slot.capacity(service)
    left = max(capacity - len(held), 0)
    return sorted(set(range(capacity)) - held)[:left]


def free_slots(
    s: Session,
    store_id: str,
    capacity: Capacity,
    service: str,
    start: dt.date,
    days: int,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> list[SlotChoice]:
    """Slots with a free place for ``service`` on ``days`` days from ``start`` (never
    before the store's tomorrow in ``tz``, never more than ``MAX_DAYS``), earliest first."""
    check_service(service)
    first = max(start, local_day(now, tz) + dt.timedelta(days=1))
    last = start + dt.timedelta(days=min(days, MAX_DAYS) - 1)
    if days < 1 or last < first:
        return []
    taken = taken_places(s, store_id, service, first, last)
    choices = []
    day = first
    while day <= last:
        for slot in capacity.slots_on(day):
            free = len(free_places(slot, service, taken.get((day, slot.name), ())))
            if free:
                choices.append(SlotChoice(service, day, slot.name, slot.start, slot.end, free))
        day += dt.timedelta(days=1)
    return choices


def alternatives(
    s: Session,
    store_id: str,
    capacity: Capacity,
    service: str,
    day: dt.date,
    slot: str,
    now: dt.datetime,
    horizon_days: int,
    tz: dt.tzinfo | None = None,
) -> tuple[SlotChoice, ...]:
    """The next free slots after (day, slot), then the nearest before it, up to three."""
    today = local_day(now, tz)
    free = free_slots(s, store_id, capacity, service, today, horizon_days + 1, now, tz)
    others = [c for c in free if (c.day, c.slot) != (day, slot)]
    begins = _start(capacity, day, slot)
    after = [c for c in others if c.day > day or (c.day == day and c.start > begins)]
    before = [c for c in reversed(others) if c not in after]
    return tuple((after + before)[:ALTERNATIVES])


def _start(capacity: Capacity, day: dt.date, slot: str) -> dt.time:
    found = capacity.slot(day, slot)
    return found.start if found else dt.time(0)


def check_service(service: str) -> None:
    if service not in SERVICES:
        raise BookingError(f"'{service[:20]}' is not a service ({', '.join(SERVICES)})", "service")


def check_slot(
    capacity: Capacity,
    service: str,
    day: dt.date,
    slot: str,
    now: dt.datetime,
    horizon_days: int,
    tz: dt.tzinfo | None = None,
) -> Slot:
    """The slot a booking asks for, or the refusal a person can act on; "today" is the
    store's, in ``tz``."""
    check_service(service)
    today = local_day(now, tz)
    if day <= today:
        raise BookingError(
            f"{day.isoformat()} is past or today: the earliest day to book is tomorrow", "day"
        )
    if day > today + dt.timedelta(days=horizon_days):
        raise BookingError(
            f"{day.isoformat()} is more than {horizon_days} days ahead: not open yet", "day"
        )
    if capacity.is_closed(day):
        raise BookingError(f"the store has no {service} on {day.isoformat()} (closed)", "day")
    found = capacity.slot(day, slot)
    if found is None:
        names = ", ".join(x.name for x in capacity.slots_on(day))
        raise BookingError(f"no slot '{slot[:20]}' on {day.isoformat()} (slots: {names})", "slot")
    if found.capacity(service) < 1:
        raise BookingError(f"the {found.name} slot takes no {service}", "slot")
    return found
