"""Shared by the sync tests and the benchmark: kiosks, store databases, row-by-row checks."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, create_engine, select, text

from kiosk.db.engine import open_url
from kiosk.db.migrate import upgrade
from kiosk.db.models import SYNCED_TABLES, OutboxEntry
from kiosk.station.config import Config, load_config
from kiosk.sync.wire import server_only
from kiosk.visit.journey import EndReason, Journey, Stage


def kiosk_config(root: Path, kiosk_id: str, store_url: str | None = None, **extra: str) -> Config:
    env = {
        "KIOSK_LOCAL_DB_PATH": str(root / kiosk_id / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(root / kiosk_id / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(root / kiosk_id / "secret.key"),
        "KIOSK_STORE_ID": "store-7",
        "KIOSK_KIOSK_ID": kiosk_id,
        "KIOSK_CONTENT_DIR": os.environ.get("KIOSK_CONTENT_DIR", str(root / "content")),
        **extra,
    }
    if store_url:
        env["KIOSK_STORE_DB_URL"] = store_url
    return load_config(env=env)


def new_database(admin_url: str) -> str:
    """A fresh database on the same server, migrated to head; returns its URL."""
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    migrate(url)
    return url


def migrate(url: str) -> None:
    engine = open_url(url)
    upgrade(engine)
    engine.dispose()


def play_visit(journey: Journey, n: int) -> None:
    """One realistic visit: stages, needs, selection, a service request, the end."""
    fs: list[Any] = [journey.begin("en")]
    fs.append(journey.enter_stage(Stage.NEEDS))
    fs.append(journey.answer("room", ["kitchen"]))
    fs.append(journey.answer("budget", [], skipped=True))
    fs.append(journey.enter_stage(Stage.RECOMMENDATIONS))
    fs.append(journey.record("product_viewed", sku=f"SKU-{n % 7}"))
    fs.append(journey.set_selected(f"SKU-{n % 7}", True))
    fs.append(journey.set_selected("SKU-X", True))
    fs.append(journey.set_selected("SKU-X", False))
    if n % 3 == 0:
        fs.append(journey.request_service("associate"))
    fs.append(journey.end(EndReason.COMPLETED))
    for f in fs:
        f.result()


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def table_rows(engine: Engine, table: Table) -> dict[Any, tuple[Any, ...]]:
    cols = [c for c in table.columns if not server_only(table.name, c.name)]
    with engine.connect() as conn:
        rows = conn.execute(select(*cols)).all()
    return {row.id: tuple(row) for row in rows}


def assert_store_matches(locals_: Iterable[Engine], store: Engine) -> dict[str, int]:
    """Every synced row of every kiosk is in the store exactly once, every column equal, and
    the store holds nothing else. Returns the row count per table."""
    locals_ = list(locals_)
    counts = {}
    for model in SYNCED_TABLES:
        table = _table(model)
        expected: dict[Any, tuple[Any, ...]] = {}
        for engine in locals_:
            for row_id, row in table_rows(engine, table).items():
                if row_id in expected:  # pulled copies must equal the original
                    assert expected[row_id] == row, (table.name, row_id)
                expected[row_id] = row
        actual = table_rows(store, table)
        missing = expected.keys() - actual.keys()
        extra = actual.keys() - expected.keys()
        assert not missing, f"{table.name}: {len(missing)} row(s) never reached the store"
        assert not extra, f"{table.name}: {len(extra)} row(s) in the store no kiosk has"
        for row_id, row in expected.items():
            assert actual[row_id] == row, (table.name, row_id, row, actual[row_id])
        with store.connect() as conn:  # and exactly once (the primary key says so, but check)
            n = conn.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
        assert n == len(expected)
        counts[table.name] = n
    return counts


def outbox_pending(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(select(OutboxEntry.id)).all())


def generate_visits(
    engine: Engine, visits: int, events_per_visit: int, kiosk_id: str = "kiosk-1"
) -> int:
    """Fill a local database's tables and outbox directly (fast), as journeys would have.

    Returns the number of outbox entries written.
    """
    import datetime as dt

    from kiosk.db.models import Visit, VisitEvent
    from kiosk.ids import uuid7

    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    visit_rows, event_rows, outbox_rows = [], [], []
    for v in range(visits):
        vid = uuid7()
        at = start + dt.timedelta(seconds=v * 30)
        visit_rows.append(
            {
                "id": vid,
                "version": 1,
                "updated_at": at,
                "store_id": "store-7",
                "kiosk_id": kiosk_id,
                "started_at": at,
                "ended_at": at + dt.timedelta(minutes=5),
                "end_reason": "completed",
                "stage": "farewell",
                "language": "en",
                "associate_id": None,
                "customer_id": None,
                "outcome": "selection",
                "nps": v % 11,
                "ces": None,
            }
        )
        outbox_rows.append({"table_name": "visits", "row_id": vid, "version": 1, "enqueued_at": at})
        for seq in range(1, events_per_visit + 1):
            eid = uuid7()
            eat = at + dt.timedelta(seconds=seq)
            event_rows.append(
                {
                    "id": eid,
                    "version": 1,
                    "updated_at": eat,
                    "visit_id": vid,
                    "seq": seq,
                    "kind": "product_viewed",
                    "at": eat,
                    "payload": {"sku": f"SKU-{seq % 13}", "dwell_ms": seq * 100, "n": v},
                }
            )
            outbox_rows.append(
                {"table_name": "visit_events", "row_id": eid, "version": 1, "enqueued_at": eat}
            )
    with engine.begin() as conn:
        conn.execute(_table(Visit).insert(), visit_rows)
        conn.execute(_table(VisitEvent).insert(), event_rows)
        conn.execute(_table(OutboxEntry).insert(), outbox_rows)
    return len(outbox_rows)


def sync_once(engine: Engine, store_url: str, store_id: str = "store-7") -> None:
    """One full sync pass (push, then pull) of a kiosk's database with the store database."""
    from kiosk.sync import SyncWorker, open_store

    store = open_store(store_url)
    try:
        SyncWorker(engine, store, store_id).run_pass()
    finally:
        store.dispose()
