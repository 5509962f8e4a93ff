"""A soft shade between a picture and the controls laid over it.

Controls over photographs cannot borrow their contrast from the picture: ivory dots and hints
vanish on a pale image. A scrim is a vertical gradient of the night colour, clear where the
picture should be seen whole and deepening under the controls, so they read the same on a
white marble and a dark walnut, and on a dark picture it is barely there.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ui import theme


class Scrim(QWidget):
    """``stops``: (position 0..1 from the top of the widget, night's opacity) pairs."""

    def __init__(self, stops: list[tuple[float, float]], parent: QWidget) -> None:
        super().__init__(parent)
        self.stops = stops
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_scrim(painter, QRectF(self.rect()), self.stops)
        painter.end()


def paint_scrim(painter: QPainter, rect: QRectF, stops: list[tuple[float, float]]) -> None:
    """Shade ``rect`` with the night colour; ``stops`` as for ``Scrim`` (0..1 down ``rect``).
    For a screen that paints its picture and its words itself (attract)."""
    gradient = QLinearGradient(QPointF(0, rect.top()), QPointF(0, rect.bottom()))
    for at, alpha in stops:
        gradient.setColorAt(at, theme.color(theme.PALETTE.night, alpha))
    painter.fillRect(rect, gradient)
