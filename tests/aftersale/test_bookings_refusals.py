"""Every booking refusal, against the real store database: a message a customer or an
associate can act on, the field to choose again, and the store's rows unchanged, row for row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.aftersale.bookings import (
    BookingError,
    PastCutoff,
    SlotTaken,
    book,
    bookings_for,
    cancel,
    free_slots,
    mark_done,
    move,
)
from kiosk.aftersale.capacity import parse_capacity
from kiosk.db.after_sale_rows import Purchase
from kiosk.db.versions import store_save
from tests.aftersale.sale_fixtures import (
    CAPACITY,
    CLOSED,
    CUTOFF,
    HORIZON,
    MONDAY,
    NOW,
    STORE,
    TUESDAY,
    WEDNESDAY,
    WEEK,
    snapshot,
    store_fixture,  # noqa: F401 - fixture
)

pytestmark = pytest.mark.postgres
SUNDAY = MONDAY + dt.timedelta(days=6)
SATURDAY = MONDAY + dt.timedelta(days=5)
CHRISTMAS = dt.date(2026, 12, 25)  # a Friday, closed by service_closed_days
FRIDGE = {
    "sku": "MV-CL-FR75",
    "quantity": 1,
    "finish": None,
    "delivery": True,
    "installation": True,
}
LAMP = {"sku": "MV-LT-TL1", "quantity": 2, "finish": None, "delivery": True, "installation": False}


def sale(store: Engine, *items: dict[str, Any]) -> uuid.UUID:
    with Session(store) as s, s.begin():
        row = Purchase(store_id=STORE, order_ref="TILL 9", items=list(items or (FRIDGE,)))
        store_save(s, row)
        return row.id


def in_store(store: Engine, op: Callable[[Session], Any]) -> Any:
    with Session(store) as s, s.begin():
        return op(s)


def page_book(pid: uuid.UUID, day: dt.date, slot: str = "morning", service: str = "delivery"):
    return lambda s: book(s, STORE, CAPACITY, pid, service, day, slot, "page", None, NOW, HORIZON)


def refused(store: Engine, op: Callable[[Session], Any], field: str, words: str) -> BookingError:
    """``op`` is refused naming ``field`` with ``words`` in its message, storing nothing."""
    before = snapshot(store)
    with pytest.raises(BookingError) as caught:
        in_store(store, op)
    assert caught.value.field == field
    assert words in str(caught.value)
    assert snapshot(store) == before
    return caught.value


@pytest.mark.parametrize(
    ("day", "slot", "service", "field", "words"),
    [
        (MONDAY - dt.timedelta(days=3), "morning", "delivery", "day", "is past or today"),
        (MONDAY, "afternoon", "delivery", "day", "the earliest day to book is tomorrow"),
        (SUNDAY, "morning", "delivery", "day", "no delivery on 2026-12-13 (closed)"),
        (CHRISTMAS, "morning", "delivery", "day", "(closed)"),
        (MONDAY + dt.timedelta(days=61), "morning", "delivery", "day", "more than 60 days ahead"),
        (TUESDAY, "evening", "delivery", "slot", "no slot 'evening' on 2026-12-08"),
        (SATURDAY, "morning", "installation", "slot", "takes no installation"),
        (TUESDAY, "morning", "assembly", "service", "'assembly' is not a service"),
    ],
    ids=["past", "today", "sunday", "closed-date", "beyond-horizon", "unknown-slot",
         "no-such-service-in-slot", "unknown-service"],
)  # fmt: skip
def test_a_slot_that_cannot_be_booked_is_refused_and_nothing_is_stored(
    store, day, slot, service, field, words
):
    refused(store, page_book(sale(store), day, slot, service), field, words)


def test_a_service_no_item_needs_and_an_unknown_sale_are_refused(store):
    lamp_only = sale(store, LAMP)
    refused(store, page_book(lamp_only, TUESDAY, service="installation"), "service", "no item")
    refused(store, page_book(uuid.uuid4(), TUESDAY), "purchase", "no such sale")


def test_a_second_booking_of_the_same_service_is_refused(store):
    pid = sale(store)
    in_store(store, page_book(pid, TUESDAY))
    refused(store, page_book(pid, WEDNESDAY), "service", "already booked for 2026-12-08")


def test_a_cancelled_booking_cannot_be_cancelled_or_moved_again(store):
    pid = sale(store)
    booking = in_store(store, page_book(pid, WEDNESDAY))
    gone = in_store(store, lambda s: cancel(s, booking.id, "page", None, NOW, CUTOFF, CAPACITY))
    assert gone.status == "cancelled"
    twice = lambda s: cancel(s, booking.id, "page", None, NOW, CUTOFF, CAPACITY)  # noqa: E731
    refused(store, twice, "booking", "this booking was cancelled: it cannot be cancelled")
    again = lambda s: move(  # noqa: E731
        s, STORE, CAPACITY, booking.id, TUESDAY, "afternoon", "page", None, NOW, CUTOFF, HORIZON
    )
    refused(store, again, "booking", "this booking was cancelled: it cannot be moved")
    # the place it held is free: the sale books again (a new booking, not the old one)
    rebooked = in_store(store, page_book(pid, WEDNESDAY))
    assert rebooked.id != booking.id
    assert [b.id for b in in_store(store, lambda s: bookings_for(s, pid))] == [rebooked.id]


def test_a_moved_booking_is_cancelled_and_cannot_be_moved_twice(store):
    pid = sale(store)
    booking = in_store(store, page_book(pid, WEDNESDAY))

    def to(day: dt.date, slot: str, booking_id: uuid.UUID = booking.id):
        return lambda s: move(
            s, STORE, CAPACITY, booking_id, day, slot, "page", None, NOW, CUTOFF, HORIZON
        )

    moved = in_store(store, to(WEDNESDAY, "afternoon"))
    assert (moved.day, moved.slot, moved.start) == (WEDNESDAY, "afternoon", dt.time(13))
    refused(store, to(TUESDAY, "afternoon"), "booking", "cannot be moved")
    refused(store, to(WEDNESDAY, "afternoon", moved.id), "slot", "already booked in that slot")


def test_a_move_to_a_full_slot_leaves_the_old_booking_standing(store):
    pid = sale(store)
    booking = in_store(store, page_book(pid, WEDNESDAY))
    for _ in range(2):  # Tuesday afternoon takes two deliveries: both go to others
        in_store(store, page_book(sale(store), TUESDAY, "afternoon"))
    move_there = lambda s: move(  # noqa: E731
        s, STORE, CAPACITY, booking.id, TUESDAY, "afternoon", "page", None, NOW, CUTOFF, HORIZON
    )
    taken = refused(store, move_there, "slot", "the afternoon slot of 2026-12-08 has no delivery")
    assert isinstance(taken, SlotTaken)
    assert [(c.day, c.slot) for c in taken.alternatives][:1] == [(WEDNESDAY, "morning")]
    assert [b.id for b in in_store(store, lambda s: bookings_for(s, pid))] == [booking.id]


def test_the_page_cannot_move_or_cancel_past_the_cutoff_an_associate_can(store):
    pid = sale(store)
    tuesday_9 = in_store(store, page_book(pid, TUESDAY))  # 09:00, 23.5 hours after NOW
    late_cancel = lambda s: cancel(s, tuesday_9.id, "page", None, NOW, CUTOFF, CAPACITY)  # noqa: E731
    error = refused(store, late_cancel, "booking", "less than 24 hours away")
    assert isinstance(error, PastCutoff)
    assert "please call the store" in str(error)
    late_move = lambda s: move(  # noqa: E731
        s, STORE, CAPACITY, tuesday_9.id, WEDNESDAY, "morning", "page", None, NOW, CUTOFF, HORIZON
    )
    assert isinstance(refused(store, late_move, "booking", "can no longer be moved"), PastCutoff)
    by_associate = in_store(store, lambda s: cancel(s, tuesday_9.id, "associate", None, NOW, None))
    assert by_associate.status == "cancelled"


def test_a_done_booking_cannot_be_moved_cancelled_or_done_again(store):
    pid = sale(store)
    booking = in_store(store, page_book(pid, TUESDAY))
    by = None
    early = lambda s: mark_done(s, booking.id, by, NOW)  # noqa: E731
    refused(store, early, "booking", "it cannot be done before")
    tuesday = NOW + dt.timedelta(days=1, hours=3)
    done = in_store(store, lambda s: mark_done(s, booking.id, by, tuesday))
    assert (done.status, done.done_at) == ("done", tuesday)
    refused(store, lambda s: mark_done(s, booking.id, by, tuesday), "booking", "is done")
    refused(
        store, lambda s: cancel(s, booking.id, "associate", by, tuesday, None), "booking", "is done"
    )
    refused(store, page_book(pid, WEDNESDAY), "service", "already done")


def test_a_slot_whose_capacity_was_lowered_takes_no_more_than_its_new_capacity(store):
    """Three deliveries booked when Wednesday morning took three; store IT lowers it to
    two and one of the first is cancelled: the slot is full, not one place free."""
    roomy = parse_capacity(
        WEEK.replace("morning 09:00-12:00 delivery 2", "morning 09:00-12:00 delivery 3"), CLOSED
    )
    sales = [sale(store) for _ in range(3)]
    booked = [
        in_store(
            store,
            lambda s, pid=pid: book(
                s, STORE, roomy, pid, "delivery", WEDNESDAY, "morning", "page", None, NOW, HORIZON
            ),
        )
        for pid in sales
    ]
    in_store(store, lambda s: cancel(s, booked[0].id, "associate", None, NOW, None))
    with Session(store) as s:
        assert [c.slot for c in free_slots(s, STORE, CAPACITY, "delivery", WEDNESDAY, 1, NOW)] == [
            "afternoon"
        ]
    taken = refused(store, page_book(sale(store), WEDNESDAY), "slot", "has no delivery place left")
    assert isinstance(taken, SlotTaken)
