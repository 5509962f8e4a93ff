"""The store's opening hours: parsed once from one line of config, asked "open now?".

Outside opening hours an idle kiosk dims to a quiet attract screen instead of glowing all
night in an empty store (or looking broken behind a closed shutter). The format is what a
store manager writes on the door::

    Mon-Sat 10:00-19:00; Sun 12:00-18:00
    Mon-Fri 10:00-13:00, 14:00-19:00; Sat 10:00-20:00; Sun closed

Entries are separated by ``;``. Days are English names or their first three letters, single
(``Sun``), ranges (``Mon-Fri``, ``Sat-Mon`` wraps) or lists (``Mon,Wed``); ``daily`` is every
day. A day not named is closed. Times are the kiosk's local time, 24-hour, ``24:00`` for
midnight at the end of a day; a range past midnight is not supported (write two entries).

Pure and clock-free: every question takes the moment it is asked about, so tests use a fake
clock and the UI passes ``datetime.now()``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

Range = tuple[int, int]  # minutes since midnight, start inclusive, end exclusive


def _day(word: str, entry: str) -> int:
    low = word.strip().lower()
    for index, (short, full) in enumerate(zip(DAYS, FULL_NAMES, strict=True)):
        if low in (short.lower(), full):
            return index
    raise ValueError(
        f"opening hours entry '{entry}': '{word.strip()}' is not a day "
        "(use Mon, Tue, Wed, Thu, Fri, Sat, Sun)"
    )


def _days(spec: str, entry: str) -> list[int]:
    if spec.strip().lower() in {"daily", "every day"}:
        return list(range(7))
    days: list[int] = []
    for part in spec.split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first, entry), _day(last, entry)
            span = (b - a) % 7
            days.extend((a + i) % 7 for i in range(span + 1))
        else:
            days.append(_day(part, entry))
    return days


def _minutes(text: str, entry: str) -> int:
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(
            f"opening hours entry '{entry}': '{text.strip()}' is not a time like 09:30"
        )
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"opening hours entry '{entry}': '{text.strip()}' is not a time of day")
    return hours * 60 + minutes


def _ranges(spec: str, entry: str) -> list[Range]:
    ranges: list[Range] = []
    for part in spec.split(","):
        start, sep, end = part.partition("-")
        if not sep:
            raise ValueError(
                f"opening hours entry '{entry}': '{part.strip()}' is not a time range "
                "like 10:00-19:00"
            )
        a, b = _minutes(start, entry), _minutes(end, entry)
        if b <= a:
            raise ValueError(
                f"opening hours entry '{entry}': {part.strip()} ends before it starts "
                "(a range past midnight is not supported: end at 24:00 and start the next "
                "day at 00:00)"
            )
        ranges.append((a, b))
    ranges.sort()
    for (_, end1), (start2, _) in itertools.pairwise(ranges):
        if start2 < end1:
            raise ValueError(f"opening hours entry '{entry}': its time ranges overlap")
    return ranges


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class OpeningHours:
    """Per weekday (Monday = 0), the sorted time ranges in which the store is open."""

    week: tuple[tuple[Range, ...], ...]

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """Raises ValueError naming the entry and what is wrong with it."""
        week: list[list[Range] | None] = [None] * 7
        entries = [e.strip() for e in re.split(r"[;\n]", text) if e.strip()]
        if not entries:
            raise ValueError("opening hours are empty (leave the setting out: always open)")
        for entry in entries:
            match = re.match(r"^(.*?[A-Za-z])\s+(\d.*|closed)$", entry, re.IGNORECASE)
            if match is None:
                raise ValueError(
                    f"opening hours entry '{entry}' is not like 'Mon-Sat 10:00-19:00' "
                    "or 'Sun closed'"
                )
            days = _days(match.group(1), entry)
            spec = match.group(2)
            ranges = [] if spec.lower() == "closed" else _ranges(spec, entry)
            for day in days:
                if week[day] is not None:
                    raise ValueError(f"opening hours name {DAYS[day]} more than once")
                week[day] = ranges
        result = cls(tuple(tuple(day or ()) for day in week))
        if not any(result.week):
            raise ValueError("opening hours open on no day at all")
        return result

    def __str__(self) -> str:
        """The canonical form, consecutive days with equal hours grouped."""
        parts: list[str] = []
        day = 0
        while day < 7:
            last = day
            while last + 1 < 7 and self.week[last + 1] == self.week[day]:
                last += 1
            if self.week[day]:
                days = DAYS[day] if last == day else f"{DAYS[day]}-{DAYS[last]}"
                hours = ", ".join(f"{_hhmm(a)}-{_hhmm(b)}" for a, b in self.week[day])
                parts.append(f"{days} {hours}")
            day = last + 1
        return "; ".join(parts)

    def is_open(self, at: dt.datetime) -> bool:
        minute = at.hour * 60 + at.minute
        return any(a <= minute < b for a, b in self.week[at.weekday()])

    def _boundaries(self, at: dt.datetime) -> list[dt.datetime]:
        midnight = at.replace(hour=0, minute=0, second=0, microsecond=0)
        found = []
        for offset in range(8):
            day = midnight + dt.timedelta(days=offset)
            for a, b in self.week[day.weekday()]:
                found += [day + dt.timedelta(minutes=a), day + dt.timedelta(minutes=b)]
        return sorted(b for b in found if b > at)

    def next_change(self, at: dt.datetime) -> dt.datetime | None:
        """The next moment the store opens or closes after ``at`` (None: it never changes)."""
        now_open = self.is_open(at)
        for boundary in self._boundaries(at):
            if self.is_open(boundary) != now_open:
                return boundary
        return None

    def next_opening(self, at: dt.datetime) -> dt.datetime | None:
        """When the store next opens, if it is closed at ``at``."""
        if self.is_open(at):
            return None
        return self.next_change(at)
