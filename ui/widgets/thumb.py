"""A picture that can be touched: a gallery thumbnail, or a hero that opens the gallery.

Pressing dims it slightly and draws a brass frame, so the finger gets an answer at once; a
release inside it is a tap (``clicked``), a release elsewhere (a drag, a swipe) is not.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy

from ui import theme
from ui.widgets.picture import Picture


class Thumb(Picture):
    """Signals: ``clicked`` on a tap."""

    clicked = Signal()

    def __init__(
        self, fill: bool = True, size: QSize | None = None, aspect: float | None = None
    ) -> None:
        """``size`` fixes the size; ``aspect`` (width / height) makes the height follow the
        width, so a photograph keeps its composition instead of being cropped to a box."""
        super().__init__(fill)
        self._pressed = False
        self._current = False
        self._size = size
        self.aspect = aspect
        if size is not None:
            self.setFixedSize(size)
        elif aspect is not None:
            policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        if self._size is not None:
            return self._size
        if self.aspect is not None:
            return QSize(900, self.heightForWidth(900))
        return super().sizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.aspect is not None

    def heightForWidth(self, width: int) -> int:
        return round(width / self.aspect) if self.aspect else super().heightForWidth(width)

    def set_current(self, current: bool) -> None:
        """Marks the image the customer is looking at (a quiet brass rule beneath)."""
        self._current = current
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = True
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        was, self._pressed = self._pressed, False
        self.update()
        if was and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not (self._pressed or self._current):
            return
        p = QPainter(self)
        if self._pressed:
            p.fillRect(self.rect(), theme.color(theme.PALETTE.ink, 0.18))
        pen = QPen(theme.color(theme.PALETTE.brass))
        pen.setWidth(3)
        p.setPen(pen)
        if self._pressed:
            p.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        else:
            p.drawLine(0, self.height() - 2, self.width(), self.height() - 2)
        p.end()
