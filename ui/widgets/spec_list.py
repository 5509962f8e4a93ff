"""Key specifications as a clean two-column list: the label quiet, the value plain, a hairline
between rows. A product has a handful of specifications, so the rows are simple labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from ui import kit, theme


class SpecList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(48)
        self.grid.setVerticalSpacing(0)
        self.grid.setColumnStretch(1, 1)
        self._rows: list[tuple[QLabel, QLabel, QFrame]] = []

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        """Show ``(label, value)`` pairs, reusing the row widgets already made."""
        while len(self._rows) < len(rows):
            self._add_row()
        for i, (label_w, value_w, rule) in enumerate(self._rows):
            shown = i < len(rows)
            for widget in (label_w, value_w, rule):
                widget.setVisible(shown)
            label_w.setText(rows[i][0] if shown else "")
            value_w.setText(rows[i][1] if shown else "")

    def _add_row(self) -> None:
        row = len(self._rows) * 2
        rule = kit.rule()
        label = kit.text("caption", tone="muted", wrap=True)
        label.setMinimumHeight(theme.MIN_TOUCH)
        value = kit.text("body_s", wrap=True)
        value.setMinimumHeight(theme.MIN_TOUCH)
        for widget in (label, value):
            widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(rule, row, 0, 1, 2)
        self.grid.addWidget(label, row + 1, 0)
        self.grid.addWidget(value, row + 1, 1)
        self._rows.append((label, value, rule))
