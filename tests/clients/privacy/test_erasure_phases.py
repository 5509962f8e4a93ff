"""The erasure in its two phases, as the manager's screen runs them (``forget_here`` on the
recorder, then ``forget_in_store``): what each returns is what the manager is told, decided
here once for the screen and the command line (``forget`` runs both)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clients.forgetting import (
    ErasureError,
    StoreShare,
    client_to_forget,
    find_to_forget,
    forget,
    forget_here,
    forget_in_store,
)
from kiosk.clients.lookup import parse_key
from kiosk.clock import utcnow
from kiosk.db.models import Customer, OutboxEntry
from kiosk.db.reads import Scope
from kiosk.sync import open_store
from tests.clients.privacy.helpers import NAME, PHONE_TYPED, STORE_ID, enrol, sync


def dead_url(store_url: str) -> str:
    """The same store database on a port where nothing answers."""
    return store_url.rsplit("@", 1)[0] + "@127.0.0.1:9/" + store_url.rsplit("/", 1)[1]


def name_of(engine, customer_id):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        row = s.get(Customer, customer_id)
        return None if row is None else row.full_name


def outbox(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def test_the_manager_finds_the_client_to_forget_masked_and_by_id(make_kiosk):
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    found = find_to_forget(kiosk, parse_key(PHONE_TYPED))
    assert found.scope is Scope.KIOSK  # no store database set: this kiosk's records
    assert [(p.customer_id, p.name, p.contact) for p in found.value] == [
        (client.id, "É. M.", "•••• 18")
    ]
    assert client_to_forget(kiosk, client.id).value == found.value
    assert client_to_forget(kiosk, uuid.uuid4()).value == []  # an unknown id: nobody


def test_without_a_store_this_kiosk_erases_and_the_store_follows_when_one_is_set(make_kiosk):
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    at = utcnow()
    here = forget_here(kiosk, client.id, at, "test")
    assert here is not None
    assert here.customer
    assert name_of(kiosk.engine, client.id) is None  # erased at once, before any store

    result = forget_in_store(kiosk, client.id, here, at, "test")
    assert (result.here, result.store, result.share) == (here, None, StoreShare.NONE)
    assert result.store_error == "no store database is set"


def test_an_unknown_client_is_refused_with_a_reason_and_nothing_changes(make_kiosk):
    kiosk = make_kiosk("kiosk-a")
    client = enrol(kiosk)
    before = outbox(kiosk.engine)
    unknown, at = uuid.uuid4(), utcnow()
    assert forget_here(kiosk, unknown, at, "test") is None  # nobody of that id here
    with pytest.raises(ErasureError, match="not on this kiosk and no store database is set"):
        forget_in_store(kiosk, unknown, None, at, "test")
    with pytest.raises(ErasureError, match="not on this kiosk"):
        forget(kiosk.engine, None, STORE_ID, unknown, at, "command line")
    assert name_of(kiosk.engine, client.id) == NAME  # the known client is untouched
    assert outbox(kiosk.engine) == before  # and nothing was queued for the store


@pytest.mark.postgres
def test_with_the_store_reachable_the_store_phase_erases_it_there(make_kiosk, store_url):
    kiosk = make_kiosk("kiosk-a", store_url)
    client = enrol(kiosk)
    sync(kiosk, store_url)  # the client is in the store database
    at = utcnow()
    here = forget_here(kiosk, client.id, at, "test")
    store = open_store(store_url)
    try:
        assert name_of(store, client.id) == NAME  # the first phase leaves the store alone
        result = forget_in_store(kiosk, client.id, here, at, "test")
        assert result.share is StoreShare.DONE
        assert result.store_error is None
        assert result.store is not None
        assert result.store.customer
        assert name_of(store, client.id) is None
    finally:
        store.dispose()


@pytest.mark.postgres
def test_a_client_the_store_has_not_received_yet_is_erased_there_by_the_sync(make_kiosk, store_url):
    kiosk = make_kiosk("kiosk-a", store_url)
    client = enrol(kiosk)  # enrolled here, not synced yet
    at = utcnow()
    here = forget_here(kiosk, client.id, at, "test")
    result = forget_in_store(kiosk, client.id, here, at, "test")
    assert (result.share, result.store) == (StoreShare.LATER, None)
    assert result.store_error == "the store database does not have this client yet"
    sync(kiosk, store_url)  # the tombstone travels alone: the store never sees the name
    store = open_store(store_url)
    try:
        with Session(store) as s:
            row = s.get(Customer, client.id)
            assert row is not None
            assert (row.full_name, row.erased_at is not None) == (None, True)
    finally:
        store.dispose()


@pytest.mark.postgres
def test_with_the_store_down_the_erasure_waits_in_the_outbox(make_kiosk, store_url):
    kiosk = make_kiosk("kiosk-a", dead_url(store_url))
    client = enrol(kiosk)
    at = utcnow()
    here = forget_here(kiosk, client.id, at, "test")
    result = forget_in_store(kiosk, client.id, here, at, "test")
    assert (result.share, result.store) == (StoreShare.PENDING, None)
    assert result.store_error == "the store database did not answer"
    assert name_of(kiosk.engine, client.id) is None


@pytest.mark.postgres
def test_an_unknown_client_with_the_store_down_or_up_changes_nothing(make_kiosk, store_url):
    down = make_kiosk("kiosk-a", dead_url(store_url))
    client = enrol(down)
    unknown, at = uuid.uuid4(), utcnow()
    with pytest.raises(ErasureError, match="did not answer; nothing was changed"):
        forget_in_store(down, unknown, forget_here(down, unknown, at, "test"), at, "test")
    assert name_of(down.engine, client.id) == NAME

    up = make_kiosk("kiosk-b", store_url)
    other = enrol(up)
    sync(up, store_url)
    with pytest.raises(ErasureError, match=f"no client {unknown} in store {STORE_ID}"):
        forget_in_store(up, unknown, forget_here(up, unknown, at, "test"), at, "test")
    store = open_store(store_url)
    try:
        assert name_of(store, other.id) == NAME  # the store's clients are untouched
    finally:
        store.dispose()
