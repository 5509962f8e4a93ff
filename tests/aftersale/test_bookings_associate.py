"""Associate mode books in the store database only: a sale recorded here a moment ago is
sent first; offline it says booking needs the store database and stores nothing, while the
day's list still reads from this kiosk's pulled copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk.aftersale.bookings import BookingError, BookingNeedsStore
from kiosk.associates.directory import AssociateDirectory
from kiosk.db.models import OutboxEntry
from kiosk.db.reads import Scope
from kiosk.station.runtime import start
from kiosk.sync import SyncWorker
from tests.aftersale.sale_fixtures import (
    CLOSED,
    NOW,
    STORE,
    TUESDAY,
    WEDNESDAY,
    WEEK,
    kiosk_fixture,  # noqa: F401 - fixture
    record_sale,
    snapshot,
    store_fixture,  # noqa: F401 - fixture
)
from tests.sync.helpers import kiosk_config

pytestmark = pytest.mark.postgres


def test_a_sale_recorded_here_a_moment_ago_is_booked_moved_done_and_listed(kiosk, store):
    purchase_id = record_sale(kiosk)  # still in this kiosk's outbox
    desk = kiosk.bookings
    delivery = desk.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
    assert (delivery.day, delivery.slot, delivery.start, delivery.status) == (
        TUESDAY,
        "morning",
        dt.time(9),
        "booked",
    )
    fitting = desk.book(purchase_id, "installation", TUESDAY, "afternoon", None, NOW)
    view = kiosk.purchases.get(purchase_id)
    assert view.scope is Scope.STORE
    assert view.value is not None
    assert view.value.unbooked() == ()
    # associates are not held to the page's cut-off: Tuesday 09:00 is 23.5 hours away
    moved = desk.move(delivery.id, WEDNESDAY, "morning", None, NOW)
    assert (moved.day, moved.slot) == (WEDNESDAY, "morning")
    assert desk.cancel(fitting.id, None, NOW).status == "cancelled"
    tuesday = [(b.service, b.slot) for b, _ in desk.day(TUESDAY).value]
    assert tuesday == []
    wednesday = desk.day(WEDNESDAY)
    assert [(b.service, p.id, p.order_ref) for b, p in wednesday.value] == [
        ("delivery", purchase_id, "TILL 2026/0042")
    ]
    advisor = AssociateDirectory(kiosk.engine, STORE).add("Élise", "associate", "482913").id
    done = desk.mark_done(moved.id, advisor, NOW + dt.timedelta(days=2))  # sent first, too
    assert (done.status, done.done_at) == ("done", NOW + dt.timedelta(days=2))
    with pytest.raises(BookingError, match="is done"):
        desk.cancel(moved.id, None, NOW)


def test_offline_booking_needs_the_store_database_and_stores_nothing(tmp_path: Path, seed_local_db):
    dead = "postgresql+psycopg://postgres@127.0.0.1:9/store"  # nothing listens on port 9
    config = kiosk_config(
        tmp_path, "kiosk-off", dead, KIOSK_SERVICE_CAPACITY=WEEK, KIOSK_SERVICE_CLOSED_DAYS=CLOSED
    )
    seed_local_db(config.local_db_path)
    rt = start(config)
    try:
        purchase_id = record_sale(rt)
        before = snapshot(rt.engine)
        with pytest.raises(BookingNeedsStore) as caught:
            rt.bookings.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
        assert str(caught.value) == "booking needs the store database: it did not answer"
        with pytest.raises(BookingNeedsStore):
            rt.bookings.free("delivery", TUESDAY, 7, NOW)
        assert snapshot(rt.engine) == before  # no pretend booking, the sale still queued
        listed = rt.bookings.day(TUESDAY)  # the list reads this kiosk's copy instead
        assert (listed.value, listed.scope) == ([], Scope.KIOSK)
        assert rt.purchases.get(purchase_id).scope is Scope.KIOSK
    finally:
        rt.close()


def test_a_sale_that_cannot_reach_the_store_yet_is_told_plainly(kiosk, store):
    purchase_id = record_sale(kiosk)
    with Session(kiosk.engine) as s, s.begin():  # its delivery is stuck (quarantined)
        s.execute(update(OutboxEntry).values(quarantined_at=NOW))
    before = snapshot(store)
    with pytest.raises(BookingError) as caught:
        kiosk.bookings.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
    assert caught.value.field == "purchase"
    assert str(caught.value) == (
        "the sale is still on its way to the store database; try again in a moment"
    )
    assert snapshot(store) == before


def test_another_kiosk_lists_the_booking_from_its_pulled_copy(
    kiosk, store, tmp_path, seed_local_db
):
    purchase_id = record_sale(kiosk)
    kiosk.bookings.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
    # a kiosk reading only its own copy (no store database of its own to ask), pulled once
    other_config = kiosk_config(tmp_path, "kiosk-2", None, KIOSK_SERVICE_CAPACITY=WEEK)
    seed_local_db(other_config.local_db_path)
    other = start(other_config)
    try:
        SyncWorker(other.engine, store, STORE).run_pass()
        listed = other.bookings.day(TUESDAY)
        assert listed.scope is Scope.KIOSK
        assert [(b.service, b.slot, b.start, p.id) for b, p in listed.value] == [
            ("delivery", "morning", dt.time(9), purchase_id)
        ]
        with pytest.raises(BookingNeedsStore):
            other.bookings.book(purchase_id, "installation", TUESDAY, "morning", None, NOW)
    finally:
        other.close()


def test_free_slots_open_from_tomorrow_to_the_horizon_less_what_is_booked(kiosk):
    purchase_id = record_sale(kiosk)
    desk = kiosk.bookings
    before = desk.free("delivery", NOW.date() - dt.timedelta(days=3), 400, NOW)
    assert before[0].day == TUESDAY  # nothing today or before
    assert before[-1].day <= NOW.date() + dt.timedelta(days=60)  # service_booking_days
    assert {c.day.weekday() for c in before} == {0, 1, 2, 3, 4, 5}  # no Sunday
    assert dt.date(2026, 12, 25) not in {c.day for c in before}  # closed by date
    desk.book(purchase_id, "delivery", TUESDAY, "morning", None, NOW)
    after = desk.free("delivery", TUESDAY, 1, NOW)
    assert [(c.slot, c.free) for c in after] == [("morning", 1), ("afternoon", 2)]
    saturday = desk.free("installation", TUESDAY + dt.timedelta(days=4), 1, NOW)
    assert saturday == []  # Saturday's morning takes deliveries only
