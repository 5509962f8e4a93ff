"""The application-wide idle detector.

The application-wide input watch (ui/input_watch.py) hands it every touch, click and key.
While a visit is open, ``idle_timeout_s`` without any of them emits ``idle``; the window
then shows the "still there?" countdown. The timer means nothing on the attract screen, so
it only runs during a visit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from ui.input_watch import watch

ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseMove,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
    QEvent.Type.Gesture,
}


class IdleWatcher(QObject):
    """Signals: ``idle`` after the timeout with no customer activity."""

    idle = Signal()

    def __init__(self, timeout_s: int, parent: QObject) -> None:
        # A parent ties its lifetime to the window: a parentless QObject could be collected by
        # Python's garbage collector on a worker thread, where Qt cannot stop its timer.
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_s * 1000)
        self._timer.timeout.connect(self.idle)
        watch(self, ACTIVITY, self.eventFilter)  # every touch and key, to any widget

    def arm(self) -> None:
        self._timer.start()

    def disarm(self) -> None:
        self._timer.stop()

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False
