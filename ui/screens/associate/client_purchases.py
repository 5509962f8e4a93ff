"""A client's purchases on their profile: each sale's items (quantity, name, finish) and its
delivery and installation, booked or not yet, with the way to book what is missing.

The profile reads them through its ``Operations`` (``PurchaseBook.for_client``: the store
first, this kiosk's copy when the store is silent) and hands them here to be drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui import kit, theme
from ui.screens.associate.booking_grid import booking_status, live_booking, service_name
from ui.screens.associate.clients import scrolled, short_date
from ui.screens.associate.frame import card
from ui.screens.associate.purchase_lines import finishes_of
from ui.strings import tr
from ui.widgets.layouts import clear_layout
from ui.widgets.scroll_fade import ScrollFade

if TYPE_CHECKING:
    import uuid

    from kiosk.aftersale.purchases import PurchaseView
    from kiosk.content.model import ContentPack


TALLEST = 260  # px of purchases shown before the list scrolls
MIN_WIDTH = 200  # px: a list narrower than this is not laid out yet


class _WidthWatch(QObject):
    """Calls ``act`` when the watched widget's width changes (its height may follow)."""

    def __init__(self, parent: QObject, act: Callable[[], None]) -> None:
        super().__init__(parent)
        self.act = act

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QResizeEvent) and event.size().width() != event.oldSize().width():
            self.act()
        return False


class PurchasesPanel:
    """The card listing a client's purchases; ``book(purchase_id)`` opens the booking."""

    def __init__(self, book: Callable[[uuid.UUID], object]) -> None:
        self.book = book
        self.frame, column, self.title = card()
        self.frame.setObjectName("client-purchases")
        self.list = QVBoxLayout()
        self.list.setSpacing(14)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.holder = QWidget()
        self.holder.setLayout(self.list)
        self.scroll = scroll = scrolled(self.holder)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # flicked
        self.fade = ScrollFade(scroll, 64, axes=(Qt.Orientation.Vertical,))  # "more below"
        column.addWidget(scroll, 1)
        # fitted again once the list has its width: measured before, at the narrow width of
        # a list not yet laid out, the newest purchase seemed taller than it is
        scroll.viewport().installEventFilter(_WidthWatch(scroll, self._fit))
        self.purchases: list[PurchaseView] | None = None
        self.zone: dt.tzinfo | None = None  # the store's (``store_timezone``), set by the owner

    @property
    def widget(self) -> QFrame:
        return self.frame

    def clear(self) -> None:
        self.purchases = None
        clear_layout(self.list)

    def show(
        self, purchases: Sequence[PurchaseView] | None, pack: ContentPack, language: str
    ) -> None:
        self.purchases = list(purchases) if purchases is not None else None
        self.render(pack, language)

    def render(self, pack: ContentPack, language: str) -> None:
        self.title.setText(tr("sale.profile.title", language))
        clear_layout(self.list)
        if self.purchases is None:
            return
        if not self.purchases:
            self.list.addWidget(
                kit.text("body_s", tr("sale.profile.none", language), tone="muted", wrap=True)
            )
        for purchase in self.purchases:
            self.list.addWidget(self._purchase(purchase, pack, language))
        self.list.addStretch(1)
        # room for the newest purchase whole before the list scrolls (the cards around it
        # scroll too, and give way), measured once its lines are shown: a layout counts no
        # widget before that
        QTimer.singleShot(0, self.scroll, self._fit)

    def _fit(self) -> None:
        """Room for the list up to ``TALLEST``, and never less than the newest purchase
        whole, its "Book the services" clear of the fade: at the width it is shown in (its
        lines wrap), which in Chinese made it taller than ``TALLEST`` and left the button
        veiled and cut at the list's foot."""
        if not shiboken6.isValid(self.scroll):
            return
        width = self.scroll.viewport().width()
        if width < MIN_WIDTH:
            return  # not laid out yet: fitted when it gets its width
        tall = self.holder.sizeHint().height()
        if self.holder.hasHeightForWidth():
            tall = max(tall, self.holder.heightForWidth(width))
        first = self.list.itemAt(0)
        newest = first.widget() if first is not None else None
        whole = 0
        if newest is not None and newest.objectName().startswith("purchase-"):
            whole = max(newest.sizeHint().height(), newest.heightForWidth(width))
        self.scroll.setMinimumHeight(max(min(tall, TALLEST), min(whole, tall)))

    def _purchase(self, purchase: PurchaseView, pack: ContentPack, lang: str) -> QWidget:
        box = QWidget()
        box.setObjectName(f"purchase-{purchase.id}")
        kit.mark(box, "edge")
        lines = QVBoxLayout(box)
        lines.setContentsMargins(20, 4, 0, 4)
        lines.setSpacing(4)
        head = tr(
            "sale.profile.head",
            lang,
            date=short_date(purchase.created_at, lang, self.zone),
            ref=purchase.order_ref or "—",
        )
        lines.addWidget(kit.text("caption_s", head, tone="muted", wrap=True))
        zh = lang.startswith("zh")
        for item in purchase.items:
            product = pack.product(item.sku)
            name = product.name.get(lang) if product else item.sku
            text = f"{tr('sale.item.quantity', lang, n=item.quantity)} {name}"
            if item.finish:
                names = {i: (z if zh else e) for i, e, z in finishes_of(product)}
                text += f"  ·  {names.get(item.finish, item.finish)}"
            lines.addWidget(kit.text("item_s", text, wrap=True, name=f"item-{item.sku}"))
        for service in purchase.needs():
            shown = booking_status(live_booking(purchase, service), lang, self.zone)
            words = tr(
                "sale.profile.service", lang, service=service_name(service, lang), when=shown
            )
            lines.addWidget(kit.text("caption", words, wrap=True, name=f"service-{service}"))
        if purchase.unbooked():
            button = kit.button("secondary", tr("sale.profile.book", lang), role="button_s")
            button.setObjectName(f"book-{purchase.id}")
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.clicked.connect(lambda _=False, p=purchase.id: self.book(p))
            lines.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return box
