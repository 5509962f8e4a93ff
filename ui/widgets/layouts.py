"""Emptying a layout that is rebuilt from data (lists of requests, clients, tasks...); moving a
control between layouts when the screen turns; a row that wraps; a hidden screen laid out
in idle time."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPixmap, QRegion
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QLayoutItem, QWidget


def send_pending(widget: QWidget) -> None:
    """Render one pixel of ``widget``: Qt then sends the window's pending moves and resizes
    (and lays out what they reach) now, in this turn; a hidden screen built in idle time is
    then shown without laying itself out in the touch that shows it."""
    widget.render(QPixmap(1, 1), QPoint(), QRegion(0, 0, 1, 1))


def clear_layout(layout: QLayout, now: bool = False) -> None:
    """Remove every item; widgets go at once (with what they showed), nested layouts too.

    ``now``: delete the widgets here, for a reset that never comes from one of them (a
    list's own button may be mid-click: then only ``deleteLater`` is safe). Taking each out
    of the window first (``setParent(None)``: Qt restyles it as a window of its own) costs
    about 0.3 ms a widget, in the turn of a visit's last touch."""
    if now:
        from ui.tasks import handed_back_at_once

        with handed_back_at_once():
            _empty(layout, now)
    else:
        _empty(layout, now)


def _empty(layout: QLayout, now: bool) -> None:
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
            if now:
                shiboken6.delete(widget)
                continue
            widget.setParent(None)  # gone at once, with what it showed
            widget.deleteLater()
        elif (nested := item.layout()) is not None:
            _empty(nested, now)


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


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto another line when the width runs out: a row of
    actions that in larger text or a narrow column would otherwise push the page wider than
    the screen (the story's "Compare 2 side by side" cut at the right edge)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 20) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._heights: dict[int, int] = {}  # height for a width, until the items change
        self.setContentsMargins(0, 0, 0, 0)

    def invalidate(self) -> None:
        """An item was added, shown, hidden or changed its size: heights are measured anew
        (a screen's layout asks for them many times over while nothing changes)."""
        self._heights.clear()
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self._heights.clear()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        self._heights.clear()
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._place(QRect(0, 0, width, 0), move=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        """As wide as the widest item: narrower, the items wrap."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


def foot_row(outer: QBoxLayout) -> QBoxLayout:
    """A row appended to ``outer`` for what ``within_reach`` carries there in portrait;
    empty, it takes no height (landscape stays as it was)."""
    row = QHBoxLayout()
    row.addStretch(1)
    outer.addLayout(row)
    return row


def within_reach(widget: QWidget, foot: QBoxLayout, home: QBoxLayout, portrait: bool) -> None:
    """Portrait: ``widget`` (the way back) at the foot's start, in the lower two thirds a
    hand reaches on a tall kiosk; landscape: back in ``home`` (the header) at its start."""
    foot.setContentsMargins(0, 24 if portrait else 0, 0, 0)
    carry(widget, foot if portrait else home, 0)
