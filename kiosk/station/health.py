"""``kiosk check``: is this kiosk healthy, and if not, what needs a person?

Made for two readers: store IT at a terminal (one line per check) and a monitoring system
polling ``kiosk check --json`` (stable keys, documented in packaging/README.md; exit status
0 when all is well, 1 when something needs attention, 2 when the configuration itself is
unusable). Nothing here changes the kiosk's data: the local database is opened but never
migrated, and no secret (store password, link-signing key) is ever part of the report.

What needs attention:

- ``local_db``: the file is missing, unusable, or its schema is not the build's newest one;
- ``store_db``: a store database is configured and cannot be reached or is not migrated;
- ``sync``: a change was refused by the store (quarantined), or, with a store configured,
  the oldest change waiting for it is older than ``health_backlog_max_age_s``;
- ``content``: the content pack in service does not validate;
- ``disk``: the data folder's disk has less than ``health_min_free_mb`` free;
- ``writes``: the running kiosk could not write a visit (a full disk...) and has not written
  one since;
- ``log_dir``: the log folder cannot be written;
- ``production``: in store mode, a setting left at a developer's value that customers or
  their data would suffer from (kiosk.station.production: a follow-up address phones cannot use, an
  unlocked window, a secret file others can read); notes on the rest stay ok;
- ``camera``: a ``camera`` is configured and gives no picture (ffmpeg missing, no such
  device, a device that does not open): returning customers can still type their code;
- ``watchdog``: the running kiosk is under systemd's watchdog and its GUI thread has stopped
  pinging (stale); off (not under systemd) and not running are reported, not failed.

The checks themselves are in ``kiosk.station.checks``; here they are run in order and made
into the report (plain data for ``--json``, lines for a person), and ``KioskHealth`` is what
the associate home shows of the same running.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk import __version__
from kiosk.station.camera import camera_check
from kiosk.station.checks import (
    _iso,
    _Local,
    check_content,
    check_disk,
    check_local_writes,
    check_log_dir,
    check_production,
    check_store,
    check_sync,
)
from kiosk.station.config import Config
from kiosk.station.paths import build_info
from kiosk.station.sdnotify import check_watchdog

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kiosk.station.local_writes import StorageStatus, WriteHealth
    from kiosk.sync.state import SyncStatus
    from kiosk.sync.worker import SyncWorker

FORMAT = 1
"""Version of the JSON layout; raised only when a key changes meaning or disappears."""


def run_checks(
    config: Config, clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
) -> dict[str, Any]:
    """The whole report as plain data (the JSON document of ``kiosk check --json``)."""
    now = clock()
    local = _Local(config)
    try:
        checks = [
            local.check(),
            check_store(config),
            check_sync(config, local, now),
            check_content(config),
            check_disk(config),
            check_local_writes(config),
            check_log_dir(config),
            check_watchdog(config, now),
        ]
        checks.append(check_production(config, checks))
        checks.append(camera_check(config))
    finally:
        local.dispose()
    problems = [f"{c.name}: {c.detail}" for c in checks if not c.ok]
    return {
        "format": FORMAT,
        "status": "attention" if problems else "ok",
        "checked_at": _iso(now),
        "kiosk": {
            "version": __version__,
            "frozen": bool(getattr(sys, "frozen", False)),
            "build": build_info(),
            "store_id": config.store_id,
            "kiosk_id": config.kiosk_id,
        },
        "checks": {c.name: c.as_json() for c in checks},
        "problems": problems,
        "settings": {
            name: {"value": value, "source": source} for name, value, source in config.describe()
        },
    }


@dataclass(frozen=True)
class KioskHealth:
    """What the associate home shows of this kiosk's own running: its disk and failed
    writes, and the store sync. Made from the runtime at each ask (``Runtime.health``), so
    it knows the sync worker of the moment; the reads run off the GUI thread, except
    ``sync_status`` with a worker running (a snapshot under a lock)."""

    engine: Engine
    config: Config
    writes: WriteHealth
    worker: SyncWorker | None

    @property
    def syncs(self) -> bool:
        """A sync worker runs in this kiosk (so "sync now" can wake it)."""
        return self.worker is not None

    def storage(self) -> StorageStatus:
        """Free space against ``health_min_free_mb``, and a write failing just now."""
        from kiosk.station.local_writes import storage_status

        return storage_status(
            self.config.local_db_path.parent, self.config.health_min_free_mb, self.writes
        )

    def sync_status(self) -> SyncStatus:
        """The worker's status, or without one the status as stored locally ("disabled"
        when no store database is configured, else "stopped")."""
        if self.worker is not None:
            return self.worker.status()
        from kiosk.sync.state import read_status

        return read_status(self.engine, "stopped" if self.config.store_db_url else "disabled")


def render_text(report: dict[str, Any]) -> str:
    """The report for a person at a terminal."""
    kiosk = report["kiosk"]
    lines = [
        f"kiosk {kiosk['store_id']}/{kiosk['kiosk_id']} (version {kiosk['version']}): "
        + ("OK" if report["status"] == "ok" else "NEEDS ATTENTION"),
    ]
    for name, check in report["checks"].items():
        lines.append(f"  {'ok  ' if check['ok'] else 'FAIL'}  {name:<9} {check['detail']}")
    lines.append("")
    lines.append("settings (effective value and where it came from):")
    width = max(len(name) for name in report["settings"])
    for name, s in report["settings"].items():
        lines.append(f"  {name:<{width}}  {s['value']}    [{s['source']}]")
    return "\n".join(lines) + "\n"
