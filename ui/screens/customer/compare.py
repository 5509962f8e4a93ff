"""Comparison: up to three pieces side by side, so the differences speak for themselves.

Each column is one product (image, name, summary, price range); below, rows aligned by what
they describe: where each excels (the qualities the products lean to most, as quiet bars)
and their specifications, matched by label, with a dash where a piece does not say. In
portrait the row names sit above their rows instead of beside them. A product can be set
aside, or its story opened. Records ``comparison_viewed`` on entering.

The table is built when the pieces compared change (or the language), in idle time after the
touch that changed them (a story's "Compare"), a piece a turn (the heads, then each row, then
the layout: built whole in one turn, the 3-piece table held the loop for 20-37 ms), and laid
out then: entering the screen with the table already as it is to be shows it without building
it (the 3-piece table was 12-17 ms of the touch that opened the screen, its longest turn in
the journey bench); entering while it is being built finishes it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.visit.stages import Change, Stage
from ui import kit, theme
from ui.screens.customer.base import CustomerScreen
from ui.strings import tr
from ui.widgets.layouts import clear_layout, foot_row, send_pending, within_reach
from ui.widgets.meter import Meter
from ui.widgets.reading_scroll import ReadingScroll
from ui.widgets.thumb import Thumb

if TYPE_CHECKING:
    from kiosk.content.model import LocalText, Product
    from ui.context import ScreenContext

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
    # Shadows QWidget.scroll(dx, dy), which nothing calls on a screen.
    scroll: ReadingScroll  # type: ignore[assignment]

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
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
        self.eyebrow = kit.eyebrow()
        intro.addWidget(self.eyebrow)
        intro.addSpacing(14)
        self.title = kit.text("title_l", wrap=True)
        intro.addWidget(self.title)
        intro.addSpacing(10)
        self.note = kit.text("body_s", tone="muted", wrap=True, name="note")
        intro.addWidget(self.note)
        self.column.addWidget(self.intro)
        self.table = QWidget()
        self.grid = QGridLayout(self.table)
        self.grid.setContentsMargins(0, 0, 16, 48)
        self.grid.setHorizontalSpacing(48)
        self.grid.setVerticalSpacing(0)
        self.scroll = ReadingScroll(self.table)
        self.column.addWidget(self.scroll, 1)
        self.foot = foot_row(self.outer)  # portrait: the way back, within reach
        self._built: tuple[object, ...] | None = None  # what the table shows (_shown)
        self._steps: Iterator[bool] | None = None  # the table being built in idle time
        self._steps_for: tuple[object, ...] | None = None  # what it is being built for
        self._ahead = QTimer(self)  # the table for the pieces compared, built in idle time
        self._ahead.setSingleShot(True)
        self._ahead.setInterval(0)
        self._ahead.timeout.connect(self._build_ahead)

    # -- the screen's life ---------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter(**params)
        state = self.ctx.journey.state
        self.skus = list(state.compared) if state else []
        self.scroll.to_top()
        if self._steps is not None and self._steps_for == self._shown():
            self._finish(self._steps)  # begun in idle time: the rest now
        elif self._built != self._shown():
            self._rebuild()
        self.ctx.journey.record("comparison_viewed", skus=list(self.skus))

    def clear(self) -> None:
        self.skus = []
        self._built = self._steps = self._steps_for = None
        self._ahead.stop()
        self._empty_grid(now=True)
        self.note.clear()

    def set_portrait(self, portrait: bool) -> None:
        within_reach(self.back_button, self.foot, self.header, portrait)
        if portrait != self.portrait:
            self.portrait = portrait
            if self.skus:
                self._rebuild()

    def journey_changed(self, change: Change) -> None:
        super().journey_changed(change)
        state = self.ctx.journey.state
        if change is Change.COMPARISON and state is not None:
            self.skus = list(state.compared)
            if self.isVisible():
                self._rebuild()
            else:
                self._build_later()

    def _build_later(self) -> None:
        self._steps = None  # one begun for other pieces, or another language, is dropped
        self._ahead.start()

    def _build_ahead(self) -> None:
        """The next piece of the table, and the one after on the next turn."""
        if self.isVisible():
            self._steps = None
            return  # the screen was entered first (and built then)
        if self._steps is None:
            if self._built == self._shown():
                return
            self._steps, self._steps_for = self._build(lay_out=True), self._shown()
        if next(self._steps, False):
            self._ahead.start()
        else:
            self._steps = None

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.eyebrow.setText(tr("compare.eyebrow", language).upper())
        self.title.setText(tr("compare.title", language))
        if self.isVisible():
            self._rebuild()
        else:
            self._build_later()  # or as the screen is entered

    # -- the table -----------------------------------------------------------------------
    def products(self) -> list[Product]:
        found = (self.ctx.pack.product(sku) for sku in self.skus) if self.skus else ()
        return [p for p in found if p is not None]

    def _place_intro(self, beside: bool) -> None:
        self.grid.removeWidget(self.intro)
        self.column.removeWidget(self.intro)
        if beside:
            self.grid.addWidget(self.intro, 0, 0, Qt.AlignmentFlag.AlignTop)
        else:
            self.column.insertWidget(0, self.intro)
        self.intro.show()

    def _empty_grid(self, now: bool = False) -> None:
        """Every cell gone at once, with what it showed. ``now`` (a reset, never from a cell's
        own button): deleted here; taking two dozen cells out of the window one by one (Qt
        restyles each as a window of its own) was 7 ms of the visit's last touch."""
        self.grid.removeWidget(self.intro)
        clear_layout(self.grid, now)  # otherwise a cell's button may be mid-click
        for col in range(4):
            self.grid.setColumnStretch(col, 0)
            self.grid.setColumnMinimumWidth(col, 0)

    def _shown(self) -> tuple[object, ...]:
        return (tuple(self.skus), self.ctx.language, self.portrait)

    def _rebuild(self) -> None:
        """The table, built whole now."""
        self._finish(self._build())

    def _finish(self, steps: Iterator[bool]) -> None:
        self._steps = None
        for _ in steps:
            pass

    def _build(self, lay_out: bool = False) -> Iterator[bool]:
        """The table for the pieces compared, a piece at each step; ``lay_out``: and laid
        out at the last, not in the touch that shows it."""
        self._empty_grid()
        shown, self._built = self._shown(), None
        language = self.ctx.language
        products = self.products()
        self._place_intro(beside=bool(products) and not self.portrait)
        if not products:
            self.note.setText(
                tr("compare.empty_title", language) + " " + tr("compare.empty_body", language)
            )
            self.note.setVisible(True)
            self._built = shown
            return
        self.note.setText(tr("compare.one_more", language) if len(products) == 1 else "")
        self.note.setVisible(len(products) == 1)
        first = 0 if self.portrait else 1  # the column of the first product
        self.grid.setHorizontalSpacing(32 if self.portrait and len(products) > 2 else 48)
        if not self.portrait:
            self.grid.setColumnStretch(0, 3)
        for i in range(len(products)):
            self.grid.setColumnStretch(first + i, 4)
        row = self._add_heads(products, first)
        yield True
        t = self.ctx.t
        bands = self.ctx.pack.price_bands
        row = self._add_row(
            row,
            tr("compare.price_band", language),
            [t(bands[p.price_band].label) if p.price_band in bands else "" for p in products],
            first,
        )
        highlights = highlight_rows(products)
        if highlights:
            row = self._add_section(row, tr("compare.strengths", language), first, len(products))
            attributes = self.ctx.pack.attributes
            for attr, scores in highlights:
                name = t(attributes[attr].name) if attr in attributes else attr
                row = self._add_row(row, name, [Meter(s) for s in scores], first)
                yield True
        specs = shown_spec_rows(products)
        if specs:
            row = self._add_section(row, tr("compare.specs", language), first, len(products))
            missing = tr("compare.missing", language)
            for label, values in specs:
                cells = [t(v) if v is not None else missing for v in values]
                row = self._add_row(row, t(label), cells, first)
                yield True
        self.grid.setRowStretch(row, 1)
        self._built = shown
        if lay_out:
            yield True
            send_pending(self)

    def _add_heads(self, products: list[Product], first: int) -> int:
        language, t = self.ctx.language, self.ctx.t
        height = 232 if self.portrait else 240  # portrait: the pictures take the height
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
                self.ctx.images, product.gallery[0] if product.gallery else None, "thumb"
            )
            picture.clicked.connect(lambda sku=product.sku: self.open_story(sku))
            column.addWidget(picture)
            column.addSpacing(22)
            role: kit.TextRole = "name" if self.portrait else "heading"
            name = kit.text(role, t(product.name), wrap=True, name=f"compare-name-{i}")
            column.addWidget(name)
            column.addSpacing(10)
            summary = kit.text("caption_s", t(product.summary), tone="muted", wrap=True)
            column.addWidget(summary)
            column.addStretch(1)
            # Three columns in portrait are narrower than the two links side by side: they
            # stack, so no column is pushed past the screen's edge.
            stacked = self.portrait and len(products) > 2
            actions: QBoxLayout = QVBoxLayout() if stacked else QHBoxLayout()
            actions.setSpacing(0 if stacked else 32)
            story = kit.button(
                "quiet", tr("compare.story", language), role="label_s", name=f"compare-story-{i}"
            )
            story.clicked.connect(lambda _=False, sku=product.sku: self.open_story(sku))
            actions.addWidget(story, 0, Qt.AlignmentFlag.AlignLeft)
            remove = kit.button(
                "quiet", tr("compare.remove", language), role="label_s", name=f"compare-remove-{i}"
            )
            remove.clicked.connect(lambda _=False, sku=product.sku: self.remove(sku))
            actions.addWidget(remove, 0, Qt.AlignmentFlag.AlignLeft)
            actions.addStretch(1)
            column.addLayout(actions)
            self.grid.addWidget(head, 0, first + i)
        return 1

    def _add_section(self, row: int, title: str, first: int, count: int) -> int:
        label = kit.eyebrow(title.upper(), small=True)
        label.setContentsMargins(0, 44, 0, 12)
        self.grid.addWidget(label, row, 0, 1, first + count)
        return row + 1

    def _add_row(self, row: int, label: str, cells: Sequence[QWidget | str], first: int) -> int:
        """A rule, the row's name, and one cell per product (a text or a widget)."""
        self.grid.addWidget(kit.rule(), row, 0, 1, first + len(cells))
        row += 1
        name = kit.text("caption_s", label, tone="muted", wrap=True)
        if self.portrait:
            name.setContentsMargins(0, 12, 0, 0)
            self.grid.addWidget(name, row, 0, 1, len(cells))
            row += 1
        else:
            name.setMinimumHeight(theme.MIN_TOUCH)
            self.grid.addWidget(name, row, 0)
        for i, cell in enumerate(cells):
            if isinstance(cell, str):
                cell = kit.text("body_s", cell, wrap=True)
                cell.setMinimumHeight(theme.MIN_TOUCH)
            self.grid.addWidget(cell, row, first + i)
        return row + 1

    # -- actions -------------------------------------------------------------------------
    def open_story(self, sku: str) -> None:
        self.ctx.go("story", sku=sku, source="compare")

    def remove(self, sku: str) -> None:
        if self.ctx.journey.active:
            self.ctx.journey.set_compared(sku, False)
