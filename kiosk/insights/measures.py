"""What the dashboard's figures are, without a database: the funnel's stages, the periods
(by the store's local midnights), NPS, CES and the median, and the shape of a store's
figures (``StoreFigures``). Apart from ``kiosk.insights.dashboard`` (the queries that count
them, and the definitions a manager reads) because this is the pure arithmetic and the
vocabulary the screen and ``kiosk report`` share, testable without SQL.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.insights.outreach import OutreachFigure
    from kiosk.insights.recovery import Recovery
    from kiosk.insights.touchpoints import AfterSaleFigures

FUNNEL = (
    "attract",
    "greeting",
    "needs",
    "story",
    "lookbook",
    "selection",
    "handoff",
    "link_opened",
    "consent",
    "appointment",
)


class Period(enum.StrEnum):
    TODAY = "today"
    WEEK = "7d"
    MONTH = "30d"

    @property
    def days(self) -> int:
        return {"today": 1, "7d": 7, "30d": 30}[self.value]

    def bounds(
        self, now: dt.datetime, tz: dt.tzinfo | None = None
    ) -> tuple[dt.datetime, dt.datetime]:
        """The period's start (a local midnight) and end (``now``), both aware UTC."""
        first_day = _local_date(now, tz) - dt.timedelta(days=self.days - 1)
        return _midnight(first_day, tz), now.astimezone(dt.UTC)


def end_of_today(now: dt.datetime, tz: dt.tzinfo | None = None) -> dt.datetime:
    return _midnight(_local_date(now, tz) + dt.timedelta(days=1), tz)


def _local_date(now: dt.datetime, tz: dt.tzinfo | None) -> dt.date:
    return (now.astimezone(tz) if tz is not None else now.astimezone()).date()


def _midnight(day: dt.date, tz: dt.tzinfo | None) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time())
    # A naive time's astimezone() reads it in the system's zone, daylight saving included.
    local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return local.astimezone(dt.UTC)


# -- the pure arithmetic --------------------------------------------------------------------
@dataclass(frozen=True)
class NpsSplit:
    promoters: int = 0
    passives: int = 0
    detractors: int = 0

    @property
    def responses(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        """% promoters minus % detractors (-100..100); None without a response."""
        if not self.responses:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.responses

    def share(self, part: str) -> float:
        """The share (0..1) of ``promoters``, ``passives`` or ``detractors``."""
        n = self.responses
        return getattr(self, part) / n if n else 0.0


def nps(scores: Iterable[int]) -> NpsSplit:
    """Promoters (9-10), passives (7-8) and detractors (0-6) of 0-10 answers."""
    promoters = passives = detractors = 0
    for score in scores:
        if not 0 <= score <= 10:
            raise ValueError(f"an NPS answer is from 0 to 10, got {score}")
        if score >= 9:
            promoters += 1
        elif score >= 7:
            passives += 1
        else:
            detractors += 1
    return NpsSplit(promoters, passives, detractors)


def ces(scores: Iterable[int]) -> float | None:
    """The mean of 1-7 answers; None without a response."""
    values = list(scores)
    for score in values:
        if not 1 <= score <= 7:
            raise ValueError(f"a CES answer is from 1 to 7, got {score}")
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    visits: int
    share: float | None  # of the first step (0..1); None when the first step is 0


def funnel(counts: Mapping[str, int]) -> tuple[FunnelStep, ...]:
    """The steps in ``FUNNEL`` order; a stage missing from ``counts`` had no visit."""
    first = counts.get(FUNNEL[0], 0)
    return tuple(
        FunnelStep(stage, counts.get(stage, 0), counts.get(stage, 0) / first if first else None)
        for stage in FUNNEL
    )


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@dataclass(frozen=True)
class TopItem:
    """``key`` is a SKU, ``lookbook/scene`` or ``sku/chapter``; ``visits`` the visits that
    viewed (read) it; ``kept`` the visits that also kept the product (products only)."""

    key: str
    visits: int
    kept: int = 0


@dataclass(frozen=True)
class StoreFigures:
    period: Period
    start: dt.datetime
    end: dt.datetime
    visits: int
    median_dwell_s: float | None
    funnel: tuple[FunnelStep, ...]
    feedback: NpsSplit
    ces: float | None
    ces_responses: int
    top_products: tuple[TopItem, ...]
    top_looks: tuple[TopItem, ...]
    top_chapters: tuple[TopItem, ...]
    followups_due: int
    followups_done: int
    recovery: Recovery | None = None  # the service-recovery section
    after_sale: AfterSaleFigures | None = None  # NPS per touchpoint, invitations
    outreach: tuple[OutreachFigure, ...] = ()  # per associate: managers only (insights.outreach)

    @property
    def nps(self) -> float | None:
        return self.feedback.score
