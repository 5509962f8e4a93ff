"""Where am I among a few pages: one dot per page, each a full-size touch target."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QWidget

from ui import theme


class Dot(QAbstractButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setFixedSize(theme.MIN_TOUCH, theme.MIN_TOUCH)

    def sizeHint(self) -> QSize:
        return QSize(theme.MIN_TOUCH, theme.MIN_TOUCH)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = theme.PALETTE
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        centre = QPointF(self.width() / 2, self.height() / 2)
        if self.isChecked() or self.isDown():
            painter.setBrush(theme.color(p.brass))
            painter.drawEllipse(centre, 6.0, 6.0)
        else:  # a fine ring in soft ink: a stone dot was all but lost on ivory (1.3:1)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(theme.color(p.ink_soft), 1.5))
            painter.drawEllipse(centre, 4.5, 4.5)
        painter.end()


class PageDots(QWidget):
    """Signals: ``chosen(index)`` when a dot is tapped."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(0)
        self.dots: list[Dot] = []

    def set_pages(self, count: int, current: int, names: list[str]) -> None:
        while len(self.dots) > count:
            self.dots.pop().deleteLater()
        while len(self.dots) < count:
            dot, page = Dot(self), len(self.dots)
            dot.clicked.connect(lambda _=False, i=page: self.chosen.emit(i))
            self.row.addWidget(dot)
            self.dots.append(dot)
        for i, dot in enumerate(self.dots):
            dot.setChecked(i == current)
            dot.setAccessibleName(names[i] if i < len(names) else "")
        self.setVisible(count > 1)
