"""The gallery: a product's photographs, whole and full screen, on a dark ground.

Swipe (or the quiet arrows) moves between images; pinch or double-tap looks closer and a
drag then pans. The sharp "full" rendition follows the "screen" one, which the story has
usually cached already, so an image is never a blank wait. Records ``gallery_image_viewed``
for each image shown.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.visit.stages import Stage
from ui import kit, theme
from ui.context import ContextScreen
from ui.strings import tr
from ui.widgets.scrim import Scrim
from ui.widgets.zoom_view import ZoomView

if TYPE_CHECKING:
    from kiosk.content.model import Product
    from ui.context import ScreenContext

log = logging.getLogger(__name__)


class Dots(QWidget):
    """Where the customer is among the images: one dot each, the current one in brass.

    Each dot is two-toned (a light mark in a dark halo, the current one ringed in ivory) so
    it reads over any picture, with the bottom scrim beneath it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.count, self.current = 0, 0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_position(self, current: int, count: int) -> None:
        self.current, self.count = current, count
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(max(1, self.count) * 26, 20)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.count < 2:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        x0 = (self.width() - self.count * 26) / 2 + 13
        palette, y = theme.PALETTE, self.height() / 2
        for i in range(self.count):
            current, at = i == self.current, QPointF(x0 + i * 26, y)
            radius = 6.0 if current else 4.0
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.color(palette.night, 0.5))  # the halo: reads on a pale picture
            p.drawEllipse(at, radius + 2.5, radius + 2.5)
            if current:  # brass alone is too dark on the shade: an ivory ring carries it
                p.setPen(QPen(theme.color(palette.ivory), 1.5))
            p.setBrush(
                theme.color(palette.brass if current else palette.ivory, 1.0 if current else 0.7)
            )
            p.drawEllipse(at, radius, radius)
        p.end()


class GalleryScreen(ContextScreen):
    NAME = "gallery"
    STAGE = Stage.STORY
    MARGIN = 48

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__(ctx)
        kit.surface(self, "night")
        self.product: Product | None = None
        self.index = 0
        self.shown_class: str | None = None  # "screen" until the sharp "full" one arrives
        self.view = ZoomView(self)
        self.view.swiped.connect(self.step)
        # shades under the controls, above the picture (created in between: stacked so)
        self.top_scrim = Scrim([(0.0, 0.5), (1.0, 0.0)], self)
        self.bottom_scrim = Scrim([(0.0, 0.0), (0.45, 0.6), (0.7, 0.84), (1.0, 0.88)], self)
        self.close_button = kit.button("quiet", name="close", parent=self)
        self.close_button.clicked.connect(ctx.back)
        self.done_button = kit.button("quiet", name="done", parent=self)
        self.done_button.clicked.connect(ctx.finish_visit)
        self.previous = kit.button("quiet", "‹", role="arrow", name="previous", parent=self)
        self.previous.clicked.connect(lambda: self.step(-1))
        self.next = kit.button("quiet", "›", role="arrow", name="next", parent=self)
        self.next.clicked.connect(lambda: self.step(1))
        for button in (self.close_button, self.done_button, self.previous, self.next):
            button.setMinimumHeight(theme.MIN_TOUCH)
        for arrow in (self.previous, self.next):
            kit.mark(arrow, "arrow")
        center = Qt.AlignmentFlag.AlignCenter
        self.title = kit.text("heading_s", parent=self)
        self.position = kit.text("label", align=center, name="position", parent=self)
        self.hint = kit.text("label_s", tone="muted", align=center, parent=self)
        self.dots = Dots(self)

    # -- the screen's life ---------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        product = self.ctx.pack.product(str(params.get("sku", "")))
        if product is None or not product.gallery:
            log.warning("gallery asked for a product without images: %r", params.get("sku"))
            self.clear()
            return
        self.product = product
        self.title.setText(self.ctx.t(product.name))
        self._show(int(params.get("index", 0)))

    def leave(self) -> None:
        self.shown_class = None
        self.view.set_pixmap(None)  # a full rendition is large; the pixmap cache keeps it

    def clear(self) -> None:
        self.product = None
        self.index = 0
        self.shown_class = None
        self.view.set_pixmap(None)
        self.title.clear()
        self.position.clear()
        self.dots.set_position(0, 0)

    def retranslate(self, language: str) -> None:
        self.close_button.setText(tr("gallery.close", language))
        self.done_button.setText(tr("chrome.done", language))
        self.hint.setText(tr("gallery.hint", language))
        self.previous.setAccessibleName(tr("gallery.previous", language))
        self.next.setAccessibleName(tr("gallery.next", language))
        if self.product is not None:
            self.title.setText(self.ctx.t(self.product.name))

    # -- images --------------------------------------------------------------------------
    def step(self, direction: int) -> None:
        """The next (+1) or previous (-1) image; at either end the swipe rests."""
        if self.product is None:
            return
        target = self.index + direction
        if 0 <= target < len(self.product.gallery):
            self._show(target)

    def _show(self, index: int) -> None:
        product = self.product
        assert product is not None
        count = len(product.gallery)
        self.index = min(max(0, index), count - 1)
        self.view.set_pixmap(None)
        self.position.setText(f"{self.index + 1} / {count}" if count > 1 else "")
        self.dots.set_position(self.index, count)
        self.previous.setVisible(self.index > 0)
        self.next.setVisible(self.index < count - 1)
        self._layout()
        path, wanted = product.gallery[self.index], (product.sku, self.index)
        self.shown_class = None

        def arrived(pixmap: QPixmap | None, size_class: str) -> None:
            if self.product is None or (self.product.sku, self.index) != wanted:
                return  # the customer moved on meanwhile
            if pixmap is None or self.shown_class == "full":
                return
            self.shown_class = size_class
            self.view.set_pixmap(pixmap, keep_zoom=size_class == "full")

        images = self.ctx.images
        if images is not None:
            images.request(path, "screen", lambda pm: arrived(pm, "screen"), self)
            images.request(path, "full", lambda pm: arrived(pm, "full"), self)
        self.ctx.journey.record("gallery_image_viewed", sku=product.sku, index=self.index)

    # -- layout --------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout()

    def _layout(self) -> None:
        w, h, m = self.width(), self.height(), self.MARGIN
        self.view.setGeometry(self.rect())
        self.top_scrim.setGeometry(QRect(0, 0, w, 136))
        top = 40
        portrait = h > w  # the title gets its own line above the dots
        self.close_button.adjustSize()
        # Portrait: Close at the foot, on the dots' line opposite "1 / 3", within a standing
        # customer's reach (the top of a 1920 px screen is read, not touched).
        close_y = h - 108 - self.close_button.height() // 2 if portrait else top
        self.close_button.move(m + 24, close_y)
        self.done_button.adjustSize()
        self.done_button.move(w - m - 24 - self.done_button.width(), top)
        title_y = h - 220 if portrait else h - 132  # portrait: clear of Close below it
        scrim_top = title_y - 40  # clear above, deepening under the title, dots and hint
        self.bottom_scrim.setGeometry(QRect(0, scrim_top, w, h - scrim_top))
        self.title.setGeometry(
            QRect(m + 24, title_y, w - 2 * m - 48 - (0 if portrait else 240), 48)
        )
        self.position.setGeometry(QRect(w - m - 24 - 200, h - 132, 200, 48))
        self.position.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.dots.setGeometry(QRect(0, h - 124, w, 32))
        inset = self.close_button.geometry().right() + 24 if portrait else 0  # clear of Close
        self.hint.setGeometry(QRect(inset, h - 80, w - 2 * inset, 40))
        side = 72
        self.previous.setGeometry(QRect(m, (h - side) // 2, side, side))
        self.next.setGeometry(QRect(w - m - side, (h - side) // 2, side, side))
