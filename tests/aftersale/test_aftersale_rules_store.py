"""After-sale tasks against the real store database: two kiosks and the store's sweep make one
delivery confirmation per booking, and a booking cancelled on the page closes it everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.aftersale.rules import CANCELLED, DELIVERY_CONFIRM
from kiosk.associates.rules import rule_id, sweep
from kiosk.db.models import FollowupTask, ServiceBooking
from kiosk.db.outbox import save
from kiosk.db.versions import store_save
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    STORE,
    T0,
    booking,
    local_engine,
    purchase,
)

store = touch_fixtures.store  # the fixture, shared without a conftest

pytestmark = pytest.mark.postgres
DAY = dt.timedelta(days=1)


def confirmations(engine: Engine) -> list[FollowupTask]:
    with Session(engine) as s:
        query = select(FollowupTask).where(FollowupTask.kind == DELIVERY_CONFIRM)
        return list(s.scalars(query).all())


def test_two_kiosks_and_the_store_make_one_confirmation_and_close_it_together(tmp_path, store):
    sale = purchase(store, None, save_with=store_save)
    delivery = booking(store, sale, "delivery", dt.date(2026, 11, 26), save_with=store_save)
    kiosks = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        engine = local_engine(folder)
        Puller(engine, store, STORE).pull_all()
        with Session(engine) as s, s.begin():
            assert sweep(s, STORE, T0, save).created == {DELIVERY_CONFIRM: 1}
        kiosks.append(engine)
    with Session(store) as s, s.begin():
        made_at_store = sweep(s, STORE, T0, store_save).created
    for engine in kiosks:
        Pusher(engine, store).push_all()

    assert made_at_store == {DELIVERY_CONFIRM: 1}
    [task] = confirmations(store)
    assert task.id == rule_id(DELIVERY_CONFIRM, delivery)

    # the page cancels the booking; the store's sweep closes the task, kiosks pull it closed
    with Session(store) as s, s.begin():
        row = s.get(ServiceBooking, delivery)
        assert row is not None
        row.status, row.cancelled_at = "cancelled", T0 + DAY
        store_save(s, row)
        assert sweep(s, STORE, T0 + DAY, store_save).closed == 1
    for engine in kiosks:
        Puller(engine, store, STORE).pull_all()
        [closed] = confirmations(engine)
        assert closed.outcome == CANCELLED
        with Session(engine) as s, s.begin():
            assert sweep(s, STORE, T0 + DAY, save).closed == 0
        engine.dispose()
