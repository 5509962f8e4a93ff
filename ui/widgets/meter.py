"""How strongly a product has a quality (0..1), drawn as a hairline with a brass length.

Deliberately without a number: a comparison should show which piece leans where, not invite
decimal arithmetic between them.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from ui import theme


class Meter(QWidget):
    def __init__(self, value: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = min(1.0, max(0.0, value))
        self.setMinimumHeight(theme.MIN_TOUCH)

    def sizeHint(self) -> QSize:
        return QSize(240, theme.MIN_TOUCH)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        width = min(self.width(), 280)
        y = self.height() / 2
        p.fillRect(QRectF(0, y - 1, width, 2), theme.color(theme.PALETTE.stone))
        if self.value > 0:
            p.fillRect(QRectF(0, y - 2, width * self.value, 4), theme.color(theme.PALETTE.brass))
        p.end()
