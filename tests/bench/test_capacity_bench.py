"""Capacity of a store database and of headquarters, measured (issue 20).

**A store.** 1, 5, 10 and 20 kiosks sync at once into one store database, each a real kiosk
write path (``VisitStore`` on its own SQLite file: visit, 30 events, the end with its summary,
every row through the outbox) and its real ``SyncWorker`` thread (push, pull), woken at each
visit's end as a running kiosk is, else every ``SYNC_INTERVAL_S``. Two rates: a busy store's
(1 visit a minute per kiosk, 30 events: 0.5 events/s per kiosk) and ten times that; then 20
kiosks writing as fast as they can (the store's ceiling on this machine). Reported:
events accepted by the store per second, and the sync lag of every event, from its write on
the kiosk to the commit that makes it visible in the store database (p50, p95, max). The
kiosks are threads of this one process on this 2-core machine (shared with other engineers),
so the store's own work is not all that is measured: the figures are a floor.

**Headquarters.** 50 stores, as 50 databases of one PostgreSQL cluster (each its publication),
subscribed by one headquarters database with ``kiosk chain add-store``. Visits are written
round-robin to the stores, at a busy chain's rate (each store 10 visits a minute) and then as
fast as one writer goes; reported: replication lag of each visit, from the commit at its store
to visible at headquarters (p50, p95, max), and ``kiosk chain status`` at the end.

Figures go to standard output and bench-results/capacity.json; README.md has them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from kiosk.db.engine import open_local
from kiosk.db.migrate import upgrade
from kiosk.db.models import OutboxEntry, utcnow
from kiosk.sync import SyncWorker, open_store
from kiosk.sync.settings import SyncSettings
from kiosk.visit.records import VisitStore
from tests.chain.replication_data import write_visits
from tests.pg import LOGICAL, PgServer, own_server

pytestmark = pytest.mark.postgres

RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "capacity.json"
RUN_S = float(os.environ.get("KIOSK_BENCH_CAPACITY_S", "20"))
SYNC_INTERVAL_S = 1.0
EVENTS_PER_VISIT = 30
BUSY_EVENTS_PER_S = EVENTS_PER_VISIT / 60  # one visit a minute per kiosk
KIOSKS = (1, 5, 10, 20)
STORES = 50
STORE = "store-7"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(lags: list[float]) -> dict[str, float]:
    if not lags:
        return {"n": 0}
    return {
        "n": len(lags),
        "p50_s": round(statistics.median(lags), 3),
        "p95_s": round(percentile(lags, 95), 3),
        "max_s": round(max(lags), 3),
    }


def _aware(value: str) -> dt.datetime:
    at = dt.datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


# -- a store and its kiosks --------------------------------------------------------------------
class Kiosk:
    """One kiosk: a writer thread making visits at ``rate`` events/s and its sync worker, whose
    store transactions are timed (the event rows each carries, against their write time)."""

    def __init__(self, folder: Path, template: Path, store_url: str, name: str, rate: float | None):
        folder.mkdir(parents=True)
        shutil.copyfile(template, folder / "kiosk.sqlite3")
        self.local = open_local(folder / "kiosk.sqlite3")
        self.store = open_store(store_url)
        self.visits = VisitStore(self.local, STORE, name)
        self.worker = SyncWorker(
            self.local, self.store, STORE, SyncSettings(sync_interval_s=SYNC_INTERVAL_S)
        )
        self.rate = rate
        self.lags: list[float] = []
        self.written = 0
        self._stop = threading.Event()
        self._writer = threading.Thread(target=self._write, daemon=True)
        apply = self.worker.pusher._apply

        def timed(shares):  # type: ignore[no-untyped-def]
            applied = apply(shares)
            visible = utcnow()
            for wire, rows_json in shares:
                if wire.name == "visit_events":
                    at_index = list(wire.column_names).index("at")
                    for row in json.loads(rows_json):
                        at = _aware(row[at_index])
                        self.lags.append((visible - at).total_seconds())
            return applied

        self.worker.pusher._apply = timed  # type: ignore[method-assign]

    def start(self) -> None:
        self.worker.start()
        self._writer.start()

    def _write(self) -> None:
        pause = 0.0 if self.rate is None else 1 / self.rate
        due = time.monotonic()
        while not self._stop.is_set():
            vid = uuid.uuid4()
            self.visits.start_visit(vid, "en", utcnow())
            self.written += 1
            for i in range(EVENTS_PER_VISIT - 2):
                due += pause
                if self._stop.wait(max(0.0, due - time.monotonic())):
                    return
                self.visits.record_event(vid, "product_viewed", {"sku": f"SKU-{i % 7}"}, utcnow())
                self.written += 1
            due += pause
            self._stop.wait(max(0.0, due - time.monotonic()))
            self.visits.end_visit(vid, "completed", utcnow())
            self.written += 1
            self.worker.wake()  # as the kiosk does when a visit ends

    def stop_writing(self) -> None:
        self._stop.set()
        self._writer.join()

    def drained(self) -> bool:
        with self.local.connect() as conn:
            return conn.execute(select(func.count()).select_from(OutboxEntry)).scalar_one() == 0

    def close(self) -> None:
        self.worker.stop(timeout=60)
        self.local.dispose()
        self.store.dispose()


@dataclass
class StoreRun:
    kiosks: int
    rate: str
    offered_events_per_s: float
    accepted_events_per_s: float
    events: int
    lag: dict[str, float]


@pytest.fixture
def kiosk_template(tmp_path: Path) -> Path:
    path = tmp_path / "template.sqlite3"
    engine = open_local(path)
    upgrade(engine)
    engine.dispose()
    return path


def fresh_store(server: PgServer, name: str) -> str:
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = server.url_for(name)
    engine = create_engine(url)
    upgrade(engine, backup=False)
    engine.dispose()
    return url


def run_store(server: PgServer, tmp: Path, template: Path, kiosks: int, factor: int) -> StoreRun:
    url = fresh_store(server, f"store_{kiosks}_{factor or 'max'}")
    rate = None if factor is None else BUSY_EVENTS_PER_S * factor
    fleet = [
        Kiosk(tmp / f"{kiosks}-{factor}-{i}", template, url, f"kiosk-{i}", rate)
        for i in range(kiosks)
    ]
    began = time.monotonic()
    for k in fleet:
        k.start()
    time.sleep(RUN_S)  # the measuring window itself
    for k in fleet:
        k.stop_writing()
        k.worker.wake()  # its next pass sends what is left
    deadline = time.monotonic() + 120
    while not all(k.drained() for k in fleet):
        assert time.monotonic() < deadline, "the kiosks' outboxes did not drain in 2 minutes"
        time.sleep(0.05)  # polling the outboxes (other threads' databases): no signal to wait on
    elapsed = time.monotonic() - began
    for k in fleet:
        k.close()
    engine = create_engine(url)
    with engine.connect() as conn:
        events = int(conn.execute(text("SELECT count(*) FROM visit_events")).scalar_one())
    engine.dispose()
    lags = [lag for k in fleet for lag in k.lags]
    assert events == sum(k.written for k in fleet) == len(lags)
    return StoreRun(
        kiosks,
        {1: "busy", None: "flat out"}.get(factor, f"{factor}x busy"),
        0.0 if rate is None else round(rate * kiosks, 2),
        round(events / elapsed, 1),
        events,
        summary(lags),
    )


def test_store_database_with_1_to_20_kiosks(
    pg_server: PgServer, tmp_path: Path, kiosk_template: Path
) -> None:
    runs = [
        run_store(pg_server, tmp_path, kiosk_template, kiosks, factor)
        for factor in (1, 10)
        for kiosks in KIOSKS
    ]
    runs.append(run_store(pg_server, tmp_path, kiosk_template, KIOSKS[-1], None))
    print(
        f"\nstore database, kiosks syncing at once ({RUN_S:.0f} s each, sync every "
        f"{SYNC_INTERVAL_S:.0f} s and at each visit's end):"
    )
    for r in runs:
        print(
            f"  {r.kiosks:>2} kiosks {r.rate:>9}: "
            f"offered {r.offered_events_per_s or 'max':>6} ev/s, "
            f"accepted {r.accepted_events_per_s:6.1f} ev/s ({r.events} events), sync lag "
            f"p50 {r.lag.get('p50_s')} s, p95 {r.lag.get('p95_s')} s, max {r.lag.get('max_s')} s"
        )
    save("store", [asdict(r) for r in runs])
    for r in runs:  # the store keeps up: every event written was accepted
        assert r.lag["n"] == r.events


# -- headquarters and 50 stores ------------------------------------------------------------------
@pytest.fixture
def chain_servers() -> Iterator[tuple[PgServer, PgServer]]:
    wide = {**LOGICAL, "max_connections": "200"}
    with own_server(wide) as stores, own_server(wide) as hq:
        yield stores, hq


def test_headquarters_with_50_stores(chain_servers: tuple[PgServer, PgServer]) -> None:
    from main import main

    stores_server, hq_server = chain_servers
    template = fresh_store(stores_server, "template_store")
    admin = create_engine(stores_server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for i in range(STORES):
            conn.execute(
                text(f'CREATE DATABASE "s{i:02d}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
            )
    admin.dispose()
    hq_admin = create_engine(hq_server.admin_url, isolation_level="AUTOCOMMIT")
    with hq_admin.connect() as conn:
        conn.execute(text('CREATE DATABASE "hq"'))
    hq_admin.dispose()
    hq_url = hq_server.url_for("hq")
    began = time.monotonic()
    for i in range(STORES):
        url = stores_server.url_for(f"s{i:02d}")
        assert (
            main(["chain", "add-store", f"s{i:02d}", "--store-url", url, "--hq-url", hq_url]) == 0
        )
    hq = create_engine(hq_url)
    ready = text("SELECT count(*) FILTER (WHERE srsubstate <> 'r') FROM pg_subscription_rel")
    deadline = time.monotonic() + 300
    while True:
        with hq.connect() as conn:
            if conn.execute(ready).scalar_one() == 0:
                break
        assert time.monotonic() < deadline, "50 subscriptions not ready in 5 minutes"
        time.sleep(0.2)  # polling PostgreSQL's subscription state: it sends no signal
    setup_s = time.monotonic() - began
    engines = [
        create_engine(stores_server.url_for(f"s{i:02d}"), pool_size=1) for i in range(STORES)
    ]
    results = {"stores": STORES, "setup_s": round(setup_s, 1)}
    for label, per_store_per_min in (("busy chain", 10.0), ("flat out", None)):
        results[label] = replicate(engines, hq, per_store_per_min)
    for e in engines:
        e.dispose()
    hq.dispose()
    main(["chain", "status", "--hq-url", hq_url])
    print(f"\nheadquarters, {STORES} stores subscribed (set up and copied in {setup_s:.1f} s):")
    for label in ("busy chain", "flat out"):
        r = results[label]
        print(
            f"  {label:>10}: {r['visits_per_s']} visits/s written, replication lag "
            f"p50 {r['lag']['p50_s']} s, p95 {r['lag']['p95_s']} s, max {r['lag']['max_s']} s"
        )
    save("headquarters", results)


def replicate(engines: list, hq, per_store_per_min: float | None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Visits written round-robin to the stores for RUN_S; each one's lag to headquarters."""
    pending: dict[uuid.UUID, float] = {}
    lags: list[float] = []
    lock = threading.Lock()
    done = threading.Event()

    def watch() -> None:
        with hq.connect() as conn:
            while not (done.is_set() and not pending):
                with lock:
                    ids = list(pending)
                if ids:
                    found = conn.execute(
                        text("SELECT id FROM visits WHERE id = ANY(:ids)"), {"ids": ids}
                    ).scalars()
                    now = time.monotonic()
                    with lock:
                        for vid in found:
                            lags.append(now - pending.pop(vid))
                    conn.rollback()
                time.sleep(0.01)  # the next look at HQ: a lag is measured to within 10 ms

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    pause = None if per_store_per_min is None else 60 / per_store_per_min / len(engines)
    began = time.monotonic()
    due, written = began, 0
    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    while time.monotonic() - began < RUN_S:
        i = written % len(engines)
        (vid,) = write_visits(engines[i], f"s{i:02d}", 1, start + dt.timedelta(seconds=written))
        with lock:
            pending[vid] = time.monotonic()
        written += 1
        if pause is not None:
            due += pause
            time.sleep(max(0.0, due - time.monotonic()))  # the load's pace, not a wait
    elapsed = time.monotonic() - began
    done.set()
    watcher.join(timeout=120)
    assert not pending, f"{len(pending)} visits never reached headquarters"
    return {"visits": written, "visits_per_s": round(written / elapsed, 1), "lag": summary(lags)}


def save(key: str, value: object) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    found = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    found[key] = value
    RESULTS.write_text(json.dumps(found, indent=2) + "\n")
