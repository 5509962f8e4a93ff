"""One answer of the needs conversation as a large tile (ui/screens/customer/needs.py).

A round mark when the question takes one answer, a square when it takes several; the tile
grows with its wrapped text, measured once per width, text and font, because a layout pass
asks for its height many times.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from ui import kit, theme

if TYPE_CHECKING:
    from kiosk.content.model import AnswerOption


class AnswerTile(QAbstractButton):
    """One answer as a large tile: a round mark for one choice, a square for several."""

    PAD = 40
    MARK = 30

    def __init__(self, option: AnswerOption, multiple: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.option_id = option.id
        self.multiple = multiple
        self.selected = False
        self._heights: dict[tuple[int, str, str], int] = {}
        self.setFont(kit.font("heading"))
        self.setMinimumHeight(max(theme.MIN_TOUCH, 104))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pressed.connect(self.update)
        self.released.connect(self.update)

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self.setAccessibleDescription("selected" if selected else "")
        self.update()

    def _text_width(self, width: int) -> int:
        return width - 2 * self.PAD - self.MARK - 24

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Asked many times a layout pass: the wrapped text is measured once per width, text
        # and font (measuring it each time held the GUI thread for 15-30 ms a screen change).
        key = (width, self.text(), self.font().key())
        if key not in self._heights:
            metrics = QFontMetricsF(self.font())
            box = metrics.boundingRect(
                QRectF(0, 0, self._text_width(width), 10_000),
                Qt.TextFlag.TextWordWrap,
                self.text(),
            )
            if len(self._heights) > 16:
                self._heights.clear()
            self._heights[key] = round(box.height()) + 2 * 30
        return max(self.minimumHeight(), self._heights[key])

    def sizeHint(self) -> QSize:
        return QSize(640, self.heightForWidth(640))

    def setText(self, text: str) -> None:
        """The words and the face of their script (the CJK face first for Chinese: the tile
        paints its own text, which a kit label would do for it)."""
        self.setFont(kit.font("heading", for_text=text))
        super().setText(text)
        self.setFixedHeight(self.heightForWidth(max(self.width(), 400)))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        height = self.heightForWidth(self.width())
        if height != self.height():
            self.setFixedHeight(height)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = theme.PALETTE
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.75, 0.75, -0.75, -0.75)
        ground = palette.stone if self.isDown() else palette.paper
        p.fillRect(frame, theme.color(ground, 0.55 if self.isDown() else 1.0))
        if self.selected:
            p.setPen(QPen(theme.color(palette.brass), 1.5))
        else:
            p.setPen(QPen(theme.color(palette.stone), 1.0))
        p.drawRect(frame)

        mark = QRectF(
            frame.right() - self.PAD - self.MARK,
            frame.center().y() - self.MARK / 2,
            self.MARK,
            self.MARK,
        )
        path = QPainterPath()
        if self.multiple:
            path.addRect(mark)
        else:
            path.addEllipse(mark)
        if self.selected:
            p.fillPath(path, theme.color(palette.brass))
            p.setPen(QPen(theme.color(palette.ivory), 2.2))
            tick = QPainterPath()
            tick.moveTo(mark.left() + mark.width() * 0.27, mark.top() + mark.height() * 0.53)
            tick.lineTo(mark.left() + mark.width() * 0.44, mark.top() + mark.height() * 0.7)
            tick.lineTo(mark.left() + mark.width() * 0.75, mark.top() + mark.height() * 0.33)
            p.drawPath(tick)
        else:
            p.setPen(QPen(theme.color(palette.ink_soft, 0.6), 1.2))
            p.drawPath(path)

        p.setPen(theme.color(palette.ink))
        p.setFont(self.font())
        text_rect = QRectF(
            frame.left() + self.PAD, frame.top(), self._text_width(self.width()), frame.height()
        )
        p.drawText(
            text_rect,
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
            | int(Qt.TextFlag.TextWordWrap),
            self.text(),
        )
        p.end()
