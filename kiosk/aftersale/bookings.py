"""Delivery and installation on the store's slots: the one module screens and the page import.

The session-level functions (``kiosk.aftersale.booking_writes``) run in the caller's store
transaction, as the follow-up page does; ``Bookings`` (``kiosk.aftersale.store_bookings``)
runs them for associate mode, store-only. Free places and refusals are in
``kiosk.aftersale.slots``.
"""

from __future__ import annotations

from kiosk.aftersale.booking_writes import (
    book,
    bookings_for,
    cancel,
    day_list,
    mark_done,
    move,
)
from kiosk.aftersale.purchases import BookingView, PurchaseView
from kiosk.aftersale.slots import (
    BookingError,
    BookingNeedsStore,
    PastCutoff,
    SlotChoice,
    SlotTaken,
    free_slots,
    local_day,
)
from kiosk.aftersale.store_bookings import Bookings

__all__ = [
    "BookingError",
    "BookingNeedsStore",
    "BookingView",
    "Bookings",
    "PastCutoff",
    "PurchaseView",
    "SlotChoice",
    "SlotTaken",
    "book",
    "bookings_for",
    "cancel",
    "day_list",
    "free_slots",
    "local_day",
    "mark_done",
    "move",
]
