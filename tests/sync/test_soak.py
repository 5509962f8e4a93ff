"""Offline soak: a working day of visits while the store database is down (simulated time),
then the network comes back: everything arrives, in order, in bounded time."""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from sqlalchemy import text

from kiosk.sync import SyncSettings, SyncWorker, open_store
from kiosk.sync.backoff import Backoff
from kiosk.visit.journey import Journey
from tests.sync.helpers import assert_store_matches, outbox_pending, play_visit
from tests.sync.proxy import TcpProxy

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

HOURS = 10
VISIT_EVERY = dt.timedelta(minutes=4)


class SimClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def test_hours_offline_then_reconnect(make_kiosk, store_url, caplog):
    upstream = store_url.split("@", 1)[1].split("/", 1)[0]
    host, port = upstream.split(":")
    proxy = TcpProxy(host, int(port))
    proxy.refuse()
    head, rest = proxy.url_for(store_url).split("@", 1)
    store = open_store(f"{head}:Soak-Secret-1@{rest}")
    clock = SimClock()
    rt = make_kiosk()
    journey = Journey(rt.store, clock=clock)  # inline writes, simulated time
    backoff = Backoff(base_s=1, cap_s=300, rng=random.Random(7).random)
    worker = SyncWorker(
        rt.engine,
        store,
        "store-7",
        SyncSettings(sync_batch_size=500),
        clock=clock,
        backoff=backoff,
    )
    end = clock.now + dt.timedelta(hours=HOURS)
    next_visit = clock.now
    next_attempt = clock.now
    delays, visits = [], 0
    while clock.now < end:
        if clock.now >= next_visit:
            play_visit(journey, visits)
            visits += 1
            next_visit += VISIT_EVERY
        if clock.now >= next_attempt:
            delay = worker.step()
            delays.append(delay)
            next_attempt = clock.now + dt.timedelta(seconds=delay)
        clock.now = min(next_visit, next_attempt)

    status = worker.status()
    assert status.state == "offline"
    assert status.pending == outbox_pending(rt.engine) > visits * 10
    assert "Soak-Secret-1" not in (status.last_error or "") + caplog.text
    # capped exponential backoff with jitter: grows, never past the cap, not in lockstep
    assert delays[0] <= 1
    assert max(delays) <= 300
    assert min(delays[12:]) >= 150
    assert len(set(delays)) == len(delays)
    assert len(delays) < HOURS * 3600 / 150 + 12  # a bounded number of tries

    proxy.allow()  # the network is back
    started = time.monotonic()
    for _ in range(1000):  # a bounded drain: each pass sends a batch or settles
        if not (worker.status().pending or worker.status().state != "idle"):
            break
        worker.step()
    else:
        pytest.fail("the outbox did not drain in 1,000 passes")
    drain_s = time.monotonic() - started  # reported below; its target is tests/bench's
    assert worker.status().quarantined == 0

    direct = open_store(store_url)
    counts = assert_store_matches([rt.engine], direct)
    assert counts["visits"] == visits
    # in order: events went in the order they were recorded, each visit before its events
    with direct.connect() as conn:
        event_xids = (
            conn.execute(
                text(
                    "SELECT e.xmin::text::bigint FROM visit_events e "
                    "JOIN visits v ON v.id = e.visit_id ORDER BY v.started_at, e.seq"
                )
            )
            .scalars()
            .all()
        )
    assert event_xids == sorted(event_xids)
    print(
        f"\nsoak: {HOURS} h offline, {visits} visits, {len(event_xids)} events, "
        f"{len(delays)} tries, drained in {drain_s:.2f} s"
    )
    direct.dispose()
    store.dispose()
    proxy.close()
