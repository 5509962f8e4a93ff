"""The client book against the real store database, with kiosks syncing as they do: key
dates travel to the store and every kiosk, "My clients" reads store-wide, and a withdrawal
erases dates a kiosk never held."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT, KEY_DATES
from kiosk.clients.erasure import withdraw_consent
from kiosk.clients.key_dates import key_dates_of
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Customer, FollowupTask
from kiosk.db.reads import Scope, StoreReader
from kiosk.sync import open_store
from tests.clients.book.helpers import STORE, T0, client, person, task
from tests.clients.privacy.helpers import found, sync

pytestmark = pytest.mark.postgres

LABEL = "Opening night at the Orangerie"
LATE = "Her daughter's graduation in Lyon"
NOW = dt.datetime.now(dt.UTC)


def test_key_dates_reach_the_store_and_every_kiosk_and_my_clients_reads_store_wide(
    make_kiosk, store_url
):
    a, b = make_kiosk("kiosk-a", store_url), make_kiosk("kiosk-b", store_url)
    elise = person(a.engine, "Élise Martin")
    who = client(a.engine, "Ana Lima", purposes=(CLIENTELING, KEY_DATES), advisor=elise)
    date_id = a.client_book.add_key_date(who, "other", 12, 1, None, LABEL, elise, NOW)
    sync(a, store_url)
    sync(b, store_url)  # B pulls the client, the consent and the date

    today = NOW.date()
    mine = b.client_book.mine(elise, today)
    assert mine.scope is Scope.STORE
    assert [(r.name, r.next_key_kind) for r in mine.value] == [("Ana Lima", "other")]
    offline = StoreReader(b.engine, None)  # the store cut off: B's own copy answers
    pulled = offline.read(lambda s: key_dates_of(s, who))
    assert pulled.scope is Scope.KIOSK
    assert [(d.id, d.label) for d in pulled.value] == [(date_id, LABEL)]

    # B removes it (the client asked): the store and A keep nothing of it
    b.client_book.remove_key_date(date_id, elise, NOW)
    sync(b, store_url)
    sync(a, store_url)
    store = open_store(store_url)
    try:
        every = {"kiosk-a": a.engine, "kiosk-b": b.engine, "store": store}
        assert found(every, [LABEL, "Orangerie"]) == []
        for engine in every.values():
            with Session(engine) as s:
                row = s.get(KeyDate, date_id)
                assert row is not None
                assert (row.month, row.day, row.removed_at is not None) == (None, None, True)
        assert b.client_book.mine(elise, today).value[0].next_key_date is None
    finally:
        store.dispose()


def test_a_withdrawal_erases_dates_the_withdrawing_kiosk_never_held(make_kiosk, store_url):
    a, b = make_kiosk("kiosk-a", store_url), make_kiosk("kiosk-b", store_url)
    elise = person(a.engine, "Élise Martin")
    who = client(
        a.engine, purposes=(CLIENTELING, FOLLOWUP_CONTACT, KEY_DATES), advisor=elise, at=T0
    )
    a.client_book.add_key_date(who, "other", 6, 1, None, LABEL, elise, NOW)
    sync(a, store_url)  # the store has the first date
    with Session(b.engine) as s, s.begin():
        assert s.get(Customer, who) is None  # B has not pulled anything yet
    a.client_book.add_key_date(who, "other", 7, 1, None, LATE, elise, NOW)  # not sent yet
    sync(b, store_url)  # B pulls the client, the consent and the first date
    with Session(b.engine) as s, s.begin():  # the client tells B's associate: no more dates
        assert s.scalar(select(KeyDate.id).where(KeyDate.label == LATE)) is None  # never seen
        withdraw_consent(s, STORE, who, NOW, KEY_DATES)
    sync(b, store_url)
    sync(a, store_url)  # A's late date arrives on a withdrawn consent: erased there
    sync(b, store_url)
    store = open_store(store_url)
    try:
        every = {"kiosk-a": a.engine, "kiosk-b": b.engine, "store": store}
        assert found(every, [LABEL, LATE, "Orangerie", "graduation"]) == []
        with Session(store) as s:
            rows = s.scalars(select(KeyDate)).all()
            assert len(rows) == 2
            assert {(r.month, r.erased_at is not None) for r in rows} == {(None, True)}
            customer = s.get(Customer, who)
            assert customer is not None
            assert (customer.erased_at, customer.advisor_id) == (None, elise)  # profile stands
    finally:
        store.dispose()


def test_withdrawing_clienteling_stops_outreach_the_withdrawing_kiosk_never_held(
    make_kiosk, store_url
):
    a, b = make_kiosk("kiosk-a", store_url), make_kiosk("kiosk-b", store_url)
    elise = person(a.engine, "Élise Martin")
    who = client(
        a.engine, purposes=(CLIENTELING, FOLLOWUP_CONTACT, KEY_DATES), advisor=elise, at=T0
    )
    sync(a, store_url)
    sync(b, store_url)  # B knows the client and their consents
    sent = task(a.engine, who, "lapsed")
    sync(a, store_url)  # in the store, not yet pulled by B
    late = task(a.engine, who, "key_date")  # made on A, not sent yet
    with Session(b.engine) as s, s.begin():
        assert s.get(FollowupTask, sent) is None
        withdraw_consent(s, STORE, who, NOW, CLIENTELING)
    sync(b, store_url)  # the withdrawal reaches the store: the lapsed task stops there
    sync(a, store_url)  # the late key-date task arrives on a withdrawn consent: stopped too
    store = open_store(store_url)
    try:
        for engine in (store, a.engine):
            with Session(engine) as s:
                for task_id in (sent, late):
                    row = s.get(FollowupTask, task_id)
                    assert row is not None
                    assert (row.outcome, "note" in row.details) == ("consent_withdrawn", False)
        with Session(store) as s:
            customer = s.get(Customer, who)
            assert customer is not None
            assert (customer.advisor_id, customer.erased_at) == (None, None)
    finally:
        store.dispose()
