"""Bookings as associate mode makes them: straight in the store database, never pretended.

A booking's place is decided by the store database's unique index, so a kiosk cannot book
offline and settle later: two kiosks (or a kiosk and the page) would both "have" the last
place. Offline, every write says ``BookingNeedsStore``; the day's list falls back to this
kiosk's pulled copy like every associate read.

A sale recorded on this kiosk a moment ago may still be in its outbox: before booking, the
outbox is pushed from the calling thread (the version guard makes the sync worker's later
delivery a no-op), and only if the sale is still missing is the associate asked to wait.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from kiosk.aftersale import booking_writes as domain
from kiosk.aftersale.capacity import Capacity
from kiosk.aftersale.purchases import BookingView, PurchaseView
from kiosk.aftersale.slots import (
    BookingError,
    BookingNeedsStore,
    SlotChoice,
    free_slots,
    local_day,
)
from kiosk.db.after_sale_rows import Purchase
from kiosk.db.models import Associate
from kiosk.db.reads import Read, StoreReader, StoreUnreachable

T = TypeVar("T")
PUSH_BATCHES = 10
"""At most this many outbox batches sent while an associate waits: after a long outage the
sync worker is on it, and the associate is asked to try again in a moment."""
VIA = "associate"
ON_ITS_WAY = "the sale is still on its way to the store database; try again in a moment"
ASSOCIATE_ON_ITS_WAY = (
    "your associate profile is still on its way to the store database; try again in a moment"
)


class _NotAtStore(Exception):
    """The sale or the associate is not in the store database (yet): the message to give
    if pushing the outbox does not bring it."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class Bookings:
    def __init__(
        self,
        reader: StoreReader,
        store_id: str,
        capacity: Capacity,
        cutoff: dt.timedelta,
        horizon_days: int,
        zone: dt.tzinfo | None = None,
    ) -> None:
        self.reader = reader
        self.store_id = store_id
        self.capacity = capacity
        self.cutoff = cutoff  # the page's; associates are not held to it
        self.horizon_days = horizon_days
        # The store's (``store_timezone``): its days are booked, whatever the machine's zone
        # (a UTC kiosk in a Shanghai store). None only outside a kiosk: the machine's zone.
        self.zone = zone

    def free(self, service: str, start: dt.date, days: int, now: dt.datetime) -> list[SlotChoice]:
        """Slots with a free place, from ``start`` for ``days`` days but not past the
        booking horizon (``service_booking_days``)."""
        horizon = local_day(now, self.zone) + dt.timedelta(days=self.horizon_days)
        days = min(days, (horizon - start).days + 1)
        return self._store(
            lambda s: free_slots(
                s, self.store_id, self.capacity, service, start, days, now, self.zone
            )
        )

    def book(
        self,
        purchase_id: uuid.UUID,
        service: str,
        day: dt.date,
        slot: str,
        by: uuid.UUID | None,
        now: dt.datetime,
    ) -> BookingView:
        def op(s: Session) -> BookingView:
            return domain.book(
                s,
                self.store_id,
                self.capacity,
                purchase_id,
                service,
                day,
                slot,
                VIA,
                by,
                now,
                self.horizon_days,
                tz=self.zone,
            )

        return self._pushed_first(op, purchase_id, by)

    def move(
        self,
        booking_id: uuid.UUID,
        day: dt.date,
        slot: str,
        by: uuid.UUID | None,
        now: dt.datetime,
    ) -> BookingView:
        def op(s: Session) -> BookingView:
            return domain.move(
                s,
                self.store_id,
                self.capacity,
                booking_id,
                day,
                slot,
                VIA,
                by,
                now,
                None,  # associates are not held to the page's cut-off
                self.horizon_days,
                tz=self.zone,
            )

        return self._pushed_first(op, by=by)

    def cancel(self, booking_id: uuid.UUID, by: uuid.UUID | None, now: dt.datetime) -> BookingView:
        return self._pushed_first(
            lambda s: domain.cancel(s, booking_id, VIA, by, now, None, self.capacity, tz=self.zone),
            by=by,
        )

    def mark_done(self, booking_id: uuid.UUID, by: uuid.UUID, now: dt.datetime) -> BookingView:
        return self._pushed_first(
            lambda s: domain.mark_done(s, booking_id, by, now, self.zone), by=by
        )

    def day(self, day: dt.date) -> Read[list[tuple[BookingView, PurchaseView]]]:
        """The day's bookings: the store's, else this kiosk's pulled copy (its scope says)."""
        return self.reader.read(lambda s: domain.day_list(s, self.store_id, day, self.capacity))

    def _pushed_first(
        self,
        op: Callable[[Session], T],
        purchase_id: uuid.UUID | None = None,
        by: uuid.UUID | None = None,
    ) -> T:
        """``op`` in the store; when what it names (a sale, an associate) is still in this
        kiosk's outbox, the outbox is pushed and ``op`` tried once more."""

        def checked(s: Session) -> T:
            _at_store(s, purchase_id, by)
            return op(s)

        try:
            return self._store(checked)
        except _NotAtStore:
            pass
        self._push()
        try:
            return self._store(checked)
        except _NotAtStore as missing:
            raise BookingError(str(missing), missing.field) from None

    def _store(self, op: Callable[[Session], T]) -> T:
        try:
            return self.reader.write_store(op)
        except StoreUnreachable as exc:
            raise BookingNeedsStore() from exc

    def _push(self) -> None:
        """This kiosk's outbox to the store now, from this thread (not the GUI's)."""
        from kiosk.sync.errors import StoreUnavailable
        from kiosk.sync.push import Pusher

        store = self.reader.store
        if store is None:
            raise BookingNeedsStore()
        try:
            Pusher(self.reader.local, store).push_all(max_batches=PUSH_BATCHES)
        except StoreUnavailable as exc:
            raise BookingNeedsStore() from exc


def _at_store(s: Session, purchase_id: uuid.UUID | None, by: uuid.UUID | None) -> None:
    """_NotAtStore when the sale or the associate has not reached the store database."""
    if purchase_id is not None and s.get(Purchase, purchase_id) is None:
        raise _NotAtStore(ON_ITS_WAY, "purchase")
    if by is not None and s.get(Associate, by) is None:
        raise _NotAtStore(ASSOCIATE_ON_ITS_WAY, "booking")
