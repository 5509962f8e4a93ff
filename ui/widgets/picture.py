"""A brand image that arrives from a worker, shown filled or fitted, with a quiet placeholder.

The placeholder (the stone ground and a thin brass rule) is what a customer sees for the few
milliseconds an image takes, and instead of an image that is broken: never an error icon.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import theme

if TYPE_CHECKING:
    from ui.images import ImageLoader


class Picture(QWidget):
    def __init__(self, fill: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fill = fill
        self.source: Path | None = None
        self.pixmap: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_image(self, loader: ImageLoader | None, path: Path | None, size_class: str) -> None:
        """Show ``path`` (a pack image) at ``size_class`` ("thumb", "screen", "full")."""
        if path == self.source and self.pixmap is not None:
            return
        self.source, self.pixmap = path, None
        self.update()
        if loader is None or path is None:
            return

        def arrived(pixmap: QPixmap | None, wanted: Path = path) -> None:
            if wanted == self.source:  # the picture may have moved on meanwhile
                self.pixmap = pixmap
                self.update()

        loader.request(path, size_class, arrived, self)

    def clear(self) -> None:
        self.source, self.pixmap = None, None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 360)

    def image_rect(self) -> QRectF:
        """Where the image is drawn inside the widget (for hotspots placed on it)."""
        if self.pixmap is None or self.pixmap.isNull():
            return QRectF(self.rect())
        pw, ph = self.pixmap.width(), self.pixmap.height()
        w, h = self.width(), self.height()
        scale = max(w / pw, h / ph) if self.fill else min(w / pw, h / ph)
        sw, sh = pw * scale, ph * scale
        return QRectF((w - sw) / 2, (h - sh) / 2, sw, sh)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.pixmap is None or self.pixmap.isNull():
            p.fillRect(self.rect(), theme.color(theme.PALETTE.stone))
            p.setPen(theme.color(theme.PALETTE.brass, 0.7))
            cx, cy = self.width() // 2, self.height() // 2
            p.drawLine(cx - 28, cy, cx + 28, cy)
            p.end()
            return
        if not self.fill:
            p.fillRect(self.rect(), theme.color(theme.PALETTE.paper))
        target = self.image_rect()
        p.setClipRect(QRect(0, 0, self.width(), self.height()))
        p.drawPixmap(target, self.pixmap, QRectF(self.pixmap.rect()))
        p.end()
