"""Emptying a layout that is rebuilt from data (lists of requests, clients, tasks...); moving a
control between layouts when the screen turns."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QLayout, QWidget


def clear_layout(layout: QLayout) -> None:
    """Remove every item; widgets go at once (with what they showed), nested layouts too."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)  # gone at once, with what it showed
            widget.deleteLater()
        elif (nested := item.layout()) is not None:
            clear_layout(nested)


def holder(widget: QWidget) -> QBoxLayout | None:
    """The box layout that holds ``widget`` (searched from its parent's layout down)."""
    parent = widget.parentWidget()
    found = _holding(parent.layout(), widget) if parent is not None else None
    return found if isinstance(found, QBoxLayout) else None


def _holding(layout: QLayout | None, widget: QWidget) -> QLayout | None:
    if layout is None:
        return None
    if layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        item = layout.itemAt(i)
        nested = item.layout() if item is not None else None
        if nested is not None and (found := _holding(nested, widget)) is not None:
            return found
    return None


def carry(widget: QWidget, into: QBoxLayout, index: int) -> None:
    """Move ``widget`` into ``into`` at ``index``, out of the layout that held it: one control
    that changes place with the orientation (the way back, within reach in portrait) rather
    than two that do the same thing. Whether it is shown is left as it was."""
    if into.indexOf(widget) >= 0:
        return
    hidden = widget.isHidden()
    old = holder(widget)
    if old is not None:
        old.removeWidget(widget)
    into.insertWidget(index, widget)
    widget.setHidden(hidden)
