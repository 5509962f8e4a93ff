"""Kinetic (flick) scrolling for touch, shared by every scrollable list and grid."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QScroller, QScrollerProperties, QWidget


def kinetic(view: QAbstractItemView | QWidget) -> None:
    """Flick-scrolling with a finger (touch screens deliver it as a left button).

    A press reaches the row at once instead of after Qt's 0.25 s delay: press feedback must
    be immediate, and a flick that follows cancels the press anyway. (The delayed press is
    also re-targeted through ``QApplication.widgetAt``, which misses on a screen smaller than
    the window, as the offscreen test platform's is.)
    """
    target = view.viewport() if isinstance(view, QAbstractItemView) else view
    QScroller.grabGesture(target, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(target)
    properties = scroller.scrollerProperties()
    properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    scroller.setScrollerProperties(properties)
