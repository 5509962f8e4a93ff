"""Hand-off: the selection goes home on the customer's phone.

Entering issues the visit's link (once; the same link if the customer comes back), then
paints its QR code off the GUI thread. The code appears only once the link is committed
locally, so a code on screen always resolves once the visit has reached the store. Under it,
a short typed code for a phone that cannot scan. "I'm done" goes on to the farewell: here it
is the screen's own button under the selection, so the header's "I'm done" (the same action)
is not shown beside it; one button, in the words the customer met on every screen.

A store kiosk whose follow-up address no phone can open (a loopback host: the developer's
default) issues no link and shows no code: a dead QR would send the customer's phone to
itself. The screen then asks the customer to see an advisor, calmly (kiosk.station.production;
`kiosk check` and diagnostics say what to set).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.station.production import qr_withheld
from kiosk.visit.stages import Change, EndReason, Stage
from ui import kit
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr, trn
from ui.tasks import run_at_once
from ui.widgets.layouts import clear_layout, foot_row, within_reach
from ui.widgets.picture import Picture
from ui.widgets.qr_code import QrCode, qr_image

if TYPE_CHECKING:
    from kiosk.handoff.links import IssuedLink
    from ui.context import ScreenContext

QR_SIDE = 540  # px: about 30 cm on a 55" full-HD screen, read from 0.5-1 m by a phone
SHOWN_ITEMS = 4


class HandoffScreen(CustomerScreen):
    STAGE = Stage.HANDOFF
    NAME = "handoff"
    SHOW_SELECTION = False

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.done_button.hide()  # "I'm done" is the button under the selection (self.done)
        self.link: IssuedLink | None = None
        self._link_visit: uuid.UUID | None = None
        self._qr_for: str | None = None
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.body)
        self.row.setContentsMargins(0, 24, 0, 0)
        self.row.setSpacing(112)

        # The words take what the code leaves; their minimum must not stop the window turning
        # to portrait (1080 wide), so their width hint is ignored.
        self.text_column = QWidget()
        self.text_column.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        text = QVBoxLayout(self.text_column)
        text.setContentsMargins(0, 0, 0, 0)
        text.setSpacing(0)
        text.addStretch(2)
        self.eyebrow = kit.eyebrow()
        text.addWidget(self.eyebrow)
        text.addSpacing(20)
        self.title = kit.text("display", wrap=True)
        text.addWidget(self.title)
        text.addSpacing(24)
        self.explain = kit.text("lead", tone="muted", wrap=True)
        text.addWidget(self.explain)
        text.addSpacing(48)
        self.selection_title = kit.eyebrow(small=True)
        text.addWidget(self.selection_title)
        text.addSpacing(16)
        self.items = QWidget()
        self.items_grid = QGridLayout(self.items)
        self.items_grid.setContentsMargins(0, 0, 0, 0)
        self.items_grid.setHorizontalSpacing(20)
        self.items_grid.setVerticalSpacing(10)
        text.addWidget(self.items)
        self.more = kit.text("caption", tone="muted")
        text.addSpacing(8)
        text.addWidget(self.more)
        text.addSpacing(48)
        self.done = kit.button("primary", name="handoff-done")
        self.done.setMinimumHeight(84)
        self.done.setMinimumWidth(280)
        self.done.clicked.connect(self._done)
        text.addWidget(self.done, 0, Qt.AlignmentFlag.AlignLeft)
        text.addStretch(3)
        self.row.addWidget(self.text_column, 5)

        self.card = QFrame()
        self.card.setObjectName("qr-card")
        kit.surface(self.card, "qr")  # dark on white in every display mode: what cameras read best
        card = QVBoxLayout(self.card)
        card.setContentsMargins(40, 40, 40, 36)
        card.setSpacing(0)
        self.qr = QrCode(QR_SIDE)
        self.qr.setObjectName("qr")
        card.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        card.addSpacing(20)
        center = Qt.AlignmentFlag.AlignHCenter
        self.code_hint = kit.text(
            "caption_s", tone="muted", wrap=True, align=center, name="code-hint"
        )
        card.addWidget(self.code_hint)
        card.addSpacing(6)
        self.code = kit.text("code", align=center, name="fallback-code")
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        card.addWidget(self.code)
        self.expiry = kit.text("fine", tone="faint", align=center)
        card.addSpacing(6)
        card.addWidget(self.expiry)
        self.card.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.row.addWidget(self.card, 0, Qt.AlignmentFlag.AlignVCenter)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach

    # -- the screen's life -------------------------------------------------------------
    def set_portrait(self, portrait: bool) -> None:
        """Portrait: the code on top (where the customer's phone is), the words below."""
        self.row.setDirection(
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.row.setSpacing(56 if portrait else 112)
        self.row.setAlignment(
            self.card, Qt.AlignmentFlag.AlignHCenter if portrait else Qt.AlignmentFlag.AlignVCenter
        )
        within_reach(self.back_button, self.foot, self.header, portrait)

    def journey_changed(self, change: Change) -> None:
        super().journey_changed(change)
        if change in (Change.LANGUAGE, Change.SELECTION) and self.ctx.journey.active:
            self._show_selection()  # names in the new language, or what changed

    def enter(self, **params: Any) -> None:
        super().enter(**params)
        self._show_selection()
        state = self.ctx.journey.state
        if state is None:
            return
        if self.link is not None and self._link_visit == state.visit_id:
            return  # the customer came back: the same link, already drawn
        config = self.ctx.config
        self.card.setVisible(not qr_withheld(config))
        if qr_withheld(config):
            return  # no phone could open the link: the words ask for an advisor instead
        future = self.ctx.journey.issue_link(
            config.followup_base_url, dt.timedelta(days=config.followup_link_days)
        )
        visit = state.visit_id

        def still_this_visit() -> bool:
            current = self.ctx.journey.state
            return current is not None and current.visit_id == visit  # else: show nothing of it

        def issued(link: IssuedLink) -> None:
            if still_this_visit():
                self.link, self._link_visit = link, visit
                self._show_link()

        def failed(said: str) -> None:
            if still_this_visit():
                self.code_hint.setText(said)

        self.ops.durable(future, issued, failed)

    def words(self, error: BaseException) -> str:
        return tr("handoff.failed", self.ctx.language)

    def _show_link(self) -> None:
        link = self.link
        if link is None:
            return
        self.code.setText(link.code_for_display)
        self.retranslate(self.ctx.language)
        url = link.url
        self._qr_for = url

        def drawn(image: QImage | None, error: BaseException | None) -> None:
            if self._qr_for == url and image is not None:
                self.qr.set_image(image)

        run_at_once(lambda: qr_image(url, QR_SIDE), drawn, self)  # never behind decodes

    def _show_selection(self) -> None:
        clear_layout(self.items_grid)
        state = self.ctx.journey.state
        skus = list(state.selection) if state else []
        products = [p for p in (self.ctx.pack.product(s) for s in skus) if p is not None]
        for i, product in enumerate(products[:SHOWN_ITEMS]):
            picture = Picture(fill=True)
            picture.setFixedSize(112, 84)
            picture.show_image(self.ctx.images, (product.gallery or (None,))[0], "thumb")
            name = kit.text("name", self.ctx.t(product.name), wrap=True)
            self.items_grid.addWidget(picture, i, 0)
            self.items_grid.addWidget(name, i, 1)
        self.items_grid.setColumnStretch(1, 1)
        extra = len(products) - SHOWN_ITEMS
        self.more.setVisible(extra > 0)
        self.more.setProperty("count", max(extra, 0))
        self.selection_title.setProperty("empty", not products)
        self.retranslate(self.ctx.language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("handoff.eyebrow", language).upper())
        words = "handoff.unavailable" if qr_withheld(self.ctx.config) else "handoff"
        self.title.setText(tr(f"{words}.title", language))
        self.explain.setText(tr(f"{words}.body", language))
        empty = bool(self.selection_title.property("empty"))
        heading = tr("handoff.selection", language).upper()
        self.selection_title.setText(tr("handoff.empty", language) if empty else heading)
        self.selection_title.setWordWrap(True)
        self.more.setText(tr("handoff.more", language, count=self.more.property("count") or 0))
        self.done.setText(tr("chrome.done", language))
        if self.link is None:
            self.code_hint.setText(tr("handoff.preparing", language))
            self.expiry.clear()
        else:
            parts = urlsplit(self.ctx.config.followup_base_url)
            site = (parts.netloc + parts.path).rstrip("/")
            self.code_hint.setText(tr("handoff.code", language, site=site))
            days = self.ctx.config.followup_link_days
            self.expiry.setText(trn("handoff.expires", language, days))

    def _done(self) -> None:
        if self.ctx.has_screen("farewell"):
            self.ctx.go("farewell")
        else:
            self.ctx.end_visit(EndReason.HANDED_OFF)

    def clear(self) -> None:
        self.link, self._link_visit, self._qr_for = None, None, None
        self.qr.set_image(None)
        self.code.clear()
        self.expiry.clear()
        clear_layout(self.items_grid, now=True)  # a reset: never from one of the items
        self.more.hide()
        self.retranslate(self.ctx.default_language)
