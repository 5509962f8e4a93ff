"""A lookbook scene: the photograph, whole, with its products marked where they stand.

The image is fitted (never cropped) so every hotspot is on screen in both orientations;
hotspots are placed on ``image_rect()``, the rectangle the image is actually drawn in, and
move with it on every resize. A discreet ring breathes on each product; pressing it shows the
product's name. A horizontal press-drag-release past a threshold is a swipe; the image follows
the finger a little while dragging so the gesture feels physical. Scenes cross-fade.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QEasingCurve,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import (
    QHideEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractButton, QWidget

from ui import kit, theme
from ui.widgets.picture import Picture


@dataclass(frozen=True)
class Spot:
    sku: str
    x: float
    y: float
    label: str


class HotspotMarker(QAbstractButton):
    """One product on the scene: a ring that breathes; brass while pressed. The ring carries
    its own contrast (ivory on a dark rim), whatever the picture under it."""

    SIZE = 88  # the touch target; the ring itself is much smaller

    def __init__(self, spot: Spot, parent: QWidget) -> None:
        super().__init__(parent)
        self.spot = spot
        self.phase = 0.0
        self.setObjectName(f"hotspot-{spot.sku}")
        self.setAccessibleName(spot.label)
        self.setFixedSize(self.SIZE, self.SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(self.SIZE, self.SIZE)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = theme.PALETTE
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = QPointF(self.width() / 2, self.height() / 2)
        pulse = 16 + 22 * self.phase
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = painter.pen()
        pen.setColor(theme.color(p.ivory, 0.6 * (1 - self.phase)))
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.drawEllipse(c, pulse, pulse)
        painter.setPen(Qt.PenStyle.NoPen)
        # two-toned: a dark rim outside the ivory ring, so it reads on pale marble as on walnut
        painter.setBrush(theme.color(p.night, 0.6))
        painter.drawEllipse(c, 19.5, 19.5)
        down = self.isDown()
        painter.setBrush(theme.color(p.brass if down else p.ivory, 0.95 if down else 0.3))
        pen.setColor(theme.color(p.ivory))
        pen.setWidthF(2.5)
        painter.setPen(pen)
        painter.drawEllipse(c, 16, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color(p.ivory))
        painter.drawEllipse(c, 5, 5)
        painter.end()


class SceneView(Picture):
    """Signals: ``swiped(step)`` (+1 next, -1 previous), ``tapped(sku)`` on a hotspot."""

    swiped = Signal(int)
    tapped = Signal(str)

    SWIPE_FRACTION = 0.10  # of the width, and at least SWIPE_MIN_PX
    SWIPE_MIN_PX = 90
    DRAG_START_PX = 12
    FADE_MS = 420
    PULSE_MS = 2600

    _current: QPixmap | None = None  # set by Picture.__init__ through the property below

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(fill=False, parent=parent)
        self._previous: QPixmap | None = None
        self._blend = 1.0
        self._press_x: float | None = None
        self._drag_dx = 0.0
        self.markers: list[HotspotMarker] = []
        self.setObjectName("scene")
        self.label = kit.text("aside", name="hotspot-label", parent=self)
        kit.mark(self.label, "tag")
        self.label.hide()
        self._fade = QVariantAnimation(self)
        self._fade.setDuration(self.FADE_MS)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._fade.valueChanged.connect(self._set_blend)
        self._pulse = QVariantAnimation(self)
        self._pulse.setDuration(self.PULSE_MS)
        self._pulse.setStartValue(0.0)
        self._pulse.setEndValue(1.0)
        self._pulse.setLoopCount(-1)
        self._pulse.setEasingCurve(QEasingCurve.Type.OutQuad)
        self._pulse.valueChanged.connect(self._set_phase)

    # -- the image (Picture assigns ``pixmap``; the property notices arrivals) --------------
    @property
    def pixmap(self) -> QPixmap | None:
        return self._current

    @pixmap.setter
    def pixmap(self, value: QPixmap | None) -> None:
        old, self._current = self._current, value
        if value is None:
            if old is not None:
                self._previous = old  # keep it on screen until the next scene arrives
            return
        if self._previous is not None and self.isVisible():
            self._blend = 0.0
            self._fade.stop()
            self._fade.start()
        else:
            self._previous, self._blend = None, 1.0
        if old is None or old.size() != value.size():
            self.updateGeometry()  # another shape of image: the column re-flows
        self._place()

    def _set_blend(self, value: float) -> None:  # the fade animates from 0.0 to 1.0
        self._blend = float(value)
        if self._blend >= 1.0:
            self._previous = None
        self.update()

    def _rect_for(self, pixmap: QPixmap | None) -> QRectF:
        if pixmap is None or pixmap.isNull():
            return QRectF(self.rect())
        scale = min(self.width() / pixmap.width(), self.height() / pixmap.height())
        sw, sh = pixmap.width() * scale, pixmap.height() * scale
        return QRectF((self.width() - sw) / 2, 0, sw, sh)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """As tall as the fitted image: no empty band below it in a column."""
        pixmap = self._current or self._previous
        ratio = pixmap.height() / pixmap.width() if pixmap and not pixmap.isNull() else 9 / 16
        return round(width * ratio)

    def image_rect(self) -> QRectF:
        """The fitted image, centred across and aligned to the top (in line with the text)."""
        return self._rect_for(self._current)

    def clear(self) -> None:
        self._previous = None
        self.set_spots([])
        super().clear()

    # -- hotspots -----------------------------------------------------------------------------
    def set_spots(self, spots: list[Spot]) -> None:
        for marker in self.markers:
            marker.deleteLater()
        self.markers = []
        self.label.hide()
        self.label.clear()
        for spot in spots:
            marker = HotspotMarker(spot, self)
            marker.pressed.connect(lambda m=marker: self._reveal(m))
            marker.clicked.connect(lambda _=False, m=marker: self.tapped.emit(m.spot.sku))
            self.markers.append(marker)
        self._place()
        if self.markers and self.isVisible():
            self._pulse.start()

    def marker(self, sku: str) -> HotspotMarker | None:
        return next((m for m in self.markers if m.spot.sku == sku), None)

    def spot_point(self, spot: Spot) -> QPointF:
        r = self.image_rect()
        return QPointF(r.x() + spot.x * r.width() + self._drag_dx, r.y() + spot.y * r.height())

    def _place(self) -> None:
        ready = self._current is not None and abs(self._drag_dx) < 1
        for marker in self.markers:
            centre = self.spot_point(marker.spot)
            half = marker.width() / 2
            marker.move(round(centre.x() - half), round(centre.y() - half))
            marker.setVisible(ready)
        if not ready:
            self.label.hide()

    def _reveal(self, marker: HotspotMarker) -> None:
        self.label.setText(marker.spot.label)
        self.label.adjustSize()
        centre = self.spot_point(marker.spot)
        x = centre.x() + marker.width() / 2
        if x + self.label.width() > self.width():
            x = centre.x() - marker.width() / 2 - self.label.width()
        y = centre.y() - self.label.height() / 2
        self.label.move(round(max(0.0, x)), round(max(0.0, y)))
        self.label.show()
        self.label.raise_()

    def retranslate_spots(self, labels: dict[str, str]) -> None:
        """New names for the markers (a language switch) without rebuilding them."""
        for marker in self.markers:
            text = labels.get(marker.spot.sku, marker.spot.label)
            marker.spot = Spot(marker.spot.sku, marker.spot.x, marker.spot.y, text)
            marker.setAccessibleName(text)
        self.label.hide()

    def _set_phase(self, value: float) -> None:  # the pulse animates from 0.0 to 1.0
        for marker in self.markers:
            marker.phase = float(value)
            marker.update()

    # -- swipe --------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_x = event.position().x()
        self._drag_dx = 0.0
        self.label.hide()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_x is None:
            return
        dx = event.position().x() - self._press_x
        if abs(dx) > self.DRAG_START_PX or abs(self._drag_dx) > 0:
            self._drag_dx = dx * 0.35  # the image follows, reluctantly: a hint, not a pan
            self._place()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press_x is None:
            return
        dx = event.position().x() - self._press_x
        self._press_x, self._drag_dx = None, 0.0
        self._place()
        self.update()
        if abs(dx) >= max(self.SWIPE_MIN_PX, self.width() * self.SWIPE_FRACTION):
            self.swiped.emit(1 if dx < 0 else -1)

    # -- Qt -----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.markers:
            self._pulse.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._pulse.stop()
        self._fade.stop()
        self._blend, self._previous = 1.0, None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setClipRect(QRect(0, 0, self.width(), self.height()))
        current, previous = self._current, self._previous
        if current is None and previous is None:
            painter.fillRect(self.rect(), theme.color(theme.PALETTE.stone))
            painter.end()
            return
        for pixmap, opacity in ((previous, 1.0), (current, self._blend)):
            if pixmap is None or pixmap.isNull() or opacity <= 0:
                continue
            target = self._rect_for(pixmap).translated(self._drag_dx, 0)
            painter.setOpacity(opacity)
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        painter.end()
