"""A kiosk killed mid-visit loses nothing it acknowledged, and the visit is closed on restart."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import select

from kiosk.db.models import Visit, VisitEvent
from kiosk.station.config import load_config
from kiosk.station.runtime import start
from tests.conftest import REPO


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [1, 25, 120])
def test_sigkill_mid_visit_keeps_every_acknowledged_event(kiosk_env, kill_after):
    env = {**os.environ, **kiosk_env, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.station.crash_child"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    visit_id = uuid.UUID(child.stdout.readline().split()[1])
    acked = 0
    while acked < kill_after:
        acked = int(child.stdout.readline().split()[1])
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    db_path = kiosk_env["KIOSK_LOCAL_DB_PATH"]
    runtime = start(load_config(env=kiosk_env))  # the restart
    try:
        with runtime.store.session() as s:
            visit = s.get(Visit, visit_id)
            events = s.scalars(
                select(VisitEvent).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
            ).all()
        viewed = [e.payload["n"] for e in events if e.kind == "product_viewed"]
        # every acknowledged event is there, in order, with no gap
        assert viewed[:acked] == list(range(1, acked + 1))
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert visit.end_reason == "crash_recovered"
        assert events[-1].kind == "visit_ended"
        assert visit.ended_at == events[-2].at  # closed at the last moment it was seen
    finally:
        runtime.close()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
