"""One application-wide event filter for everything that watches the customer's input.

The idle watchers (the visit's and associate mode's), the lockdown's key filter and a fading
screen's "a touch ends the fade" each need to see input meant for any widget, so each was an
event filter on the whole application. An application filter is called for every event of
every widget, not only input: each screen change moves and resizes a few hundred hidden
widgets, and the first after the start 2,500 of them (Qt sends a window's pending moves and
resizes when any of it is rendered), and every one of those events went through three or four
Python filters. Here one Python filter looks the event's type up once and calls only those
who asked for that type.

``watch(owner, types, handler)``: ``handler(watched, event)`` for events of ``types``, until
``owner`` (a QObject) is destroyed; a handler returning True swallows the event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from shiboken6 import isValid

Handler = Callable[[QObject, QEvent], bool]


class InputWatch(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._by_type: dict[QEvent.Type, list[tuple[QObject, Handler]]] = {}
        app.installEventFilter(self)

    def add(self, owner: QObject, types: Iterable[QEvent.Type], handler: Handler) -> None:
        # No slot on the owner's ``destroyed``: a Python slot per owner cost about 25 ms at
        # the process's exit. A watcher whose owner is gone is dropped when next looked at.
        for kind in types:
            self._by_type.setdefault(kind, []).append((owner, handler))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
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


_watch: InputWatch | None = None


def watch(owner: QObject, types: Iterable[QEvent.Type], handler: Handler) -> None:
    """``handler`` sees the events of ``types`` sent to any object, while ``owner`` lives."""
    global _watch
    app = QCoreApplication.instance()
    if app is None:
        return
    if _watch is None or _watch.parent() is not app:
        _watch = InputWatch(app)
    _watch.add(owner, types, handler)
