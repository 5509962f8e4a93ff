"""A calm "one moment" shown when something unexpected went wrong.

The customer never sees a traceback or a frozen screen: the error is logged, this screen is
shown for a few seconds, and the kiosk returns to attract.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from ui import kit
from ui.context import ContextScreen
from ui.strings import tr

if TYPE_CHECKING:
    from ui.context import ScreenContext


class OneMomentScreen(ContextScreen):
    NAME = "one_moment"

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.setAutoFillBackground(True)
        kit.surface(self, "ivory")
        column = QVBoxLayout(self)
        column.addStretch(1)
        self.title = kit.text("display", align=Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.title)
        column.addSpacing(24)
        self.body = kit.text("lead", tone="muted", align=Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.body)
        column.addStretch(1)

    def retranslate(self, language: str) -> None:
        self.title.setText(tr("error.title", language))
        self.body.setText(tr("error.body", language))
