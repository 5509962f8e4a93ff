"""A brand image that arrives from a worker, shown filled or fitted, with a quiet placeholder.

The placeholder (the stone ground and a thin brass rule) is what a customer sees for the few
milliseconds an image takes, and instead of an image that is broken: never an error icon.

The size class a screen asks for is a floor: a picture shown larger than that class's
rendition (a 4K screen, a window that became full screen after the screen was built) asks
for the next class up, keeping the image it has until the sharper one arrives.

Scaling a photograph to the widget at every paint held the GUI thread (a screen fading in
is painted again at each frame an image arrives in): after the first paint a worker draws
the image at the widget's size once, the very same painter call, and later paints copy those
pixels 1:1 (``Fitted``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme
from ui.tasks import run_task

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from ui.images import ImageLoader


class Picture(QWidget):
    def __init__(self, fill: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fill = fill
        self.source: Path | None = None
        self.pixmap: QPixmap | None = None
        self.size_class = ""  # the class asked for last (the one requested may be larger)
        self._loader: ImageLoader | None = None
        self._fitted: Fitted | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_image(self, loader: ImageLoader | None, path: Path | None, size_class: str) -> None:
        """Show ``path`` (a pack image) at ``size_class`` ("thumb", "screen", "full") or,
        when the picture is shown larger than that, the class its size needs."""
        if path == self.source and self.pixmap is not None:
            return
        self.source, self.pixmap, self._loader, self.size_class = path, None, loader, ""
        self._fitted = None
        self.update()
        if loader is None or path is None:
            return
        self._request(size_class)

    def size_class_for(self, floor: str) -> str:
        """The class ``show_image(..., floor)`` would ask for at the picture's present size
        (what a screen prefetches for this picture)."""
        from kiosk.content.images import SIZE_CLASSES  # Pillow: never before the first paint

        long_side = max(self.width(), self.height()) * self.devicePixelRatioF()
        by_size = sorted(SIZE_CLASSES, key=SIZE_CLASSES.__getitem__)
        needed = next((c for c in by_size if SIZE_CLASSES[c] >= long_side), by_size[-1])
        return max(floor, needed, key=SIZE_CLASSES.__getitem__)

    def _request(self, floor: str) -> None:
        size_class = self.size_class_for(floor)
        if size_class == self.size_class:  # asked already (shown, or on its way)
            return
        self.size_class = size_class
        path, loader = self.source, self._loader
        if path is None or loader is None:
            return

        def arrived(pixmap: QPixmap | None, wanted: Path = path) -> None:
            if wanted == self.source and size_class == self.size_class:  # not moved on since
                if pixmap is not None or self.pixmap is None:  # a sharper one that is broken
                    self.pixmap = pixmap  # leaves the one shown
                self.update()

        loader.request(path, size_class, arrived, self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.source is not None and self._loader is not None and self.size_class:
            self._request(self.size_class)  # only ever upwards: the class asked is the floor

    def clear(self) -> None:
        self.source, self.pixmap, self.size_class = None, None, ""
        self._fitted = None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 360)

    def image_rect(self) -> QRectF:
        """Where the image is drawn inside the widget (for hotspots placed on it)."""
        if self.pixmap is None or self.pixmap.isNull():
            return QRectF(self.rect())
        return image_rect_in(self.pixmap.size(), self.size(), self.fill)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        self.paint_onto(p)
        p.end()

    def paint_onto(self, p: QPainter) -> None:
        """Draw the picture with ``p``, its origin at the picture's top left (its paint, and
        a fading screen's picture when the image arrives during the fade)."""
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.pixmap is None or self.pixmap.isNull():
            p.fillRect(self.rect(), theme.color(theme.PALETTE.stone))
            p.setPen(theme.color(theme.PALETTE.brass, 0.7))
            cx, cy = self.width() // 2, self.height() // 2
            p.drawLine(cx - 28, cy, cx + 28, cy)
            return
        key = self._fit_key(self.pixmap)
        fitted = self._fitted
        if fitted is not None and fitted.key == key and fitted.image is not None:
            p.drawImage(0, 0, fitted.image)  # the same pixels, copied: no scaling
        else:
            draw_fitted(p, self.pixmap.toImage(), self.size(), self.fill)
            if fitted is None or fitted.key != key:
                self._fit_later(key, self.pixmap)

    def _fit_key(self, pixmap: QPixmap) -> tuple[int, int, int, float, bool]:
        ratio = self.devicePixelRatioF()
        return (pixmap.cacheKey(), self.width(), self.height(), ratio, self.fill)

    def _fit_later(self, key: tuple[int, int, int, float, bool], pixmap: QPixmap) -> None:
        """A worker draws ``pixmap`` at this size, for the paints after this one."""
        self._fitted = fitted = Fitted(key)
        source, size, fill, ratio = pixmap.toImage(), self.size(), self.fill, key[3]

        def done(image: object, error: BaseException | None) -> None:
            if self._fitted is fitted and isinstance(image, QImage):
                fitted.image = image  # no repaint: the screen shows these pixels already

        run_task(lambda: fitted_image(source, size, fill, ratio), done, self)


class Fitted:
    """An image drawn at a picture's size, for the pixmap, size and mode of ``key``."""

    def __init__(self, key: tuple[int, int, int, float, bool]) -> None:
        self.key = key
        self.image: QImage | None = None  # None while the worker draws it


def fitted_image(source: QImage, size: QSize, fill: bool, ratio: float) -> QImage:
    """``source`` drawn as ``draw_fitted`` draws it, into an image of its own (on a worker)."""
    image = QImage(size * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    draw_fitted(painter, source, size, fill)
    painter.end()
    return image


def draw_fitted(p: QPainter, image: QImage, size: QSize, fill: bool) -> None:
    """``image`` filled into (cropped) or fitted in (on paper) a widget of ``size``: one
    painter call, made on the GUI thread at a first paint and by a worker for later ones."""
    w, h = size.width(), size.height()
    if not fill:
        p.fillRect(QRect(0, 0, w, h), theme.color(theme.PALETTE.paper))
    p.setClipRect(QRect(0, 0, w, h))
    p.drawImage(image_rect_in(image.size(), size, fill), image, QRectF(image.rect()))


def image_rect_in(image: QSize, size: QSize, fill: bool) -> QRectF:
    """Where an image of ``image``'s size is drawn in a widget of ``size``."""
    pw, ph, w, h = image.width(), image.height(), size.width(), size.height()
    scale = max(w / pw, h / ph) if fill else min(w / pw, h / ph)
    sw, sh = pw * scale, ph * scale
    return QRectF((w - sw) / 2, (h - sh) / 2, sw, sh)
