"""One-tap scores: a row of numbered tiles (NPS 0-10, CES 1-7) with words at both ends.

A tap is the answer: no confirm button. The tapped tile turns ink so the customer sees it
was taken before the question moves on. The words sit under the end tiles, flush with their
outer edges: the widget is never wider than its tiles (capped tiles would otherwise float in
the middle while the words ran to the edges, reading as belonging to no tile).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import kit, theme


class ScoreTiles(QWidget):
    """Signals: ``chosen(score)`` when a tile is tapped."""

    chosen = Signal(int)
    TILE_HEIGHT = theme.SCORE_TILE  # drawn by the style sheet's tile role
    TILE_MAX = 112
    GAP = 10

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(14)
        row = QHBoxLayout()
        row.setSpacing(self.GAP)
        self.group = QButtonGroup(self)
        self.tiles: dict[int, QPushButton] = {}
        for score in range(low, high + 1):
            tile = QPushButton(str(score))
            tile.setObjectName(f"score-{score}")
            kit.mark(tile, "tile")
            tile.setCheckable(True)
            tile.setFont(kit.font("numeral_s"))
            tile.setMinimumWidth(max(theme.MIN_TOUCH, 72))
            tile.setMaximumWidth(self.TILE_MAX)
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            tile.clicked.connect(lambda _=False, s=score: self.chosen.emit(s))
            self.group.addButton(tile)
            row.addWidget(tile)
            self.tiles[score] = tile
        column.addLayout(row)
        count = high - low + 1
        self.setMaximumWidth(count * self.TILE_MAX + (count - 1) * self.GAP)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        ends = QHBoxLayout()
        ends.setSpacing(self.GAP)
        self.low_label = QLabel()
        self.high_label = QLabel()
        for label in (self.low_label, self.high_label):
            label.setProperty("role", "muted")
            label.setFont(kit.font("caption"))
        self.low_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.high_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        ends.addWidget(self.low_label, 0, Qt.AlignmentFlag.AlignLeft)
        ends.addStretch(1)
        ends.addWidget(self.high_label, 0, Qt.AlignmentFlag.AlignRight)
        column.addLayout(ends)

    def set_words(self, low: str, high: str) -> None:
        """The end words, each in the face of its script (plain labels do not follow it)."""
        for label, words in ((self.low_label, low), (self.high_label, high)):
            label.setFont(kit.font("caption", for_text=words))
            label.setText(words)

    def reset(self) -> None:
        """No tile taken (the group is exclusive, so unchecking needs it switched off)."""
        self.group.setExclusive(False)
        for tile in self.tiles.values():
            tile.setChecked(False)
        self.group.setExclusive(True)
