"""Quiet charts for the store dashboard, painted with QPainter on the kiosk's palette.

Hairline tracks, one brass accent, numbers set in the sans, nothing that blinks: a manager
reads them at a glance, the way a good annual report reads. Each chart is given plain values
(labels already translated) and repaints; none of them knows about the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import kit, theme


class Bar(NamedTuple):
    label: str
    value: int
    share: float  # of the longest bar, 0..1
    figure: str  # the number shown at the end of the row, already formatted
    note: str = ""  # a quieter second figure ("20%"), after the figure
    sublabel: str = ""  # a quieter second line under the label (BarList)


class _Chart(QWidget):
    ROW = 48

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.dimmed = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: Sequence[Bar], empty_text: str = "") -> None:
        self.bars = list(bars)
        self.empty_text = empty_text
        self.updateGeometry()
        self.update()

    def set_dimmed(self, dimmed: bool) -> None:
        """While new figures load, the old ones stay, faded: nothing jumps."""
        self.dimmed = dimmed
        self.update()

    def _painter(self) -> QPainter:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.dimmed:
            p.setOpacity(0.35)
        return p

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._painter()
        if self.bars:
            self._paint_bars(p)
        else:
            self._paint_empty(p)
        p.end()

    def _paint_bars(self, p: QPainter) -> None:
        raise NotImplementedError

    def _paint_empty(self, p: QPainter) -> None:
        p.setFont(kit.font("caption", for_text=self.empty_text))
        p.setPen(theme.color(theme.PALETTE.ink_soft))
        p.drawText(
            QRectF(0, 0, self.width(), self.ROW),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.empty_text,
        )


class FunnelChart(_Chart):
    """One row per stage: its name, a bar as long as its share of the first stage, and the
    count with the share. The first bar is ink, the rest brass."""

    ROW = 50
    LABEL_W = 168
    FIGURE_W = 104

    def sizeHint(self) -> QSize:
        return QSize(640, max(1, len(self.bars)) * self.ROW)

    def minimumSizeHint(self) -> QSize:
        return QSize(420, max(1, len(self.bars)) * 40)

    def _paint_bars(self, p: QPainter) -> None:
        pal = theme.PALETTE
        row = min(self.ROW, self.height() / len(self.bars))
        track_x = self.LABEL_W
        track_w = max(40.0, self.width() - self.LABEL_W - self.FIGURE_W - 20)
        for i, bar in enumerate(self.bars):
            top = i * row
            figure_font = kit.font("figure", for_text=bar.figure)
            middle = top + row / 2
            label_font = kit.font("caption_s", for_text=bar.label)  # the face of its script
            p.setFont(label_font)
            p.setPen(theme.color(pal.ink))
            label = QFontMetrics(label_font).elidedText(
                bar.label, Qt.TextElideMode.ElideRight, self.LABEL_W - 16
            )
            p.drawText(
                QRectF(0, top, self.LABEL_W - 16, row),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            p.fillRect(QRectF(track_x, middle - 0.5, track_w, 1), theme.color(pal.stone))
            thickness = min(18.0, row * 0.38)
            if bar.share > 0:
                width = max(3.0, track_w * min(1.0, bar.share))
                colour = pal.ink if i == 0 else pal.brass
                p.fillRect(
                    QRectF(track_x, middle - thickness / 2, width, thickness), theme.color(colour)
                )
            figures = QRectF(track_x + track_w + 20, top, self.FIGURE_W, row)
            p.setFont(figure_font)
            p.setPen(theme.color(pal.ink))
            p.drawText(
                figures, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.figure
            )
            if bar.note:
                shift = QFontMetrics(figure_font).horizontalAdvance(bar.figure) + 12
                p.setFont(kit.font("fine", for_text=bar.note))
                p.setPen(theme.color(pal.ink_soft))
                p.drawText(
                    figures.adjusted(shift, 0, 0, 0),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    bar.note,
                )


class BarList(_Chart):
    """A ranked list: the name (and a quieter line under it), the figure at the right, and a
    slim brass bar as long as the figure's share of the first."""

    LINE = 30
    SUBLINE = 24

    def _row_height(self) -> int:
        return self.LINE + (self.SUBLINE if any(b.sublabel for b in self.bars) else 0) + 22

    def sizeHint(self) -> QSize:
        return QSize(400, max(1, len(self.bars)) * self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(260, max(1, len(self.bars)) * self._row_height())

    def _paint_bars(self, p: QPainter) -> None:
        pal = theme.PALETTE
        row = self._row_height()
        width = self.width()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for i, bar in enumerate(self.bars):
            top = float(i * row)
            figure_font = kit.font("figure", for_text=bar.figure)
            figure_w = QFontMetrics(figure_font).horizontalAdvance(bar.figure)
            p.setFont(figure_font)
            p.setPen(theme.color(pal.ink))
            p.drawText(
                QRectF(width - figure_w, top, figure_w, self.LINE),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                bar.figure,
            )
            room = width - figure_w - 20
            label_font = kit.font("caption_s", for_text=bar.label)  # the face of its script
            p.setFont(label_font)
            label = QFontMetrics(label_font).elidedText(
                bar.label, Qt.TextElideMode.ElideRight, room
            )
            p.drawText(QRectF(0, top, room, self.LINE), left, label)
            y = top + self.LINE
            if bar.sublabel:
                sub_font = kit.font("fine", for_text=bar.sublabel)
                p.setFont(sub_font)
                p.setPen(theme.color(pal.ink_soft))
                sub = QFontMetrics(sub_font).elidedText(
                    bar.sublabel, Qt.TextElideMode.ElideRight, room
                )
                p.drawText(QRectF(0, y, room, self.SUBLINE), left, sub)
                y += self.SUBLINE
            y += 8
            p.fillRect(QRectF(0, y, width, 1), theme.color(pal.stone))
            if bar.share > 0:
                p.fillRect(
                    QRectF(0, y - 2, max(3.0, width * min(1.0, bar.share)), 5),
                    theme.color(pal.brass),
                )


class SplitBar(QWidget):
    """Promoters, passives and detractors side by side in one bar (the legend is the caller's
    text). Promoters brass, passives stone, detractors ink-soft: a score to grow from, not an
    alarm."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shares: list[float] = []
        self.setFixedHeight(20)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_shares(self, shares: Sequence[float]) -> None:
        """Shares of promoters, passives, detractors (summing to 1); none: only a hairline."""
        self.shares = list(shares)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 20)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = theme.PALETTE
        width = float(self.width())
        p.fillRect(QRectF(0, 9, width, 1), theme.color(pal.stone))
        x = 0.0
        for share, colour in zip(self.shares, (pal.brass, pal.stone, pal.ink_soft), strict=False):
            w = width * share
            if w > 0:
                p.fillRect(QRectF(x, 4, max(2.0, w - 2), 12), theme.color(colour))
            x += w
        p.end()
