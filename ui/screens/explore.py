"""Explore: where the customer's own browsing begins.

The guided conversation, recommendations, stories and lookbooks arrive with the customer
journey work; until then this screen welcomes the customer into the collection and keeps the
"I'm done" path, so the skeleton's journey is complete end to end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.stages import Stage
from ui import theme
from ui.screens.base import CustomerScreen

if TYPE_CHECKING:
    from ui.shell import Shell

TEXT = {
    "en": ("The collection", "Our advisors can show you every piece in the showroom."),
    "zh-Hans": ("臻选系列", "我们的顾问可以为您介绍展厅中的每一件作品。"),
}


class ExploreScreen(CustomerScreen):
    STAGE = Stage.NEEDS
    NAME = "explore"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        column = QVBoxLayout(self.body)
        column.addStretch(1)
        self.title = QLabel()
        self.title.setFont(theme.serif(72))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.title)
        self.note = QLabel()
        self.note.setProperty("role", "muted")
        self.note.setFont(theme.sans(26))
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.note)
        column.addStretch(2)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        title, note = TEXT.get(language, TEXT["en"])
        self.title.setText(title)
        self.note.setText(note)
