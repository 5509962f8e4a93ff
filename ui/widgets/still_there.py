"""The "are you still there?" veil with its visible countdown.

It covers the screen without hiding it (the customer sees their place is kept), counts down
the configured seconds, and any touch on it keeps the visit going.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui import kit, theme
from ui.strings import tr


class StillThere(QWidget):
    """Signals: ``stay`` (the customer touched), ``expired`` (the countdown reached zero)."""

    stay = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget, seconds: int) -> None:
        super().__init__(parent)
        self.setObjectName("StillThere")
        self.seconds = seconds
        self.remaining = seconds
        self.language = "en"
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self.hide()
        self._built = False  # its card, made when first needed: not in the start's seconds

    def _build(self) -> None:
        """The card: made at the first countdown (2.5-3 ms, the first button of the start,
        with Qt's icon types, was in the attach before attract was complete)."""
        card = QFrame(self)
        card.setObjectName("card")
        kit.surface(card, "card")
        card.setFixedWidth(760)
        column = QVBoxLayout(card)
        column.setContentsMargins(64, 56, 64, 56)
        column.setSpacing(24)
        center = Qt.AlignmentFlag.AlignCenter
        self.title = kit.text("title_l", align=center)
        self.count = kit.text("numeral", tone="accent", align=center, name="count")
        self.body = kit.text("body", tone="muted", wrap=True, align=center)
        self.button = kit.button("primary", name="stay")
        self.button.setMinimumHeight(84)
        self.button.clicked.connect(self._stay)
        for w in (self.title, self.count, self.body, self.button):
            column.addWidget(w)
        self.card = card
        self._built = True

    def start(self, language: str) -> None:
        if not self._built:
            self._build()
        self.language = language
        self.remaining = self.seconds
        self._render()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.card.adjustSize()
        self.card.move(
            (self.width() - self.card.width()) // 2, (self.height() - self.card.height()) // 2
        )
        self.show()
        self.raise_()
        self._tick.start()

    def cancel(self) -> None:
        self._tick.stop()
        self.hide()

    @property
    def running(self) -> bool:
        return self._tick.isActive()

    def _count(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.cancel()
            self.expired.emit()
            return
        self._render()

    def _render(self) -> None:
        self.title.setText(tr("idle.title", self.language))
        self.count.setText(str(self.remaining))
        self.body.setText(tr("idle.body", self.language, seconds=self.remaining))
        self.button.setText(tr("idle.stay", self.language))

    def _stay(self) -> None:
        self.cancel()
        self.stay.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self._stay()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), theme.color(theme.PALETTE.night, 0.62))
        p.end()
