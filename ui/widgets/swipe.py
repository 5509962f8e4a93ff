"""A horizontal swipe, read from a press and its release.

Installed as an event filter on a widget, it sees presses and releases that reach the widget
or bubble up to it from its labels. Only the two ends are compared (not the moves), because a
kinetic scroller above may swallow the moves of a drag but still delivers its two ends; a
mostly vertical drag is left to that scroller.
"""

from __future__ import annotations

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
