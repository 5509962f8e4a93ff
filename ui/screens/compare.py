"""Comparison: up to three pieces side by side, so the differences speak for themselves.

Each column is one product (image, name, summary, price range); below, rows aligned by what
they describe: where each excels (the qualities the products lean to most, as quiet bars)
and their specifications, matched by label, with a dash where a piece does not say. In
portrait the row names sit above their rows instead of beside them. A product can be set
aside, or its story opened. Records ``comparison_viewed`` on entering.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.stages import Change, Stage
from ui import theme
from ui.screens.base import CustomerScreen
from ui.strings import tr
from ui.widgets.meter import Meter
from ui.widgets.reading_scroll import ReadingScroll
from ui.widgets.thumb import Thumb

if TYPE_CHECKING:
    from kiosk.content.model import LocalText, Product
    from ui.shell import Shell

HIGHLIGHTS_EACH = 3  # each product's strongest qualities that earn a row
SPEC_ROWS = 8  # specification rows shown at most


def spec_rows(products: list[Product]) -> list[tuple[LocalText, list[LocalText | None]]]:
    """Specification rows matched by label (in the pack's own language), in the order they
    first appear: each row's label and every product's value or None."""
    order: dict[str, LocalText] = {}
    values: list[dict[str, LocalText]] = []
    for product in products:
        mine: dict[str, LocalText] = {}
        for spec in product.specs:
            key = spec.label.get(spec.label.fallback).strip().casefold()
            order.setdefault(key, spec.label)
            mine.setdefault(key, spec.value)
        values.append(mine)
    return [(label, [v.get(key) for v in values]) for key, label in order.items()]


def shown_spec_rows(products: list[Product]) -> list[tuple[LocalText, list[LocalText | None]]]:
    """A comparison, not a catalogue: the rows most products share (first appearance breaks
    ties), at most SPEC_ROWS of them. Three products of 16 distinct specs each built 48 rows
    of widgets on the GUI thread: 60 ms, several frames, when the screen opened."""
    rows = spec_rows(products)
    return sorted(rows, key=lambda r: -sum(v is not None for v in r[1]))[:SPEC_ROWS]


def highlight_rows(products: list[Product]) -> list[tuple[str, list[float]]]:
    """The attributes that are among a product's strongest, strongest first overall, with
    every product's score for each."""
    chosen: set[str] = set()
    for product in products:
        best = sorted(product.attributes.items(), key=lambda kv: -kv[1])[:HIGHLIGHTS_EACH]
        chosen.update(attr for attr, score in best if score > 0)
    rows = [(a, [p.attributes.get(a, 0.0) for p in products]) for a in chosen]
    return sorted(rows, key=lambda row: (-max(row[1]), row[0]))


class CompareScreen(CustomerScreen):
    NAME = "compare"
    STAGE = Stage.STORY

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.portrait = False
        self.skus: list[str] = []
        self.column = QVBoxLayout(self.body)
        self.column.setContentsMargins(0, 40, 0, 0)
        self.column.setSpacing(0)
        # The introduction sits above the table, or in landscape in the table's first cell,
        # beside the products, so the rows that compare them start above the fold.
        self.intro = QWidget()
        intro = QVBoxLayout(self.intro)
        intro.setContentsMargins(0, 0, 0, 32)
        intro.setSpacing(0)
        self.eyebrow = QLabel()
        self.eyebrow.setProperty("role", "eyebrow")
        self.eyebrow.setFont(theme.sans(19, theme.QFont.Weight.Medium, spacing=3.0))
        intro.addWidget(self.eyebrow)
        intro.addSpacing(14)
        self.title = QLabel()
        self.title.setFont(theme.serif(48))
        self.title.setWordWrap(True)
        intro.addWidget(self.title)
        intro.addSpacing(10)
        self.note = QLabel()
        self.note.setObjectName("note")
        self.note.setProperty("role", "muted")
        self.note.setFont(theme.sans(23))
        self.note.setWordWrap(True)
        intro.addWidget(self.note)
        self.column.addWidget(self.intro)
        self.table = QWidget()
        self.grid = QGridLayout(self.table)
        self.grid.setContentsMargins(0, 0, 16, 48)
        self.grid.setHorizontalSpacing(48)
        self.grid.setVerticalSpacing(0)
        self.scroll = ReadingScroll(self.table)
        self.column.addWidget(self.scroll, 1)

    # -- the screen's life ---------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        state = self.shell.journey.state
        self.skus = list(state.compared) if state else []
        self.scroll.to_top()
        self._rebuild()
        self.shell.journey.record("comparison_viewed", skus=list(self.skus))

    def clear(self) -> None:
        self.skus = []
        self._empty_grid()
        self.note.clear()

    def set_portrait(self, portrait: bool) -> None:
        if portrait != self.portrait:
            self.portrait = portrait
            if self.skus:
                self._rebuild()

    def journey_changed(self, change: Change) -> None:
        super().journey_changed(change)
        state = self.shell.journey.state if self.shell.runtime else None
        if change is Change.COMPARISON and state is not None and self.isVisible():
            self.skus = list(state.compared)
            self._rebuild()

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("compare.eyebrow", language).upper())
        self.title.setText(tr("compare.title", language))
        self._rebuild()

    # -- the table -----------------------------------------------------------------------
    def products(self) -> list[Product]:
        found = (self.shell.pack.product(sku) for sku in self.skus) if self.skus else ()
        return [p for p in found if p is not None]

    def _place_intro(self, beside: bool) -> None:
        self.grid.removeWidget(self.intro)
        self.column.removeWidget(self.intro)
        if beside:
            self.grid.addWidget(self.intro, 0, 0, Qt.AlignmentFlag.AlignTop)
        else:
            self.column.insertWidget(0, self.intro)
        self.intro.show()

    def _empty_grid(self) -> None:
        self.grid.removeWidget(self.intro)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone at once, with what it showed
                widget.deleteLater()
        for col in range(4):
            self.grid.setColumnStretch(col, 0)
            self.grid.setColumnMinimumWidth(col, 0)

    def _rebuild(self) -> None:
        self._empty_grid()
        language = self.shell.language
        products = self.products()
        self._place_intro(beside=bool(products) and not self.portrait)
        if not products:
            self.note.setText(
                tr("compare.empty_title", language) + " " + tr("compare.empty_body", language)
            )
            self.note.setVisible(True)
            return
        self.note.setText(tr("compare.one_more", language) if len(products) == 1 else "")
        self.note.setVisible(len(products) == 1)
        first = 0 if self.portrait else 1  # the column of the first product
        if not self.portrait:
            self.grid.setColumnStretch(0, 3)
        for i in range(len(products)):
            self.grid.setColumnStretch(first + i, 4)
        row = self._add_heads(products, first)
        t = self.shell.t
        bands = self.shell.pack.price_bands
        row = self._add_row(
            row,
            tr("compare.price_band", language),
            [
                self._text(t(bands[p.price_band].label) if p.price_band in bands else "")
                for p in products
            ],
            first,
        )
        highlights = highlight_rows(products)
        if highlights:
            row = self._add_section(row, tr("compare.strengths", language), first, len(products))
            attributes = self.shell.pack.attributes
            for attr, scores in highlights:
                name = t(attributes[attr].name) if attr in attributes else attr
                row = self._add_row(row, name, [Meter(s) for s in scores], first)
        specs = shown_spec_rows(products)
        if specs:
            row = self._add_section(row, tr("compare.specs", language), first, len(products))
            missing = tr("compare.missing", language)
            for label, values in specs:
                cells = [self._text(t(v) if v is not None else missing) for v in values]
                row = self._add_row(row, t(label), cells, first)
        self.grid.setRowStretch(row, 1)

    def _add_heads(self, products: list[Product], first: int) -> int:
        language, t = self.shell.language, self.shell.t
        height = 200 if self.portrait else 240
        for i, product in enumerate(products):
            head = QWidget()
            column = QVBoxLayout(head)
            column.setContentsMargins(0, 0, 0, 28)
            column.setSpacing(0)
            picture = Thumb(fill=True)
            picture.setObjectName(f"compare-image-{i}")
            picture.setFixedHeight(height)
            picture.setMinimumWidth(120)
            picture.show_image(
                self.shell.images, product.gallery[0] if product.gallery else None, "thumb"
            )
            picture.clicked.connect(lambda sku=product.sku: self.open_story(sku))
            column.addWidget(picture)
            column.addSpacing(22)
            name = QLabel(t(product.name))
            name.setObjectName(f"compare-name-{i}")
            name.setFont(theme.serif(30 if not self.portrait else 26))
            name.setWordWrap(True)
            column.addWidget(name)
            column.addSpacing(10)
            summary = QLabel(t(product.summary))
            summary.setProperty("role", "muted")
            summary.setFont(theme.sans(19))
            summary.setWordWrap(True)
            column.addWidget(summary)
            column.addStretch(1)
            actions = QHBoxLayout()
            actions.setSpacing(32)
            story = QPushButton(tr("compare.story", language))
            story.setObjectName(f"compare-story-{i}")
            story.setProperty("role", "quiet")
            story.setFont(theme.sans(19, spacing=0.5))
            story.clicked.connect(lambda _=False, sku=product.sku: self.open_story(sku))
            actions.addWidget(story)
            remove = QPushButton(tr("compare.remove", language))
            remove.setObjectName(f"compare-remove-{i}")
            remove.setProperty("role", "quiet")
            remove.setFont(theme.sans(19, spacing=0.5))
            remove.clicked.connect(lambda _=False, sku=product.sku: self.remove(sku))
            actions.addWidget(remove)
            actions.addStretch(1)
            column.addLayout(actions)
            self.grid.addWidget(head, 0, first + i)
        return 1

    def _add_section(self, row: int, title: str, first: int, count: int) -> int:
        label = QLabel(title.upper())
        label.setProperty("role", "eyebrow")
        label.setFont(theme.sans(18, theme.QFont.Weight.Medium, spacing=3.0))
        label.setContentsMargins(0, 44, 0, 12)
        self.grid.addWidget(label, row, 0, 1, first + count)
        return row + 1

    def _add_row(self, row: int, label: str, cells: list[QWidget], first: int) -> int:
        rule = QFrame()
        rule.setFixedHeight(1)
        rule.setStyleSheet(f"background: {theme.PALETTE.stone};")
        self.grid.addWidget(rule, row, 0, 1, first + len(cells))
        row += 1
        name = QLabel(label)
        name.setProperty("role", "muted")
        name.setFont(theme.sans(19))
        name.setWordWrap(True)
        if self.portrait:
            name.setContentsMargins(0, 12, 0, 0)
            self.grid.addWidget(name, row, 0, 1, len(cells))
            row += 1
        else:
            name.setMinimumHeight(theme.MIN_TOUCH)
            self.grid.addWidget(name, row, 0)
        for i, cell in enumerate(cells):
            self.grid.addWidget(cell, row, first + i)
        return row + 1

    def _text(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setFont(theme.sans(21))
        label.setWordWrap(True)
        label.setMinimumHeight(theme.MIN_TOUCH)
        return label

    # -- actions -------------------------------------------------------------------------
    def open_story(self, sku: str) -> None:
        self.shell.go("story", sku=sku, source="compare")

    def remove(self, sku: str) -> None:
        if self.shell.journey.active:
            self.shell.journey.set_compared(sku, False)
