"""One filter, on the kiosk's window, for everything that watches the customer's input.

The idle watchers (the visit's and associate mode's), the lockdown's key filter and a fading
screen's "a touch ends the fade" each need to see input meant for any widget. Touches, clicks
and keys reach a widget through its window: Qt gives each to the top-level ``QWindow`` first,
which hands it to the widget under the finger or with the focus. So the watch filters the
windows, not the application.

An application filter (what this was) is called for every event of every object, not only
input: each screen change moves and resizes a few hundred hidden widgets, Qt's timers, paints
and property changes too, and every one of them went through Python, where shiboken wraps the
receiver and, the first time it meets a class, builds that class's Python type and enums.
That was 20-25 ms of the start between attract's image arriving and its first frame, and a
tenth of the GUI thread's time over a customer's journey.

``watch(owner, types, handler)``: ``handler(watched, event)`` for events of ``types`` given to
any watched window, until ``owner`` (a QObject) is destroyed; a handler returning True
swallows the event. The windows watched: the window of the owner's nearest widget (from its
first show: Qt makes a widget's window then, and again if its flags change), every window
already there, and any window that takes the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

Handler = Callable[[QObject, QEvent], bool]
_WINDOW_MADE = (QEvent.Type.Show, QEvent.Type.WinIdChange)


class InputWatch(QObject):
    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self._by_type: dict[QEvent.Type, list[tuple[QObject, Handler]]] = {}
        self._windows: list[QWindow] = []
        self._tops: list[QWidget] = []
        app.focusWindowChanged.connect(self.cover)
        for window in app.topLevelWindows():
            self.cover(window)

    def add(self, owner: QObject, types: Iterable[QEvent.Type], handler: Handler) -> None:
        # No slot on the owner's ``destroyed``: a Python slot per owner cost about 25 ms at
        # the process's exit. A watcher whose owner is gone is dropped when next looked at.
        for kind in types:
            self._by_type.setdefault(kind, []).append((owner, handler))
        top = _top_widget(owner)
        if top is not None and not any(t is top for t in self._tops):
            self._tops.append(top)
            top.installEventFilter(self)  # its own events only: shown, window made again
            self.cover(top.windowHandle())

    def cover(self, window: QWindow | None) -> None:
        """Watch the input given to ``window`` (once; None and deleted windows are skipped)."""
        if window is None or not isValid(window):
            return
        self._windows = [w for w in self._windows if isValid(w)]
        if not any(w is window for w in self._windows):
            window.installEventFilter(self)
            self._windows.append(window)

    @property
    def windows(self) -> list[QWindow]:
        """The windows whose input is watched now."""
        return [w for w in self._windows if isValid(w)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if isinstance(watched, QWidget):  # a watcher's top-level widget: its window made
            if kind in _WINDOW_MADE:
                if watched.isWindow():
                    self.cover(watched.windowHandle())
                else:  # it was only made before its parent took it (a screen): not a window
                    watched.removeEventFilter(self)
                    self._tops = [t for t in self._tops if t is not watched and isValid(t)]
            return False
        handlers = self._by_type.get(kind)
        if handlers:
            if not all(isValid(owner) for owner, _ in handlers):
                handlers = [(o, h) for o, h in handlers if isValid(o)]
                if handlers:
                    self._by_type[kind] = handlers
                else:
                    del self._by_type[kind]
            for _owner, handler in list(handlers):
                if handler(watched, event):
                    return True
        return False


def _top_widget(owner: QObject) -> QWidget | None:
    """The top-level widget of ``owner`` or of its nearest widget ancestor."""
    node: QObject | None = owner
    while node is not None and not isinstance(node, QWidget):
        node = node.parent()
    return node.window() if isinstance(node, QWidget) else None


_watch: InputWatch | None = None


def input_watch() -> InputWatch | None:
    """The watch (None before the first ``watch`` or without an application)."""
    app = QCoreApplication.instance()
    if _watch is None or not isinstance(app, QGuiApplication) or _watch.parent() is not app:
        return None
    return _watch


def watch(owner: QObject, types: Iterable[QEvent.Type], handler: Handler) -> None:
    """``handler`` sees the events of ``types`` given to the kiosk's windows, while ``owner``
    lives."""
    global _watch
    app = QCoreApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    if _watch is None or _watch.parent() is not app:
        _watch = InputWatch(app)
    _watch.add(owner, types, handler)
