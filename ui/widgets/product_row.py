"""One painted product row of a list (ui/widgets/product_list.py): picture, name, summary and
an optional action ("Remove"), in one of three shapes.

- ``beside``: the picture at the left, the words beside it, the action at the right edge (a
  list of several pieces, and every landscape list);
- ``under``: tall rows (two pieces on a portrait screen): the picture larger, the words given
  the whole width beside it, and the action under them, level with the picture's foot;
- ``stacked``: one piece on a portrait screen: the picture across the top, the name with its
  action under it, then the summary. A picture beside its words cannot grow past half the
  width; across the top it fills the height a lone piece leaves.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui import kit, theme
from ui.kit import TextRole
from ui.widgets.text_lines import wrapped_lines

SKU_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
Shape = Literal["beside", "under", "stacked"]
ACTION_H = 72  # the action's touch height


class ProductDelegate(QStyledItemDelegate):
    """Paints image, name and summary; optionally a trailing action, in a ``shape`` (the
    module's docstring). ``row_height`` is the picture's height with the row's padding.

    Signals: ``action(sku)`` when the trailing action is tapped (the row's ``clicked`` is
    not emitted then).
    """

    action = Signal(str)

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._action_text = ""
        self.action_font = kit.font("label")
        self._pressed: QPersistentModelIndex | None = None
        self.shape: Shape = "beside"
        self.set_compact(compact)

    @property
    def action_text(self) -> str:
        return self._action_text

    @action_text.setter
    def action_text(self, text: str) -> None:
        """The row's action ("Remove"), its font untracked when the words are Chinese."""
        self._action_text = text
        self.action_font = kit.font("label", for_text=text)

    def set_compact(self, compact: bool) -> None:
        """Compact rows: a small image and the name only (a side column); else with summary."""
        self.compact = compact
        self.row_height = 112 if compact else 208
        self.name_role: TextRole = "name" if compact else "title_s"
        self.summary_role: TextRole = "caption_s" if compact else "caption"

    def fonts(self, index: Index) -> tuple[QFont, QFont]:
        """The name's font and the summary's, each with the face of its own script first (a
        Chinese name in the CJK face, a brand's Latin name in the Latin face)."""
        name = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        summary = str(index.data(SUMMARY_ROLE) or "")
        return kit.font(self.name_role, for_text=name), kit.font(
            self.summary_role, for_text=summary
        )

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 0
        width = max(width or option.rect.width(), 320)
        return QSize(width, self.height_for(index, width))

    @property
    def pad(self) -> int:
        return 12 if self.compact else 18

    def _image_rect(self, rect: QRect) -> QRect:
        h = self.row_height - 2 * self.pad
        width = rect.width() if self.shape == "stacked" else round(h * 4 / 3)
        return QRect(rect.left(), rect.top() + self.pad, width, h)

    def _text_left(self, rect: QRect) -> int:
        if self.shape == "stacked":
            return rect.left()
        return self._image_rect(rect).right() + (24 if self.compact else 40)

    def _text_top(self, rect: QRect) -> float:
        """Where the words begin (their first 14 px are air: ``_text_height`` counts them)."""
        image = self._image_rect(rect)
        return image.bottom() + 10 if self.shape == "stacked" else image.top()

    def _text_width(self, rect: QRect) -> int:
        beside = self.action_text and self.shape != "under"
        right = (self.action_rect(rect).left() - 24) if beside else rect.right() - 8
        return right - self._text_left(rect)

    def lines(self, index: Index, width: int) -> tuple[list[str], list[str]]:
        """The name's lines and the summary's (none in a compact row) in a row ``width``
        wide: every line, so a long name takes two lines rather than ending in "..."."""
        room = self._text_width(QRect(0, 0, width, self.row_height))
        name_font, summary_font = self.fonts(index)
        name = wrapped_lines(str(index.data(Qt.ItemDataRole.DisplayRole) or ""), name_font, room)
        if self.compact:
            return name, []
        summary = str(index.data(SUMMARY_ROLE) or "")
        return name, wrapped_lines(summary, summary_font, room)

    def _text_height(
        self, name: list[str], summary: list[str], fonts: tuple[QFont, QFont]
    ) -> float:
        name_line = QFontMetricsF(fonts[0]).lineSpacing()
        if self.compact:
            return len(name) * name_line
        summary_line = QFontMetricsF(fonts[1]).lineSpacing()
        return 14 + len(name) * name_line + (14 + len(summary) * summary_line if summary else 0)

    def height_for(self, index: Index, width: int) -> int:
        """The row's height: its image's, or taller where its words need it (and, in tall
        rows, the action under them); stacked, the picture's and the words' under it."""
        words = math.ceil(self._text_height(*self.lines(index, width), self.fonts(index)))
        if self.shape == "stacked":
            return self.row_height + 10 + words + self.pad
        if self.shape == "under" and self.action_text:
            words += 8 + ACTION_H
        return max(self.row_height, words + 2 * self.pad)

    def action_rect(self, rect: QRect) -> QRect:
        if not self.action_text:
            return QRect()
        width = QFontMetrics(self.action_font).horizontalAdvance(self.action_text) + 48
        if self.shape == "under":  # under the words, its line level with the picture's foot
            top = rect.bottom() - self.pad - ACTION_H + 8
            return QRect(self._text_left(rect) - 24, top, width, ACTION_H)
        if self.shape == "stacked":  # on the name's first line
            name_font = kit.font(self.name_role, for_text=self.action_text)  # the same language
            line = QFontMetricsF(name_font).lineSpacing()
            middle = round(self._text_top(rect) + 14 + line / 2)
            return QRect(rect.right() - width, middle - ACTION_H // 2, width, ACTION_H)
        return QRect(rect.right() - width, rect.center().y() - 36, width, ACTION_H)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        p = theme.PALETTE
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pressed = self._pressed is not None and self._pressed == index
        if pressed:
            painter.fillRect(rect, theme.color(p.stone, 0.45))
        image = self._image_rect(rect)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            scale = max(image.width() / pixmap.width(), image.height() / pixmap.height())
            sw, sh = image.width() / scale, image.height() / scale
            source = QRectF((pixmap.width() - sw) / 2, (pixmap.height() - sh) / 2, sw, sh)
            painter.drawPixmap(QRectF(image), pixmap, source)
        else:
            painter.fillRect(image, theme.color(p.stone))
        name, summary = self.lines(index, rect.width())
        fonts = self.fonts(index)
        left = self._text_left(rect)
        if self.compact:  # the name centred beside its image
            top = rect.center().y() - self._text_height(name, summary, fonts) / 2
        else:
            top = self._text_top(rect) + 14
        top = self._draw_lines(painter, name, fonts[0], p.ink, left, top)
        if summary:
            self._draw_lines(painter, summary, fonts[1], p.ink_soft, left, top + 14)
        if self.action_text:
            action = self.action_rect(rect)
            painter.setFont(self.action_font)
            painter.setPen(theme.color(p.ink_soft))
            painter.drawText(action, Qt.AlignmentFlag.AlignCenter, self.action_text)
            line_y = action.center().y() + 18
            painter.setPen(theme.color(p.brass, 0.8))
            painter.drawLine(action.left() + 24, line_y, action.right() - 24, line_y)
        painter.setPen(theme.color(p.stone))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()

    @staticmethod
    def _draw_lines(
        painter: QPainter, lines: list[str], font: QFont, colour: str, left: int, top: float
    ) -> float:
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.setPen(theme.color(colour))
        for line in lines:
            painter.drawText(QPointF(left, top + metrics.ascent()), line)
            top += metrics.lineSpacing()
        return top

    def editorEvent(
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        view = self.parent()
        if event.type() == QEvent.Type.MouseButtonPress:
            self._pressed = QPersistentModelIndex(index)
            if isinstance(view, QAbstractItemView):
                view.viewport().update()
        elif event.type() == QEvent.Type.MouseButtonRelease:
            self._pressed = None
            if isinstance(view, QAbstractItemView):
                view.viewport().update()
            if isinstance(event, QMouseEvent) and self.action_rect(option.rect).contains(
                event.position().toPoint()
            ):
                self.action.emit(str(index.data(SKU_ROLE)))
                return True
        return False
