"""The after-sale journey end to end on the sale branch's own API and the real store database:
a sale on a kiosk, its delivery booked and moved from the page, its installation done by an
associate; the tasks each step calls for, made once by the store and the kiosk alike; the
question the page asks at each touchpoint; the associate's phone answer reaching the store
and the dashboard."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.aftersale.bookings import book, move
from kiosk.aftersale.rules import CANCELLED, DELIVERY_CONFIRM, INSTALLATION_CHECK
from kiosk.aftersale.scores import offered
from kiosk.associates.rules import sweep
from kiosk.db.models import FollowupTask
from kiosk.db.outbox import save
from kiosk.db.versions import store_save
from kiosk.insights.touchpoints import after_sale_figures
from kiosk.sync.pull import Puller
from tests.aftersale.sale_fixtures import (
    CAPACITY,
    HORIZON,
    NOW,
    STORE,
    TUESDAY,
    WEDNESDAY,
    kiosk_fixture,  # noqa: F401 - fixture
    push,
    record_sale,
    store_fixture,  # noqa: F401 - fixture
)
from tests.associates.tasks.helpers import associate

THURSDAY = WEDNESDAY + dt.timedelta(days=1)


def tasks_of(engine, kind: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        rows = s.scalars(
            select(FollowupTask).where(FollowupTask.kind == kind).order_by(FollowupTask.due_at)
        ).all()
        return [(str(t.details["day"]), t.outcome) for t in rows]


def store_sweep(store, at: dt.datetime):  # type: ignore[no-untyped-def]
    with Session(store) as s, s.begin():
        return sweep(s, STORE, at, store_save)


def test_a_sale_its_services_and_their_touchpoints(kiosk, store):
    me = associate(kiosk.engine, store=STORE)
    sale = record_sale(kiosk)
    push(kiosk, store)
    view = kiosk.purchases.get(sale).value
    with Session(store) as s:
        assert offered(s, view, NOW) == ("purchase",)

    # the page books the delivery for Wednesday, then moves it to Thursday
    with Session(store) as s, s.begin():
        first = book(
            s, STORE, CAPACITY, sale, "delivery", WEDNESDAY, "morning", "page", None, NOW, HORIZON
        )
    assert store_sweep(store, NOW).created == {DELIVERY_CONFIRM: 1}
    assert tasks_of(store, DELIVERY_CONFIRM) == [(WEDNESDAY.isoformat(), None)]
    with Session(store) as s, s.begin():
        move(
            s,
            STORE,
            CAPACITY,
            first.id,
            THURSDAY,
            "afternoon",
            "page",
            None,
            NOW,
            dt.timedelta(hours=24),
            HORIZON,
        )
    moved = store_sweep(store, NOW)
    assert (moved.created, moved.closed) == ({DELIVERY_CONFIRM: 1}, 1)
    assert tasks_of(store, DELIVERY_CONFIRM) == [
        (WEDNESDAY.isoformat(), CANCELLED),
        (THURSDAY.isoformat(), None),
    ]

    # an associate books the installation for Tuesday and marks it done that day
    tuesday_noon = NOW + dt.timedelta(days=1, hours=3)
    done = kiosk.bookings.book(sale, "installation", TUESDAY, "morning", me, NOW)
    kiosk.bookings.mark_done(done.id, me, tuesday_noon)
    assert store_sweep(store, tuesday_noon).created == {INSTALLATION_CHECK: 1}
    with Session(store) as s:
        assert offered(s, sale, tuesday_noon) == ("purchase", "installation")

    # the kiosk pulls it all: its sweep makes nothing the store made already
    Puller(kiosk.engine, store, STORE).pull_all()
    with Session(kiosk.engine) as s, s.begin():
        assert sweep(s, STORE, tuesday_noon, save).total == 0

    # the client tells the associate on the phone how the installation went
    kiosk.scores.record_by_phone("installation", sale, 9, "Neat work", me, tuesday_noon)
    push(kiosk, store)
    with Session(store) as s:
        assert offered(s, sale, tuesday_noon) == ("purchase",)
        a = after_sale_figures(
            s, STORE, NOW - dt.timedelta(days=1), tuesday_noon + dt.timedelta(hours=1)
        )
    installation = a.touchpoint("installation")
    assert (a.purchases, installation.answers, installation.nps, installation.reached) == (
        1,
        1,
        100.0,
        1,
    )
