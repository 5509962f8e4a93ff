"""The hand-off QR code: painted from its module matrix, always dark on white.

``qr_image`` builds a screen-ready 8-bit grey QImage straight from the modules (no PNG round
trip), at a whole number of pixels per module so every module edge is sharp; it is safe to
call off the GUI thread. ``QrCode`` shows such an image on a white card whatever the display
mode, because phone cameras read dark-on-light codes most reliably.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.handoff.qr import qr_modules
from ui import theme

DARK, LIGHT = 0x00, 0xFF


def image_from_modules(modules: list[list[bool]], module_px: int) -> QImage:
    """One grey byte per pixel: each module row is built once and repeated ``module_px``
    times, which keeps this well under a millisecond for a hand-off code."""
    dark, light = bytes([DARK]) * module_px, bytes([LIGHT]) * module_px
    rows = []
    for row in modules:
        line = b"".join(dark if m else light for m in row)
        rows.append(line * module_px)
    size = len(modules) * module_px
    data = b"".join(rows)
    image = QImage(data, size, size, size, QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels: ``data`` dies with this frame


def module_px_for(modules: int, target_px: int) -> int:
    return max(4, target_px // modules)


def qr_image(text: str, target_px: int) -> QImage:
    """A QR code of ``text`` (quiet zone included) about ``target_px`` pixels wide."""
    modules = qr_modules(text)
    return image_from_modules(modules, module_px_for(len(modules), target_px))


class QrCode(QWidget):
    """Signals: ``shown`` when a code is set (what a customer's phone can now scan). Shows a
    QR image on white, or a white square while it is prepared."""

    shown = Signal()

    def __init__(self, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.image: QImage | None = None
        self.setFixedSize(side, side)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()
        if image is not None:
            self.shown.emit()

    def sizeHint(self) -> QSize:
        return QSize(self.side, self.side)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(LIGHT, LIGHT, LIGHT))
        if self.image is not None and not self.image.isNull():
            x = (self.width() - self.image.width()) // 2
            y = (self.height() - self.image.height()) // 2
            p.drawImage(x, y, self.image)  # 1:1, no smoothing: module edges stay sharp
        else:
            p.setPen(theme.color(theme.PALETTE.brass))
            cx, cy = self.width() // 2, self.height() // 2
            p.drawLine(cx - 28, cy, cx + 28, cy)
        p.end()
