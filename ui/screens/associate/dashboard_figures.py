"""The dashboard's drawing: a period's store figures as tiles, the funnel and the lists, in
the manager's numbers (``number``, ``percent``, ``signed``, ``duration``).

``DashboardScreen`` (``dashboard``) lays itself out and fetches and caches the figures of a
period; ``FiguresView``, the class it builds on, draws whatever figures it holds. Split so
that each module keeps to one concern within the size the project keeps; the widgets drawn
are declared here and built by the screen.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.insights.measures import StoreFigures, TopItem
from kiosk.insights.outreach import visible_to
from kiosk.insights.recovery import MIN_TO_COMPARE, Recovery
from kiosk.scope import Scope
from kiosk.station.place import store_zone
from ui import kit
from ui.screens.associate.frame import ToolScreen
from ui.strings import tr, trn
from ui.widgets.charts import Bar, BarList, FunnelChart, SplitBar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton

    from ui.screens.associate.dashboard_after_sale import AfterSaleCard
    from ui.screens.associate.dashboard_outreach import OutreachCard


class Tile(QFrame):
    """One key figure: a small caps name, the figure in the serif, a quiet line below."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"tile-{name}")
        kit.surface(self, "panel")
        column = QVBoxLayout(self)
        column.setContentsMargins(26, 20, 26, 20)
        column.setSpacing(6)
        self.caption = kit.text("eyebrow_xs", tone="accent")
        column.addWidget(self.caption)
        self.figure = kit.text("title", "—", name="figure")
        column.addWidget(self.figure)
        self.detail = kit.text("caption_s", tone="muted", wrap=True, name="detail")
        column.addWidget(self.detail)
        column.addStretch(1)


class Line(QWidget):
    """One service-recovery figure in its card: its name above, the figure and, beside it,
    what it rests on (or why there is no figure)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(f"recovery-{name}")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 4)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        self.caption = kit.text("eyebrow_xs", tone="accent")
        grid.addWidget(self.caption, 0, 0, 1, 2)
        self.figure = kit.text("title", "—", name="figure")
        grid.addWidget(self.figure, 1, 0, Qt.AlignmentFlag.AlignTop)
        self.detail = kit.text("fine", tone="muted", wrap=True, name="detail")
        grid.addWidget(self.detail, 1, 1, Qt.AlignmentFlag.AlignVCenter)
        grid.setColumnStretch(1, 1)


RECOVERY_TILES = ("complaints", "response", "first_contact", "escalated", "open", "after")
"""The service-recovery tiles, in order (definitions in ``kiosk/insights/recovery.py``)."""


class FiguresView(ToolScreen):
    """What the dashboard screen shows, drawn from ``shown``; the screen builds the widgets
    declared here and keeps the figures, the period's scope and whether it is loading."""

    language: str
    tz: dt.tzinfo | None
    shown: StoreFigures | None
    scope: Scope | None
    loading: bool
    _failed: bool
    status: QLabel
    note: QLabel
    tiles: dict[str, Tile]
    recovery: dict[str, Line]
    split: SplitBar
    legend: QLabel
    funnel: FunnelChart
    products: BarList
    looks: BarList
    chapters: BarList
    after_sale: AfterSaleCard
    outreach: OutreachCard
    view_buttons: dict[str, QPushButton]
    view: str

    def is_manager(self) -> bool:
        """Whether the one signed in may see figures per associate (the outreach view)."""
        me = self.ctx.associate.associate
        return me is not None and me.role == "manager"

    def _render_status(self) -> None:
        lang = self.language
        if self.loading:
            self.status.setText(tr("dashboard.loading", lang))
        elif self._failed:
            self.status.setText(tr("dashboard.failed", lang))
        elif self.shown is not None:
            at = self.shown.end.astimezone(self.tz or store_zone(self.ctx.config))
            self.status.setText(tr("dashboard.as_of", lang, time=at.strftime("%H:%M")))
        else:
            self.status.clear()

    def _render(self) -> None:
        self._render_status()
        f, lang = self.shown, self.language
        self.note.setVisible(f is not None and self.scope is Scope.KIOSK)
        self.after_sale.show_figures(f.after_sale if f is not None else None)
        me = self.ctx.associate.associate
        manager = self.is_manager()
        self.view_buttons["outreach"].setVisible(manager)
        self.outreach.setVisible(manager and self.view == "outreach")
        outreach = visible_to(me.role if me else None, f.outreach) if f is not None else None
        self.outreach.show_figures(outreach, manager)
        if f is None:
            cells: list[Tile | Line] = [*self.tiles.values(), *self.recovery.values()]
            for cell in cells:
                cell.figure.setText("—")
                cell.detail.clear()
            self.split.set_shares([])
            self.legend.clear()
            for chart in (self.funnel, self.products, self.looks, self.chapters):
                chart.set_bars([])
            return
        greeted = f.funnel[1].visits
        self._tile(
            "visits", number(f.visits), tr("dashboard.kpi.visits_detail", lang, n=number(greeted))
        )
        self._tile(
            "dwell", duration(f.median_dwell_s, lang), tr("dashboard.kpi.dwell_detail", lang)
        )
        n = f.feedback.responses
        self._tile(
            "nps",
            signed(f.nps),
            trn("dashboard.kpi.nps_detail", lang, n, n=number(n))
            if n
            else tr("dashboard.kpi.no_answers", lang),
        )
        parts = ("promoters", "passives", "detractors")
        self.split.set_shares([f.feedback.share(part) for part in parts] if n else [])
        self.legend.setText(
            "  ·  ".join(
                tr(f"dashboard.nps.{part}", lang, p=percent(f.feedback.share(part)))
                for part in parts
            )
            if n
            else ""
        )
        self._tile(
            "ces",
            "—" if f.ces is None else f"{f.ces:.1f}",
            trn("dashboard.kpi.ces_detail", lang, f.ces_responses, n=number(f.ces_responses))
            if f.ces_responses
            else tr("dashboard.kpi.no_answers", lang),
        )
        self._tile("due", number(f.followups_due), tr("dashboard.kpi.due_detail", lang))
        self._tile("done", number(f.followups_done), tr("dashboard.kpi.done_detail", lang))
        if f.recovery is not None:
            self._render_recovery(f.recovery)
        empty = tr("dashboard.empty", lang)
        self.funnel.set_bars(
            [
                Bar(
                    tr(f"dashboard.stage.{step.stage}", lang),
                    step.visits,
                    step.share or 0.0,
                    number(step.visits),
                    "" if step.share is None or i == 0 else percent(step.share),
                )
                for i, step in enumerate(f.funnel)
            ]
            if f.visits
            else [],
            empty,
        )
        self.products.set_bars(
            self._bars(
                f.top_products,
                self._product_name,
                lambda item: tr("dashboard.products.kept", lang, n=number(item.kept)),
            ),
            empty,
        )
        self.looks.set_bars(self._bars(f.top_looks, self._look_name), empty)
        self.chapters.set_bars(self._bars(f.top_chapters, self._chapter_name), empty)

    def _render_recovery(self, r: Recovery) -> None:
        lang = self.language

        def put(name: str, figure: str, key: str, **values: object) -> None:
            self.recovery[name].figure.setText(figure)
            self.recovery[name].detail.setText(tr(f"dashboard.recovery.{key}", lang, **values))

        def share(value: float | None) -> str:
            return "—" if value is None else percent(value)

        put(
            "complaints",
            "—" if r.per_100_visits is None else f"{r.per_100_visits:.1f}",
            "complaints_detail",
            n=number(r.cases),
        )
        put(
            "response",
            wait(r.median_first_response_s, lang),
            "response_detail",
            n=number(r.responded),
        )
        put("first_contact", share(r.first_contact_share), "first_contact_detail", n=r.resolved)
        put("escalated", share(r.escalated_share), "escalated_detail", n=number(r.cases))
        put(
            "open",
            number(r.open_now),
            "open_detail",
            n=number(r.overdue_now),
            h=f"{r.response_target_h:g}",
        )
        resolved, unresolved = r.after_resolved, r.after_unresolved
        counts = {"a": number(resolved.responses), "b": number(unresolved.responses)}
        if r.comparable:
            put(
                "after",
                f"{signed(resolved.score)} / {signed(unresolved.score)}",
                "after_detail",
                **counts,
            )
        else:
            put("after", "—", "after_too_few", min=MIN_TO_COMPARE, **counts)

    def _tile(self, name: str, figure: str, detail: str) -> None:
        self.tiles[name].figure.setText(figure)
        self.tiles[name].detail.setText(detail)

    @staticmethod
    def _bars(items: tuple[TopItem, ...], name: Any, sub: Any = None) -> list[Bar]:
        """``name(item)`` gives (label, second line); ``sub(item)`` replaces the second line."""
        most = max((item.visits for item in items), default=0)
        bars = []
        for item in items:
            label, second = name(item)
            bars.append(
                Bar(
                    label,
                    item.visits,
                    item.visits / most if most else 0.0,
                    number(item.visits),
                    sublabel=sub(item) if sub else second,
                )
            )
        return bars

    # names from the content pack in service; a key the pack no longer has shows as itself
    def _product_name(self, item: TopItem) -> tuple[str, str]:
        product = self.ctx.pack.product(item.key)
        return (product.name.get(self.language) if product else item.key), ""

    def _look_name(self, item: TopItem) -> tuple[str, str]:
        book_id, _, scene_id = item.key.partition("/")
        for book in self.ctx.pack.lookbooks:
            for scene in book.scenes if book.id == book_id else ():
                if scene.id == scene_id:
                    return scene.caption.get(self.language), book.title.get(self.language)
        return item.key, ""

    def _chapter_name(self, item: TopItem) -> tuple[str, str]:
        sku, _, kind = item.key.partition("/")
        product = self.ctx.pack.product(sku)
        chapter = product.chapter(kind) if product else None
        if product is None or chapter is None:
            return item.key, ""
        return chapter.title.get(self.language), product.name.get(self.language)


def number(n: int) -> str:
    return f"{n:,}"


def percent(share: float) -> str:
    value = share * 100
    if 0 < value < 1:
        return "<1%"
    return f"{value:.1f}%" if value < 10 and value != round(value) else f"{value:.0f}%"


def signed(score: float | None) -> str:
    """NPS as managers write it: +32, −8, 0; a dash when nobody answered."""
    if score is None:
        return "—"
    whole = round(score)
    return f"+{whole}" if whole > 0 else ("0" if whole == 0 else f"−{-whole}")


def wait(seconds: float | None, language: str) -> str:
    """A response time: minutes under an hour, then hours and minutes."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return tr("dashboard.recovery.minutes", language, m=minutes)
    return tr("dashboard.recovery.hours", language, h=minutes // 60, m=f"{minutes % 60:02d}")


def duration(seconds: float | None, language: str) -> str:
    if seconds is None:
        return "—"
    total = round(seconds)
    if total < 60:
        return tr("dashboard.dwell.sec", language, s=total)
    return tr("dashboard.dwell.min", language, m=total // 60, s=f"{total % 60:02d}")
