"""A score the customer gave by phone, as the associate enters it: 0 to 10 and an optional
word. Used where an associate takes a score after the sale: a delivery or an installation
marked done (the services screen) and the 90-day satisfaction call (the follow-ups screen).

The score is eleven large buttons, never a typed number: a kiosk has no keyboard for digits
to go wrong on. The word is typed on the on-screen keyboard; while it is open the buttons
fold away (the keyboard needs the room) and the chosen score is said in the caption. What is
entered is checked by the domain (``kiosk.aftersale.scores``) when it is recorded; a refusal
comes back as the holder's words, and nothing is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import kit, theme
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard

SCORES = range(0, 11)
PER_ROW = 6
WORD_ROOM = 400
"""The field takes a little more than the domain keeps (280) so that a longer word is refused
with a message rather than cut without a word."""


class ScoreEntry(QWidget):
    """Eleven score buttons and an optional word; ``score`` is None until one is tapped.

    Signals: ``typing(bool)`` when the keyboard opens or closes (a holder folds its other
    parts away meanwhile)."""

    typing = Signal(bool)

    def __init__(self, name: str = "score") -> None:
        super().__init__()
        self.setObjectName(name)
        self.language = "en"
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.caption = kit.text("caption_s", tone="muted", wrap=True, name="score-caption")
        column.addWidget(self.caption)
        self.pad = QWidget()
        grid = QGridLayout(self.pad)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.group = QButtonGroup(self)
        self.buttons: dict[int, QPushButton] = {}
        for value in SCORES:
            button = kit.button("secondary", str(value), role="button_s", name=f"score-{value}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.setMinimumWidth(theme.MIN_TOUCH)
            self.group.addButton(button, value)
            grid.addWidget(button, value // PER_ROW, value % PER_ROW)
            self.buttons[value] = button
        self.group.idClicked.connect(lambda _v: self._caption())
        column.addWidget(self.pad)
        self.word = QLineEdit()
        self.word.setObjectName("score-word")
        self.word.setFont(kit.font("body_s"))
        self.word.setMinimumHeight(theme.MIN_TOUCH + 8)
        self.word.setMaxLength(WORD_ROOM)
        column.addWidget(self.word)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.follow(self.word, chinese=True)  # a word in either language
        self.keyboard.attach(self.word)
        self.keyboard.summoned.connect(lambda _field: self.open_keyboard())
        self.keyboard.done.connect(self.close_keyboard)
        self.keyboard.hide()
        column.addWidget(self.keyboard)

    @property
    def score(self) -> int | None:
        chosen = self.group.checkedId()
        return None if chosen < 0 else chosen

    @property
    def comment(self) -> str:
        return self.word.text()

    def open_keyboard(self) -> None:
        self.pad.hide()
        self.keyboard.show()
        self.word.setFocus()
        self._caption()
        self.typing.emit(True)

    def close_keyboard(self) -> None:
        self.keyboard.hide()
        self.pad.show()
        self._caption()
        self.typing.emit(False)

    def clear(self) -> None:
        self.group.setExclusive(False)  # an exclusive group keeps one checked
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.word.clear()
        self.close_keyboard()

    def set_enabled(self, enabled: bool) -> None:
        for button in self.group.buttons():
            button.setEnabled(enabled)
        self.word.setEnabled(enabled)

    def _caption(self) -> None:
        lang = self.language
        if self.keyboard.isVisible() and self.score is not None:
            self.caption.setText(tr("services.score.chosen", lang, score=self.score))
        else:
            self.caption.setText(tr("services.score.caption", lang))

    def retranslate(self, language: str) -> None:
        self.language = language
        self.keyboard.set_language(language)
        self.word.setPlaceholderText(tr("services.score.word", language))
        self._caption()
