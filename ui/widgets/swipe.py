"""A horizontal swipe, read from a press and its release; a drag followed as it moves.

Installed as an event filter on a widget, it sees presses and releases that reach the widget
or bubble up to it from its labels. Only the two ends are compared (not the moves), because a
kinetic scroller above may swallow the moves of a drag but still delivers its two ends; a
mostly vertical drag is left to that scroller.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Signal
from PySide6.QtGui import QMouseEvent


class SwipeFilter(QObject):
    """Signals: ``swiped(int)`` with +1 for "next" (finger moved left) and -1 for "previous"."""

    swiped = Signal(int)
    THRESHOLD = 80  # px at reference scale: well beyond a tap's jitter, short of a full drag

    def __init__(self, target: QObject) -> None:
        super().__init__(target)
        self._start: QPointF | None = None
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            self._start = event.globalPosition()
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            start, self._start = self._start, None
            if start is not None:
                direction = self.direction(event.globalPosition() - start)
                if direction:
                    self.swiped.emit(direction)
        return False

    @classmethod
    def direction(cls, delta: QPointF) -> int:
        """+1, -1 or 0 for a finger's travel: horizontal, long enough, not a vertical scroll."""
        dx, dy = delta.x(), delta.y()
        if abs(dx) < cls.THRESHOLD or abs(dx) < 1.5 * abs(dy):
            return 0
        return 1 if dx < 0 else -1


class DragTrack:
    """A horizontal drag followed move by move, for a view that moves under the finger.

    It tells when a press has become a horizontal drag (past a tap's jitter, more across than
    down: a vertical drag stays the scroller's), how far the finger has travelled and how fast
    it moved over its last ``WINDOW_S``. Time comes from ``clock`` (``time.monotonic``; a test
    gives its own, so a flick's speed is exact whatever the machine's load).
    """

    SLOP = 12  # px: a tap's jitter, before a drag is read as across or down
    WINDOW_S = 0.1  # the speed of the last 100 ms of travel: what the finger did at the end
    FLING_PX_S = 500.0  # a flick this fast turns the page though short of its distance

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self.clock = clock or time.monotonic
        self.pressed = False
        self.dragging = False
        self._start = QPointF()
        self._samples: list[tuple[float, float]] = []  # (time, x)

    def press(self, position: QPointF) -> None:
        self.pressed, self.dragging = True, False
        self._start = QPointF(position)
        self._samples = [(self.clock(), position.x())]

    def move(self, position: QPointF) -> bool:
        """Follow the finger to ``position``; True while the drag is a horizontal one."""
        if not self.pressed:
            return False
        delta = position - self._start
        if not self.dragging:
            across, down = abs(delta.x()), abs(delta.y())
            if across < self.SLOP and down < self.SLOP:
                return False
            if across < 1.5 * down:  # the reader scrolls: this press is not a page turn
                self.pressed = False
                return False
            self.dragging = True
        now = self.clock()
        self._samples.append((now, position.x()))
        self._samples = [s for s in self._samples if now - s[0] <= self.WINDOW_S] or [
            self._samples[-1]
        ]
        return True

    @property
    def dx(self) -> float:
        """The finger's travel across since the press (the last position followed)."""
        return self._samples[-1][1] - self._start.x() if self._samples else 0.0

    def velocity(self) -> float:
        """px/s across over the last ``WINDOW_S`` (0 for a finger that stood still)."""
        if len(self._samples) < 2:
            return 0.0
        (t0, x0), (t1, x1) = self._samples[0], self._samples[-1]
        return (x1 - x0) / (t1 - t0) if t1 > t0 else 0.0

    def end(self) -> None:
        self.pressed = self.dragging = False
