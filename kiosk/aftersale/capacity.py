"""The store's capacity for delivery and installation: which slots each day has, and how many
of each service a slot can take. Parsed once from two lines of configuration.

``service_capacity`` is what the store's logistics manager writes on the planning board::

    mon-fri: morning 08:00-12:00 delivery 4 installation 2, afternoon 13:00-18:00 delivery 4;
    sat: morning 09:00-12:00 delivery 2 installation 1

(one line in the setting). Entries are separated by ``;``: days (``mon``..``sun``, ranges
such as ``mon-fri`` or ``sat-mon``, lists such as ``mon,wed``), a colon, then the day's
slots separated by ``,``: a name, a local time range, and each service with its number of
places (a service not named has none in that slot). A day not named is closed.
``service_closed_days`` lists dates the store closes besides (``2026-12-25, 2027-01-01``).

A bad text is refused at start with a message naming the entry, like every setting: a store
that believes it offers Saturday deliveries must not silently offer none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from kiosk.db.after_sale_rows import SERVICES
from kiosk.station.settings import DEFAULT_SERVICE_CAPACITY as DEFAULT_SERVICE_CAPACITY

if TYPE_CHECKING:
    from kiosk.station.config import Config

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,15}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
MAX_PLACES = 99


@dataclass(frozen=True)
class Slot:
    """One slot of a day: its name (``morning``), local start and end, and places per
    service (a service missing from ``places`` has none)."""

    name: str
    start: dt.time
    end: dt.time
    places: Mapping[str, int]

    def capacity(self, service: str) -> int:
        return self.places.get(service, 0)


class Capacity:
    """The week's slots per weekday, less the closed dates. Pure: asked about a day."""

    def __init__(
        self, week: Mapping[int, tuple[Slot, ...]], closed: frozenset[dt.date] = frozenset()
    ) -> None:
        self._week = {d: tuple(sorted(s, key=lambda x: x.start)) for d, s in week.items()}
        self.closed = closed

    def slots_on(self, day: dt.date) -> tuple[Slot, ...]:
        """The day's slots, earliest first; none on a closed day."""
        if day in self.closed:
            return ()
        return self._week.get(day.weekday(), ())

    def is_closed(self, day: dt.date) -> bool:
        return not self.slots_on(day)

    def slot(self, day: dt.date, name: str) -> Slot | None:
        return next((s for s in self.slots_on(day) if s.name == name), None)

    def offers(self, service: str) -> bool:
        """Whether any slot of the week takes ``service`` at all."""
        return any(s.capacity(service) > 0 for slots in self._week.values() for s in slots)


def parse_capacity(text: str, closed: str = "") -> Capacity:
    """``service_capacity`` and ``service_closed_days`` as a Capacity; ValueError naming
    the setting and the place of the first fault."""
    try:
        week = parse_week(text)
    except ValueError as exc:
        raise ValueError(f"service_capacity: {exc}") from None
    try:
        dates = parse_closed_days(closed)
    except ValueError as exc:
        raise ValueError(f"service_closed_days: {exc}") from None
    return Capacity(week, dates)


def capacity_from(config: Config) -> Capacity:
    return parse_capacity(config.service_capacity, config.service_closed_days)


def parse_week(text: str) -> dict[int, tuple[Slot, ...]]:
    week: dict[int, tuple[Slot, ...]] = {}
    for entry in (e.strip() for e in text.split(";")):
        if not entry:
            continue
        days_text, colon, slots_text = entry.partition(":")
        # a time's colon is not the day's: "mon 09:00..." has no day part
        if not colon or re.search(r"\d", days_text):
            raise ValueError(f"'{entry}' needs its days first, e.g. 'mon-fri: morning ...'")
        slots = _slots(slots_text, days_text.strip())
        for day in _days(days_text):
            if day in week:
                raise ValueError(f"'{entry}': {DAYS[day]} is given twice")
            week[day] = slots
    return week


def parse_closed_days(text: str) -> frozenset[dt.date]:
    dates = set()
    for word in re.split(r"[,;\s]+", text.strip()):
        if not word:
            continue
        try:
            dates.add(dt.date.fromisoformat(word))
        except ValueError:
            raise ValueError(f"'{word}' is not a date (YYYY-MM-DD)") from None
    return frozenset(dates)


def _days(spec: str) -> list[int]:
    days: list[int] = []
    for part in (p.strip().lower() for p in spec.split(",")):
        first, dash, last = part.partition("-")
        if first.strip() not in DAYS or (dash and last.strip() not in DAYS):
            what = "day range" if dash else "day"
            raise ValueError(f"'{part}' is not a {what} (use mon, tue, wed, thu, fri, sat, sun)")
        a = DAYS.index(first.strip())
        b = DAYS.index(last.strip()) if dash else a
        days.extend((a + i) % 7 for i in range((b - a) % 7 + 1))
    return days


def _slots(text: str, days: str) -> tuple[Slot, ...]:
    """The slots of one entry; a fault names the days and the slot as written."""
    slots: list[Slot] = []
    for part in (p.strip() for p in text.split(",")):
        where = f"'{days}: {part}'"
        words = part.split()
        if len(words) < 2:
            raise ValueError(f"{where}: a slot needs a name and a time range")
        name, hours, rest = words[0].lower(), words[1], words[2:]
        if not _NAME.match(name):
            raise ValueError(f"{where}: '{words[0]}' is not a slot name (letters, 1-16)")
        if any(s.name == name for s in slots):
            raise ValueError(f"{where}: slot '{name}' is given twice")
        start, end = _range(hours, where)
        if len(rest) % 2:
            raise ValueError(f"{where}: each service needs its number, e.g. 'delivery 4'")
        places: dict[str, int] = {}
        for service, count in zip(rest[::2], rest[1::2], strict=True):
            if service.lower() not in SERVICES:
                raise ValueError(f"{where}: '{service}' is not a service ({', '.join(SERVICES)})")
            if not (count.isascii() and count.isdigit()) or int(count) > MAX_PLACES:
                raise ValueError(f"{where}: '{count}' is not a number of places (0-99)")
            places[service.lower()] = int(count)
        slots.append(Slot(name, start, end, MappingProxyType(places)))
    return tuple(slots)


def _range(text: str, where: str) -> tuple[dt.time, dt.time]:
    first, _, last = text.partition("-")
    start, end = _time(first, where), _time(last, where)
    if end <= start:
        raise ValueError(f"{where}: the slot ends before it starts")
    return start, end


def _time(text: str, where: str) -> dt.time:
    match = _TIME.match(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{where}: '{text}' is not a time (HH:MM, 24-hour)")
    return dt.time(int(match[1]), int(match[2]))
