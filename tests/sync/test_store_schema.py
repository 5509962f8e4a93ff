"""A kiosk updated before its store database: it says what to do and keeps every visit.

Store IT updates kiosks and the store database in either order. A kiosk whose pull reads
tables or columns the store does not have yet would otherwise fail every pass with the
database's own "relation does not exist", and the cause would be hidden in a log line.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from kiosk.db.engine import open_url
from kiosk.db.migrate import _alembic_config, upgrade
from kiosk.sync import SyncWorker, open_store
from kiosk.sync.store import REQUIRED_REVISION
from tests.sync.helpers import outbox_pending, play_visit

pytestmark = pytest.mark.postgres


def migrate_to(url: str, revision: str) -> None:
    engine = open_url(url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()


def test_the_required_schema_is_what_the_pull_reads() -> None:
    # the pull reads key dates and advisors (0009): a store below it cannot be pulled from
    assert REQUIRED_REVISION >= "0009_client_book"


def test_a_store_one_migration_behind_is_named_and_nothing_is_lost(make_kiosk, pg_url: str) -> None:
    migrate_to(pg_url, "0008_consent_store")
    runtime = make_kiosk(store_url=pg_url)
    play_visit(runtime.journey, 0)
    pending = outbox_pending(runtime.engine)
    assert pending > 0
    store = open_store(pg_url)
    try:
        worker = SyncWorker(runtime.engine, store, "store-7")
        worker.step()
        status = worker.status()
        assert status.state == "offline"
        assert "0008_consent_store" in (status.last_error or "")
        assert "kiosk db upgrade --store" in (status.last_error or "")
        assert outbox_pending(runtime.engine) == pending  # every visit waits for the store
        with store.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM visits")).scalar() == 0
        upgrade(store, backup=False)  # store IT runs the migrations: the next pass delivers
        worker = SyncWorker(runtime.engine, store, "store-7")
        worker.step()
        assert worker.status().state != "offline", worker.status().last_error
        assert outbox_pending(runtime.engine) == 0
    finally:
        store.dispose()
