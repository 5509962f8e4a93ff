"""The dashboard's "Stores" view: every store of the chain side by side, read at headquarters.

For the headquarters role, and for a store manager when the kiosk knows headquarters
(``hq_db_url``). The figures are ``kiosk.insights.chain``'s, the store dashboard's own queries
run on the headquarters database, so a store's column reads what its manager reads in the
store: visits, median visit, NPS and CES with their answers, the funnel, service recovery and
the most viewed piece. They are read on the thread pool through the screen's operations, one
period at a time, kept a minute like the store's figures; until they come the last ones stay.
Headquarters not answering, no store there yet and no headquarters set each get a calm line
instead of a table. A store's days are counted in this kiosk's zone (``store_timezone``), as
``kiosk report --chain`` does for the stores it is not told the zone of.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from kiosk.insights.chain import ChainReader
from kiosk.insights.measures import Period, StoreFigures
from ui import kit
from ui.screens.associate.dashboard_figures import duration, number, percent, signed, wait
from ui.screens.associate.frame import card
from ui.strings import tr
from ui.widgets.kinetic import kinetic
from ui.widgets.layouts import carry, clear_layout

if TYPE_CHECKING:
    from ui.context import ScreenContext
    from ui.operations import Operations

Found = list[tuple[str, StoreFigures]]
FUNNEL_ROWS = ("greeting", "selection", "handoff", "consent", "appointment")
"""The funnel's steps compared: how many of each store's visits reached them (its share of
the visits the funnel starts with, as on the store's funnel)."""
ROWS = (
    "visits",
    "dwell",
    "nps",
    "ces",
    *(f"funnel.{stage}" for stage in FUNNEL_ROWS),
    "complaints",
    "response",
    "first_contact",
    "escalated",
    "top",
)


def first_view(ctx: ScreenContext, view: str) -> str:
    """The view the dashboard opens on: headquarters comes for the stores; the stores are
    left for the journey when the one signed in now may not see them."""
    me = ctx.associate.associate
    if me is not None and me.role == "headquarters":
        return "stores"
    return "journey" if view == "stores" and not sees_stores(ctx) else view


def sees_stores(ctx: ScreenContext) -> bool:
    """Headquarters always (the view is what it is there for); a manager when the kiosk
    knows headquarters; nobody else."""
    me = ctx.associate.associate
    role = me.role if me is not None else None
    return role == "headquarters" or (role == "manager" and bool(ctx.config.hq_db_url))


class ChainCard(QWidget):
    """The stores compared: a line per figure, a column per store; the store names head the
    columns and the figure names stay at the left while the table scrolls."""

    CACHE_S = 60.0
    RETRY_MS = 10_000

    def __init__(self, ctx: ScreenContext, ops: Operations) -> None:
        super().__init__()
        self.ctx, self.ops = ctx, ops
        self.setObjectName("stores")
        self.language = ctx.default_language
        self.found: Found | None = None
        self.state = "idle"  # idle | loading | shown | unreachable | not_set
        self.period = Period.TODAY
        self._reader: ChainReader | None = None
        self._cache: dict[Period, tuple[float, Found]] = {}
        self._ask: Callable[[], tuple[dt.datetime, dt.tzinfo]] | None = None
        self._screen_title: QLabel | None = None
        self._stores_view = False
        frame, column, self.title = card()
        self.frame = frame
        self.subtitle = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.subtitle)
        self.message = kit.text("body_s", tone="muted", wrap=True, name="stores-message")
        column.addWidget(self.message)
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(36)
        self.table.setVerticalSpacing(2)  # every figure of a store in one landscape column
        holder = self.holder = QWidget()
        holder.setLayout(self.table)
        self.scroller = QScrollArea()
        self.scroller.setWidget(holder)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        kit.surface(self.scroller, "clear")
        kinetic(self.scroller.viewport())
        column.addWidget(self.scroller, 1)
        column.addStretch(0)  # takes the room instead of the table when there is none
        self.column = column
        outer = QGridLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(lambda: self.show_period(self.period))

    def place(
        self, portrait: bool, button: QPushButton, views: QWidget, status_line: QBoxLayout
    ) -> None:
        """The "Stores" button: last of the views in landscape; in portrait at the end of the
        status line, as five views do not fit the width ("Service recovery" was cut)."""
        row = views.layout()
        assert isinstance(row, QBoxLayout)
        into = status_line if portrait else row
        carry(button, into, into.count())

    def fit(self, view: str, button: QPushButton, title: QLabel, tiles: Iterable[QWidget]) -> None:
        """The dashboard in ``view``: the "Stores" button for those who may see the stores;
        in the stores' view the screen's title speaks of the stores, and this store's tiles
        step aside (over the chain's figures they would read as the chain's)."""
        stores = view == "stores"
        button.setVisible(sees_stores(self.ctx))
        self.setVisible(stores)
        for tile in tiles:
            tile.setVisible(not stores)
        self._screen_title, self._stores_view = title, stores
        self._title_screen()

    def _title_screen(self) -> None:
        if self._screen_title is not None:
            key = "dashboard.chain.screen_title" if self._stores_view else "dashboard.title"
            self._screen_title.setText(tr(key, self.language))

    # -- reading -----------------------------------------------------------------------------
    def asking(self, ask: Callable[[], tuple[dt.datetime, dt.tzinfo]]) -> None:
        """``ask()`` gives the screen's now and the store's zone (its days)."""
        self._ask = ask

    def show_period(self, period: Period) -> None:
        """``period``'s stores: from the cache at once, else read at headquarters (once:
        asked again while on its way, it waits for that answer)."""
        if self.state == "loading" and period == self.period:
            return
        self.period = period
        self._retry.stop()
        url = self.ctx.config.hq_db_url
        if not url:
            self._set("not_set")
            return
        cached = self._cache.get(period)
        if cached is not None and time.monotonic() - cached[0] <= self.CACHE_S:
            self.found = cached[1]
            self._set("shown")
            return
        if self._reader is None or self._reader.url != url:
            if self._reader is not None:
                self._reader.close()
            self._reader = ChainReader(url)
        reader, ask = self._reader, self._ask
        assert ask is not None, "the screen gives its clock and zone (asking) first"
        now, tz = ask()
        target = dt.timedelta(hours=self.ctx.config.case_response_hours)
        self._set("loading")
        self.ops.read(
            lambda: reader.figures(period, now, tz, target),
            lambda found: self._arrived(period, found),
            lambda _text: self._not_arrived(period),
            lane="chain",
        )

    def _arrived(self, period: Period, found: Found) -> None:
        self._cache[period] = (time.monotonic(), found)
        if period == self.period:
            self.found = found
            self._set("shown")

    def _not_arrived(self, period: Period) -> None:
        """Headquarters did not answer: said calmly, asked again while the view is open."""
        if period == self.period:
            self._set("unreachable")
            if self.isVisible():
                self._retry.start()

    def leave(self) -> None:
        self._retry.stop()

    def clear(self) -> None:
        """Nothing of a session outlives a reset; headquarters' connections are let go."""
        self._retry.stop()
        self._cache.clear()
        self.found = None
        if self._reader is not None:
            reader, self._reader = self._reader, None
            self.ops.read(reader.close, lambda _none: None, lane="chain-close")
        self._set("idle")

    # -- drawing -----------------------------------------------------------------------------
    def _set(self, state: str) -> None:
        self.state = state
        self.draw()

    def retranslate(self, language: str) -> None:
        self.language = language
        self.title.setText(tr("dashboard.chain.title", language))
        self.subtitle.setText(tr("dashboard.chain.subtitle", language))
        self._title_screen()
        self.draw()

    def draw(self) -> None:
        lang, found = self.language, self.found
        stores = sorted({store for store, f in found or [] if f.period == self.period})
        words = {
            "loading": "dashboard.chain.loading",
            "unreachable": "dashboard.chain.unreachable",
            "not_set": "dashboard.chain.not_set",
        }
        key = words.get(self.state)
        if self.state == "loading" and stores:
            key = None  # the last figures stay (faded) until the new ones come
        if self.state == "shown" and not stores:
            key = "dashboard.chain.no_stores"
        self.message.setText(tr(key, lang) if key else "")
        self.message.setVisible(key is not None)
        clear_layout(self.table)
        showing = self.state in ("shown", "loading") and bool(stores)
        self.scroller.setVisible(showing)
        self.column.setStretch(self.column.count() - 1, 0 if showing else 1)
        if not showing:
            return
        self.holder.setEnabled(self.state != "loading")
        by_store = {store: f for store, f in found or [] if f.period == self.period}
        names = [self._name(row, lang) for row in ROWS]
        for r, name in enumerate(names, start=1):
            label = kit.text("caption_s", name, tone="muted", name=f"row-{ROWS[r - 1]}")
            self.table.addWidget(label, r, 0)
        for c, store in enumerate(stores, start=1):
            head = kit.text("item", store, name=f"store-{store}")
            self.table.addWidget(head, 0, c, Qt.AlignmentFlag.AlignRight)
            for r, value in enumerate(cells(by_store[store], lang, self._top_name), start=1):
                cell = kit.text("body_s", value, name=f"cell-{store}-{ROWS[r - 1]}")
                self.table.addWidget(cell, r, c, Qt.AlignmentFlag.AlignRight)
        self.table.setColumnStretch(len(stores) + 1, 1)
        self.table.setRowStretch(len(ROWS) + 1, 1)

    @staticmethod
    def _name(row: str, lang: str) -> str:
        if row.startswith("funnel."):
            stage = tr(f"dashboard.stage.{row.removeprefix('funnel.')}", lang)
            return tr("dashboard.chain.row.funnel", lang, stage=stage)
        return tr(f"dashboard.chain.row.{row}", lang)

    def _top_name(self, sku: str) -> str:
        product = self.ctx.pack.product(sku)
        return product.name.get(self.language) if product else sku

    def texts(self) -> dict[str, list[str]]:
        """What the table shows, by store (for tests and a look at the figures)."""
        found: dict[str, list[str]] = {}
        for i in range(self.table.count()):
            item = self.table.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.objectName().startswith("cell-"):
                store = widget.objectName().removeprefix("cell-").rsplit("-", 1)[0]
                found.setdefault(store, []).append(widget.text())
        return found


def cells(f: StoreFigures, lang: str, top_name: Callable[[str], str]) -> list[str]:
    """A store's column, in ``ROWS`` order, written as the store dashboard writes them."""
    steps = {step.stage: step for step in f.funnel}

    def share(value: float | None) -> str:
        return "—" if value is None else percent(value)

    def answers(figure: str, n: int) -> str:
        return f"{figure} ({number(n)})" if n else "—"

    r = f.recovery
    top = f.top_products[0].key if f.top_products else None
    return [
        number(f.visits),
        duration(f.median_dwell_s, lang),
        answers(signed(f.nps), f.feedback.responses),
        answers("—" if f.ces is None else f"{f.ces:.1f}", f.ces_responses),
        *(share(steps[stage].share) if f.visits else "—" for stage in FUNNEL_ROWS),
        "—" if r is None or r.per_100_visits is None else f"{r.per_100_visits:.1f}",
        "—" if r is None else wait(r.median_first_response_s, lang),
        "—" if r is None else share(r.first_contact_share),
        "—" if r is None else share(r.escalated_share),
        "—" if top is None else top_name(top),
    ]
