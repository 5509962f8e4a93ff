"""Telling systemd the kiosk is alive: the sd_notify protocol, and a record for ``kiosk check``.

A frozen GUI thread (an endless loop, a deadlock) looks like a running process to the service
manager: nothing restarts it and the store sees a dead screen. With ``WatchdogSec=`` in the
unit, systemd expects ``WATCHDOG=1`` at least that often and otherwise kills the service and
restarts it like a crash (within the unit's crash-loop limit). The GUI's event loop sends the
pings (ui/watchdog.py), so a hung GUI thread stops them.

The protocol is small enough to write here rather than depend on a binding of libsystemd:
one datagram of ``NAME=value`` lines sent to the AF_UNIX socket named by ``$NOTIFY_SOCKET``
(a path, or an abstract-namespace name written with a leading ``@``). Without
``$NOTIFY_SOCKET`` (not started by systemd, a developer's machine) nothing is sent.

The kiosk runs under cage, which systemd starts: ``WATCHDOG_PID`` then names cage, our
parent, and the unit's ``NotifyAccess=all`` lets systemd take the kiosk's messages. So the
watchdog is ours when ``WATCHDOG_PID`` is unset, this process or its parent.

``kiosk check`` runs in another process, so the kiosk keeps a small record beside its
database (``watchdog.json``: on, the interval, its pid, the last ping it wrote); the check
tells a kiosk whose GUI answers from a stale one, or one not under systemd.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.station.checks import Check
    from kiosk.station.config import Config

log = logging.getLogger(__name__)

FILE_NAME = "watchdog.json"
FILE_SIZE = 512
"""The record's fixed size on disk: overwritten in place, it needs no new space to update."""

RECORD_EVERY_S = 60.0
"""How often the running kiosk refreshes its record's last ping (a small write each time)."""


def socket_address(environ: Mapping[str, str]) -> str | None:
    """The notify socket's address for ``socket.sendto``: a path, or ``\\0name`` for an
    abstract one (``@name``); None when systemd did not give one."""
    raw = environ.get("NOTIFY_SOCKET", "")
    if raw.startswith("@"):
        return "\0" + raw[1:]
    if raw.startswith("/"):
        return raw
    return None  # unset, or a form we do not speak (vsock): send nothing


def watchdog_interval_s(environ: Mapping[str, str]) -> float | None:
    """The watchdog timeout systemd asked for (``$WATCHDOG_USEC``), or None when it did not
    ask, or asked another process (``$WATCHDOG_PID`` neither us nor our parent)."""
    usec = environ.get("WATCHDOG_USEC", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    pid = environ.get("WATCHDOG_PID", "")
    if pid and pid not in (str(os.getpid()), str(os.getppid())):
        return None
    return int(usec) / 1_000_000


class Notifier:
    """Sends sd_notify states; every method is a no-op without ``$NOTIFY_SOCKET``.

    Sending never blocks (a full socket queue drops the datagram: a missed ping is better
    than a GUI thread waiting on the service manager) and never raises: the first failure
    is logged, the kiosk goes on."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.address = socket_address(env)
        self.watchdog_s = watchdog_interval_s(env) if self.address else None
        self._sock: socket.socket | None = None
        self._warned = False

    @property
    def enabled(self) -> bool:
        return self.address is not None

    def send(self, *states: str) -> bool:
        if self.address is None:
            return False
        try:
            if self._sock is None:
                self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
                self._sock.setblocking(False)
            self._sock.sendto("\n".join(states).encode(), self.address)
        except OSError as exc:
            if not self._warned:
                self._warned = True
                log.warning("systemd notify socket: %s (%s)", exc.strerror or exc, states[0])
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.send("READY=1", *([f"STATUS={status}"] if status else []))

    def ping(self) -> bool:
        return self.send("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.send("STOPPING=1")

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


@dataclass(frozen=True)
class WatchdogRecord:
    """What the running kiosk says of its watchdog, for ``kiosk check``. ``identity`` tells
    this process from a later one given the same pid (after a restart or a reboot)."""

    pid: int
    started_at: str
    under_systemd: bool
    interval_s: float | None
    last_ping_at: str | None = None
    identity: str | None = None


def process_identity(pid: int) -> str | None:
    """The boot and the process's start time (Linux's /proc): the same pid in another boot,
    or a later process given the same pid, has another identity. None where there is no
    /proc (Windows kiosks: their liveness is then not judged)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return f"{boot}/{fields[19]}" if len(fields) > 19 else None  # field 22: starttime


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def write_record(folder: Path, record: WatchdogRecord) -> None:
    """Overwrite the record in place (called off the GUI thread); a failure is only logged:
    the watchdog itself does not depend on it."""
    path = folder / FILE_NAME
    body = json.dumps(asdict(record)).encode()
    try:
        with path.open("r+b" if path.exists() else "wb") as fh:
            fh.write(body.ljust(max(FILE_SIZE, len(body) + 1)))
            fh.truncate()
    except OSError as exc:
        log.warning("%s cannot be written: %s", path, exc.strerror)


def read_record(folder: Path) -> WatchdogRecord | None:
    try:
        data = json.loads((folder / FILE_NAME).read_bytes().strip() or b"{}")
        return WatchdogRecord(**data)
    except (OSError, ValueError, TypeError):
        return None


def running(record: WatchdogRecord) -> bool | None:
    """Whether the process that wrote ``record`` still runs: None when this system cannot
    tell (no /proc). Never os.kill(pid, 0): on Windows that would end the process."""
    if record.identity is None:
        return None
    return process_identity(record.pid) == record.identity


def check_watchdog(config: Config, now: dt.datetime) -> Check:
    """The systemd watchdog of the kiosk running here, from the record it keeps beside its
    database (kiosk.station.sdnotify): on with its interval and last ping, off (not started
    by systemd), or stale (a GUI thread that stopped pinging: systemd should have restarted
    it; attention). A kiosk that is not running is reported, not failed: systemd's unit
    state says why."""
    from kiosk.station.checks import Check

    record = read_record(config.local_db_path.parent)
    data: dict[str, Any] = {
        "state": "unknown",
        "running": False,
        "under_systemd": None,
        "interval_s": None,
        "pid": None,
        "started_at": None,
        "last_ping_at": None,
        "last_ping_age_s": None,
    }
    if record is None:
        return Check("watchdog", True, "unknown: the kiosk has not run here yet", data)
    data.update(
        running=running(record),
        under_systemd=record.under_systemd,
        interval_s=record.interval_s,
        pid=record.pid,
        started_at=record.started_at,
        last_ping_at=record.last_ping_at,
    )
    since = f"pid {record.pid}, started {record.started_at}"
    if data["running"] is None:
        return Check("watchdog", True, f"unknown on this system ({since})", data)
    if not data["running"]:
        data["state"] = "not running"
        return Check("watchdog", True, f"the kiosk is not running (last {since})", data)
    if not record.under_systemd:
        data["state"] = "off"
        return Check("watchdog", True, f"off: the kiosk was not started by systemd ({since})", data)
    if record.interval_s is None:
        data["state"] = "off"
        return Check(
            "watchdog",
            True,
            f"off: systemd asked for no watchdog (no WatchdogSec= in the unit): a hung "
            f"screen is not restarted ({since})",
            data,
        )
    last = dt.datetime.fromisoformat(record.last_ping_at or record.started_at)
    age = max(0, int((now - last).total_seconds()))
    data["last_ping_age_s"] = age
    every = f"{record.interval_s:g} s"
    if age > RECORD_EVERY_S + record.interval_s + 30:
        data["state"] = "stale"
        return Check(
            "watchdog",
            False,
            f"stale: the screen has not answered for {age} s (watchdog {every}, {since}); "
            "systemd should have restarted it: `systemctl status maison-kiosk`",
            data,
        )
    data["state"] = "on"
    return Check(
        "watchdog",
        True,
        f"on: systemd restarts the kiosk after {every} without a ping; last ping {age} s ago",
        data,
    )
