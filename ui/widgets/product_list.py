"""A list of products as Qt model/view: one painted row per product, never one widget each.

The model holds SKUs only and asks the pack for names and summaries at paint time, so a language
switch is a repaint; thumbnails come from the image loader it is given and arrive later. The
delegate (ui/widgets/product_row.py) paints an optional trailing action ("Remove") and reports
a tap on it separately from a tap on the row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractItemView, QFrame, QListView, QWidget

from ui import kit
from ui.widgets.kinetic import kinetic
from ui.widgets.product_row import SKU_ROLE, SUMMARY_ROLE, Index, ProductDelegate
from ui.widgets.scroll_fade import ScrollFade

if TYPE_CHECKING:
    from kiosk.content.model import LocalText, Product
    from ui.images import ImageLoader

__all__ = ["SKU_ROLE", "SUMMARY_ROLE", "ProductDelegate", "ProductListModel", "ProductListView"]


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
        self._asked: set[str] = set()  # at the size class in use
        self._size_class = "thumb"

    def set_size_class(self, size_class: str) -> None:
        """Pictures at ``size_class`` from now on ("screen" for a picture wider than a
        thumbnail's 512 px: a lone piece across a portrait screen); each row keeps the one
        it shows until the sharper one arrives."""
        if size_class == self._size_class:
            return
        self._size_class = size_class
        self._asked.clear()
        if self._skus:
            last = self.index(len(self._skus) - 1)
            self.dataChanged.emit(self.index(0), last, [Qt.ItemDataRole.DecorationRole])

    def set_skus(self, skus: Sequence[str]) -> None:
        """Show these products in this order; SKUs the pack does not know are left out."""
        known = [s for s in skus if self._product(s) is not None]
        if known == self._skus:
            return
        self.beginResetModel()
        self._skus = known
        self._pixmaps = {s: p for s, p in self._pixmaps.items() if s in known}
        self._asked &= set(known)
        self.endResetModel()

    @property
    def skus(self) -> list[str]:
        return list(self._skus)

    def clear(self) -> None:
        self.beginResetModel()
        self._skus, self._pixmaps = [], {}
        self._asked.clear()
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
        if sku in self._asked:
            return self._pixmaps.get(sku)
        product = self._product(sku)
        self._asked.add(sku)
        self._pixmaps.setdefault(sku, None)  # a broken image keeps the quiet placeholder
        if product is None or not product.gallery:
            return None
        painting, size_class = True, self._size_class

        def arrived(pixmap: QPixmap | None) -> None:
            if sku not in self._asked or size_class != self._size_class:
                return  # cleared, removed or asked at another size meanwhile
            if pixmap is not None or self._pixmaps.get(sku) is None:
                self._pixmaps[sku] = pixmap
            if not painting and sku in self._skus:
                row = self.index(self._skus.index(sku))
                self.dataChanged.emit(row, row, [Qt.ItemDataRole.DecorationRole])

        self._images.request(product.gallery[0], size_class, arrived, self)
        painting = False  # a cached image answers at once, inside data(): no signal then
        return self._pixmaps[sku]

    def refresh(self) -> None:
        """The language changed: every row's text is read again."""
        if self._skus:
            self.dataChanged.emit(self.index(0), self.index(len(self._skus) - 1))


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
