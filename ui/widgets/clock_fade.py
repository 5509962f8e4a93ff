"""A fade whose opacity is a function of the time since it began.

Qt steps its animations about every 16 ms; a frame painted between two steps (the attract
screen's first frame with its picture, after the GUI thread was busy with the kiosk's start)
showed the fade as at the last step, up to a step behind. ``ClockFade`` answers the opacity
for this moment (``now()``), eased in and out (sine, as ``QEasingCurve.InOutSine``), and
still steps with Qt's other animations, so the tests finish it as they finish any fade.

It is a bare ``QAbstractAnimation``: a ``QVariantAnimation`` made the attract screen's start
build the Python types of QEasingCurve (a 49-name enum), QVariant's QByteArray and the
animation's own, about 1 ms before attract was complete, for a value computed here anyway.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QAbstractAnimation, QObject


def in_out_sine(progress: float) -> float:
    """0.0 to 1.0 as ``progress`` goes from 0.0 to 1.0, slow at both ends."""
    return (1 - math.cos(math.pi * min(1.0, max(0.0, progress)))) / 2


class ClockFade(QAbstractAnimation):
    """From 0.0 to 1.0 over ``duration_ms``: ``show(opacity)`` at each of Qt's steps (its
    last step shows 1.0); ``clock()`` in seconds (tests give their own)."""

    def __init__(
        self,
        duration_ms: int,
        show: Callable[[float], None],
        clock: Callable[[], float],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._duration, self._show, self._clock = duration_ms, show, clock
        self._began = 0.0

    def begin(self) -> None:
        """From the start, now."""
        self.stop()
        self._began = self._clock()
        self.start()

    def now(self) -> float | None:
        """The opacity at this moment; None when the fade is not running (stopped or done)."""
        if self.state() != QAbstractAnimation.State.Running:
            return None
        return in_out_sine((self._clock() - self._began) * 1000 / self._duration)

    def duration(self) -> int:
        return self._duration

    def updateCurrentTime(self, current: int) -> None:
        self._show(in_out_sine(current / self._duration))
