"""Sync throughput against two baselines on the same PostgreSQL, in the same run.

10,000 visits of 20 events each (210,000 rows) are generated straight into a local SQLite
outbox, then pushed to an empty store database by the real Pusher (local reads and outbox
clean-up included). Baselines on the same server: a naive loop that inserts and commits one
row at a time (timed on a 5,000-row sample and extrapolated per row: the whole set would
take minutes), and PostgreSQL's COPY of the same rows into the same, empty tables (the
floor: the rows are already in PostgreSQL's text format in memory, so only the transfer and
the server's work are timed). While syncing, a
5 ms ticker thread records its latest tick: how long a GUI thread could stall.
"""

from __future__ import annotations

import gc
import json
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Table, create_engine, insert, select

from kiosk.db.engine import open_local
from kiosk.db.migrate import upgrade
from kiosk.db.models import Visit, VisitEvent
from kiosk.sync.push import Pusher
from kiosk.sync.settings import SyncSettings
from kiosk.sync.store import open_store
from tests.sync.helpers import assert_store_matches, generate_visits, new_database

pytestmark = pytest.mark.postgres

VISITS, EVENTS = 10_000, 20
NAIVE_SAMPLE = 5_000
RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "sync.json"


class Ticker(threading.Thread):
    """Wakes every 5 ms and remembers how late it woke at worst."""

    def __init__(self, period: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.period = period
        self.worst = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        next_tick = time.perf_counter() + self.period
        while not self._stop_event.is_set():
            time.sleep(max(0.0, next_tick - time.perf_counter()))
            now = time.perf_counter()
            self.worst = max(self.worst, now - next_tick)
            next_tick = max(next_tick + self.period, now)

    def stop(self) -> float:
        self._stop_event.set()
        self.join()
        return self.worst


def _table(model: object) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def rows_of(local, model) -> tuple[list[str], list[tuple]]:
    table = _table(model)
    cols = [c for c in table.columns if c.name != "store_txid"]
    with local.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(*cols))]
    return [c.name for c in cols], rows


def copy_floor(source_url: str, target_url: str, names: list[str]) -> float:
    """PostgreSQL's own COPY of the synced rows into the same, empty tables: the floor.

    The rows are taken from the source database with COPY TO (so they are byte for byte
    PostgreSQL's text format and cost no Python formatting); only COPY FROM is timed.
    """
    import psycopg

    def dsn(url: str) -> str:
        return url.replace("postgresql+psycopg://", "postgresql://")

    data = {}
    with psycopg.connect(dsn(source_url)) as src, src.cursor() as cur:
        for name in names:
            with cur.copy(f'COPY "{name}" TO STDOUT') as copy:
                data[name] = b"".join(bytes(chunk) for chunk in copy)
    with psycopg.connect(dsn(target_url)) as conn:
        started = time.perf_counter()
        with conn.cursor() as cur:
            for name in names:
                with cur.copy(f'COPY "{name}" FROM STDIN') as copy:
                    copy.write(data[name])
        conn.commit()
        return time.perf_counter() - started


def naive_per_row(url: str, tables: list[tuple[str, list[str], list[tuple]]]) -> float:
    """Seconds per row for insert-and-commit one row at a time, on the first rows."""
    engine = create_engine(url)
    sample = []
    for name, cols, rows in tables:
        table = _table(Visit if name == "visits" else VisitEvent)
        for row in rows:
            sample.append((table, dict(zip(cols, row, strict=True))))
    visits = [s for s in sample if s[0].name == "visits"][: NAIVE_SAMPLE // (EVENTS + 1)]
    wanted = {v["id"] for _, v in visits}
    events = [s for s in sample if s[0].name == "visit_events" and s[1]["visit_id"] in wanted]
    chosen = (visits + events)[:NAIVE_SAMPLE]
    with engine.connect() as conn:
        started = time.perf_counter()
        for table, values in chosen:
            conn.execute(insert(table).values(**values))
            conn.commit()
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed / len(chosen)


def test_sync_throughput_against_naive_and_copy(pg_server, tmp_path):
    local = open_local(tmp_path / "kiosk.sqlite3")
    upgrade(local)
    t0 = time.perf_counter()
    entries = generate_visits(local, VISITS, EVENTS)
    generate_s = time.perf_counter() - t0
    total_rows = VISITS * (EVENTS + 1)
    assert entries == total_rows
    tables = [("visits", *rows_of(local, Visit)), ("visit_events", *rows_of(local, VisitEvent))]

    naive_row_s = naive_per_row(new_database(pg_server.admin_url), tables)

    del tables  # the baselines' copy of the rows; the sync reads its own from SQLite
    gc.collect()
    store_url = new_database(pg_server.admin_url)
    store = open_store(store_url)
    batch = SyncSettings().sync_batch_size
    ticker = Ticker()
    ticker.start()
    t0 = time.perf_counter()
    result = Pusher(local, store, batch).push_all()
    sync_s = time.perf_counter() - t0
    worst_tick_ms = ticker.stop() * 1000
    assert result.entries_cleared == total_rows
    assert result.rows_applied == total_rows
    copy_s = copy_floor(store_url, new_database(pg_server.admin_url), ["visits", "visit_events"])

    figures = {
        "rows": total_rows,
        "visits": VISITS,
        "events_per_visit": EVENTS,
        "batch_size": batch,
        "generate_local_s": round(generate_s, 3),
        "sync_s": round(sync_s, 3),
        "sync_rows_per_s": round(total_rows / sync_s),
        "copy_s": round(copy_s, 3),
        "naive_sample_rows": NAIVE_SAMPLE,
        "naive_per_row_ms": round(naive_row_s * 1000, 4),
        "naive_extrapolated_s": round(naive_row_s * total_rows, 1),
        "sync_speedup_vs_naive": round(naive_row_s * total_rows / sync_s, 1),
        "sync_vs_copy_ratio": round(sync_s / copy_s, 2),
        "worst_tick_late_ms": round(worst_tick_ms, 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    print("\nsync benchmark:", json.dumps(figures, indent=2))

    assert_store_matches([local], store)
    store.dispose()
    local.dispose()
    assert figures["sync_speedup_vs_naive"] >= 20
    assert figures["sync_vs_copy_ratio"] <= 5
    assert figures["worst_tick_late_ms"] < 50
