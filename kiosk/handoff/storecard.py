"""The store's public card on the follow-up page: its name, how to reach it, its hours.

A customer whose link has expired (or who typed a wrong code) still wants to reach the
store; the page is the one place they have. Only what store IT configured is shown
(``store_name``, ``store_phone``, ``store_email``, ``store_address``, ``opening_hours``),
never anything about the visit: the same card stands on every page, whoever asks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.clients.lookup import looks_like_email

if TYPE_CHECKING:
    from kiosk.station.config import Config
    from kiosk.station.opening_hours import OpeningHours


@dataclass(frozen=True)
class HoursRow:
    day: int  # Monday = 0
    ranges: tuple[str, ...]  # "10:00–19:00"; empty: closed
    today: bool


@dataclass(frozen=True)
class StoreCard:
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: tuple[str, ...] = ()
    hours: OpeningHours | None = None

    @classmethod
    def from_config(cls, config: Config) -> StoreCard:
        address = config.store_address or ""
        return cls(
            name=config.store_name,
            phone=config.store_phone,
            email=config.store_email,
            address=tuple(part.strip() for part in address.split(";") if part.strip()),
            hours=config.opening_hours,
        )

    @property
    def tel(self) -> str | None:
        """The number as a ``tel:`` link dials it: digits and a leading plus only."""
        if not self.phone:
            return None
        digits = re.sub(r"[^\d+]", "", self.phone)
        digits = digits[:1] + digits[1:].replace("+", "")
        return digits if len(re.sub(r"\D", "", digits)) >= 3 else None

    @property
    def mailto(self) -> str | None:
        """The address a ``mailto:`` link may carry: only one that looks like an address."""
        return self.email if self.email and looks_like_email(self.email) else None

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email or self.address)

    def week(self, today: dt.date) -> list[HoursRow]:
        """The week's hours from Monday, ``today`` marked; empty when no hours are set."""
        if self.hours is None:
            return []
        return [
            HoursRow(
                day,
                tuple(f"{_hhmm(a)}–{_hhmm(b)}" for a, b in ranges),
                day == today.weekday(),
            )
            for day, ranges in enumerate(self.hours.week)
        ]


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
