"""Three kiosks, three processes, one store database: every record arrives exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.db.engine import open_local
from kiosk.db.migrate import upgrade
from kiosk.db.models import Visit, VisitEvent
from tests.sync.helpers import (
    assert_store_matches,
    generate_visits,
    kiosk_config,
    outbox_pending,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]


def kiosk_process(*args: object) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sync.kiosk_proc", *map(str, args)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_three_kiosk_processes_record_while_syncing_to_one_store(tmp_path, store_url, store):
    kiosks = ["kiosk-a", "kiosk-b", "kiosk-c"]
    procs = [kiosk_process("record", tmp_path, k, store_url, 25) for k in kiosks]
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0, out
    engines = [open_local(kiosk_config(tmp_path, k).local_db_path) for k in kiosks]
    counts = assert_store_matches(engines, store)
    assert counts["visits"] == 75
    assert counts["service_requests"] == 3 * 9
    for engine in engines:
        assert outbox_pending(engine) == 0
        engine.dispose()


def test_a_kiosk_killed_mid_sync_and_restarted_delivers_everything_once(tmp_path, store_url, store):
    config = kiosk_config(tmp_path, "kiosk-k", store_url)
    local = open_local(config.local_db_path)
    upgrade(local)
    generate_visits(local, 600, 20, "kiosk-k")
    stored = 0
    for _kill in range(3):
        proc = kiosk_process("sync", tmp_path, "kiosk-k", store_url, 200)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            with store.connect() as conn:
                now = conn.execute(select(func.count()).select_from(VisitEvent)).scalar_one()
            if now > stored + 1500:  # it is well into the backlog: kill it mid-sync
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with store.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(VisitEvent)).scalar_one()
    assert 0 < stored < 600 * 20
    proc = kiosk_process("sync", tmp_path, "kiosk-k", store_url, 200)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    assert outbox_pending(local) == 0
    counts = assert_store_matches([local], store)
    assert counts["visit_events"] == 600 * 20
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Visit)).scalar_one() == 600
    local.dispose()
