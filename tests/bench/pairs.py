"""A ratio that holds from run to run on a shared, noisy machine.

Timing one side, then the other, compares two different moments of the machine: another
engineer's build in one and not the other moved the start-up ratio from 1.20 to 1.99. Here
the two sides are timed as adjacent pairs, in alternating order (A B, B A, A B...), so each
ratio compares the same moment and neither side always runs with the caches the other left.
The figure is the median of the pairs' ratios, printed with its interquartile range; pairs are
added until the median's 95 % interval (median +- 1.58 IQR / sqrt(n), the boxplot notch) is
within ``half_width``, so two runs agree to about twice that, or until ``max_pairs``.
"""

from __future__ import annotations

import math
import os
import statistics
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Paired:
    ratio: float  # median of a/b over the pairs
    q1: float
    q3: float
    ci: float  # half width of the median's 95 % interval
    pairs: int
    a_median: float
    b_median: float

    def figures(self, a: str, b: str) -> dict[str, object]:
        return {
            "ratio": round(self.ratio, 3),
            "ratio_iqr": [round(self.q1, 3), round(self.q3, 3)],
            "ratio_ci95": round(self.ci, 3),
            "pairs": self.pairs,
            f"{a}_median": round(self.a_median, 4),
            f"{b}_median": round(self.b_median, 4),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }

    def __str__(self) -> str:
        return (
            f"ratio {self.ratio:.2f} (IQR {self.q1:.2f}-{self.q3:.2f}, "
            f"95% +-{self.ci:.2f}, {self.pairs} pairs)"
        )


def quartiles(values: list[float]) -> tuple[float, float]:
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def spread(a_times: list[float], b_times: list[float]) -> Paired:
    """The pairs' ratios summed up: median, quartiles, the median's 95 % half width."""
    ratios = [a / b for a, b in zip(a_times, b_times, strict=True)]
    q1, q3 = quartiles(ratios)
    return Paired(
        ratio=statistics.median(ratios),
        q1=q1,
        q3=q3,
        ci=1.58 * (q3 - q1) / math.sqrt(len(ratios)),
        pairs=len(ratios),
        a_median=statistics.median(a_times),
        b_median=statistics.median(b_times),
    )


def alternate(
    a: Callable[[], float],
    b: Callable[[], float],
    min_pairs: int = 12,
    max_pairs: int = 60,
    half_width: float = 0.05,
    warm: int = 1,
) -> Paired:
    """Time ``a`` and ``b`` (each returns its own measured time) in alternating pairs. Both
    are first run ``warm`` times each, the same way, so both start with warm caches."""
    for _ in range(warm):
        a()
        b()
    a_times: list[float] = []
    b_times: list[float] = []
    while True:
        if len(a_times) % 2 == 0:
            a_times.append(a())
            b_times.append(b())
        else:
            b_times.append(b())
            a_times.append(a())
        if len(a_times) < max(min_pairs, 4):
            continue
        paired = spread(a_times, b_times)
        if paired.ci <= half_width or paired.pairs >= max_pairs:
            return paired
