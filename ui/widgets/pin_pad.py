"""The associate sign-in: choose your name, then type your PIN on a large pad.

The PIN exists only in this widget's private list of digits until it is handed over with
``entered``; the screen shows a dot per digit, never a digit, and the list is emptied on every
submit, cancel and close. Nothing here logs.

Signals: ``entered(associate_id, pin)`` when the associate taps Enter, ``cancelled``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.associates import PIN_MAX, PIN_MIN
from ui import kit, theme
from ui.strings import tr

People = Sequence[tuple[uuid.UUID, str]]


class PinPad(QWidget):
    entered = Signal(object, str)
    cancelled = Signal()
    KEY_HEIGHT = 96

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("PinPad")
        self.language = "en"
        self.people: list[tuple[uuid.UUID, str]] = []
        self.chosen: tuple[uuid.UUID, str] | None = None
        self._digits: list[str] = []

        self.card = QFrame(self)
        self.card.setObjectName("card")
        self.card.setFixedWidth(640)
        kit.surface(self.card, "card")
        column = QVBoxLayout(self.card)
        column.setContentsMargins(56, 44, 56, 36)
        column.setSpacing(18)
        self.eyebrow = kit.eyebrow(small=True)
        column.addWidget(self.eyebrow)
        self.title = kit.text("title", wrap=True, name="title")
        column.addWidget(self.title)

        self.steps = QStackedWidget()
        column.addWidget(self.steps)
        self.names_page = QWidget()
        self.names = QGridLayout(self.names_page)
        self.names.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.names.setContentsMargins(0, 8, 0, 8)
        self.names.setSpacing(12)
        self.steps.addWidget(self.names_page)

        pad_page = QWidget()
        pad = QVBoxLayout(pad_page)
        pad.setContentsMargins(0, 0, 0, 0)
        pad.setSpacing(14)
        self.dots = kit.text("dots", align=Qt.AlignmentFlag.AlignCenter, name="dots")
        self.dots.setMinimumHeight(64)
        pad.addWidget(self.dots)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for i, name in enumerate([*"123456789", "clear", "0", "enter"]):
            key = QPushButton(name if name.isdigit() else "")
            key.setObjectName(f"pin-{name}")
            key.setProperty("role", "primary" if name == "enter" else "key")
            key.setFont(kit.font("key_l" if name.isdigit() else "body_s"))
            key.setMinimumHeight(self.KEY_HEIGHT)
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            key.clicked.connect(lambda _=False, n=name: self.press(n))
            grid.addWidget(key, i // 3, i % 3)
            self.keys[name] = key
        pad.addLayout(grid)
        self.steps.addWidget(pad_page)

        self.message = kit.text("body_s", tone="accent", wrap=True, name="message")
        self.message.setMinimumHeight(60)
        column.addWidget(self.message)
        actions = QHBoxLayout()
        self.not_you = kit.button("quiet", role="button_s", name="pin-not-you")
        self.not_you.clicked.connect(self._choose_again)
        actions.addWidget(self.not_you)
        actions.addStretch(1)
        self.cancel = kit.button("secondary", role="button_s", name="pin-cancel")
        self.cancel.clicked.connect(self._cancel)
        actions.addWidget(self.cancel)
        column.addLayout(actions)
        self.card.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the card is placed by hand, not by a layout: it follows its content's size itself
        if watched is self.card and event.type() == QEvent.Type.LayoutRequest:
            # Sized and centred only: invalidating the card's layout here posted the next
            # LayoutRequest, so the pad laid itself out on every turn of the loop for as
            # long as it was open (a core's worth of the GUI thread, starving the workers).
            self._place(relayout=False)
        return False

    # -- showing ---------------------------------------------------------------------------
    def open(self, language: str, chosen: tuple[uuid.UUID, str] | None = None) -> None:
        """Show the pad; with ``chosen`` it asks that associate's PIN straight away."""
        self.language = language
        self._digits.clear()
        self.people = []
        self.chosen = chosen
        self.message.clear()
        self._render()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self._place()

    def set_people(self, people: People) -> None:
        """The active associates to choose from (loaded off the GUI thread)."""
        self.people = list(people)
        self._render()

    def close_pad(self) -> None:
        self._digits.clear()
        self.chosen = None
        self.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def set_busy(self, busy: bool) -> None:
        for key in self.keys.values():
            key.setEnabled(not busy)
        if busy:
            self.message.setText(tr("associate.pin.checking", self.language))

    # -- typing ----------------------------------------------------------------------------
    def press(self, name: str) -> None:
        if name == "clear":
            self._digits.clear()
        elif name == "enter":
            if len(self._digits) >= PIN_MIN and self.chosen is not None:
                pin, self._digits = "".join(self._digits), []
                self._render_dots()
                self.entered.emit(self.chosen[0], pin)
                return
        elif len(self._digits) < PIN_MAX:
            self._digits.append(name)
        self._render_dots()

    @property
    def digit_count(self) -> int:
        return len(self._digits)

    def choose(self, associate_id: uuid.UUID) -> None:
        for person in self.people:
            if person[0] == associate_id:
                self.chosen = person
                self._digits.clear()
                self.message.clear()
                self._render()

    def _choose_again(self) -> None:
        self.chosen = None
        self._digits.clear()
        self.message.clear()
        self._render()

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    # -- drawing ---------------------------------------------------------------------------
    def _render(self) -> None:
        lang = self.language
        self.eyebrow.setText(tr("associate.pin.eyebrow", lang).upper())
        self.keys["clear"].setText(tr("associate.pin.clear", lang))
        self.keys["enter"].setText(tr("associate.pin.enter", lang))
        self.cancel.setText(tr("associate.pin.cancel", lang))
        self.not_you.setText(tr("associate.pin.not_you", lang))
        if self.chosen is not None:
            self.title.setText(tr("associate.pin.title", lang, name=self.chosen[1]))
            self.steps.setCurrentIndex(1)
            self.not_you.setVisible(True)
        else:
            self.title.setText(tr("associate.pin.who", lang))
            self.steps.setCurrentIndex(0)
            self.not_you.setVisible(False)
            self._render_names()
        self._render_dots()
        self._fit_step()
        self._place()

    def _fit_step(self) -> None:
        """The card takes the height of the step shown (choosing a name is shorter than the
        pad), so a short list of names never floats in empty space."""
        current = self.steps.currentWidget()
        for i in range(self.steps.count()):
            page = self.steps.widget(i)
            if page is None:
                continue
            policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
            layout = page.layout()
            if layout is not None:
                layout.invalidate()
                layout.activate()
        self.steps.updateGeometry()

    def _render_names(self) -> None:
        while self.names.count():
            item = self.names.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not self.people:
            note = kit.text("body_s", tr("associate.pin.loading", self.language), tone="muted")
            note.setWordWrap(True)
            self.names.addWidget(note, 0, 0)
            return
        for i, (associate_id, name) in enumerate(self.people):
            button = kit.button("secondary", name, name=f"person-{associate_id}")
            button.setMinimumHeight(84)
            button.clicked.connect(lambda _=False, a=associate_id: self.choose(a))
            self.names.addWidget(button, i // 2, i % 2)
        self._fit_step()
        self._place()

    def show_nobody(self) -> None:
        """No associate is set up: say how store IT adds one."""
        self._render_names()
        item = self.names.itemAt(0)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setText(tr("associate.pin.none", self.language))
        self._fit_step()
        self._place()

    def _render_dots(self) -> None:
        n = len(self._digits)
        self.dots.setText("●" * n + "○" * max(0, PIN_MIN - n) if n or self.chosen else "")

    def _place(self, relayout: bool = True) -> None:
        card_layout = self.card.layout()
        if relayout and card_layout is not None:
            card_layout.invalidate()
            card_layout.activate()
        self.card.adjustSize()
        self.card.move(
            (self.width() - self.card.width()) // 2, (self.height() - self.card.height()) // 2
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # touches outside the card do nothing (and reach nothing below)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), theme.color(theme.PALETTE.night, 0.72))
        p.end()
