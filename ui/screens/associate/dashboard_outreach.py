"""The dashboard's "Outreach" view, for managers only: for each associate, the outreach tasks
done against those due in the period and how they were made (call, message, in store,
letter), with the store's own line (tasks for any associate, the client having no advisor).

Rows go by name, never by score: it is a manager's view of who has what to do, not a league
table, and it is never on a customer screen. The figures are ``kiosk.insights.outreach``'s
``OutreachFigure`` rows, part of the period's ``StoreFigures`` the dashboard fetches off the GUI
thread; this card only draws them, and draws nothing per associate unless the one signed in
is a manager (``show_figures(..., manager=)``), whatever screen it is placed on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from ui import kit
from ui.screens.associate.dashboard_figures import number
from ui.screens.associate.pick_list import pick_rows
from ui.strings import tr
from ui.widgets.layouts import clear_layout

if TYPE_CHECKING:
    from kiosk.insights.outreach import OutreachFigure

CHANNELS = ("call", "message", "in_store", "letter")
"""The channels an outreach is made by, in the follow-ups' order (``followups_panels``)."""
COLUMNS = ("name", "done", *CHANNELS)


def name_key(name: str) -> str:
    """A name as a reader alphabetises it: "Élise" with the E's, "ana" with the A's."""
    bare = unicodedata.normalize("NFKD", name)
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold()


def by_name(figures: Sequence[OutreachFigure]) -> list[OutreachFigure]:
    """The associates by name (as a person reads a list of colleagues), the store's line last:
    never by what they did."""
    people = [f for f in figures if f.associate_id is not None]
    store = [f for f in figures if f.associate_id is None]
    return sorted(people, key=lambda f: (name_key(f.name), str(f.associate_id))) + store


class OutreachCard(QFrame):
    """The card in the dashboard's charts' place when "Outreach" is chosen."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("outreach")
        kit.surface(self, "panel")
        self.language = "en"
        self.figures: tuple[OutreachFigure, ...] | None = None
        self.manager = False
        column = QVBoxLayout(self)
        column.setContentsMargins(36, 28, 36, 28)
        column.setSpacing(14)
        self.title = kit.text("heading")
        column.addWidget(self.title)
        self.subtitle = kit.text("caption_s", tone="muted", wrap=True)
        column.addWidget(self.subtitle)
        column.addSpacing(6)
        self.grid = QGridLayout()  # in a flickable list: a large store's rows scroll
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(28)
        self.grid.setVerticalSpacing(14)
        rows = pick_rows(column)
        rows.addLayout(self.grid)
        rows.addStretch(1)
        self.rows: list[list[QLabel]] = []

    def place(self, portrait: bool) -> None:
        """Landscape: the figures spread in columns of their own width, the names beside them;
        portrait: each column as wide as its figures (the names need the room)."""
        for c in range(1, len(COLUMNS)):
            self.grid.setColumnMinimumWidth(c, 0 if portrait else (160 if c == 1 else 128))

    def retranslate(self, language: str) -> None:
        self.language = language
        self.title.setText(tr("outreach.dashboard.title", language))
        self.subtitle.setText(tr("outreach.dashboard.subtitle", language))
        self.show_figures(self.figures, self.manager)

    def show_figures(self, figures: Sequence[OutreachFigure] | None, manager: bool) -> None:
        """Draw ``figures`` for a ``manager``; for anyone else, or before they are read, no
        row at all (a dash where the figures are not in yet)."""
        self.manager = manager
        self.figures = tuple(figures) if figures is not None and manager else None
        clear_layout(self.grid)
        self.rows = []
        lang = self.language
        if not manager:
            return
        for c, name in enumerate(COLUMNS):
            head = kit.text(
                "eyebrow_xs",
                tr(f"outreach.dashboard.column.{name}", lang).upper(),
                tone="accent",
                wrap=True,
                name=f"column-{name}",
            )
            if c:
                head.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(head, 0, c)
        self.grid.setColumnStretch(0, 1)
        if self.figures is None:
            self._line(1, "row-loading", ["—", "—", *("—" for _ in CHANNELS)])
        elif not self.figures:
            calm = kit.text("body_s", tr("outreach.dashboard.none", lang), tone="muted", wrap=True)
            calm.setObjectName("outreach-none")
            self.grid.addWidget(calm, 1, 0, 1, len(COLUMNS))
        else:
            for r, figure in enumerate(by_name(self.figures), start=1):
                self._figure_line(r, figure)

    def _figure_line(self, r: int, figure: OutreachFigure) -> None:
        lang = self.language
        store = figure.associate_id is None
        name = tr("outreach.dashboard.store", lang) if store else figure.name
        done = tr(
            "outreach.dashboard.done_of", lang, done=number(figure.done), due=number(figure.due)
        )
        counts = [number(figure.by_channel.get(channel, 0)) for channel in CHANNELS]
        key = "row-store" if store else f"row-{figure.associate_id}"
        self._line(r, key, [name, done, *counts], muted=store)

    def _line(self, r: int, key: str, cells: list[str], muted: bool = False) -> None:
        labels = []
        for c, (column, said) in enumerate(zip(COLUMNS, cells, strict=True)):
            label = kit.text(
                "body_s" if c else "item_s",
                said,
                tone="muted" if muted and not c else "ink",
                wrap=not c,
                name=f"{key}-{column}",
            )
            if c:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(label, r, c)
            labels.append(label)
        self.rows.append(labels)
