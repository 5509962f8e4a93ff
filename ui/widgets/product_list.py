"""A list of products as Qt model/view: one painted row per product, never one widget each.

The model holds SKUs only and asks the pack for names and summaries at paint time, so a language
switch is a repaint; thumbnails come from the image loader it is given and arrive later. The
delegate paints an optional trailing action ("Remove") and reports a tap on it separately from
a tap on the row.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
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
    QFrame,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ui import kit, theme
from ui.widgets.kinetic import kinetic
from ui.widgets.scroll_fade import ScrollFade
from ui.widgets.text_lines import wrapped_lines

if TYPE_CHECKING:
    from kiosk.content.model import LocalText, Product
    from ui.images import ImageLoader

SKU_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class ProductListModel(QAbstractListModel):
    """``product(sku)`` finds a product in the pack in service (it changes between visits),
    ``text`` puts brand content in the customer's language, ``images`` decodes thumbnails."""

    def __init__(
        self,
        product: Callable[[str], Product | None],
        text: Callable[[LocalText | None], str],
        images: ImageLoader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._product, self._text, self._images = product, text, images
        self._skus: list[str] = []
        self._pixmaps: dict[str, QPixmap | None] = {}

    def set_skus(self, skus: Sequence[str]) -> None:
        """Show these products in this order; SKUs the pack does not know are left out."""
        known = [s for s in skus if self._product(s) is not None]
        if known == self._skus:
            return
        self.beginResetModel()
        self._skus = known
        self._pixmaps = {s: p for s, p in self._pixmaps.items() if s in known}
        self.endResetModel()

    @property
    def skus(self) -> list[str]:
        return list(self._skus)

    def clear(self) -> None:
        self.beginResetModel()
        self._skus, self._pixmaps = [], {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._skus)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._skus):
            return None
        sku = self._skus[index.row()]
        product = self._product(sku)
        if product is None:
            return None
        if role == SKU_ROLE:
            return sku
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(product.name)
        if role == SUMMARY_ROLE:
            return self._text(product.summary)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(sku)
        return None

    def _thumbnail(self, sku: str) -> QPixmap | None:
        if sku in self._pixmaps:
            return self._pixmaps[sku]
        product = self._product(sku)
        loader = self._images
        self._pixmaps[sku] = None  # asked; a broken image keeps the quiet placeholder
        if product is None or not product.gallery:
            return None
        painting = True

        def arrived(pixmap: QPixmap | None) -> None:
            if sku not in self._pixmaps:  # cleared or removed meanwhile
                return
            self._pixmaps[sku] = pixmap
            if not painting and sku in self._skus:
                row = self.index(self._skus.index(sku))
                self.dataChanged.emit(row, row, [Qt.ItemDataRole.DecorationRole])

        loader.request(product.gallery[0], "thumb", arrived, self)
        painting = False  # a cached image answers at once, inside data(): no signal then
        return self._pixmaps[sku]

    def refresh(self) -> None:
        """The language changed: every row's text is read again."""
        if self._skus:
            self.dataChanged.emit(self.index(0), self.index(len(self._skus) - 1))


class ProductDelegate(QStyledItemDelegate):
    """Paints image, name and summary; optionally a trailing action.

    Signals: ``action(sku)`` when the trailing action is tapped (the row's ``clicked`` is
    not emitted then).
    """

    action = Signal(str)

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._action_text = ""
        self.action_font = kit.font("label")
        self._pressed: QPersistentModelIndex | None = None
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
        self.name_font = kit.font("name" if compact else "title_s")
        self.summary_font = kit.font("caption_s" if compact else "caption")

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
        return QRect(rect.left(), rect.top() + self.pad, round(h * 4 / 3), h)

    def _text_left(self, rect: QRect) -> int:
        return self._image_rect(rect).right() + (24 if self.compact else 40)

    def _text_width(self, rect: QRect) -> int:
        right = (self.action_rect(rect).left() - 24) if self.action_text else rect.right() - 8
        return right - self._text_left(rect)

    def lines(self, index: Index, width: int) -> tuple[list[str], list[str]]:
        """The name's lines and the summary's (none in a compact row) in a row ``width``
        wide: every line, so a long name takes two lines rather than ending in "..."."""
        room = self._text_width(QRect(0, 0, width, self.row_height))
        name = wrapped_lines(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""), self.name_font, room
        )
        if self.compact:
            return name, []
        summary = str(index.data(SUMMARY_ROLE) or "")
        return name, wrapped_lines(summary, self.summary_font, room)

    def _text_height(self, name: list[str], summary: list[str]) -> float:
        name_line = QFontMetricsF(self.name_font).lineSpacing()
        if self.compact:
            return len(name) * name_line
        summary_line = QFontMetricsF(self.summary_font).lineSpacing()
        return 14 + len(name) * name_line + (14 + len(summary) * summary_line if summary else 0)

    def height_for(self, index: Index, width: int) -> int:
        """The row's height: its image's, or taller where its words need it."""
        name, summary = self.lines(index, width)
        return max(self.row_height, math.ceil(self._text_height(name, summary)) + 2 * self.pad)

    def action_rect(self, rect: QRect) -> QRect:
        if not self.action_text:
            return QRect()
        width = QFontMetrics(self.action_font).horizontalAdvance(self.action_text) + 48
        return QRect(rect.right() - width, rect.center().y() - 36, width, 72)

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
        left = self._text_left(rect)
        if self.compact:  # the name centred beside its image
            top = rect.center().y() - self._text_height(name, summary) / 2
        else:
            top = image.top() + 14
        top = self._draw_lines(painter, name, self.name_font, p.ink, left, top)
        if summary:
            self._draw_lines(painter, summary, self.summary_font, p.ink_soft, left, top + 14)
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


class ProductListView(QListView):
    """A calm, flickable list of product rows. Signals: ``chosen(sku)`` on a tap on a row."""

    chosen = Signal(str)

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Rows are as tall as their words need (a name on two lines), laid out again when
        # the list's width changes.
        self.setUniformItemSizes(False)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        kit.surface(self, "clear")
        self.product_delegate = ProductDelegate(compact, self)
        self.setItemDelegate(self.product_delegate)
        self.clicked.connect(self._clicked)
        self._fit_rows = 0
        self._fitted_width = -1
        kinetic(self)
        self.fade = ScrollFade(self, 64, axes=(Qt.Orientation.Vertical,))

    def set_compact(self, compact: bool) -> None:
        self.product_delegate.set_compact(compact)
        self.scheduleDelayedItemsLayout()
        self.viewport().update()
        self._refit()

    def fit_rows(self, rows: int) -> None:
        """Be as tall as the first ``rows`` rows (0: as tall as the layout makes it); rows
        past them scroll."""
        self._fit_rows = rows
        self._fitted_width = -1
        if not rows:
            self.setMinimumHeight(0)
            self.setMaximumHeight(16777215)
        self._refit()

    def _refit(self) -> None:
        model = self.model()
        if not self._fit_rows or model is None:
            return
        width = self.viewport().width()
        self._fitted_width = width
        delegate = self.product_delegate
        shown = min(model.rowCount(), self._fit_rows)
        rows = [delegate.height_for(model.index(r, 0), width) for r in range(shown)]
        self.setFixedHeight((sum(rows) if rows else delegate.row_height) + 2)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._rows_changed)
        self._refit()

    def _rows_changed(self, *_: Any) -> None:
        self._refit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._fit_rows and self.viewport().width() != self._fitted_width:
            self._refit()

    def _clicked(self, index: QModelIndex) -> None:
        sku = index.data(SKU_ROLE)
        if sku:
            self.chosen.emit(str(sku))

    def row_rect(self, sku: str) -> QRect:
        """Where ``sku``'s row is painted in the viewport (for tests and hit checks)."""
        model = self.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(SKU_ROLE) == sku:
                return self.visualRect(index)
        return QRect()
