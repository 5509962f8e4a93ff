"""Where a client's requests and tasks go (``kiosk.clients.advisor.route``): their advisor
first, the whole store (None) when there is none, or they cannot answer."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.advisor import route
from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT
from kiosk.clients.erasure import erase_rows, outbox_touch, withdraw_consent
from kiosk.db.models import Consent, Customer
from tests.clients.book.helpers import STORE, T0, client, person

LIMIT = dt.timedelta(hours=48)  # advisor_away_hours' default


def routed(engine, customer_id, now=T0):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return route(s, customer_id, now, LIMIT)


@pytest.mark.parametrize(
    ("away", "to_advisor"),
    [
        (None, True),
        (T0 - dt.timedelta(days=2), True),  # was away, is back
        (T0 + dt.timedelta(hours=20), True),  # back tomorrow: the advisor still
        (T0 + LIMIT, True),  # exactly the limit
        (T0 + LIMIT + dt.timedelta(minutes=1), False),  # longer: the store
        (T0 + dt.timedelta(days=14), False),
    ],
)
def test_the_advisor_first_unless_away_longer_than_the_setting(db, away, to_advisor):
    advisor = person(db, "Élise Martin", away_until=away)
    who = client(db, advisor=advisor)
    assert routed(db, who) == (advisor if to_advisor else None)


def test_no_advisor_or_no_client_goes_to_the_store(db):
    assert routed(db, client(db)) is None
    assert routed(db, None) is None
    assert routed(db, uuid.uuid4()) is None


def test_a_disabled_advisor_hands_the_client_to_the_store(db):
    advisor = person(db, "Old Hand", disabled=True)
    assert routed(db, client(db, advisor=advisor)) is None


def test_a_withdrawn_clienteling_consent_sends_nothing_to_the_advisor(db):
    advisor = person(db, "Élise Martin")
    who = client(db, purposes=(CLIENTELING, FOLLOWUP_CONTACT), advisor=advisor)
    assert routed(db, who) == advisor
    with Session(db) as s, s.begin():  # a withdrawal pulled before the client's row
        consent = s.scalars(select(Consent).where(Consent.purpose == CLIENTELING)).one()
        consent.withdrawn_at = T0
    assert routed(db, who) is None
    with Session(db) as s, s.begin():  # withdrawn here: the advisor goes with it
        withdraw_consent(s, STORE, who, T0, CLIENTELING)
        row = s.get(Customer, who)
        assert row is not None
        assert row.advisor_id is None
    assert routed(db, who) is None


def test_an_erased_client_has_no_advisor(db):
    advisor = person(db, "Élise Martin")
    who = client(db, advisor=advisor)
    with Session(db) as s, s.begin():
        erase_rows(s, STORE, who, T0, outbox_touch)
    assert routed(db, who) is None
