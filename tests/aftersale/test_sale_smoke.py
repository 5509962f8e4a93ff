"""The contract's path end to end: a sale recorded on a kiosk, read back store-wide, its
delivery booked by an associate although the sale has not synced yet."""

from __future__ import annotations

from kiosk.db.reads import Scope
from tests.aftersale.sale_fixtures import (
    NOW,
    TUESDAY,
    kiosk_fixture,  # noqa: F401 - fixture
    record_sale,
)


def test_a_sale_recorded_on_the_kiosk_is_booked_by_an_associate_before_it_synced(kiosk):
    purchase_id = record_sale(kiosk)
    read = kiosk.purchases.get(purchase_id)
    assert read.value is not None
    assert read.value.needs() == ("delivery", "installation")
    booking = kiosk.bookings.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
    assert (booking.day, booking.slot, booking.status) == (TUESDAY, "morning", "booked")
    again = kiosk.purchases.get(purchase_id)
    assert again.scope is Scope.STORE
    assert again.value is not None
    assert again.value.unbooked() == ("installation",)
    day = kiosk.bookings.day(TUESDAY)
    assert [(b.service, p.id) for b, p in day.value] == [("delivery", purchase_id)]
