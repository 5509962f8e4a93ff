"""A list of products as Qt model/view: one painted row per product, never one widget each.

The model holds SKUs only and asks the pack for names and summaries at paint time, so a language
switch is a repaint; thumbnails come from the image loader it is given and arrive later. The
delegate paints an optional trailing action ("Remove") and reports a tap on it separately from
a tap on the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter, QPixmap
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
        return QSize(max(option.rect.width(), 320), self.row_height)

    def _image_rect(self, rect: QRect) -> QRect:
        pad = 12 if self.compact else 18
        h = rect.height() - 2 * pad
        return QRect(rect.left(), rect.top() + pad, round(h * 4 / 3), h)

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
        gap = 24 if self.compact else 40
        action = self.action_rect(rect)
        right = (action.left() - 24) if self.action_text else rect.right() - 8
        text = QRect(image.right() + gap, image.top(), right - image.right() - gap, image.height())
        painter.setPen(theme.color(p.ink))
        painter.setFont(self.name_font)
        name_metrics = QFontMetrics(self.name_font)
        name = name_metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            text.width(),
        )
        summary = str(index.data(SUMMARY_ROLE) or "")
        if self.compact:
            full = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            painter.drawText(text, flags | Qt.TextFlag.TextWordWrap, full)
        else:
            name_rect = QRect(text.left(), text.top() + 14, text.width(), name_metrics.height())
            painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft, name)
            painter.setPen(theme.color(p.ink_soft))
            painter.setFont(self.summary_font)
            top = name_rect.bottom() + 14
            below = QRect(text.left(), top, text.width(), text.bottom() - top)
            painter.drawText(below, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, summary)
        if self.action_text:
            painter.setFont(self.action_font)
            painter.setPen(theme.color(p.ink_soft))
            painter.drawText(action, Qt.AlignmentFlag.AlignCenter, self.action_text)
            line_y = action.center().y() + 18
            painter.setPen(theme.color(p.brass, 0.8))
            painter.drawLine(action.left() + 24, line_y, action.right() - 24, line_y)
        painter.setPen(theme.color(p.stone))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()

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
        self.setUniformItemSizes(True)
        kit.surface(self, "clear")
        self.product_delegate = ProductDelegate(compact, self)
        self.setItemDelegate(self.product_delegate)
        self.clicked.connect(self._clicked)
        kinetic(self)

    def set_compact(self, compact: bool) -> None:
        self.product_delegate.set_compact(compact)
        self.scheduleDelayedItemsLayout()
        self.viewport().update()

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
