"""Faults under a running worker: the server restarting mid-batch, connections cut by the
network, new connections refused. After recovery, local and store agree row for row."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import event

from kiosk.sync import SyncSettings, SyncWorker, open_store
from kiosk.sync.backoff import Backoff
from tests.sync.cluster import Cluster
from tests.sync.helpers import assert_store_matches, new_database, outbox_pending, play_visit
from tests.sync.proxy import TcpProxy

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FAST = SyncSettings(sync_interval_s=0.05, sync_batch_size=40, store_db_connect_timeout_s=2)


def wait_drained(worker: SyncWorker, timeout: float = 60) -> None:
    """Until every change is in the store: the kiosk's outbox itself is empty. (The worker's
    pending count is an estimate made at the end of a pass: it can read 0 while changes
    written during that pass still wait, which made this test fail under load.)"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        worker.wake()
        if outbox_pending(worker.local) == 0 and worker.status().state == "idle":
            return
        time.sleep(0.05)
    pytest.fail(f"outbox not drained: {worker.status()}")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    c = Cluster()
    yield c
    c.destroy()


def test_server_stopped_mid_batch_and_restarted(make_kiosk, cluster):
    url = new_database(cluster.admin_url)
    rt = make_kiosk()
    for n in range(30):
        play_visit(rt.journey, n)
    store = open_store(url)
    statements = 0
    restarted = threading.Event()

    def stop_mid_batch(conn, cursor, statement, params, context, executemany):
        nonlocal statements
        if "INSERT INTO" not in statement:
            return
        statements += 1
        if statements == 5:  # inside the third batch's transaction, after its first table
            cluster.stop()
            threading.Timer(1.0, lambda: (cluster.start(), restarted.set())).start()

    event.listen(store, "after_cursor_execute", stop_mid_batch)
    worker = SyncWorker(rt.engine, store, "store-7", FAST, backoff=Backoff(0.05, 0.5))
    worker.start()
    try:
        assert restarted.wait(30)
        for n in range(30, 40):  # the kiosk keeps recording meanwhile
            play_visit(rt.journey, n)
        wait_drained(worker)
        assert worker.status().last_error  # the outage was seen...
        assert "password" not in (worker.status().last_error or "")
    finally:
        worker.stop()
    assert_store_matches([rt.engine], store)  # ...and healed
    store.dispose()


def test_connections_cut_and_refused_by_the_network(make_kiosk, store_url):
    upstream = store_url.split("@", 1)[1].split("/", 1)[0]
    host, port = upstream.split(":")
    proxy = TcpProxy(host, int(port))
    store = open_store(proxy.url_for(store_url))
    rt = make_kiosk()
    for n in range(30):
        play_visit(rt.journey, n)
    statements = 0

    def cut_mid_batch(conn, cursor, statement, params, context, executemany):
        nonlocal statements
        if "INSERT INTO" in statement:
            statements += 1
            if statements % 7 == 0:
                proxy.drop_all()

    event.listen(store, "after_cursor_execute", cut_mid_batch)
    worker = SyncWorker(rt.engine, store, "store-7", FAST, backoff=Backoff(0.05, 0.5))
    stop_chaos = threading.Event()

    def chaos() -> None:
        while not stop_chaos.wait(0.15):
            proxy.drop_all()

    chaos_thread = threading.Thread(target=chaos)
    worker.start()
    chaos_thread.start()
    try:
        for n in range(30, 45):
            play_visit(rt.journey, n)
        proxy.refuse()
        # a pass already under way may first finish its statement in flight; then it must
        # notice the store is gone (a loaded 2-core CI machine needs more than a second)
        deadline = time.monotonic() + 15
        while worker.status().state != "offline" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert worker.status().state == "offline"
        proxy.allow()
        stop_chaos.set()
        chaos_thread.join()
        wait_drained(worker)
    finally:
        stop_chaos.set()
        worker.stop()
        proxy.close()
    assert proxy.dropped > 0
    assert statements > 7
    direct = open_store(store_url)
    assert_store_matches([rt.engine], direct)
    direct.dispose()
    store.dispose()
