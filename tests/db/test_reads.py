"""Store-wide reads fall back to this kiosk's records when the store does not answer."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from kiosk.db.models import Base, Visit
from kiosk.db.reads import Scope, StoreReader, StoreUnreachable
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
