"""A photograph shown whole, which the customer can zoom (pinch, double-tap) and pan.

``ZoomModel`` is the arithmetic alone (no widget), so it can be tested exactly: at scale 1
the image fits the view; zooming keeps the point under the fingers still; panning is clamped
so the image never slides away from an edge it covers. ``ZoomView`` paints a pixmap through
the model and turns touches into it: a pinch gesture, a double tap, a drag that pans when
zoomed and is a swipe to the next image when not.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QLinearGradient, QMouseEvent, QPainter, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QGestureEvent, QPinchGesture, QWidget

from ui import theme
from ui.widgets.swipe import SwipeFilter


class ZoomModel:
    MIN_SCALE = 1.0
    MAX_SCALE = 4.0
    TAP_SCALE = 2.0

    def __init__(self) -> None:
        self.view = QSizeF(1, 1)
        self.image = QSizeF(0, 0)
        self.scale = 1.0
        self.offset = QPointF(0, 0)  # of the image's centre from the view's centre, in px

    def set_view(self, size: QSizeF) -> None:
        self.view = QSizeF(max(1.0, size.width()), max(1.0, size.height()))
        self._clamp()

    def set_image(self, size: QSizeF) -> None:
        self.image = size
        self.reset()

    def reset(self) -> None:
        self.scale, self.offset = 1.0, QPointF(0, 0)

    @property
    def zoomed(self) -> bool:
        return self.scale > self.MIN_SCALE + 1e-3

    def fit_factor(self) -> float:
        """Pixels of view per pixel of image at scale 1 (the whole image visible)."""
        if self.image.isEmpty():
            return 1.0
        return min(self.view.width() / self.image.width(), self.view.height() / self.image.height())

    def image_rect(self) -> QRectF:
        """Where the image is drawn, in view coordinates."""
        factor = self.fit_factor() * self.scale
        w, h = self.image.width() * factor, self.image.height() * factor
        cx = self.view.width() / 2 + self.offset.x()
        cy = self.view.height() / 2 + self.offset.y()
        return QRectF(cx - w / 2, cy - h / 2, w, h)

    def zoom_to(self, scale: float, anchor: QPointF) -> None:
        """Zoom to ``scale`` keeping the image point under ``anchor`` (view px) in place."""
        scale = min(self.MAX_SCALE, max(self.MIN_SCALE, scale))
        centre = QPointF(self.view.width() / 2, self.view.height() / 2) + self.offset
        ratio = scale / self.scale
        self.offset += (anchor - centre) * (1 - ratio)
        self.scale = scale
        self._clamp()

    def pinch(self, factor: float, anchor: QPointF) -> None:
        self.zoom_to(self.scale * factor, anchor)

    def double_tap(self, anchor: QPointF) -> None:
        """Zoom in 2x where the customer tapped, or back out to the whole image."""
        if self.zoomed:
            self.zoom_to(self.MIN_SCALE, anchor)
        else:
            self.zoom_to(self.TAP_SCALE, anchor)

    def pan(self, delta: QPointF) -> None:
        self.offset += delta
        self._clamp()

    def _clamp(self) -> None:
        """Along each axis: an image narrower than the view stays centred; a wider one may
        move only until its edge meets the view's edge."""
        rect = self.image_rect()
        limit_x = max(0.0, (rect.width() - self.view.width()) / 2)
        limit_y = max(0.0, (rect.height() - self.view.height()) / 2)
        self.offset = QPointF(
            min(limit_x, max(-limit_x, self.offset.x())),
            min(limit_y, max(-limit_y, self.offset.y())),
        )


class ZoomView(QWidget):
    """Signals: ``swiped(int)`` (+1 next, -1 previous) when a drag at scale 1 is a swipe,
    ``zoom_changed(float)`` after every change of scale."""

    swiped = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ZoomModel()
        self.veil = True
        self.pixmap: QPixmap | None = None
        self._press: QPointF | None = None
        self._last: QPointF | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.grabGesture(Qt.GestureType.PinchGesture)

    def set_pixmap(self, pixmap: QPixmap | None, keep_zoom: bool = False) -> None:
        """Show ``pixmap``; ``keep_zoom`` when it is a sharper copy of the image shown."""
        self.pixmap = pixmap
        size = QSizeF(pixmap.size()) if pixmap is not None else QSizeF(0, 0)
        if keep_zoom and not self.model.image.isEmpty():
            scale, offset = self.model.scale, self.model.offset
            self.model.image = size
            self.model.scale, self.model.offset = scale, offset
        else:
            self.model.set_image(size)
            self.zoom_changed.emit(self.model.scale)
        self.update()

    def reset_zoom(self) -> None:
        self.model.reset()
        self.zoom_changed.emit(self.model.scale)
        self.update()

    # -- touch ---------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Gesture and isinstance(event, QGestureEvent):
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                centre = self.mapFromGlobal(pinch.centerPoint().toPoint())
                self.model.pinch(pinch.scaleFactor(), QPointF(centre))
                self.zoom_changed.emit(self.model.scale)
                self.update()
                event.accept(pinch)
                return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = self._last = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last is not None and self.model.zoomed:
            self.model.pan(event.position() - self._last)
            self.update()
        self._last = event.position()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press, self._last = self._press, None, None
        if press is not None and not self.model.zoomed:
            direction = SwipeFilter.direction(event.position() - press)
            if direction:
                self.swiped.emit(direction)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.model.double_tap(event.position())
        self.zoom_changed.emit(self.model.scale)
        self.update()

    # -- painting ------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.model.set_view(QSizeF(self.size()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), theme.color(theme.PALETTE.night))
        if self.pixmap is None or self.pixmap.isNull():
            p.setPen(theme.color(theme.PALETTE.brass, 0.7))
            cx, cy = self.width() // 2, self.height() // 2
            p.drawLine(cx - 28, cy, cx + 28, cy)
        else:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawPixmap(self.model.image_rect(), self.pixmap, QRectF(self.pixmap.rect()))
        if self.veil:
            self._paint_veil(p)
        p.end()

    def _paint_veil(self, p: QPainter) -> None:
        """A soft darkening at the top and bottom edges, so the controls drawn over the image
        stay legible on a bright photograph without boxes around them."""
        night = theme.PALETTE.night
        for top, height, alpha in ((True, 180, 0.55), (False, 240, 0.7)):
            y0 = 0 if top else self.height() - height
            gradient = QLinearGradient(0, y0, 0, y0 + height)
            gradient.setColorAt(0.0 if top else 1.0, theme.color(night, alpha))
            gradient.setColorAt(1.0 if top else 0.0, theme.color(night, 0.0))
            p.fillRect(QRectF(0, y0, self.width(), height), gradient)
