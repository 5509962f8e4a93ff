"""A grid of products (image, name, an optional line of reason) as Qt model/view.

One view, one model, one painting delegate: never a widget per product, because a pack may
hold thousands. The model describes a product only when a row is first painted and asks the
image loader for its thumbnail then, so only what the customer scrolls past is ever loaded.
Screens give the model product ids and a ``describe`` function that turns an id into the texts
to show in the current language; on a language switch they call ``refresh``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent, QPainter, QPixmap
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
    from ui.images import ImageLoader

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GridItem:
    """What one cell shows, already in the customer's language."""

    sku: str
    name: str
    caption: str = ""
    image: Path | None = None


Describe = Callable[[str], GridItem]

SKU_ROLE = Qt.ItemDataRole.UserRole + 1
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 2


class ProductGridModel(QAbstractListModel):
    """Rows are product ids; texts and thumbnails are fetched for the rows that are painted."""

    PIXMAPS_KEPT = 96  # about two screens of thumbnails each way; the loader caches the rest

    def __init__(
        self, loader: Callable[[], ImageLoader | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._loader = loader
        self._skus: list[str] = []
        self._rows: dict[str, int] = {}
        self._describe: Describe | None = None
        self._items: dict[int, GridItem] = {}
        self._pixmaps: OrderedDict[Path, QPixmap] = OrderedDict()
        self._pending: set[Path] = set()
        self._generation = 0
        self._asking = False

    # -- what the screen calls ---------------------------------------------------------
    def set_products(self, skus: Sequence[str], describe: Describe) -> None:
        self.beginResetModel()
        self._generation += 1
        self._skus = list(skus)
        self._rows = {sku: row for row, sku in enumerate(self._skus)}
        self._describe = describe
        self._items.clear()
        self._pending.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Texts changed (a language switch): describe every row again when it is painted."""
        self._items.clear()
        if self._skus:
            self.dataChanged.emit(self.index(0), self.index(len(self._skus) - 1))

    def clear(self) -> None:
        self.set_products([], lambda sku: GridItem(sku, ""))
        self._describe = None
        self._pixmaps.clear()

    def sku_at(self, row: int) -> str | None:
        return self._skus[row] if 0 <= row < len(self._skus) else None

    @property
    def skus(self) -> list[str]:
        return list(self._skus)

    def item(self, row: int) -> GridItem | None:
        if not 0 <= row < len(self._skus) or self._describe is None:
            return None
        item = self._items.get(row)
        if item is None:
            item = self._items[row] = self._describe(self._skus[row])
        return item

    # -- Qt's model interface ----------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._skus)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Never None: PySide6 6.12 on Python 3.11 drops a reference to None for every None a
        # Python data() returns, and a long-running kiosk would crash on it within days. An
        # empty string is the harmless "nothing here" for every role the kiosk does not use.
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return item.name
        if role in (CAPTION_ROLE, Qt.ItemDataRole.AccessibleDescriptionRole):
            return item.caption
        if role == SKU_ROLE:
            return item.sku
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnail(index.row()) or QPixmap()
        return ""

    # -- thumbnails ----------------------------------------------------------------------
    def thumbnail(self, row: int) -> QPixmap | None:
        """The row's thumbnail if it is at hand; otherwise it is asked for, and the row is
        repainted when it arrives."""
        item = self.item(row)
        path = item.image if item is not None else None
        if path is None:
            return None
        pixmap = self._pixmaps.get(path)
        if pixmap is not None:
            self._pixmaps.move_to_end(path)
            return pixmap
        loader = self._loader()
        if loader is None or path in self._pending:
            return None
        self._pending.add(path)
        generation = self._generation
        self._asking = True
        try:
            loader.request(path, "thumb", lambda p: self._arrived(path, p, generation), self)
        finally:
            self._asking = False
        return self._pixmaps.get(path)

    def _arrived(self, path: Path, pixmap: QPixmap | None, generation: int) -> None:
        if generation != self._generation:
            return  # the grid moved on (another list, or a reset) while it loaded
        if pixmap is None or pixmap.isNull():
            return  # stays "pending": a broken image is not asked for again on every paint
        self._pending.discard(path)
        self._pixmaps[path] = pixmap
        while len(self._pixmaps) > self.PIXMAPS_KEPT:
            self._pixmaps.popitem(last=False)
        if self._asking:
            return  # answered from the cache while painting: the painter takes it now
        for row, item in self._items.items():
            if item.image == path:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class ProductCardDelegate(QStyledItemDelegate):
    """Paints one product: the image cropped to 4:3, the name in the serif, the reason below."""

    IMAGE_RATIO = 2 / 3  # the pack's product photographs are 3:2; nothing of them is cut
    GUTTER = 28
    MEASURED = 200  # rows whose words size the cells (a recommendation shows 12)

    # Cells fit the longest name and caption shown (two lines at least, for the rhythm):
    name_lines = caption_lines = 2  # a name never ends in "..." where another line fits

    def __init__(self, view: ProductGrid) -> None:
        super().__init__(view)
        self.view = view
        self.name_line = QFontMetricsF(kit.font("name")).lineSpacing()
        self.caption_line = QFontMetricsF(kit.font("caption_s")).lineSpacing()

    def card_width(self, cell_width: float) -> float:
        return cell_width - self.GUTTER + self.GUTTER / self.view.columns

    def card_rect(self, cell: QRect) -> QRectF:
        """Cards flush with both edges of the grid, an even gutter between them: the card in
        column k sits k * gutter / columns to the right of its cell's left edge."""
        column = round(cell.x() / max(1, cell.width()))
        x = cell.x() + column * self.GUTTER / self.view.columns
        return QRectF(x, cell.y(), self.card_width(cell.width()), cell.height() - self.GUTTER)

    def measure(self, cell_width: int) -> None:
        """Count the lines the names and captions of the products shown need at this width,
        and the line spacing of the faces they are set in (each in its script's face)."""
        width = self.card_width(cell_width)
        model = self.view.grid_model
        names, captions = 2, 2
        name_line = caption_line = 0.0
        for row in range(min(model.rowCount(), self.MEASURED)):
            item = model.item(row)
            if item is None:
                continue
            name_font = kit.font("name", for_text=item.name)
            caption_font = kit.font("caption_s", for_text=item.caption)
            names = max(names, len(wrapped_lines(item.name, name_font, width)))
            captions = max(captions, len(wrapped_lines(item.caption, caption_font, width)))
            name_line = max(name_line, QFontMetricsF(name_font).lineSpacing())
            caption_line = max(caption_line, QFontMetricsF(caption_font).lineSpacing())
        self.name_lines, self.caption_lines = names, captions
        self.name_line = name_line or QFontMetricsF(kit.font("name")).lineSpacing()
        self.caption_line = caption_line or QFontMetricsF(kit.font("caption_s")).lineSpacing()

    def cell_height(self, cell_width: int) -> int:
        image = self.card_width(cell_width) * self.IMAGE_RATIO
        text = 30 + self.name_line * self.name_lines + 10 + self.caption_line * self.caption_lines
        return round(image + text + self.GUTTER + 8)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return self.view.gridSize()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        palette = theme.PALETTE
        cell: QRect = option.rect
        card = self.card_rect(cell)
        image_rect = QRectF(card.left(), card.top(), card.width(), card.width() * self.IMAGE_RATIO)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)

        # The model is asked directly, not through index.data(): no round trip through QVariant
        # for every card painted while the customer scrolls.
        model = self.view.grid_model
        item = model.item(index.row())
        pixmap = model.thumbnail(index.row())
        if pixmap is not None and not pixmap.isNull():
            painter.drawPixmap(image_rect, pixmap, _crop_to(pixmap, image_rect))
        else:
            painter.fillRect(image_rect, theme.color(palette.stone))
            painter.setPen(theme.color(palette.brass, 0.7))
            c = image_rect.center()
            painter.drawLine(round(c.x()) - 28, round(c.y()), round(c.x()) + 28, round(c.y()))
        if index.row() == self.view.pressed_row:
            painter.fillRect(image_rect, theme.color(palette.ink, 0.14))

        top = image_rect.bottom() + 22
        left = round(card.left())
        painter.setPen(theme.color(palette.brass))
        painter.drawLine(left, round(top - 6), left + 36, round(top - 6))
        top += 8
        name = item.name if item else ""
        top = self._lines(painter, name, kit.font("name", for_text=name), palette.ink, card, top)
        caption = item.caption if item else ""
        if caption:
            font = kit.font("caption_s", for_text=caption)
            self._lines(painter, caption, font, palette.ink_soft, card, top + 10)
        painter.restore()

    @staticmethod
    def _lines(
        painter: QPainter,
        text: str,
        font: QFont,
        colour: str,
        card: QRectF,
        top: float,
    ) -> float:
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.setPen(theme.color(colour))
        for line in wrapped_lines(text, font, card.width()):
            painter.drawText(round(card.left()), round(top + metrics.ascent()), line)
            top += metrics.lineSpacing()
        return top


def _crop_to(pixmap: QPixmap, target: QRectF) -> QRectF:
    """The part of ``pixmap`` that fills ``target`` at its aspect ratio, centred."""
    pw, ph = pixmap.width(), pixmap.height()
    scale = max(target.width() / pw, target.height() / ph)
    w, h = target.width() / scale, target.height() / scale
    return QRectF((pw - w) / 2, (ph - h) / 2, w, h)


class ProductGrid(QListView):
    """Signals: ``product_chosen(str)`` with the sku of the product the customer tapped;
    ``product_pressed(str)`` as a finger goes down on one (a tap may follow: time to prefetch
    what its screen shows)."""

    product_chosen = Signal(str)
    product_pressed = Signal(str)

    def __init__(
        self, loader: Callable[[], ImageLoader | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProductGrid")
        self.columns = 4
        self.grid_model = ProductGridModel(loader, self)
        self.setModel(self.grid_model)
        self.delegate = ProductCardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.pressed_row = -1
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(0)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setAutoFillBackground(False)
        kit.surface(self, "clear")
        kinetic(self)
        self.fade = ScrollFade(self, 96, axes=(Qt.Orientation.Vertical,))
        self.clicked.connect(self._clicked)
        # new products or a language switch: new words, cells sized for them
        self.grid_model.modelReset.connect(self._fit_grid)
        self.grid_model.dataChanged.connect(self._words_changed)

    def set_columns(self, columns: int) -> None:
        self.columns = max(1, columns)
        self._fit_grid()

    def _fit_grid(self) -> None:
        # One pixel spare: QListView wraps a row that fills the viewport exactly.
        width = max(1, (self.viewport().width() - 1) // self.columns)
        self.delegate.measure(width)
        size = QSize(width, self.delegate.cell_height(width))
        if size != self.gridSize():
            self.setGridSize(size)

    def _words_changed(self, first: Any, last: Any, roles: Sequence[int] = ()) -> None:
        if Qt.ItemDataRole.DecorationRole not in roles:  # not a thumbnail's arrival
            self._fit_grid()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_grid()

    def choose(self, row: int) -> None:
        """As if the customer tapped the product at ``row``."""
        sku = self.grid_model.sku_at(row)
        if sku is not None:
            self.product_chosen.emit(sku)

    def _clicked(self, index: QModelIndex) -> None:
        self.choose(index.row())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pressed_row = self.indexAt(event.position().toPoint()).row()
        self.viewport().update()
        super().mousePressEvent(event)
        sku = self.grid_model.sku_at(self.pressed_row)
        if sku is not None:
            self.product_pressed.emit(sku)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self._unpress()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self.pressed_row >= 0 and self.indexAt(event.position().toPoint()).row() != (
            self.pressed_row
        ):
            self._unpress()  # a swipe, not a tap

    def _unpress(self) -> None:
        if self.pressed_row != -1:
            self.pressed_row = -1
            self.viewport().update()

    def clear(self) -> None:
        self.grid_model.clear()
        self.pressed_row = -1
        self.scrollToTop()
