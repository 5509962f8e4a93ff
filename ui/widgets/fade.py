"""A calm fade-in that costs one picture of the screen, not one repaint of it per frame.

A screen fades in from the window's ivory ground. Drawn through a ``QGraphicsOpacityEffect``,
every frame of the fade (17 in 280 ms) painted the whole screen again, every label and picture
of it, into an offscreen pixmap: two thirds of the GUI thread's time over a whole visit, and
frames up to 25 ms late on this 2-core machine (tests/bench/test_gui_stall_bench.py). Here the
screen is rendered once, when the fade starts (once the loop has shown what the screen added
on entering), into a picture over the ground; a veil, an
opaque widget on top of the screen, draws that picture at the fade's opacity each frame (two
blends of the screen's size: a few milliseconds), and is hidden when the fade ends, when the
screen shows itself as it is now.

The screen underneath stays live: a touch goes through the veil to it, and ends the fade at
once (the veil would otherwise hide what the touch changed). A kiosk runs for months, so each
owner keeps one ``FadeIn`` and reuses it, with one veil: nothing is made per navigation but
the picture, dropped when the fade ends.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import (
    QAbstractAnimation,
    QCoreApplication,
    QEasingCurve,
    QEvent,
    QObject,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QVariantAnimation,
)
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from ui import theme
from ui.images import DELIVERED
from ui.input_watch import watch

_TOUCHES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)
_running: list[FadeIn] = []  # the fades under way now (at most one per owner)


def _image_delivered(owner: QObject) -> None:
    if isinstance(owner, QWidget):
        for fade in _running:
            fade.again(owner)


DELIVERED.append(_image_delivered)


def fading(widget: QWidget) -> bool:
    """Whether ``widget`` is (inside) a widget fading in now: a fade of its own would only
    draw a second veil under the first."""
    return any(fade.covers(widget) for fade in _running)


class Veil(QWidget):
    """The picture of the screen at the fade's opacity, over the ground; opaque, so nothing
    under it is painted while it shows, and transparent to touches."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("FadeVeil")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.picture = QPixmap()
        self.ground = QColor(theme.PALETTE.ivory)
        self.opacity = 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.ground)
        if not self.picture.isNull():
            painter.setOpacity(self.opacity)
            painter.drawPixmap(QPoint(0, 0), self.picture)
        painter.end()


def picture_of(widget: QWidget, ground: QColor) -> QPixmap:
    """``widget`` as it would be painted now, over ``ground`` (what is seen through it)."""
    app = QCoreApplication.instance()
    if app is not None:  # the layouts the last changes asked for, before the picture
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    ratio = widget.devicePixelRatioF()
    picture = QPixmap(widget.size() * ratio)
    picture.setDevicePixelRatio(ratio)
    picture.fill(ground)
    widget.render(picture, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    return picture


class FadeIn(QVariantAnimation):
    """Fades one widget at a time from ``start`` opacity to fully shown."""

    def __init__(self, owner: QObject, duration_ms: int, start: float = 0.0) -> None:
        super().__init__(owner)
        self.setDuration(duration_ms)
        self.setStartValue(start)
        self.setEndValue(1.0)
        self.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._veil: Veil | None = None
        self._widget: QWidget | None = None
        self.valueChanged.connect(self._show_at)
        self.finished.connect(self._release)
        # The picture is taken by a timer, not a queued call: timers run in order of their
        # time, so whatever was due while the screen was entered (a frame, a touch's timer)
        # runs first, and the entering and the picturing are two short stalls, not one long.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(1)
        self._later.setTimerType(Qt.TimerType.PreciseTimer)
        self._later.timeout.connect(self._picture)
        watch(self, _TOUCHES, self._touched)  # a touch anywhere ends the fade

    def covers(self, widget: QWidget) -> bool:
        """Whether ``widget`` is (inside) the widget fading in now."""
        target = self._widget
        return (
            target is not None
            and shiboken6.isValid(target)
            and (widget is target or target.isAncestorOf(widget))
        )

    def run(self, widget: QWidget) -> None:
        """Fade ``widget`` in; a fade still running (on it or another widget) ends first."""
        self.interrupt()
        if widget.width() <= 0 or widget.height() <= 0:
            return
        veil = self._veil
        if veil is None or not shiboken6.isValid(veil):
            veil = self._veil = Veil()
        veil.ground = QColor(theme.PALETTE.ivory)
        veil.picture = QPixmap()  # the ground alone, until the screen has been pictured
        veil.opacity = float(self.startValue())
        if veil.parent() is not widget:
            veil.setParent(widget)
        veil.setGeometry(widget.rect())
        veil.raise_()
        veil.show()
        self._widget = widget
        _running.append(self)
        # Pictured once the loop has run what the screen's ``enter`` queued (the widgets it
        # added show themselves on the next turn: QLayout's queued show); the fade runs from
        # now (whoever asks sees it under way) and starts over from the picture, the ground
        # alone meanwhile.
        self.start()
        self._later.start(1)

    def again(self, part: QWidget) -> None:
        """``part`` (a picture: it has ``paint_onto``) received its image while the screen
        fades in: it is drawn again into the screen's picture, so the fade shows the image
        rather than the placeholder it replaced. Only the part, by its own paint: rendering
        the screen again (Qt walks the whole window for it) cost a stall each time."""
        veil, widget = self._veil, self._widget
        paint = getattr(part, "paint_onto", None)
        if widget is None or veil is None or veil.picture.isNull() or paint is None:
            return  # not pictured yet (the first picture will have it), or not a picture
        if not shiboken6.isValid(part) or not part.isVisible() or not self.covers(part):
            return
        area = QRect(part.mapTo(widget, QPoint(0, 0)), part.size()) & widget.rect()
        if area.isEmpty():
            return
        painter = QPainter(veil.picture)
        painter.setClipRect(area)
        painter.translate(area.topLeft())
        paint(painter)
        painter.end()
        veil.update(area)

    def _picture(self) -> None:
        veil, widget = self._veil, self._widget
        if widget is None or veil is None or not shiboken6.isValid(widget):
            return  # ended meanwhile
        veil.hide()  # not in its own picture
        veil.picture = picture_of(widget, veil.ground)
        veil.opacity = float(self.startValue())
        veil.show()
        self.setCurrentTime(0)

    def interrupt(self) -> None:
        """Stop now, leaving the widget fully shown (``stop`` alone emits no ``finished``)."""
        self._later.stop()
        if self.state() != QAbstractAnimation.State.Stopped:
            self.stop()
        self._release()

    def _touched(self, watched: QObject, event: QEvent) -> bool:
        if self._widget is not None:
            self.interrupt()
        return False

    def _show_at(self, value: object) -> None:
        veil, widget = self._veil, self._widget
        if veil is None or widget is None or not isinstance(value, float):
            return
        if not (shiboken6.isValid(widget) and shiboken6.isValid(veil)):
            self.interrupt()  # the screen was deleted under its fade (rebuilt: larger text)
            return
        veil.opacity = value
        veil.update()

    def _release(self) -> None:
        if self._widget is None:
            return
        self._widget = None
        if self in _running:
            _running.remove(self)
        veil = self._veil
        if veil is not None and shiboken6.isValid(veil):
            veil.hide()
            veil.picture = QPixmap()  # the screen's picture is not kept between fades
