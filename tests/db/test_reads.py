"""Store-wide reads fall back to this kiosk's records when the store does not answer."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from kiosk.db.engine import reads_at_once
from kiosk.db.models import Base, Visit
from kiosk.db.reads import Scope, StoreReader, StoreUnreachable, reader_for
from kiosk.station.config import load_config
from kiosk.sync.settings import SyncSettings
from kiosk.sync.store import open_store


def count_visits(s: Session) -> int:
    return len(s.scalars(select(Visit.id)).all())


def test_no_store_reads_this_kiosk_and_store_only_says_why(tmp_path):
    local = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    Base.metadata.create_all(local)
    reader = StoreReader(local, None)
    result = reader.read(count_visits)
    assert (result.value, result.scope) == (0, Scope.KIOSK)
    with pytest.raises(StoreUnreachable, match="no store database configured"):
        reader.read(count_visits, store_only=True)


def test_an_unreachable_store_falls_back_and_a_live_one_is_used(tmp_path, pg_url):
    local = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    Base.metadata.create_all(local)
    settings = SyncSettings(store_db_connect_timeout_s=1)
    down = StoreReader(local, lambda: open_store("postgresql://u@127.0.0.1:9/x", None, settings))
    assert down.read(count_visits).scope is Scope.KIOSK
    with pytest.raises(StoreUnreachable, match="did not answer"):
        down.read(count_visits, store_only=True)

    store = open_store(pg_url, None, settings)
    Base.metadata.create_all(store)
    up = StoreReader(local, lambda: store)
    assert up.read(count_visits).scope is Scope.STORE
    up.close()


def test_every_read_a_kiosk_runs_at_once_gets_a_store_connection(tmp_path, pg_url, kiosk_env):
    """Qt's pool runs one read per core (the dashboard alone asks for its three periods at
    once) and the recorder can pull from the store too: each gets a store connection at
    once. The reads' pool had two: a third read waited 30 s for one, then failed."""
    local = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    Base.metadata.create_all(local)
    store = open_store(pg_url, None, SyncSettings())
    Base.metadata.create_all(store)
    store.dispose()
    reader = reader_for(local, load_config(env=kiosk_env, overrides={"store_db_url": pg_url}))
    at_once = reads_at_once()
    all_in = threading.Barrier(at_once)

    def held_read(s: Session) -> int:
        visits = count_visits(s)  # this read holds its connection from here
        all_in.wait(timeout=10)  # broken if a read is still waiting for one
        return visits

    with ThreadPoolExecutor(at_once) as pool:
        reads = [pool.submit(reader.read, held_read) for _ in range(at_once)]
        scopes = [read.result().scope for read in reads]
    reader.close()
    assert scopes == [Scope.STORE] * at_once


def test_a_store_pool_with_no_connection_free_falls_back_instead_of_failing(tmp_path, pg_url):
    """A store whose connections are all taken does not answer this read: it falls back
    to this kiosk's records, as when the store is down (it raised the pool's TimeoutError,
    which nothing turned into words)."""
    local = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    Base.metadata.create_all(local)
    store = create_engine(pg_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    Base.metadata.create_all(store)
    reader = StoreReader(local, lambda: store)
    with store.connect():  # the one connection, taken
        assert reader.read(count_visits).scope is Scope.KIOSK
        with pytest.raises(StoreUnreachable, match="did not answer"):
            reader.read(count_visits, store_only=True)
        with pytest.raises(StoreUnreachable, match="did not answer"):
            reader.write_store(count_visits)
    assert reader.read(count_visits).scope is Scope.STORE
    store.dispose()
