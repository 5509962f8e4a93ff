"""The page's server process reads "today" on the store's clocks (``store_timezone``): the
page's dates and the slots' days use ``astimezone()``, which then means the store's zone."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import datetime as dt
from kiosk.handoff.cli import run_on_store_clocks
from kiosk.station.config import load_config
run_on_store_clocks(load_config())
at = dt.datetime(2026, 11, 20, 17, 0, tzinfo=dt.UTC).astimezone()
print(at.isoformat())
"""


def test_the_page_process_runs_on_the_store_clocks_whatever_the_machine_zone():
    env = {"TZ": "UTC", "KIOSK_STORE_TIMEZONE": "Asia/Shanghai", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    # 17:00 UTC on the 20th is already the 21st at 01:00 in a Shanghai store.
    assert done.stdout.strip() == "2026-11-21T01:00:00+08:00"
