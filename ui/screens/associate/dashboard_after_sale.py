"""The dashboard's third view, "After the sale": NPS at each touchpoint of the journey
(visit, purchase, delivery, installation, 90 days) with how many answered, a dash where
nobody did; the share of the period's purchases that reached each touchpoint; the purchases
and the private-viewing invitations sent and redeemed.

The figures are ``kiosk.insights.touchpoints.AfterSaleFigures`` (definitions there), part of
the period's ``StoreFigures`` the dashboard already fetches off the GUI thread; this card only
draws them. Anonymous aggregates, as the rest of the dashboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout

from ui import kit
from ui.screens.associate.dashboard_figures import number, percent, signed
from ui.strings import tr, trn

if TYPE_CHECKING:
    from kiosk.insights.touchpoints import AfterSaleFigures, TouchpointFigure

TOUCHPOINTS = ("visit", "purchase", "delivery", "installation", "ninety_days")
"""The journey's touchpoints in order (``kiosk.db.after_sale_rows.TOUCHPOINTS``, which a
screen does not import: the database layer is not the UI's)."""
TOTALS = ("purchases", "sent", "redeemed")


class Cell(QFrame):
    """One figure in the card: its name above, the figure, and beside it what it rests on
    (beside, not below: the card shares the screen with the KPI tiles)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        kit.surface(self, "row")
        grid = QGridLayout(self)
        grid.setContentsMargins(20, 14, 20, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        self.caption = kit.text("eyebrow_xs", tone="accent", wrap=True)
        grid.addWidget(self.caption, 0, 0, 1, 2)
        self.figure = kit.text("title", "—", name="figure")
        grid.addWidget(self.figure, 1, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        self.answers = kit.text("caption_s", tone="muted", wrap=True, name="answers")
        grid.addWidget(self.answers, 1, 1, Qt.AlignmentFlag.AlignBottom)
        self.reached = kit.text("fine", tone="muted", wrap=True, name="reached")
        grid.addWidget(self.reached, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)

    def put(self, figure: str, answers: str, reached: str = "") -> None:
        self.figure.setText(figure)
        self.answers.setText(answers)
        self.reached.setText(reached)
        self.reached.setVisible(bool(reached))


class AfterSaleCard(QFrame):
    """The card in the dashboard's charts' place when "After the sale" is chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("after-sale")
        kit.surface(self, "panel")
        self.language = "en"
        self.figures: AfterSaleFigures | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(36, 28, 36, 28)
        column.setSpacing(14)
        self.title = kit.text("heading")
        column.addWidget(self.title)
        self.subtitle = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.subtitle)
        column.addSpacing(6)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(18)
        column.addLayout(self.grid)
        self.totals_grid = QGridLayout()
        self.totals_grid.setHorizontalSpacing(18)
        column.addLayout(self.totals_grid)
        column.addStretch(1)
        self.touchpoints = {name: Cell(f"touchpoint-{name}") for name in TOUCHPOINTS}
        self.totals = {name: Cell(f"after-{name}") for name in TOTALS}
        self.place(portrait=False)

    def place(self, portrait: bool) -> None:
        """Landscape: the five touchpoints in a row, the totals below. Portrait: three a row."""
        columns = 3 if portrait else len(TOUCHPOINTS)
        for i, cell in enumerate(self.touchpoints.values()):
            self.grid.addWidget(cell, i // columns, i % columns)
        for c in range(len(TOUCHPOINTS)):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
        for i, cell in enumerate(self.totals.values()):
            self.totals_grid.addWidget(cell, 0, i)
            self.totals_grid.setColumnStretch(i, 1)

    def cells(self) -> list[Cell]:
        return [*self.touchpoints.values(), *self.totals.values()]

    def retranslate(self, language: str) -> None:
        self.language = language
        self.title.setText(tr("dashboard.after_sale.title", language))
        self.subtitle.setText(tr("dashboard.after_sale.subtitle", language))
        for name, cell in self.touchpoints.items():
            cell.caption.setText(tr(f"dashboard.after_sale.touchpoint.{name}", language).upper())
        for name, cell in self.totals.items():
            cell.caption.setText(tr(f"dashboard.after_sale.{name}", language).upper())
        self.show_figures(self.figures)

    def show_figures(self, figures: AfterSaleFigures | None) -> None:
        """Draw ``figures``; None (not yet read, or a store without them): dashes."""
        self.figures = figures
        lang = self.language
        if figures is None:
            for cell in self.cells():
                cell.put("—", "")
            return
        by_name = {t.touchpoint: t for t in figures.touchpoints}
        for name, cell in self.touchpoints.items():
            found = by_name.get(name)
            if found is None:
                cell.put("—", tr("dashboard.after_sale.no_answers", lang))
            else:
                cell.put(signed(found.nps), self._answers(found), self._reached(found))
        self.totals["purchases"].put(
            number(figures.purchases), tr("dashboard.after_sale.purchases_detail", lang)
        )
        sent, redeemed = figures.invitations_sent, figures.invitations_redeemed
        self.totals["sent"].put(number(sent), tr("dashboard.after_sale.sent_detail", lang))
        self.totals["redeemed"].put(
            number(redeemed),
            tr("dashboard.after_sale.redeemed_detail", lang, share=percent(redeemed / sent))
            if sent
            else tr("dashboard.after_sale.redeemed_none", lang),
        )

    def _answers(self, figure: TouchpointFigure) -> str:
        lang = self.language
        if not figure.answers:
            return tr("dashboard.after_sale.no_answers", lang)
        return trn("dashboard.after_sale.answers", lang, figure.answers, n=number(figure.answers))

    def _reached(self, figure: TouchpointFigure) -> str:
        lang = self.language
        if figure.share is None:
            return tr("dashboard.after_sale.reached_none", lang)
        return tr(
            "dashboard.after_sale.reached",
            lang,
            share=percent(figure.share),
            n=number(figure.reached),
        )
