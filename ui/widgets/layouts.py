"""Emptying a layout that is rebuilt from data (lists of requests, clients, tasks...)."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    """Remove every item; widgets go at once (with what they showed), nested layouts too."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            # Hidden first: a widget added a moment ago still has Qt's queued "show" coming,
            # which would show it as a window of its own once it has no parent (it took the
            # focus from the kiosk's window when a list was drawn twice in one turn).
            widget.hide()
            widget.setParent(None)  # gone at once, with what it showed
            widget.deleteLater()
        elif (nested := item.layout()) is not None:
            clear_layout(nested)
