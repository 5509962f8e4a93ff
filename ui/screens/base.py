"""The frame every customer-facing screen shares: brand wordmark and an "I'm done" control.

Customers in a queue should not wait for an idle timer, so "I'm done" is on every customer
screen, always in the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme
from ui.router import Screen
from ui.strings import tr

if TYPE_CHECKING:
    from ui.shell import Shell


class CustomerScreen(Screen):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.setObjectName("CustomerScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(72, 40, 72, 48)
        outer.setSpacing(0)
        header = QHBoxLayout()
        self.wordmark = QLabel(shell.brand_name.upper())
        self.wordmark.setFont(theme.serif(26, theme.QFont.Weight.Medium))
        self.wordmark.setProperty("role", "wordmark")
        header.addWidget(self.wordmark)
        header.addStretch(1)
        self.done_button = QPushButton()
        self.done_button.setObjectName("done")
        self.done_button.setProperty("role", "quiet")
        self.done_button.setFont(theme.sans(20, spacing=1.0))
        self.done_button.clicked.connect(shell.finish_visit)
        header.addWidget(self.done_button)
        outer.addLayout(header)
        self.body = QWidget()
        outer.addWidget(self.body, 1)

    def retranslate(self, language: str) -> None:
        self.done_button.setText(tr("chrome.done", language))
