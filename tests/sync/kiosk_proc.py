"""A kiosk in its own OS process, for the multi-kiosk and kill tests.

python -m tests.sync.kiosk_proc record ROOT KIOSK_ID STORE_URL VISITS
    records VISITS visits through the journey while a sync worker runs, then waits until
    the outbox is drained and exits 0.
python -m tests.sync.kiosk_proc sync ROOT KIOSK_ID STORE_URL BATCH
    syncs an already filled local database until its outbox is empty.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.station.runtime import open_database, start
from kiosk.sync import SyncSettings, SyncWorker, open_store
from kiosk.sync.backoff import Backoff
from tests.sync.helpers import kiosk_config, outbox_pending, play_visit


def record(root: Path, kiosk_id: str, store_url: str, visits: int) -> int:
    config = kiosk_config(root, kiosk_id, store_url)
    rt = start(config)
    store = open_store(store_url)
    settings = SyncSettings(sync_interval_s=0.05, sync_batch_size=100)
    worker = SyncWorker(
        rt.engine, store, config.store_id, settings, backoff=Backoff(base_s=0.05, cap_s=0.5)
    )
    worker.start()
    for n in range(visits):
        play_visit(rt.journey, n)
        worker.wake()
    deadline = time.monotonic() + 60
    # until the outbox itself is empty: the worker's pending count is an estimate made at the
    # end of a pass, and can read 0 while changes written during the pass still wait
    while time.monotonic() < deadline:
        worker.wake()
        time.sleep(0.1)
        if outbox_pending(rt.engine) == 0 and worker.status().state == "idle":
            break
    worker.stop()
    status, pending = worker.status(), outbox_pending(rt.engine)
    rt.close()
    store.dispose()
    print(f"pending={pending} quarantined={status.quarantined} error={status.last_error}")
    return 0 if pending == 0 and status.quarantined == 0 else 1


def sync(root: Path, kiosk_id: str, store_url: str, batch: int) -> int:
    config = kiosk_config(root, kiosk_id, store_url)
    engine = open_database(config)
    store = open_store(store_url)
    settings = SyncSettings(sync_batch_size=batch)
    worker = SyncWorker(
        engine,
        store,
        config.store_id,
        settings,
        pull=False,
        backoff=Backoff(base_s=0.05, cap_s=0.5),
    )
    while worker.status().pending or worker.status().state == "starting":
        worker.step()
    return 0


def main(argv: list[str]) -> int:
    mode, root, kiosk_id, url, n = argv
    if mode == "record":
        return record(Path(root), kiosk_id, url, int(n))
    return sync(Path(root), kiosk_id, url, int(n))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
