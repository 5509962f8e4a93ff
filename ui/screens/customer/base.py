"""The frame every customer-facing screen shares: brand wordmark and an "I'm done" control.

Customers in a queue should not wait for an idle timer, so "I'm done" is on every customer
screen, always in the same place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.visit.stages import Change
from ui import kit, theme
from ui.context import ContextScreen
from ui.strings import tr

if TYPE_CHECKING:
    from ui.context import ScreenContext


class CustomerScreen(ContextScreen):
    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.setObjectName("CustomerScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(kit.gap("page"), kit.gap("xl"), kit.gap("page"), 48)
        outer.setSpacing(0)
        header = QHBoxLayout()
        header.setSpacing(kit.gap("lg"))
        self.back_button = kit.button("quiet", name="back")
        self.back_button.clicked.connect(ctx.back)
        header.addWidget(self.back_button)
        self.wordmark = kit.text("wordmark")
        header.addWidget(self.wordmark)
        header.addStretch(1)
        self.looks_button = kit.button("quiet", name="lookbooks")
        self.looks_button.clicked.connect(lambda: ctx.go("lookbooks"))
        header.addWidget(self.looks_button)
        self.selection_button = kit.button("quiet", name="my-selection")
        self.selection_button.clicked.connect(lambda: ctx.go("selection"))
        header.addWidget(self.selection_button)
        self.display_button = kit.button("quiet", role="aside", name="display")
        self.display_button.setMinimumWidth(theme.MIN_TOUCH)
        self.display_button.clicked.connect(ctx.nav.toggle_display_menu)
        header.addWidget(self.display_button)
        self.done_button = kit.button("quiet", name="done")
        self.done_button.clicked.connect(ctx.finish_visit)
        header.addWidget(self.done_button)
        outer.addLayout(header)
        self.header, self.outer = header, outer
        self.body = QWidget()
        outer.addWidget(self.body, 1)

    SHOW_BACK = True
    SHOW_SELECTION = True
    SHOW_LOOKBOOKS = True

    def enter(self, **params: Any) -> None:
        self.back_button.setVisible(self.SHOW_BACK and self.ctx.can_go_back)
        self._update_selection_button()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_header()

    def _fit_header(self) -> None:
        """Show "Lookbooks" only when the header has room for it beside the wordmark and the
        other controls: in portrait with larger text it has not, and squeezed the wordmark
        to "MAISON VEL". Lookbooks stay a touch away from the greeting and the
        recommendations' own link."""
        wanted = self.SHOW_LOOKBOOKS and self.ctx.has_screen("lookbooks")
        controls = (
            self.back_button,
            self.wordmark,
            self.selection_button,
            self.display_button,
            self.done_button,
        )
        shown = [w for w in controls if not w.isHidden()]
        margins = self.outer.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        gap = self.header.spacing()
        need = sum(w.sizeHint().width() + gap for w in shown) + self.looks_button.sizeHint().width()
        self.looks_button.setVisible(wanted and need <= room)

    def journey_changed(self, change: Change) -> None:
        # A hidden screen's header is brought up to date when it is entered: fitting fifteen
        # hidden headers was 4 ms of every visit's first touch and its last.
        if change in (Change.SELECTION, Change.STARTED, Change.ENDED) and self.isVisible():
            self._update_selection_button()

    def _update_selection_button(self) -> None:
        state = self.ctx.journey.state
        count = len(state.selection) if state else 0
        has_screen = self.ctx.has_screen("selection")
        self.selection_button.setVisible(self.SHOW_SELECTION and has_screen and count > 0)
        self.selection_button.setText(tr("chrome.selection", self.ctx.language, count=count))
        self._fit_header()

    def retranslate(self, language: str) -> None:
        self.done_button.setText(tr("chrome.done", language))
        self.back_button.setText(tr("chrome.back", language))
        self.looks_button.setText(tr("chrome.lookbooks", language))
        self.wordmark.setText(self.ctx.brand_name.upper())
        self.display_button.setText(tr("display.button", language))
        self.display_button.setAccessibleName(tr("display.title", language))
        self._update_selection_button()
