"""A kiosk whose machine runs on UTC, in a Shanghai store, books and reminds on Shanghai days.

Associate mode reckoned the booking's "today", "tomorrow" and the slots offered in the
machine's zone: at 01:00 on a Shanghai Tuesday (17:00 Monday UTC) it offered Tuesday's slots,
which are today in the store, and took a booking for them. The store's zone
(``store_timezone``) is now threaded through ``Bookings``; the sweep's 09:00 reminder of
the delivery was already reckoned in it and is checked here alongside.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.aftersale.bookings import BookingError
from kiosk.aftersale.rules import DELIVERY_CONFIRM, after_sale_sweep
from kiosk.db.models import FollowupTask
from kiosk.db.versions import store_save
from kiosk.station.place import store_zone
from kiosk.station.runtime import Runtime, start
from tests.aftersale.sale_fixtures import (
    CLOSED,
    STORE,
    WEEK,
    record_sale,
    store_fixture,  # noqa: F401 - fixture
)
from tests.sync.helpers import kiosk_config

pytestmark = pytest.mark.postgres

SHANGHAI = ZoneInfo("Asia/Shanghai")
AT = dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)  # Monday in UTC, Tuesday 01:00 in Shanghai
TUESDAY = dt.date(2026, 12, 8)
WEDNESDAY = dt.date(2026, 12, 9)


@pytest.fixture
def utc_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's zone is UTC, as a kiosk image set to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def shanghai_kiosk(
    utc_machine: None, tmp_path: Path, seed_local_db: Any, store_url: str
) -> Iterator[Runtime]:
    config = kiosk_config(
        tmp_path,
        "kiosk-sh",
        store_url,
        KIOSK_SERVICE_CAPACITY=WEEK,
        KIOSK_SERVICE_CLOSED_DAYS=CLOSED,
        KIOSK_STORE_TIMEZONE="Asia/Shanghai",
    )
    seed_local_db(config.local_db_path)
    rt = start(config)
    yield rt
    rt.close()


def test_slots_and_bookings_are_on_the_stores_days(shanghai_kiosk: Runtime) -> None:
    assert AT.astimezone().date() == dt.date(2026, 12, 7)  # the machine's Monday
    desk = shanghai_kiosk.bookings
    purchase_id = record_sale(shanghai_kiosk)

    offered = desk.free("delivery", dt.date(2026, 12, 7), 3, AT)
    assert {c.day for c in offered} == {WEDNESDAY}  # Tuesday is today in the store
    with pytest.raises(BookingError, match="past or today"):
        desk.book(purchase_id, "delivery", TUESDAY, "morning", None, AT)

    booking = desk.book(purchase_id, "delivery", WEDNESDAY, "morning", None, AT)
    assert (booking.day, booking.slot) == (WEDNESDAY, "morning")
    # a day later, 01:00 on the store's Wednesday (still Tuesday in UTC): its day has come
    done = desk.mark_done(booking.id, record_associate(shanghai_kiosk), AT + dt.timedelta(days=1))
    assert done.status == "done"


def test_the_delivery_is_confirmed_at_nine_on_the_stores_clocks(
    shanghai_kiosk: Runtime, store: Any
) -> None:
    purchase_id = record_sale(shanghai_kiosk)
    shanghai_kiosk.bookings.book(purchase_id, "delivery", WEDNESDAY, "morning", None, AT)
    with Session(store) as s, s.begin():  # as the store's sweep, with the kiosk's settings
        after_sale_sweep(s, STORE, AT, store_save, store_zone(shanghai_kiosk.config))
    with Session(store) as s:
        task = s.scalars(select(FollowupTask).where(FollowupTask.kind == DELIVERY_CONFIRM)).one()
    due = task.due_at.astimezone(SHANGHAI)
    assert (due.date(), due.time()) == (TUESDAY, dt.time(9))  # the day before, 09:00 there


def record_associate(rt: Runtime) -> Any:
    from kiosk.associates.directory import AssociateDirectory

    return AssociateDirectory(rt.engine, STORE).add("Élise", "associate", "482913").id
