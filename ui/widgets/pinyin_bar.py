"""The candidate bar above the on-screen keyboard in pinyin mode (中).

It shows the pinyin being composed, split into syllables the way the engine reads it
("chen'si'yuan"), and a page of candidates as large keys: tapping one commits it. ‹ and ›
page through the rest. It holds no text of its own beyond what is on screen, and is emptied
as soon as the composition is committed or abandoned.

Signals: ``chosen(int)`` with the index of the tapped candidate in the full list.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.visit.pinyin import Candidate
from ui import kit, theme

PAGE = 8  # candidates a page: each a comfortable key on a 1920 px screen and on portrait


class PinyinBar(QWidget):
    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinyin-bar")
        self.candidates: list[Candidate] = []
        self.page = 0
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(6)
        self.composition = QLabel()
        self.composition.setObjectName("pinyin-composition")
        self.composition.setProperty("role", "accent")
        self.composition.setFont(kit.font("body"))
        column.addWidget(self.composition)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.previous = self._button("candidates-previous", "‹", lambda: self._turn(-1))
        row.addWidget(self.previous)
        self.buttons: list[QPushButton] = []
        for i in range(PAGE):
            button = self._button(f"candidate-{i}", "", lambda _=False, n=i: self._tap(n))
            button.setProperty("role", "candidate")
            button.setFont(kit.font("heading"))
            row.addWidget(button, 1)
            self.buttons.append(button)
        self.next = self._button("candidates-next", "›", lambda: self._turn(1))
        row.addWidget(self.next)
        for turn in (self.previous, self.next):
            turn.setFixedWidth(theme.MIN_TOUCH + 16)
            keep = turn.sizePolicy()
            keep.setRetainSizeWhenHidden(True)  # the candidates do not shift as pages come
            turn.setSizePolicy(keep)
        column.addLayout(row)
        self.show_candidates("", [])

    def _button(self, name: str, label: str, tapped: object) -> QPushButton:
        button: QPushButton = kit.Button(label)  # a candidate's Hanzi in the CJK face first
        button.setObjectName(name)
        button.setFont(kit.font("key"))
        button.setMinimumHeight(theme.MIN_TOUCH + 8)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.clicked.connect(tapped)
        return button

    def show_candidates(self, shown_pinyin: str, candidates: list[Candidate]) -> None:
        """A new composition: its pinyin and its candidates, from the first page."""
        self.composition.setText(shown_pinyin or " ")  # a blank line keeps the bar's height
        self.candidates = candidates
        self.page = 0
        self._render()

    def visible_candidates(self) -> list[str]:
        return [b.text() for b in self.buttons if b.isEnabled() and b.text()]

    def _render(self) -> None:
        start = self.page * PAGE
        for i, button in enumerate(self.buttons):
            index = start + i
            shown = index < len(self.candidates)
            button.setText(self.candidates[index].text if shown else "")
            button.setEnabled(shown)
        self.previous.setEnabled(self.page > 0)
        self.next.setEnabled(start + PAGE < len(self.candidates))
        paged = len(self.candidates) > PAGE  # arrows only where there is a page to turn
        self.previous.setVisible(paged)
        self.next.setVisible(paged)

    def _turn(self, step: int) -> None:
        last = max(0, (len(self.candidates) - 1) // PAGE)
        self.page = min(max(self.page + step, 0), last)
        self._render()

    def _tap(self, slot: int) -> None:
        index = self.page * PAGE + slot
        if index < len(self.candidates):
            self.chosen.emit(index)
