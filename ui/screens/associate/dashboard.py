"""The store dashboard, for managers: today, 7 or 30 days at a glance.

KPI tiles across the top (visits, median visit, NPS with its split, CES, follow-ups due and
done), then the journey funnel, what customers looked at, and service recovery (complaints,
first response, first contact, escalated, open and overdue, NPS after a case). Figures come from
``kiosk.insights.dashboard.figures`` through the store reader, on a worker thread: opening or
switching never blocks the screen; old figures stay, faded, until new ones arrive. Each
period's figures are kept for a minute, so switching back and forth is instant; after the
first period arrives, the others are fetched behind it. Figures are anonymous aggregates.
When the store database is not available, a quiet note says these are this kiosk's only.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.clock import utcnow
from kiosk.insights.dashboard import store_figures
from kiosk.insights.measures import Period, StoreFigures
from kiosk.scope import Read, Scope
from kiosk.station.place import store_zone
from ui import kit, theme
from ui.screens.associate.dashboard_after_sale import AfterSaleCard
from ui.screens.associate.dashboard_chain import ChainCard, first_view
from ui.screens.associate.dashboard_figures import RECOVERY_TILES, FiguresView, Line, Tile
from ui.screens.associate.dashboard_outreach import OutreachCard
from ui.screens.associate.frame import card
from ui.strings import tr
from ui.widgets.charts import BarList, FunnelChart, SplitBar

if TYPE_CHECKING:
    from ui.context import ScreenContext


class DashboardScreen(FiguresView):
    NAME = "dashboard"
    ROLES: ClassVar[frozenset[str]] = frozenset({"manager", "headquarters"})
    TOOL = "dashboard.tool"
    TOOL_ORDER = 30
    CACHE_S = 60.0

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        self.language = ctx.default_language
        self.clock = utcnow
        self.tz: dt.tzinfo | None = None  # None: the store's zone (store_timezone)
        self.period = Period.TODAY
        self.portrait = False
        self.shown: StoreFigures | None = None
        self.scope: Scope | None = None
        self._cache: dict[Period, tuple[float, Read[StoreFigures]]] = {}
        self._asked: set[Period] = set()
        self._failed = False
        self.loading = False

        outer = QVBoxLayout(self.body)
        outer.setContentsMargins(72, 36, 72, 44)
        outer.setSpacing(22)

        head = QHBoxLayout()
        head.setSpacing(24)
        self.title = kit.text("title")
        head.addWidget(self.title)
        head.addStretch(1)
        self.view = "journey"  # the journey's charts or service recovery
        self.views = QWidget()  # in the head (landscape) or on a line of their own (portrait)
        views = QHBoxLayout(self.views)
        views.setContentsMargins(0, 0, 0, 0)
        views.setSpacing(24)
        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[str, QPushButton] = {}
        for view in ("journey", "recovery", "after_sale", "outreach", "stores"):
            button = kit.button("secondary", role="label", name=f"view-{view}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.clicked.connect(lambda _=False, v=view: self.show_view(v))
            self.view_group.addButton(button)
            self.view_buttons[view] = button
            views.addWidget(button)
        self.view_buttons[self.view].setChecked(True)
        self.head = head
        head.addWidget(self.views)
        self.status = kit.text("caption_s", tone="muted", name="status")
        self.period_group = QButtonGroup(self)
        self.period_buttons: dict[Period, QPushButton] = {}
        for period in Period:
            button = kit.button("secondary", role="label", name=f"period-{period.value}")
            button.setCheckable(True)
            button.setMinimumHeight(theme.MIN_TOUCH + 8)
            button.setMinimumWidth(168)  # "30 days" whole in the Latin face (was cut at 150)
            button.clicked.connect(lambda _=False, p=period: self.show_period(p))
            self.period_group.addButton(button)
            self.period_buttons[period] = button
            head.addWidget(button)
        self.period_buttons[self.period].setChecked(True)
        outer.addLayout(head)
        self.view_row = QHBoxLayout()  # empty (no height, no spacing) in landscape
        self.view_row.addStretch(1)
        outer.addLayout(self.view_row)

        self.note = kit.text("caption_s", tone="muted", name="scope-note")
        self.note.hide()
        sub = QHBoxLayout()
        sub.setSpacing(28)
        sub.addWidget(self.status)
        sub.addWidget(self.note, 1)
        self.sub = sub  # the views' place in landscape: four do not fit beside the title
        outer.addLayout(sub)

        self.tiles_grid = QGridLayout()
        self.tiles_grid.setSpacing(20)
        self.tiles = {name: Tile(name) for name in ("visits", "dwell", "nps", "ces", "due", "done")}
        self.split = SplitBar()
        self.split.setObjectName("nps-split")
        nps_column = self.tiles["nps"].layout()
        assert isinstance(nps_column, QVBoxLayout)
        nps_column.insertWidget(2, self.split)
        self.legend = kit.text("fine", tone="muted", wrap=True, name="nps-legend")
        nps_column.insertWidget(3, self.legend)
        outer.addLayout(self.tiles_grid)

        self.charts_grid = QGridLayout()
        self.charts_grid.setSpacing(24)
        self.cards: list[QFrame] = []
        funnel_card, column, self.funnel_title = card()
        self.funnel_subtitle = self._subtitle(column)
        self.funnel = FunnelChart()
        self.funnel.setObjectName("funnel")
        column.addWidget(self.funnel, 1)
        self.cards.append(funnel_card)
        self.lists: dict[str, tuple[QLabel, QLabel, BarList]] = {}
        for name in ("products", "looks", "chapters"):
            frame, column, title = card()
            subtitle = self._subtitle(column)
            chart = BarList()
            chart.setObjectName(f"top-{name}")
            column.addWidget(chart)
            column.addStretch(1)
            self.lists[name] = (title, subtitle, chart)
            self.cards.append(frame)
        self.recovery_card, column, self.recovery_title = card()
        self.recovery_card.setObjectName("recovery")
        self.recovery_subtitle = self._subtitle(column)
        self.recovery = {name: Line(name) for name in RECOVERY_TILES}
        self.recovery_grid = QGridLayout()
        self.recovery_grid.setHorizontalSpacing(48)
        self.recovery_grid.setVerticalSpacing(22)
        column.addLayout(self.recovery_grid)
        column.addStretch(1)
        self.after_sale = AfterSaleCard()
        self.outreach = OutreachCard()  # managers only (FiguresView.is_manager)
        self.chain = ChainCard(ctx, self.ops)  # the stores compared (dashboard_chain)
        self.chain.asking(lambda: (self.clock(), self.tz or store_zone(ctx.config)))
        self.products = self.lists["products"][2]
        self.looks = self.lists["looks"][2]
        self.chapters = self.lists["chapters"][2]
        outer.addLayout(self.charts_grid, 1)
        self._place(portrait=False)

        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(5000)
        self._retry.timeout.connect(lambda: self.show_period(self.period))

    @staticmethod
    def _subtitle(column: QVBoxLayout) -> QLabel:
        label = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(label)
        column.addSpacing(6)
        return label

    def _place(self, portrait: bool) -> None:
        """Landscape: six tiles in a row, then the funnel and the three lists side by side.
        Portrait: tiles on two rows, charts two by two. Service recovery, when chosen, takes
        the charts' place. The views: on the status line in landscape (four do not fit beside
        the title and the periods), on a line of their own in portrait."""
        self.portrait = portrait
        self._fit_title()
        # the NPS tile is twice as wide: its split and legend read on one line
        spans = {"nps": 2, "done": 2} if portrait else {"nps": 2}
        width = 4 if portrait else 7
        row = col = 0
        for name, tile in self.tiles.items():
            span = spans.get(name, 1)
            if col + span > width:
                row, col = row + 1, 0
            self.tiles_grid.addWidget(tile, row, col, 1, span)
            col += span
        for c in range(7):
            self.tiles_grid.setColumnStretch(c, 1 if c < width else 0)
        per_row = 2 if portrait else 4
        for i, frame in enumerate(self.cards):
            self.charts_grid.addWidget(frame, i // per_row, i % per_row)
        # service recovery in the charts' place, across (the screen has no room for both)
        self.charts_grid.addWidget(self.recovery_card, 2, 0, 1, per_row)
        self.charts_grid.addWidget(self.after_sale, 3, 0, 1, per_row)
        self.after_sale.place(portrait)
        self.charts_grid.addWidget(self.outreach, 4, 0, 1, per_row)
        self.outreach.place(portrait)
        self.charts_grid.addWidget(self.chain, 5, 0, 1, per_row)
        stretches = (1, 1, 0, 0) if portrait else (15, 10, 10, 10)
        for c, stretch in enumerate(stretches):
            self.charts_grid.setColumnStretch(c, stretch)
        for place in (self.head, self.view_row, self.sub):
            place.removeWidget(self.views)
        (self.view_row if portrait else self.sub).addWidget(self.views)
        self.chain.place(portrait, self.view_buttons["stores"], self.views, self.sub)
        outer = self.body.layout()
        if outer is not None:  # landscape: the views' line takes room the funnel's rows need
            outer.setContentsMargins(72, 36 if portrait else 24, 72, 44 if portrait else 28)
            outer.setSpacing(22 if portrait else 16)
        columns = 2 if portrait else 3
        for i, line in enumerate(self.recovery.values()):
            self.recovery_grid.addWidget(line, i // columns, i % columns)
        for c in range(3):
            self.recovery_grid.setColumnStretch(c, 1 if c < columns else 0)
        self._show_view()

    def _fit_title(self) -> None:
        """Whole on one line in landscape; in portrait it wraps, as the period buttons
        beside it leave too little room for its one line (it ran under "Today")."""
        self.title.setWordWrap(self.portrait)
        self.title.setMinimumWidth(0 if self.portrait else self.title.sizeHint().width())

    def show_view(self, view: str) -> None:
        """The screen has room for the journey's charts or service recovery: ``view``."""
        self.view = view
        self.view_buttons[view].setChecked(True)
        self._show_view()
        if view == "stores":
            self.chain.show_period(self.period)

    def _show_view(self) -> None:
        for frame in self.cards:
            frame.setVisible(self.view == "journey")
        self.recovery_card.setVisible(self.view == "recovery")
        self.after_sale.setVisible(self.view == "after_sale")
        self.outreach.setVisible(self.view == "outreach" and self.is_manager())
        self.chain.fit(self.view, self.view_buttons["stores"], self.title, self.tiles.values())

    # -- life --------------------------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        period = params.get("period")
        self.retranslate(self.ctx.language)
        self.show_view(first_view(self.ctx, self.view))
        self.show_period(Period(period) if period else self.period)

    def leave(self) -> None:
        self._retry.stop()
        self.chain.leave()

    def clear(self) -> None:
        """Figures are anonymous, but nothing of a session outlives a reset."""
        self._retry.stop()
        self.ops.reset()
        self._asked.clear()  # what was on its way will not arrive: ask again next time
        self._cache.clear()
        self.shown = None
        self.scope = None
        self.chain.clear()
        self._render()

    def set_portrait(self, portrait: bool) -> None:
        self._place(portrait)
        self.way_within_reach(self.home_button, portrait)

    # -- figures -----------------------------------------------------------------------------
    def show_period(self, period: Period) -> None:
        """Show ``period``: at once from the cache, else faded old figures until it comes."""
        self.period = period
        self.period_buttons[period].setChecked(True)
        if self.view == "stores":
            self.chain.show_period(period)
        cached = self._fresh(period)
        if cached is not None:
            self._show_read(cached)
        else:
            self._set_loading(True)
            self._fetch(period)

    def _fresh(self, period: Period) -> Read[StoreFigures] | None:
        entry = self._cache.get(period)
        if entry is None or time.monotonic() - entry[0] > self.CACHE_S:
            return None
        return entry[1]

    def _fetch(self, period: Period) -> None:
        """``period``'s figures off the GUI thread, once at a time (a lane per period)."""
        runtime = self.ops.runtime
        if period in self._asked:
            return
        self._asked.add(period)
        reader, store_id, now, tz = (
            runtime.reader,
            runtime.config.store_id,
            self.clock(),
            self.tz or store_zone(runtime.config),  # the store's days (store_timezone)
        )
        target = dt.timedelta(hours=runtime.config.case_response_hours)
        self.ops.read(
            lambda: store_figures(reader, store_id, period, now, tz, target),
            lambda result: self._arrived(period, result),
            lambda _text: self._not_arrived(period),
            lane=f"figures-{period.value}",
        )

    def words(self, error: BaseException) -> str:
        return tr("dashboard.failed", self.language)

    def _not_arrived(self, period: Period) -> None:
        """The status line says so (``words``), and the period is asked again shortly."""
        self._asked.discard(period)
        self._failed = True
        if period == self.period:
            self._set_loading(False)
            self._render_status()
            self._retry.start()

    def _arrived(self, period: Period, result: Read[StoreFigures]) -> None:
        self._asked.discard(period)
        self._failed = False
        self._cache[period] = (time.monotonic(), result)
        if period == self.period:
            self._show_read(result)
            for other in Period:  # the others behind it, so switching is instant
                if self._fresh(other) is None:
                    self._fetch(other)

    def _show_read(self, read: Read[StoreFigures]) -> None:
        self.shown, self.scope = read.value, read.scope
        self._set_loading(False)
        self._render()

    def _set_loading(self, loading: bool) -> None:
        self.loading = loading
        for chart in (self.funnel, self.products, self.looks, self.chapters):
            chart.set_dimmed(loading and self.shown is not None)
        for tile in (*self.tiles.values(), *self.recovery.values()):
            tile.setEnabled(not loading)
        self.after_sale.setEnabled(not loading)
        self.outreach.setEnabled(not loading)
        self._render_status()

    # -- drawing -----------------------------------------------------------------------------
    def eyebrow_text(self, language: str) -> str:
        return tr("dashboard.eyebrow", language)

    def retranslate(self, language: str) -> None:
        super().retranslate(language)
        self.language = language
        self.title.setText(tr("dashboard.title", language))
        self._fit_title()
        for period, button in self.period_buttons.items():
            button.setText(tr(f"dashboard.period.{period.value}", language))
        captions = {
            "visits": "kpi.visits",
            "dwell": "kpi.dwell",
            "nps": "kpi.nps",
            "ces": "kpi.ces",
            "due": "kpi.due",
            "done": "kpi.done",
        }
        for name, key in captions.items():
            self.tiles[name].caption.setText(tr(f"dashboard.{key}", language).upper())
        for view, button in self.view_buttons.items():
            button.setText(tr(f"dashboard.view.{view}", language))
        self.recovery_title.setText(tr("dashboard.recovery.title", language))
        self.recovery_subtitle.setText(tr("dashboard.recovery.subtitle", language))
        for name, line in self.recovery.items():
            line.caption.setText(tr(f"dashboard.recovery.{name}", language).upper())
        for title, subtitle, key in (
            (self.funnel_title, self.funnel_subtitle, "funnel"),
            *((title, subtitle, name) for name, (title, subtitle, _) in self.lists.items()),
        ):
            title.setText(tr(f"dashboard.{key}.title", language))
            subtitle.setText(tr(f"dashboard.{key}.subtitle", language))
        self.note.setText(tr("dashboard.scope.kiosk", language))
        self.after_sale.retranslate(language)
        self.outreach.retranslate(language)
        self.chain.retranslate(language)
        self._render()
