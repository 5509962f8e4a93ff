"""A carousel of cards that a finger flicks: whole cards at rest, a sign of the next one, and
dots that say where the customer is.

Cards are sized so that ``visible`` of them fill the row whole, with the start of the next
one showing under a faded edge (a peek of ``peek`` px: the row visibly goes on). A flick comes
to rest on a whole card, never between two (Qt's scroller snaps to the cards' starts); the
last stop shows the last card whole, the one before it peeking on the other side. Below the
row, one dot per stop; a tap on a dot brings that stop. The row stays inside the screen's
margins, as the rest of the page does.

Horizontal in landscape; ``set_vertical`` stacks the cards in a column that scrolls the same
way (portrait).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QScrollBar,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from ui import kit
from ui.widgets.kinetic import kinetic
from ui.widgets.page_dots import PageDots
from ui.widgets.scroll_fade import ScrollFade

MAX = 16777215  # Qt's QWIDGETSIZE_MAX


class Carousel(QWidget):
    def __init__(
        self, visible: int = 3, gap: int = 40, peek: int = 72, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.visible, self.gap, self.peek = visible, gap, peek
        self.vertical = False
        self.cards: list[QWidget] = []
        self.stops: list[int] = [0]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(kit.gap("md"))
        self.area = QScrollArea()
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        kit.surface(self.area, "clear")
        self.strip = QWidget()
        self.strip_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.setSpacing(gap)
        self.area.setWidget(self.strip)
        kinetic(self.area.viewport())
        self.fade = ScrollFade(self.area, depth=peek + gap, axes=(Qt.Orientation.Horizontal,))
        column.addWidget(self.area, 1)
        dots_row = QHBoxLayout()
        dots_row.addStretch(1)
        self.dots = PageDots()
        self.dots.setObjectName("carousel-dots")
        self.dots.chosen.connect(self.go_to)
        dots_row.addWidget(self.dots)
        dots_row.addStretch(1)
        column.addLayout(dots_row)
        for bar in (self.area.horizontalScrollBar(), self.area.verticalScrollBar()):
            bar.valueChanged.connect(self._show_stop)
            bar.rangeChanged.connect(self._range_changed)
        self.area.viewport().installEventFilter(self)

    # -- what a screen calls ------------------------------------------------------------------
    def set_cards(self, cards: Sequence[QWidget]) -> None:
        """Show these cards in this order (the old ones are the screen's to delete)."""
        while self.strip_layout.count():
            self.strip_layout.takeAt(0)
        self.cards = list(cards)
        for card in self.cards:
            self.strip_layout.addWidget(card)
        self.strip_layout.addStretch(1)
        self._fit()

    def set_vertical(self, vertical: bool) -> None:
        self.vertical = vertical
        self.strip_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if vertical else QBoxLayout.Direction.LeftToRight
        )
        self.fade.axes = (Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal,)
        self._fit()

    def go_to(self, stop: int, animated: bool = True) -> None:
        """Bring stop ``stop`` (a dot's number) into view."""
        if not 0 <= stop < len(self.stops):
            return
        where = self.stops[stop]
        target = QPointF(0, where) if self.vertical else QPointF(where, 0)
        if animated:
            QScroller.scroller(self.area.viewport()).scrollTo(target)
        else:
            QScroller.scroller(self.area.viewport()).stop()
            self._bar().setValue(where)

    def current(self) -> int:
        value = self._bar().value()
        return min(range(len(self.stops)), key=lambda i: abs(self.stops[i] - value))

    # -- sizing and snapping --------------------------------------------------------------
    def _bar(self) -> QScrollBar:
        return self.area.verticalScrollBar() if self.vertical else self.area.horizontalScrollBar()

    def card_extent(self) -> int:
        """A card's width (its height when vertical): ``visible`` whole cards and a peek."""
        viewport = self.area.viewport()
        length = viewport.height() if self.vertical else viewport.width()
        return max(1, (length - self.peek - self.visible * self.gap) // self.visible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _range_changed(self, _low: int, _high: int) -> None:
        self._fit()

    def _fit(self) -> None:
        extent = self.card_extent()
        # Across the row the cards are as tall as the row: the scroll area would otherwise
        # size a row of wrapping labels for the viewport's width, taller than it can show.
        across = MAX if self.vertical else self.area.viewport().height()
        self.strip.setMaximumHeight(across)
        for card in self.cards:
            if self.vertical:
                card.setMinimumWidth(0)
                card.setMaximumWidth(MAX)
                card.setFixedHeight(extent)
            else:
                card.setMinimumHeight(0)
                card.setMaximumHeight(MAX)
                card.setFixedWidth(extent)
        end = self._bar().maximum()
        step = extent + self.gap
        stops = [k * step for k in range(len(self.cards)) if k * step < end]
        self.stops = [*stops, end] if end > 0 else [0]
        scroller = QScroller.scroller(self.area.viewport())
        positions = [float(s) for s in self.stops]
        if self.vertical:
            scroller.setSnapPositionsY(positions)
            scroller.setSnapPositionsX([0.0])
        else:
            scroller.setSnapPositionsX(positions)
            scroller.setSnapPositionsY([0.0])
        self._show_stop()

    def _show_stop(self) -> None:
        count = len(self.stops)
        self.dots.set_pages(count, self.current(), [str(i + 1) for i in range(count)])
