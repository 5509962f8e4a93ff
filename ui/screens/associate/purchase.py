"""Recording the purchase, from the consultation: the pieces the client takes, their finish,
quantity and services, and the till's order reference.

The visit's selection arrives as the first lines; others are found in the catalogue by name
or reference on the on-screen keyboard. Saving hands the sale to ``PurchaseBook.record`` on
the recorder (one local transaction with its outbox row): a refusal of the sale's check is
said next to what it concerns (the line, the order reference) and stores nothing. Once the
sale is saved the visit's outcome becomes "purchased" with its pieces, and the screen sums
the sale up and offers to book the delivery and installation it needs.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.aftersale.purchases import SaleError, SaleLine
from kiosk.clock import utcnow
from ui import kit, theme
from ui.screens.associate.clients import reveal_later, scrolled
from ui.screens.associate.frame import CLIENT_ROLES, AssociateFrame, card
from ui.screens.associate.purchase_lines import LineRow, ProductResults, finishes_of
from ui.strings import tr
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.layouts import carry, clear_layout
from ui.widgets.scroll_fade import ScrollFade

if TYPE_CHECKING:
    from ui.context import ScreenContext

SERVICES = ("delivery", "installation")


def _field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setFont(kit.font("lead"))
    field.setMinimumHeight(theme.MIN_TOUCH + 16)
    return field


class PurchaseScreen(AssociateFrame):
    NAME = "purchase"
    ROLES = CLIENT_ROLES

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.rows: list[LineRow] = []
        self.visit_id: uuid.UUID | None = None
        self.saved: tuple[uuid.UUID, tuple[SaleLine, ...], str] | None = None
        self.busy = False
        self.error: tuple[str, LineRow | None] | None = None  # the refusal's key and line
        self.back_button = self.band_button("purchase-back", ctx.back)

        self.pages = QStackedWidget()
        self.outer = outer = QVBoxLayout(self.body)
        outer.setContentsMargins(72, 36, 72, 32)
        outer.setSpacing(20)
        outer.addWidget(self.pages, 1)

        page = QWidget()
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, page)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.setSpacing(32)
        self.page_scroll = scrolled(page)
        self.page_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fade = ScrollFade(self.page_scroll, 64, axes=(Qt.Orientation.Vertical,))
        self.pages.addWidget(self.page_scroll)

        lines, column, self.lines_title = card()
        self.lines_hint = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.lines_hint)
        self.line_list = QVBoxLayout()
        self.line_list.setSpacing(14)
        column.addLayout(self.line_list)
        self.lines_message = kit.text("body_s", tone="accent", wrap=True, name="lines-message")
        column.addWidget(self.lines_message)
        column.addStretch(1)
        self.columns.addWidget(lines, 3)

        side, column, self.order_title = card()
        self.order_field = _field("order-ref")
        self.order_field.setMaxLength(64)  # the check says what is too long, in words
        column.addWidget(self.order_field)
        self.order_message = kit.text("body_s", tone="accent", wrap=True, name="order-message")
        column.addWidget(self.order_message)
        column.addSpacing(12)
        self.find_title = kit.text("heading")
        column.addWidget(self.find_title)
        self.search_field = _field("product-search")
        self.search_field.setMaxLength(60)
        self.search_field.textChanged.connect(lambda _t: self._render_found())
        column.addWidget(self.search_field)
        self.results = ProductResults()
        self.results.chosen.connect(self._add)
        column.addWidget(self.results)
        column.addStretch(1)
        self.save_row = QWidget()  # in portrait under the page, not under its fade at its end
        self.side_column, foot = column, QHBoxLayout(self.save_row)
        foot.setContentsMargins(0, 0, 0, 0)
        self.status = kit.text("body_s", tone="accent", wrap=True, name="save-message")
        foot.addWidget(self.status, 1)
        self.save_button = kit.button("primary", role="button_s", name="save-purchase")
        self.save_button.setMinimumHeight(76)
        self.save_button.clicked.connect(self._save)
        foot.addWidget(self.save_button)
        column.addWidget(self.save_row)
        self.columns.addWidget(side, 2)

        # Docked at the foot, the whole width (as the case form's): the page above scrolls to
        # the field being typed in.
        self.keyboard = OnScreenKeyboard()
        self.keyboard.follow(self.order_field)
        self.keyboard.follow(self.search_field, chinese=True)  # names in either language
        self.keyboard.setMaximumWidth(1400)
        for key in self.keyboard.keys.values():
            key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.keyboard.summoned.connect(self._reveal)
        self.keyboard.done.connect(self.keyboard.hide)
        # centred, as wide as it may be (aligned, it would shrink to its keys' narrow hints)
        docked = QHBoxLayout()
        docked.addStretch(1)
        docked.addWidget(self.keyboard, 100)
        docked.addStretch(1)
        outer.addLayout(docked)
        self.keyboard.hide()

        self.pages.addWidget(self._done_page())
        self.pages.currentChanged.connect(lambda page: self.save_row.setVisible(page == 0))

    def _done_page(self) -> QWidget:
        done, column, self.done_title = card()
        self.done_order = kit.text("body", name="done-order")
        column.addWidget(self.done_order)
        column.addWidget(kit.rule())
        self.done_items = QVBoxLayout()
        self.done_items.setSpacing(16)
        column.addLayout(self.done_items)
        column.addSpacing(24)
        row = QHBoxLayout()
        row.setSpacing(20)
        self.book_button = kit.button("primary", role="button_s", name="book-services")
        self.book_button.setMinimumHeight(76)
        self.book_button.clicked.connect(self._book)
        row.addWidget(self.book_button)
        self.done_back = kit.button("secondary", role="button_s", name="done-back")
        self.done_back.setMinimumHeight(76)
        self.done_back.clicked.connect(self.ctx.back)
        row.addWidget(self.done_back)
        row.addStretch(1)
        column.addLayout(row)
        done.setMaximumWidth(1240)  # a receipt's measure, not the screen's width
        page = QWidget()
        centred = QVBoxLayout(page)
        centred.setContentsMargins(0, 0, 0, 0)
        centred.addStretch(0)  # portrait: the receipt mid-height, its buttons within reach
        self.done_column = centred
        across = QHBoxLayout()  # the whole width up to the measure, centred beyond it
        across.addStretch(1)
        across.addWidget(done, 100)
        across.addStretch(1)
        centred.addLayout(across)
        centred.addStretch(1)
        return scrolled(page)

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        state = self.ctx.journey.state
        visit_id = state.visit_id if state is not None else None
        if params.get("fresh") or visit_id != self.visit_id:
            self.clear()
            self.visit_id = visit_id
            for sku in state.selection if state is not None else []:
                self._add(sku)
        self.retranslate(self.ctx.language)

    def clear(self) -> None:
        self.ops.reset()
        self.visit_id = None
        self.saved = None
        self.busy = False
        self.error = None
        self.rows = []
        clear_layout(self.line_list)
        self.order_field.clear()
        self.search_field.clear()
        self.keyboard.hide()
        self.save_button.setEnabled(True)
        self.pages.setCurrentIndex(0)

    def leave(self) -> None:
        self.keyboard.hide()

    def set_portrait(self, portrait: bool) -> None:
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.done_column.setStretch(0, int(portrait))  # not a 1500 px hole under it
        carry(self.save_row, self.outer if portrait else self.side_column, 1 if portrait else -1)

    def eyebrow_text(self, language: str) -> str:
        return tr("sale.eyebrow", language)

    def _reveal(self, field: QWidget) -> None:
        self.keyboard.show()
        reveal_later(self.page_scroll, field)

    # -- the lines ---------------------------------------------------------------------------
    def _add(self, sku: str) -> None:
        row = LineRow(sku, self.ctx.pack.product(sku))
        row.removed.connect(self._remove)
        row.retranslate(self.language)
        self.rows.append(row)
        self.line_list.addWidget(row)
        self._render_lines()

    def _remove(self, row: LineRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            self.line_list.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._render_lines()

    # -- saving ------------------------------------------------------------------------------
    def _save(self) -> None:
        state = self.ctx.journey.state
        me = self.ctx.associate.associate
        if self.busy or self.saved is not None:
            return
        self.error = None
        self._render_errors()
        if state is None or not self.ctx.journey.active:
            self.status.setText(tr("sale.error.no_visit", self.language))
            return
        lines = tuple(row.line() for row in self.rows)
        order_ref = self.order_field.text().strip()
        book, pack = self.ops.runtime.purchases, self.ctx.pack
        visit_id, customer_id, language = state.visit_id, state.customer_id, state.language
        who = me.id if me is not None else None
        self.busy = True
        self.save_button.setEnabled(False)
        self.status.setText(tr("sale.saving", self.language))
        self.ops.write(
            "purchase",
            lambda: book.record(
                pack, visit_id, customer_id, who, lines, order_ref, language, utcnow()
            ),
            lambda purchase_id: self._saved(purchase_id, lines, order_ref),
            self._refused,
            lane="save",
        )

    def words(self, error: BaseException) -> str:
        """A refusal, kept as its key and the line it concerns (so a change of language says
        it again): an unknown piece, a quantity or a finish is said on its line; the order
        reference under its field; anything else under the save button."""
        if not isinstance(error, SaleError):
            self.error = ("sale.error.write", None)
        else:
            known = error.field in ("items", "sku", "quantity", "finish", "order_ref")
            field = error.field if known else "write"
            self.error = (f"sale.error.{field}", self._line_at_fault(field))
        return tr(self.error[0], self.language)

    def _line_at_fault(self, field: str) -> LineRow | None:
        for row in self.rows:
            finishes = {ident for ident, _en, _zh in finishes_of(row.product)}
            if (
                (field == "sku" and row.product is None)
                or (field == "quantity" and not 1 <= row.quantity <= 99)
                or (field == "finish" and row.finish is not None and row.finish not in finishes)
            ):
                return row
        return None

    def _refused(self, _said: str) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        self.status.clear()
        self._render_errors()

    def _saved(self, purchase_id: uuid.UUID, lines: tuple[SaleLine, ...], ref: str) -> None:
        self.busy = False
        self.saved = (purchase_id, lines, ref)
        me = self.ctx.associate.associate
        if self.ctx.journey.active:  # the visit's outcome, with the pieces it concerns
            skus = list(dict.fromkeys(line.sku for line in lines))
            future = self.ctx.journey.record_outcome("purchased", skus, me.id if me else None)
            self.ops.durable(future, lambda _r: None, lane="outcome")
        self.keyboard.hide()
        self.pages.setCurrentIndex(1)
        self._render_done()

    def _book(self) -> None:
        if self.saved is not None:
            self.ctx.associate.open_tool("booking", purchase_id=self.saved[0])

    # -- drawing -----------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.keyboard.set_language(language)
        self.back_button.setText(tr("sale.back", language))
        self.lines_title.setText(tr("sale.lines.title", language))
        self.lines_hint.setText(tr("sale.lines.hint", language))
        self.order_title.setText(tr("sale.order.title", language))
        self.order_field.setPlaceholderText(tr("sale.order.placeholder", language))
        self.find_title.setText(tr("sale.find.title", language))
        self.search_field.setPlaceholderText(tr("sale.find.placeholder", language))
        self.save_button.setText(tr("sale.save", language))
        self.done_title.setText(tr("sale.done.title", language))
        self.done_back.setText(tr("sale.back", language))
        self.status.setText(tr("sale.saving", language) if self.busy else "")
        for row in self.rows:
            row.retranslate(language)
        self._render_lines()
        self._render_found()
        self._render_errors()
        self._render_done()

    def _render_lines(self) -> None:
        empty = not self.rows
        self.lines_hint.setVisible(not empty)
        self.lines_message.setText(tr("sale.lines.empty", self.language) if empty else "")
        self.lines_message.setVisible(empty)
        kit.retone(self.lines_message, "muted")

    def _render_found(self) -> None:
        self.results.show_found(self.ctx.pack, self.search_field.text(), self.language)

    def _render_errors(self) -> None:
        for row in self.rows:
            row.say("")
        self.order_message.clear()
        self.order_message.hide()
        if self.error is None:
            return
        key, at_fault = self.error
        said = tr(key, self.language)
        if at_fault is not None and at_fault in self.rows:
            at_fault.say(said)
            reveal_later(self.page_scroll, at_fault)
        elif key == "sale.error.order_ref":
            self.order_message.setText(said)
            self.order_message.show()
        elif key in ("sale.error.items", "sale.error.sku", "sale.error.quantity"):
            self.lines_message.setText(said)
            self.lines_message.show()
            kit.retone(self.lines_message, "accent")
        else:
            self.status.setText(said)

    def _render_done(self) -> None:
        clear_layout(self.done_items)
        if self.saved is None:
            return
        _id, lines, ref = self.saved
        lang, pack = self.language, self.ctx.pack
        self.done_order.setText(tr("sale.done.order", lang, ref=ref))
        needs: list[str] = []
        for line in lines:
            product = pack.product(line.sku)
            name = product.name.get(lang) if product else line.sku
            finish = dict(
                (i, zh if lang.startswith("zh") else en) for i, en, zh in finishes_of(product)
            )
            parts = [f"{tr('sale.item.quantity', lang, n=line.quantity)} {name}"]
            if line.finish:
                parts.append(finish.get(line.finish, line.finish))
            services = [s for s in SERVICES if getattr(line, s)]
            needs += [s for s in services if s not in needs]
            if services:
                which = "both" if len(services) > 1 else services[0]
                parts.append(tr(f"sale.item.needs.{which}", lang))
            self.done_items.addWidget(
                kit.text("item_s", "  ·  ".join(parts), wrap=True, name=f"done-{line.sku}")
            )
        ordered = [s for s in SERVICES if s in needs]
        if not ordered:
            self.done_items.addWidget(
                kit.text("body_s", tr("sale.done.none", lang), tone="muted", wrap=True)
            )
        which = "both" if len(ordered) > 1 else (ordered[0] if ordered else "")
        self.book_button.setVisible(bool(ordered))
        if which:
            self.book_button.setText(tr(f"sale.done.book.{which}", lang))
