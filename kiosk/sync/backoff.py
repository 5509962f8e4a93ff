"""Capped exponential backoff with jitter, so a store outage is not hammered by every kiosk
at the same moment when it comes back."""

from __future__ import annotations

import random
from collections.abc import Callable


class Backoff:
    def __init__(
        self,
        base_s: float = 1.0,
        cap_s: float = 300.0,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.base_s = base_s
        self.cap_s = cap_s
        self.rng = rng
        self.failures = 0

    def next_delay(self) -> float:
        """Half the ceiling for sure, the other half at random ("equal jitter")."""
        ceiling = min(self.cap_s, self.base_s * float(2 ** min(self.failures, 30)))
        self.failures += 1
        return ceiling / 2 + self.rng() * ceiling / 2

    def reset(self) -> None:
        self.failures = 0
