"""The frame every customer-facing screen shares: brand wordmark and an "I'm done" control.

Customers in a queue should not wait for an idle timer, so "I'm done" is on every customer
screen, always in the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.visit.stages import Change
from ui import kit, theme
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
        outer.setContentsMargins(kit.gap("page"), kit.gap("xl"), kit.gap("page"), 48)
        outer.setSpacing(0)
        header = QHBoxLayout()
        header.setSpacing(kit.gap("lg"))
        self.back_button = kit.button("quiet", name="back")
        self.back_button.clicked.connect(shell.back)
        header.addWidget(self.back_button)
        self.wordmark = kit.text("wordmark")
        header.addWidget(self.wordmark)
        header.addStretch(1)
        self.looks_button = kit.button("quiet", name="lookbooks")
        self.looks_button.clicked.connect(lambda: shell.go("lookbooks"))
        header.addWidget(self.looks_button)
        self.selection_button = kit.button("quiet", name="my-selection")
        self.selection_button.clicked.connect(lambda: shell.go("selection"))
        header.addWidget(self.selection_button)
        self.display_button = kit.button("quiet", role="aside", name="display")
        self.display_button.setMinimumWidth(theme.MIN_TOUCH)
        self.display_button.clicked.connect(lambda: shell.display_menu.toggle())
        header.addWidget(self.display_button)
        self.done_button = kit.button("quiet", name="done")
        self.done_button.clicked.connect(shell.finish_visit)
        header.addWidget(self.done_button)
        outer.addLayout(header)
        self.body = QWidget()
        outer.addWidget(self.body, 1)

    SHOW_BACK = True
    SHOW_SELECTION = True
    SHOW_LOOKBOOKS = True

    def enter(self, **params: Any) -> None:
        self.back_button.setVisible(self.SHOW_BACK and self.shell.can_go_back)
        self.looks_button.setVisible(self.SHOW_LOOKBOOKS and "lookbooks" in self.shell.screens)
        self._update_selection_button()

    def journey_changed(self, change: Change) -> None:
        if change in (Change.SELECTION, Change.STARTED, Change.ENDED):
            self._update_selection_button()

    def _update_selection_button(self) -> None:
        state = self.shell.journey.state if self.shell.runtime else None
        count = len(state.selection) if state else 0
        has_screen = "selection" in self.shell.screens
        self.selection_button.setVisible(self.SHOW_SELECTION and has_screen and count > 0)
        self.selection_button.setText(tr("chrome.selection", self.shell.language, count=count))

    def retranslate(self, language: str) -> None:
        self.done_button.setText(tr("chrome.done", language))
        self.back_button.setText(tr("chrome.back", language))
        self.looks_button.setText(tr("chrome.lookbooks", language))
        self.wordmark.setText(self.shell.brand_name.upper())
        self.display_button.setText(tr("display.button", language))
        self.display_button.setAccessibleName(tr("display.title", language))
        self._update_selection_button()
