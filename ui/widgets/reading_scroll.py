"""A vertical scroll area for reading on a touchscreen: kinetic (flick with a finger), with
a hairline scroll indicator instead of a desktop scroll bar, no frame, and its edges faded
where the page goes on (so no line is sliced by a hard edge: "SPECIFICATIONS" cut in half at
the foot of the story read as a mistake, not as more to read)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSpacerItem,
    QWidget,
)

from ui import kit
from ui.widgets.scroll_fade import ScrollFade


class ReadingScroll(QScrollArea):
    FADE = 96  # px: deeper than the tallest line a page holds (a display title's)

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.setObjectName("reading")
        self.setWidget(content)
        kit.surface(self, "reading")
        self.viewport().setAutoFillBackground(False)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        # A press reaches the button under the finger at once (its pressed look is the
        # answer to the touch); a drag that becomes a scroll then cancels it.
        scroller = QScroller.scroller(self.viewport())
        properties = scroller.scrollerProperties()
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
        scroller.setScrollerProperties(properties)
        self.fade = ScrollFade(self, self.FADE, axes=(Qt.Orientation.Vertical,))
        self._kept: list[tuple[QWidget, QSpacerItem, int]] = []
        self._keeping = False  # inside _keep_whole: the moves it causes do not call it again
        # Judged once the layout has settled, not inside each move it makes on the way: read
        # mid-layout, a heading's place was stale and the spacer swung between two sizes,
        # each move re-entering the filter until the stack ran out (story under a finger).
        self._keep_timer = QTimer(self)
        self._keep_timer.setSingleShot(True)
        self._keep_timer.setInterval(0)
        self._keep_timer.timeout.connect(self._keep_whole)

    def keep_whole(self, widget: QWidget, space: QSpacerItem) -> None:
        """Never let the page's first fold cut ``widget`` (a section's heading): where the
        foot of the viewport would slice it, ``space`` (the spacer above it) grows until the
        heading starts below the fold; the faded foot then shows the page going on and the
        heading is read whole once scrolled to."""
        self._kept.append((widget, space, space.sizeHint().height()))
        widget.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and self._kept:
            self._keep_timer.start()
        if watched is self.widget():  # the scroll area's own filter (it sizes its page)
            return super().eventFilter(watched, event)
        # A kept heading or the viewport: watched for _keep_whole only. Handing their events
        # to QScrollArea's filter as well recursed without end through the chapter pager's
        # drag filter (PySide dispatching the base call to another Python filter).
        return False

    def _keep_whole(self) -> None:
        if self._keeping:
            return
        self._keeping = True
        try:
            self._keep_whole_now()
        finally:
            self._keeping = False

    def _keep_whole_now(self) -> None:
        fold = self.viewport().height()
        for widget, space, base in self._kept:
            extra = space.sizeHint().height() - base
            top = widget.y() - extra  # where it stands without the extra space
            wanted = fold - top if widget.isVisible() and top < fold < top + widget.height() else 0
            if wanted != extra:
                space.changeSize(0, base + wanted)
                content = self.widget()
                layout = content.layout() if content is not None else None
                if layout is not None:
                    layout.invalidate()

    def to_top(self) -> None:
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)
