"""The store's daily sweep is scheduled: packaging/linux's service and timer are units systemd
accepts (``systemd-analyze verify``, when this machine has it), the timer fires daily at 06:00
in the store's zone and catches up after downtime, and the service runs a command the kiosk's
command line knows: ``followups sweep --store``, with the layered configuration."""

from __future__ import annotations

import configparser
import datetime as dt
import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli import parse
from tests.conftest import REPO

UNITS = REPO / "packaging" / "linux"
SERVICE = UNITS / "maison-kiosk-store-sweep.service"
TIMER = UNITS / "maison-kiosk-store-sweep.timer"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_the_timer_fires_daily_at_six_in_the_stores_zone_and_catches_up():
    timer = unit(TIMER)
    when = timer["Timer"]["OnCalendar"].split()
    assert when[:2] == ["*-*-*", "06:00:00"]
    ZoneInfo(when[2])  # a real zone: the store's store_timezone
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert "Unit" not in timer["Timer"]  # so it starts the service of its own name


def test_the_service_runs_the_store_sweep_with_the_layered_configuration():
    service = unit(SERVICE)["Service"]
    check = unit(UNITS / "maison-kiosk-check.service")["Service"]
    assert service["Type"] == "oneshot"
    assert service["User"] == check["User"] == "kiosk"
    assert service["Environment"] == check["Environment"]  # chain, store, kiosk
    binary, *argv = shlex.split(service["ExecStart"])
    assert binary == shlex.split(check["ExecStart"])[0]
    args = parse(argv)
    assert (args.command, args.store) == ("followups", True)


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not on this machine")
def test_systemd_accepts_the_units_as_written(tmp_path):
    """The units copied as they are, but for the kiosk's path: the one program verify needs
    to find is this checkout's ``kiosk`` (the same command line as the packaged build)."""
    kiosk = Path(sys.executable).with_name("kiosk")
    assert kiosk.exists()
    for path in (SERVICE, TIMER):
        text = path.read_text(encoding="utf-8")
        text = text.replace("/opt/maison-kiosk/current/maison-kiosk", str(kiosk))
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    assert SYSTEMD_ANALYZE is not None
    done = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", TIMER.name, SERVICE.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")

    spec = unit(TIMER)["Timer"]["OnCalendar"]
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C"}
    shown = subprocess.run(
        [SYSTEMD_ANALYZE, "calendar", "--iterations=3", spec],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    ).stdout
    elapses = re.findall(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", shown)
    assert len(elapses) == 3
    zone = ZoneInfo(spec.split()[-1])
    local = [dt.datetime.fromisoformat(e).replace(tzinfo=dt.UTC).astimezone(zone) for e in elapses]
    assert {(t.hour, t.minute) for t in local} == {(6, 0)}
    assert [(b.date() - a.date()).days for a, b in itertools.pairwise(local)] == [1, 1]
