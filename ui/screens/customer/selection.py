"""My selection: the pieces the customer kept, and how to take them home.

The shortlist is the journey's (``state.selection``); this screen only shows it and reports
removals. Sending the selection to a phone arrives with the hand-off screen; until then the
"Send to my phone" action opens a card that asks an advisor to do it, confirmed on screen only
once the request is committed (the customer will wait for someone to come).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QSizePolicy,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.station.production import qr_withheld
from kiosk.visit.stages import Change, Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.layouts import foot_row, within_reach
from ui.widgets.product_list import ProductListModel, ProductListView
from ui.widgets.product_row import Shape

if TYPE_CHECKING:
    from ui.context import ScreenContext


class HandoffCard(QFrame):
    """Take the selection home. States: ``offer`` (Send to my phone), ``advisor`` (the
    placeholder until the hand-off screen exists: ask an advisor), ``sent`` (confirmed)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("handoff-card")
        kit.surface(self, "card")
        self.column = column = QVBoxLayout(self)
        column.setContentsMargins(48, 44, 48, 44)
        column.setSpacing(0)
        self.title = kit.text("title", wrap=True)
        column.addWidget(self.title)
        column.addSpacing(18)
        self.body = kit.text("body_s", tone="muted", wrap=True)
        column.addWidget(self.body)
        column.addSpacing(36)
        self.send = kit.button("primary", role="button_s", name="send-to-phone")
        self.ask = kit.button("primary", role="button_s", name="ask-advisor")
        for button in (self.send, self.ask):
            button.setMinimumHeight(80)
            column.addWidget(button)
        column.addSpacing(8)
        self.not_now = kit.button("quiet", name="not-now")
        column.addWidget(self.not_now, 0, Qt.AlignmentFlag.AlignLeft)
        self.confirmation = kit.text(
            "heading_s", tone="accent", wrap=True, name="advisor-confirmation"
        )
        column.addWidget(self.confirmation)
        column.addStretch(1)
        self.state = "offer"
        self.not_now.clicked.connect(lambda: self.set_state("offer"))

    def set_state(self, state: str, language: str | None = None) -> None:
        self.state = state
        self.send.setVisible(state == "offer")
        self.ask.setVisible(state == "advisor")
        self.not_now.setVisible(state == "advisor")
        self.confirmation.setVisible(state == "sent")
        if language is not None:
            self.retranslate(language)

    def retranslate(self, language: str) -> None:
        self.title.setText(tr("myselection.handoff_title", language))
        body = "myselection.handoff_body" if self.state == "offer" else "myselection.advisor_body"
        self.body.setText(tr(body, language))
        self.send.setText(tr("myselection.send", language))
        self.ask.setText(tr("myselection.advisor_ask", language))
        self.not_now.setText(tr("myselection.not_now", language))
        self.confirmation.setText(tr("myselection.advisor_sent", language))


class SelectionScreen(CustomerScreen):
    NAME = "selection"
    STAGE = Stage.SELECTION
    SHOW_SELECTION = False  # the header's "My selection (n)" would lead here again
    CARD_WIDTH = 560
    PORTRAIT_ROWS = 5
    ROW = 208  # a row's height in landscape, and the least in portrait
    TALL_ROW = 344  # the most a row grows to in portrait (its picture 4:3, 308 px tall)
    WORDS_MIN = 360  # the least width a tall row leaves its words ("under" rows)
    SHAPES: ClassVar[dict[int, Shape]] = {1: "stacked", 2: "under"}  # portrait, by count
    SLACK = 24  # kept free in portrait: a name's extra line as the picture widens

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(0, 40, 0, 0)
        outer.addWidget(self.pages)

        # the shortlist
        filled = QWidget()
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, filled)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(96)
        left = QVBoxLayout()
        left.setSpacing(0)
        self.eyebrow = kit.eyebrow()
        self.eyebrow.setWordWrap(True)
        left.addWidget(self.eyebrow)
        left.addSpacing(16)
        self.title = kit.text("display_s", wrap=True)
        left.addWidget(self.title)
        left.addSpacing(12)
        self.count = kit.text("body_s", tone="muted", wrap=True)
        left.addWidget(self.count)
        left.addSpacing(28)
        # Portrait: what the rows leave is shared as air above them, between them and the
        # card, and under the card (``_fit_list``; landscape gives them nothing).
        self.air_above, self.air_under = QSpacerItem(0, 0), QSpacerItem(0, 0)
        left.addSpacerItem(self.air_above)
        self.model = ProductListModel(lambda sku: ctx.pack.product(sku), ctx.t, ctx.images, self)
        self.list = ProductListView()
        self.list.setObjectName("selection-list")
        self.list.setModel(self.model)
        self.list.chosen.connect(self._open)
        self.list.product_delegate.action.connect(self._remove)
        left.addWidget(self.list, 1)
        self.box.addLayout(left, 1)
        self.box.addSpacerItem(self.air_under)
        self.card = HandoffCard()
        self.card.send.clicked.connect(self._send)
        self.card.ask.clicked.connect(self._ask_advisor)
        self.box.addWidget(self.card, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addStretch(0)
        self.filled = filled
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach
        self._portrait = False
        self.pages.addWidget(filled)

        # the gracious empty state
        empty = QWidget()
        empty_column = QVBoxLayout(empty)
        empty_column.setContentsMargins(0, 0, 0, 0)
        empty_column.addStretch(2)
        self.empty_eyebrow = kit.eyebrow()
        self.empty_title = kit.text("display", wrap=True, name="empty-title")
        self.empty_body = kit.text("body", tone="muted", wrap=True)
        for label in (self.empty_eyebrow, self.empty_title, self.empty_body):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        empty_column.addWidget(self.empty_eyebrow)
        empty_column.addSpacing(24)
        empty_column.addWidget(self.empty_title)
        empty_column.addSpacing(20)
        empty_column.addWidget(self.empty_body)
        empty_column.addSpacing(48)
        row = QHBoxLayout()
        row.addStretch(1)
        self.browse = kit.button("secondary", name="browse-lookbooks")
        self.browse.setMinimumHeight(80)
        self.browse.clicked.connect(lambda: ctx.go("lookbooks"))
        row.addWidget(self.browse)
        row.addStretch(1)
        empty_column.addLayout(row)
        empty_column.addStretch(3)
        self.pages.addWidget(empty)
        self.filled_page, self.empty_page = filled, empty
        self.card.set_state("offer")

    # -- the shortlist --------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        self.card.set_state("offer", self.ctx.language)
        self._refresh()

    def journey_changed(self, change: Change) -> None:
        super().journey_changed(change)
        if change == Change.SELECTION and self.ctx.journey.active:
            self._refresh()

    def _refresh(self) -> None:
        state = self.ctx.journey.state
        self.model.set_skus(state.selection if state else [])
        empty = not self.model.skus
        self.pages.setCurrentWidget(self.empty_page if empty else self.filled_page)
        self.browse.setVisible(self.ctx.has_screen("lookbooks"))
        self._fit_list()
        self._update_count(self.ctx.language)

    def _update_count(self, language: str) -> None:
        n = len(self.model.skus)
        key = "myselection.count_one" if n == 1 else "myselection.count_many"
        self.count.setText(tr(key, language, count=n) if n else "")

    def _remove(self, sku: str) -> None:
        self.ctx.journey.set_selected(sku, False)

    def _open(self, sku: str) -> None:
        if self.ctx.has_screen("story"):
            self.ctx.go("story", sku=sku, source="selection")  # the story records the view
        else:
            self.ctx.journey.record("product_viewed", sku=sku, source="selection")

    def _send(self) -> None:
        """The hand-off screen (QR code) when the kiosk has it and a phone could open its link
        (kiosk.station.production.qr_withheld); else an advisor helps."""
        if self.ctx.has_screen("handoff") and not qr_withheld(self.ctx.config):
            self.ctx.go("handoff")
        else:
            self.card.set_state("advisor", self.ctx.language)

    def _ask_advisor(self) -> None:
        journey = self.ctx.journey
        future = journey.request_service("associate")
        visit = journey.state
        self.card.ask.setEnabled(False)

        def confirmed(_request: object) -> None:
            self.card.ask.setEnabled(True)
            # Only for the customer who asked: the visit may have ended meanwhile.
            if journey.state is visit:
                self.card.set_state("sent", self.ctx.language)

        # a failure: no word (they may simply ask again)
        self.ops.durable(future, confirmed, lambda _said: self.card.ask.setEnabled(True))

    # -- language, orientation, reset -------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("myselection.eyebrow", language).upper())
        self.title.setText(tr("myselection.title", language))
        self.empty_eyebrow.setText(tr("myselection.eyebrow", language).upper())
        self.empty_title.setText(tr("myselection.empty_title", language))
        self.empty_body.setText(tr("myselection.empty_body", language))
        self.browse.setText(tr("myselection.empty_browse", language))
        self.list.product_delegate.action_text = tr("myselection.remove", language)
        self.card.retranslate(language)
        self._update_count(language)
        self.model.refresh()
        self.list.viewport().update()

    def set_portrait(self, portrait: bool) -> None:
        self._portrait = portrait
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.box.setSpacing(56 if portrait else 96)
        self.box.setStretch(0, 0 if portrait else 1)  # portrait: the list's rows are fitted
        within_reach(self.back_button, self.foot, self.header, portrait)
        margins = (56, 72, 56, 72) if portrait else (48, 44, 48, 44)  # portrait: more air
        self.card.column.setContentsMargins(*margins)
        if portrait:
            self.card.setMinimumWidth(0)
            self.card.setMaximumWidth(16777215)
        else:
            self.card.setFixedWidth(self.CARD_WIDTH)
        self._fit_list()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_list()

    def _fit_list(self) -> None:
        """In portrait the list is as tall as its rows (the card comes right after); rows
        past PORTRAIT_ROWS scroll. A few pieces on the tall screen take the height the list
        leaves: their rows grow (up to TALL_ROW, the pictures larger). Two pieces grow
        further, their words given the width beside the picture and "Remove" under them; a
        lone piece's picture spans the width above its words (ui/widgets/product_row.py).
        Beside its words a picture stops at half the width, and one or two pieces left an
        empty band of 400-750 px under their rows."""
        self._air(0)
        rows = min(len(self.model.skus), self.PORTRAIT_ROWS) if self._portrait else 0
        preferred = self.SHAPES.get(rows)
        if preferred is None or not self._grow(preferred, rows):
            self._grow("beside", rows)
        if rows:  # what the grown rows leave: a third above them, a third under, the rest
            self._air(max(0, self._room() - self.SLACK) // 3)  # under the card

    def _air(self, height: int) -> None:
        fixed, free = QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum
        for spacer in (self.air_above, self.air_under):
            spacer.changeSize(0, height, free, fixed)
        self.box.invalidate()

    def _room(self) -> int:
        """The height the portrait column leaves free (wrapped words at their width)."""
        self.box.activate()
        box, width = self.box, self.filled.width()
        need = box.heightForWidth(width) if box.hasHeightForWidth() else box.sizeHint().height()
        return self.filled.height() - need

    def _grow(self, shape: Shape, rows: int) -> bool:
        """Rows of ``shape`` grown into the height the screen leaves them (none: landscape);
        whether that shape suits it (a stacked picture no wider than 2:1, an "under" row
        taller than a "beside" one would be)."""
        delegate = self.list.product_delegate
        if (delegate.shape, delegate.row_height) != (shape, self.ROW):
            delegate.shape, delegate.row_height = shape, self.ROW
            self.list.scheduleDelayedItemsLayout()
        self.model.set_size_class("thumb" if shape == "beside" else "screen")  # wider than 512
        self.list.fit_rows(self.PORTRAIT_ROWS if self._portrait else 0)
        if not rows:
            return True
        spare = self._room() - self.SLACK
        across = self.list.viewport().width() or self.filled.width()
        pad = 2 * delegate.pad
        most = {
            "beside": self.TALL_ROW,
            "under": round((across - 48 - self.WORDS_MIN) * 3 / 4) + pad,
            "stacked": round(across * 3 / 4) + pad,
        }[shape]
        if spare > 0:
            delegate.row_height = min(most, self.ROW + spare // rows)
            self.list.scheduleDelayedItemsLayout()
            self.list.fit_rows(self.PORTRAIT_ROWS)
        if shape == "stacked":
            return delegate.row_height - pad >= across / 2
        return shape == "beside" or delegate.row_height > self.TALL_ROW

    def clear(self) -> None:
        self.model.clear()
        self.card.set_state("offer")
        self.card.ask.setEnabled(True)
        self.pages.setCurrentWidget(self.empty_page)
        self.count.clear()
