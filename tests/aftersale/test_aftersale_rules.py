"""The associates' tasks after the sale: confirm a delivery the day before, check after an
installation, thank a client whose friend came; each made once, and a confirmation closed
when its booking goes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from kiosk.aftersale.referrals import Referrals, create_invitation
from kiosk.aftersale.rules import (
    CANCELLED,
    DELIVERY_CONFIRM,
    INSTALLATION_CHECK,
    REFERRAL_THANKS,
    after_sale_sweep,
)
from kiosk.associates.rules import rule_id
from kiosk.associates.tasks import FollowupError, complete
from kiosk.db.models import FollowupTask
from kiosk.db.outbox import save
from kiosk.db.reads import StoreReader
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    OVEN,
    SOFA,
    STORE,
    T0,
    associate,
    booking,
    change_booking,
    client,
    consent,
    link,
    open_visit,
    purchase,
    visit,
)
from tests.associates.tasks.helpers import tasks

engine = touch_fixtures.engine  # the fixture, shared without a conftest

PARIS = ZoneInfo("Europe/Paris")
DAY = dt.timedelta(days=1)


def run(engine, at: dt.datetime = T0, tz=PARIS):  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        return after_sale_sweep(s, STORE, at, save, tz)


def of_kind(engine, kind: str) -> list[FollowupTask]:  # type: ignore[no-untyped-def]
    return [t for t in tasks(engine) if t.kind == kind]


def sale(engine):  # type: ignore[no-untyped-def]
    me = associate(engine)
    camille = client(engine)
    return me, camille, purchase(engine, visit(engine, customer_id=camille), T0, camille, me)


def test_a_booked_delivery_is_confirmed_at_nine_the_day_before_in_the_stores_zone(engine):
    me, camille, bought = sale(engine)
    delivery = booking(engine, bought, "delivery", dt.date(2026, 11, 26), "afternoon")

    assert run(engine) == ({DELIVERY_CONFIRM: 1}, 0)

    [task] = of_kind(engine, DELIVERY_CONFIRM)
    assert task.id == rule_id(DELIVERY_CONFIRM, delivery)
    assert task.due_at == dt.datetime(2026, 11, 25, 9, 0, tzinfo=PARIS)  # 08:00 UTC
    assert (task.assigned_to, task.customer_id) == (me, camille)
    assert task.details == {
        "rule": DELIVERY_CONFIRM,
        "booking": str(delivery),
        "purchase": str(bought),
        "service": "delivery",
        "day": "2026-11-26",
        "slot": "afternoon",
        "skus": [OVEN, SOFA],
        "language": "en",
    }
    assert run(engine) == ({}, 0)  # once, however often the sweep runs
    assert len(of_kind(engine, DELIVERY_CONFIRM)) == 1


def test_a_delivery_booked_after_nine_the_day_before_is_due_when_booked(engine):
    _, _, bought = sale(engine)
    late = T0 + dt.timedelta(hours=2)  # 13:00 in Paris on the 20th, for the 21st
    booking(engine, bought, "delivery", dt.date(2026, 11, 21), created=late)
    run(engine, late)
    assert of_kind(engine, DELIVERY_CONFIRM)[0].due_at == late


def test_a_cancelled_or_moved_delivery_closes_its_confirmation_as_cancelled(engine):
    _, _, bought = sale(engine)
    first = booking(engine, bought, "delivery", dt.date(2026, 11, 26))
    run(engine)
    # moved: the old booking cancelled, a new one on another day
    change_booking(engine, first, status="cancelled", cancelled_at=T0 + DAY)
    second = booking(engine, bought, "delivery", dt.date(2026, 11, 28), created=T0 + DAY)

    assert run(engine, T0 + DAY) == ({DELIVERY_CONFIRM: 1}, 1)

    old, new = of_kind(engine, DELIVERY_CONFIRM)
    assert (old.id, old.outcome, old.completed_by) == (
        rule_id(DELIVERY_CONFIRM, first),
        CANCELLED,
        None,
    )
    assert old.completed_at == T0 + DAY
    assert (new.id, new.completed_at) == (rule_id(DELIVERY_CONFIRM, second), None)
    assert new.details["day"] == "2026-11-28"
    assert run(engine, T0 + DAY) == ({}, 0)
    # an associate whose list was a moment old is told why, not "already completed"
    with Session(engine) as s, s.begin(), pytest.raises(FollowupError, match="moved") as late:
        complete(s, old.id, associate(engine, "Léa Petit"), "confirmed", T0 + DAY)
    assert late.value.code == "stopped"


def test_a_voided_sale_closes_its_confirmation(engine):
    _, _, bought = sale(engine)
    booking(engine, bought, "delivery", dt.date(2026, 11, 26))
    run(engine)
    from kiosk.db.models import Purchase

    with Session(engine) as s, s.begin():
        row = s.get(Purchase, bought)
        assert row is not None
        row.cancelled_at = T0 + DAY
        save(s, row)
    assert run(engine, T0 + DAY) == ({}, 1)
    assert of_kind(engine, DELIVERY_CONFIRM)[0].outcome == CANCELLED


def test_a_past_delivery_gets_no_confirmation(engine):
    _, _, bought = sale(engine)
    booking(engine, bought, "delivery", dt.date(2026, 11, 19))
    assert run(engine) == ({}, 0)


def test_an_installation_is_checked_the_day_after_it_was_done(engine):
    me, _, bought = sale(engine)
    day = dt.date(2026, 11, 23)
    installation = booking(engine, bought, "installation", day)
    assert run(engine) == ({}, 0)  # booked, not done: nothing to check yet
    done = dt.datetime(2026, 11, 23, 15, 30, tzinfo=PARIS)
    change_booking(engine, installation, status="done", done_at=done)

    assert run(engine, done + dt.timedelta(hours=1)) == ({INSTALLATION_CHECK: 1}, 0)

    [task] = of_kind(engine, INSTALLATION_CHECK)
    assert task.id == rule_id(INSTALLATION_CHECK, installation)
    assert task.due_at == dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)
    assert task.assigned_to == me
    assert task.details["skus"] == [OVEN]
    assert task.details["done_on"] == "2026-11-23"


def test_an_erased_client_gets_no_after_sale_task(engine):
    _, camille, bought = sale(engine)
    from kiosk.db.models import Customer

    with Session(engine) as s, s.begin():
        row = s.get(Customer, camille)
        assert row is not None
        row.erased_at = T0
        save(s, row)
    booking(engine, bought, "delivery", dt.date(2026, 11, 26))
    assert run(engine) == ({}, 0)


def test_a_redeemed_invitation_thanks_the_inviting_client_through_their_associate(engine):
    me, camille, bought = sale(engine)
    with Session(engine) as s:
        from kiosk.db.models import Purchase

        row = s.get(Purchase, bought)
        assert row is not None
        assert row.visit_id is not None
        inviting_visit = row.visit_id
    consent(engine, camille, inviting_visit)
    sent = link(engine, inviting_visit)
    with Session(engine) as s, s.begin():
        code = create_invitation(s, STORE, sent, bought, T0, 30, save).code
    friend = open_visit(engine, T0 + DAY)
    Referrals(engine, StoreReader(engine, None), STORE, "kiosk-1").redeem_code(
        code, friend, T0 + DAY
    )

    [task] = of_kind(engine, REFERRAL_THANKS)
    assert (task.assigned_to, task.customer_id, task.visit_id) == (me, camille, inviting_visit)
    assert task.due_at == T0 + 2 * DAY
    assert task.details["redeemed_via"] == "kiosk"
    assert "friend" not in str(task.details)
    assert str(friend) not in str(task.details)
    assert run(engine, T0 + DAY) == ({}, 0)


def test_no_thanks_to_a_client_who_never_agreed_to_be_contacted(engine):
    _, _, bought = sale(engine)
    with Session(engine) as s:
        from kiosk.db.models import Purchase

        inviting_visit = s.get(Purchase, bought).visit_id  # type: ignore[union-attr]
    sent = link(engine, inviting_visit)
    with Session(engine) as s, s.begin():
        code = create_invitation(s, STORE, sent, bought, T0, 30, save).code
    reader = StoreReader(engine, None)
    friend = open_visit(engine, T0 + DAY)
    Referrals(engine, reader, STORE, "kiosk-1").redeem_code(code, friend, T0 + DAY)
    assert of_kind(engine, REFERRAL_THANKS) == []
