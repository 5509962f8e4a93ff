"""A large cover card: an image, a small line above the title, a title and a few words.

The whole card is the touch target. A press softens its image; a drag (the customer is
scrolling the row of cards) is not a tap.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QVBoxLayout, QWidget

from ui import kit
from ui.widgets.picture import Picture


class CoverCard(QWidget):
    """Signals: ``clicked`` on a tap (press and release without moving)."""

    clicked = Signal()
    TAP_SLOP_PX = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self._press: QPointF | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 24)
        column.setSpacing(0)
        self.picture = Picture(fill=True)
        self.picture.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column.addWidget(self.picture, 1)
        column.addSpacing(28)
        self.eyebrow = kit.eyebrow(small=True)
        column.addWidget(self.eyebrow)
        column.addSpacing(10)
        self.title = kit.text("title", wrap=True)
        column.addWidget(self.title)
        column.addSpacing(12)
        self.description = kit.text(
            "body_s",
            tone="muted",
            wrap=True,
            align=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
        )
        self.description.setMinimumHeight(64)
        column.addWidget(self.description)
        for label in (self.eyebrow, self.title, self.description):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def _set_pressed(self, pressed: bool) -> None:
        if pressed:
            effect = QGraphicsOpacityEffect(self.picture)
            effect.setOpacity(0.82)  # the ivory ground shows through: a soft, quick answer
            self.picture.setGraphicsEffect(effect)
        else:
            # The stubs omit None, which Qt takes as "no effect" (and deletes the old one).
            self.picture.setGraphicsEffect(None)  # type: ignore[arg-type]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        self._set_pressed(True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            moved = event.position() - self._press
            if abs(moved.x()) + abs(moved.y()) > self.TAP_SLOP_PX:
                self._press = None
                self._set_pressed(False)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        tapped = self._press is not None and self.rect().contains(event.position().toPoint())
        self._press = None
        self._set_pressed(False)
        if tapped:
            self.clicked.emit()
