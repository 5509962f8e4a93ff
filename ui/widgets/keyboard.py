"""An on-screen keyboard: a kiosk has no physical one.

Large keys (touch targets well above the minimum), letters with a shift key, digits, and the
symbols contact details need (@ . - _ +). It types into the field it is attached to and never
keeps what was typed: the field is the only place the text lives.

Signals: ``done`` when the customer taps the confirm key.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from ui import theme

ROWS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl@",
    "zxcvbnm.-_",
)
SHIFT, BACKSPACE, SPACE, DONE, PLUS = "shift", "backspace", "space", "done", "+"


class OnScreenKeyboard(QWidget):
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target: QLineEdit | None = None
        self.shifted = False
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(10)
        grid.setContentsMargins(0, 0, 0, 0)
        p = theme.PALETTE
        self.setStyleSheet(
            f"QPushButton {{ background: {p.paper}; border: 1px solid {p.stone};"
            f" color: {p.ink}; padding: 0; min-height: {theme.MIN_TOUCH + 16}px; }}"
            f"QPushButton:pressed {{ background: {p.stone}; }}"
            f"QPushButton[role='action'] {{ background: {p.ink}; color: {p.ivory}; }}"
        )
        for r, row in enumerate(ROWS):
            for c, char in enumerate(row):
                self._key(grid, char, char, r, c)
        self._key(grid, SHIFT, "⇧", 4, 0, 2)
        self._key(grid, PLUS, "+", 4, 2)
        self._key(grid, SPACE, "", 4, 3, 4)
        self._key(grid, BACKSPACE, "⌫", 4, 7)
        self._key(grid, DONE, "✓", 4, 8, 2).setProperty("role", "action")
        self.keys[SHIFT].setCheckable(True)

    def _key(
        self, grid: QGridLayout, name: str, label: str, row: int, col: int, span: int = 1
    ) -> QPushButton:
        button = QPushButton(label)
        button.setObjectName(f"key-{name}")
        button.setFont(theme.sans(28))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(lambda _=False, n=name: self.press(n))
        grid.addWidget(button, row, col, 1, span)
        self.keys[name] = button
        return button

    def attach(self, target: QLineEdit | None) -> None:
        """Type into ``target`` from now on (None: type nowhere)."""
        self.target = target

    def press(self, name: str) -> None:
        if name == SHIFT:
            self._set_shift(not self.shifted)
            return
        if name == DONE:
            self.done.emit()
            return
        if self.target is None:
            return
        if name == BACKSPACE:
            self.target.backspace()
        elif name == SPACE:
            self.target.insert(" ")
        else:
            self.target.insert(name.upper() if self.shifted else name)
            if self.shifted:
                self._set_shift(False)  # one capital, as phones do

    def _set_shift(self, on: bool) -> None:
        self.shifted = on
        self.keys[SHIFT].setChecked(on)
        for row in ROWS:
            for char in row:
                self.keys[char].setText(char.upper() if on else char)
