"""Faded scroll edges: where more lies past an edge of a scroll area, that edge fades into the
screen's ground.

The fade is the customer's sign that a row or a page goes on (a desktop scroll bar means
nothing on a kiosk), and it softens whatever the edge cuts: a line of text sliced by a hard
edge reads as a mistake, the same line fading out reads as "more". An edge with nothing past
it is not faded, so the last card of a row or the foot of a page is shown whole and clear.

A child of the scroll area laid over its viewport, transparent to the finger; it follows the
scroll bars, so a fade appears and goes as the customer scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from ui import theme

Edge = str  # "top", "bottom", "left", "right"


class ScrollFade(QWidget):
    """Fades ``area``'s edges ``depth`` px deep where content continues past them; ``ground``
    is the colour faded into, read from the palette at each paint (a display mode changes
    it) unless given."""

    def __init__(
        self,
        area: QAbstractScrollArea,
        depth: int = 96,
        ground: str | None = None,
        axes: tuple[Qt.Orientation, ...] = (Qt.Orientation.Vertical, Qt.Orientation.Horizontal),
    ) -> None:
        super().__init__(area)
        self.area = area
        self.fade_depth = depth
        self.axes = axes
        self.ground = ground
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
            bar.valueChanged.connect(self.update)
            bar.rangeChanged.connect(self.update)
        # The viewport's own events: the area's resize event comes before the viewport is
        # laid out again, so its geometry would still be the old one there.
        self._viewport = area.viewport()
        self._viewport.installEventFilter(self)
        self._follow()

    def faded_edges(self) -> dict[Edge, int]:
        """The edges faded now, with their depth (what a test asks: is this cut cued?)."""
        edges: dict[Edge, int] = {}
        sides = (
            (Qt.Orientation.Vertical, self.area.verticalScrollBar(), "top", "bottom"),
            (Qt.Orientation.Horizontal, self.area.horizontalScrollBar(), "left", "right"),
        )
        for axis, bar, before, after in sides:
            if axis in self.axes:
                if bar.value() > bar.minimum():
                    edges[before] = self.fade_depth
                if bar.value() < bar.maximum():
                    edges[after] = self.fade_depth
        return edges

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show)
        if watched is self._viewport and event.type() in kinds:
            self._follow()
        return False

    def _follow(self) -> None:
        self.setGeometry(self._viewport.geometry())
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        edges = self.faded_edges()
        if not edges:
            return
        ground = theme.color(self.ground or theme.PALETTE.ivory)
        clear = theme.color(self.ground or theme.PALETTE.ivory, 0.0)
        w, h = self.width(), self.height()
        ends = {
            "top": (QPointF(0, 0), QPointF(0, self.fade_depth)),
            "bottom": (QPointF(0, h), QPointF(0, h - self.fade_depth)),
            "left": (QPointF(0, 0), QPointF(self.fade_depth, 0)),
            "right": (QPointF(w, 0), QPointF(w - self.fade_depth, 0)),
        }
        painter = QPainter(self)
        for edge in edges:
            start, stop = ends[edge]
            gradient = QLinearGradient(start, stop)
            gradient.setColorAt(0.0, ground)
            gradient.setColorAt(0.35, theme.color(self.ground or theme.PALETTE.ivory, 0.75))
            gradient.setColorAt(1.0, clear)
            x = min(start.x(), stop.x()) if edge in ("left", "right") else 0
            y = min(start.y(), stop.y()) if edge in ("top", "bottom") else 0
            width = self.fade_depth if edge in ("left", "right") else w
            height = self.fade_depth if edge in ("top", "bottom") else h
            painter.fillRect(round(x), round(y), width, height, gradient)
        painter.end()
