"""The store's place in the world: its time zone, and the store-local days and times the
rules, the due list and the dashboard reckon in.

A store's "today", "tomorrow at 9" and "midnight" are the store's, not the machine's: a kiosk
image set to UTC in a Shanghai store would otherwise remind associates at 17:00 and start the
dashboard's day at 08:00. Stored times stay aware UTC; only these helpers turn a store-local
day and time into one (and back). No Qt, no I/O beyond reading the zone database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

DEFAULT_ZONE = "UTC"
SYSTEM_ZONES = Path("/usr/share/zoneinfo")
"""The system's zone database (tzdata), where zoneinfo looks first on Debian."""


class HasStoreZone(Protocol):
    store_timezone: str


def known_zone(name: str) -> bool:
    """Whether ``name`` is a zone of the IANA database this Python can read."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # not at import: see machine_zone_name

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def machine_zone_name() -> str:
    """The machine's zone as an IANA name, so a store that sets nothing keeps the local time
    it had before the setting existed; "UTC" where no name can be found (Windows, a bare
    container). A name whose zone file is in the system's database is taken without loading
    zoneinfo (its import, with sysconfig's, was 2 ms of every start, where the default zone
    is all the settings need)."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and not name.startswith("/") and (_system_zone(name) or known_zone(name)):
            return name
    return DEFAULT_ZONE


def _system_zone(name: str) -> bool:
    """Whether ``name`` is a zone file of the system's database (a TZif file there)."""
    if ".." in Path(name).parts:
        return False
    try:
        with (SYSTEM_ZONES / name).open("rb") as zone:
            return zone.read(4) == b"TZif"
    except OSError:
        return False


def store_zone(config: HasStoreZone) -> ZoneInfo:
    """The store's zone, from the ``store_timezone`` setting (validated at start)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.store_timezone)


def local_day(at: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The store's calendar day at the instant ``at`` (aware)."""
    return at.astimezone(zone).date()


def at_local(day: dt.date, time: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """``time`` on ``day`` on the store's clocks, as an aware UTC instant (a wall time a
    daylight-saving change skips or repeats resolves as zoneinfo's fold=0 does)."""
    return dt.datetime.combine(day, time.replace(tzinfo=None), tzinfo=zone).astimezone(dt.UTC)


def local_midnight(at: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """The start of the store's day holding ``at``, as an aware UTC instant."""
    return at_local(local_day(at, zone), dt.time(0), zone)
