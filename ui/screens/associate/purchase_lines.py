"""The purchase screen's parts: one line of the sale, and the catalogue search.

A line is a piece the client takes: its name, its finish where the pack offers finishes (one
tap picks, a second tap leaves it unchosen), a quantity stepper held to 1..99 with large
targets, and whether it needs delivery and installation. A refusal of the sale's check that
concerns the line (an unknown piece, a quantity, a finish) is said on the line itself.

The catalogue search matches what was typed against every product's name in both languages
and its reference, however the case or spacing is written; the pack is already in memory,
so the search is a filter, not a read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.aftersale.purchases import SaleLine
from ui import kit, theme
from ui.strings import tr
from ui.widgets.layouts import FlowLayout, clear_layout

if TYPE_CHECKING:
    from kiosk.content.model import ContentPack, Product

MAX_QUANTITY = 99
MAX_RESULTS = 8


def finishes_of(product: Product | None) -> tuple[tuple[str, str, str], ...]:
    """(id, English name, Chinese name) of the product's finishes; none for an unknown one."""
    found = product.finishes if product is not None else ()
    return tuple((f.id, f.name.get("en"), f.name.get("zh-Hans")) for f in found)


def _folded(text: str) -> str:
    return "".join(text.split()).casefold()


def match_products(pack: ContentPack, typed: str) -> list[Product]:
    """The products whose name (in any language) or reference contains what was typed."""
    wanted = _folded(typed)
    if not wanted:
        return []
    found = []
    for product in pack.products.values():
        names = [product.sku, *product.name.values.values()]
        if any(wanted in _folded(name) for name in names):
            found.append(product)
    return sorted(found, key=lambda p: (not _folded(p.sku).startswith(wanted), p.sku))


def _toggle(name: str) -> QPushButton:
    button = kit.button("secondary", role="body_s", name=name)
    kit.mark(button, "option")
    button.setCheckable(True)
    button.setMinimumHeight(theme.MIN_TOUCH + 8)
    return button


class LineRow(QFrame):
    """One piece of the sale; ``removed`` when the associate takes it off."""

    removed = Signal(object)

    def __init__(self, sku: str, product: Product | None) -> None:
        super().__init__()
        self.sku = sku
        self.product = product
        self.quantity = 1
        self.finish: str | None = None
        self.language = "en"
        self.setObjectName(f"line-{sku}")
        kit.surface(self, "row_accent")
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 16, 20, 16)
        column.setSpacing(12)
        head = QHBoxLayout()
        head.setSpacing(16)
        self.name = kit.text("item_s", wrap=True, name="line-name")
        head.addWidget(self.name, 1)
        self.remove = kit.button("quiet", name="line-remove")
        self.remove.setMinimumSize(theme.MIN_TOUCH + 16, theme.MIN_TOUCH)  # "移除" is narrow
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        head.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)

        self.finish_title = kit.text("caption_s", tone="muted")
        column.addWidget(self.finish_title)
        self.finish_row = FlowLayout(spacing=12)
        column.addLayout(self.finish_row)
        self.finish_buttons: dict[str, QPushButton] = {}
        for ident, _en, _zh in finishes_of(product):
            button = _toggle(f"finish-{ident}")
            button.clicked.connect(lambda on, f=ident: self._pick_finish(f, on))
            self.finish_buttons[ident] = button
            self.finish_row.addWidget(button)
        self.finish_title.setVisible(bool(self.finish_buttons))

        stepper = QWidget()
        # the on-screen keyboard's keys, as the theme draws them: square, as tall as a key,
        # no padding to eat the sign
        stepper.setProperty("role", "keyboard")
        steps = QHBoxLayout(stepper)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(8)
        self.quantity_title = kit.text("caption_s", tone="muted")
        steps.addWidget(self.quantity_title)
        self.less = kit.button("secondary", "−", role="button", name="quantity-less")
        self.more = kit.button("secondary", "+", role="button", name="quantity-more")
        self.count = kit.text("item", "1", align=Qt.AlignmentFlag.AlignCenter, name="quantity")
        self.count.setMinimumWidth(64)
        for button, step in ((self.less, -1), (self.more, 1)):
            button.setMinimumWidth(theme.MIN_TOUCH + 16)
            button.clicked.connect(lambda _=False, s=step: self.step(s))
        steps.addWidget(self.less)
        steps.addWidget(self.count)
        steps.addWidget(self.more)
        steps.addStretch(1)
        column.addWidget(stepper)
        row = FlowLayout(spacing=16)
        self.delivery = _toggle("needs-delivery")
        self.installation = _toggle("needs-installation")
        for toggle in (self.delivery, self.installation):
            toggle.toggled.connect(lambda _on: self._render_toggles())
            row.addWidget(toggle)
        column.addLayout(row)
        self.message = kit.text("body_s", tone="accent", wrap=True, name="line-message")
        self.message.hide()
        column.addWidget(self.message)
        self.set_quantity(1)

    # -- the associate's changes -------------------------------------------------------------
    def step(self, by: int) -> None:
        """The stepper holds 1..99."""
        self.set_quantity(max(1, min(MAX_QUANTITY, self.quantity + by)))

    def set_quantity(self, quantity: int) -> None:
        """A quantity set otherwise than by the stepper is shown as it is: the sale's own
        check refuses it on saving, on this line."""
        self.quantity = quantity
        self.count.setText(str(quantity))
        self.less.setEnabled(quantity > 1)
        self.more.setEnabled(quantity < MAX_QUANTITY)
        self.say("")

    def _pick_finish(self, ident: str, on: bool) -> None:
        self.finish = ident if on else None
        for other, button in self.finish_buttons.items():
            button.setChecked(other == self.finish)
        self.say("")

    def line(self) -> SaleLine:
        return SaleLine(
            sku=self.sku,
            quantity=self.quantity,
            finish=self.finish,
            delivery=self.delivery.isChecked(),
            installation=self.installation.isChecked(),
        )

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- words -------------------------------------------------------------------------------
    def retranslate(self, language: str) -> None:
        self.language = language
        product = self.product
        self.name.setText(
            f"{product.name.get(language)}  ·  {self.sku}"
            if product
            else f"{self.sku}  ·  {tr('sale.line.unknown', language)}"
        )
        self.remove.setText(tr("sale.line.remove", language))
        self.finish_title.setText(tr("sale.line.finish", language))
        self.quantity_title.setText(tr("sale.line.quantity", language))
        zh = language.startswith("zh")
        for ident, en, zh_name in finishes_of(product):
            self.finish_buttons[ident].setText(zh_name if zh else en)
        if self.message.text():
            self.say("")  # said in the other language at the next save
        self._render_toggles()

    def _render_toggles(self) -> None:
        for toggle, key in ((self.delivery, "delivery"), (self.installation, "installation")):
            mark = "☑" if toggle.isChecked() else "☐"
            toggle.setText(f"{mark}   {tr(f'sale.line.{key}', self.language)}")


class ProductResults(QWidget):
    """The products found for what was typed, each a row that adds it to the sale."""

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.list = QVBoxLayout(self)
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(10)

    def show_found(self, pack: ContentPack, typed: str, language: str) -> None:
        clear_layout(self.list)
        found = match_products(pack, typed)
        if not typed.strip():
            note = tr("sale.find.start", language)
        elif not found:
            note = tr("sale.find.none", language, typed=typed.strip())
        else:
            note = ""
        if note:
            self.list.addWidget(kit.text("body_s", note, tone="muted", wrap=True))
        for product in found[:MAX_RESULTS]:
            button = kit.button(
                "secondary",
                f"{product.name.get(language)}  ·  {product.sku}",
                role="body_s",
                name=f"found-{product.sku}",
            )
            kit.mark(button, "pick")
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.clicked.connect(lambda _=False, s=product.sku: self.chosen.emit(s))
            self.list.addWidget(button)
        if len(found) > MAX_RESULTS:
            more = tr("sale.find.more", language, n=len(found) - MAX_RESULTS)
            self.list.addWidget(kit.text("caption_s", more, tone="muted", wrap=True))
