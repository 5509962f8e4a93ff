"""The returning screen's camera: "Or hold up your phone page's QR code", and its live state.

Shown only on a kiosk whose ``camera`` setting names a source, and only while the returning
screen is (``start`` on entering, ``stop`` on leaving, on the welcome and on the kiosk's
reset), beside the code entry and never in its way: typing goes on while the camera looks.
The capture and the decoding run on the reader's own thread (``kiosk.station.camera``); its
news is carried to the GUI thread (``ui.tasks.on_gui``) and dropped if this panel is gone.

What the customer sees is calm: a small painted viewfinder, one line asking for the code,
and the state under it ("Looking…" once frames arrive, "Reading your code…" while a code is
looked up). No picture of the camera is ever shown (nothing of the customer on screen), and
a camera that is missing or fails only makes the panel step aside: the code entry is all
there is then, and ``kiosk check`` tells store IT why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.station.camera import CameraReader, CameraState
from ui import kit, theme
from ui.strings import tr
from ui.tasks import on_gui

log = logging.getLogger(__name__)

ICON = 64


class Viewfinder(QWidget):
    """Four brass corners round a small square: "a code goes here", drawn, not a picture."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(ICON, ICON)

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = theme.PALETTE
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(theme.color(palette.brass), 2.0)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        p.setPen(pen)
        box, arm = QRectF(4, 4, ICON - 8, ICON - 8), 14.0
        for corner, dx, dy in (
            (box.topLeft(), 1, 1),
            (box.topRight(), -1, 1),
            (box.bottomLeft(), 1, -1),
            (box.bottomRight(), -1, -1),
        ):
            p.drawLine(corner, corner + QPointF(arm * dx, 0))
            p.drawLine(corner, corner + QPointF(0, arm * dy))
        p.setPen(QPen(theme.color(palette.ink_soft), 1.5))
        inner = 11.0
        for x, y in ((19, 19), (ICON - 19 - inner, 19), (19, ICON - 19 - inner)):
            square = QRectF(x, y, inner, inner)  # a QR code's three finder squares
            p.drawRect(square)
            p.fillRect(square.adjusted(3.5, 3.5, -3.5, -3.5), theme.color(palette.ink_soft))
        p.end()


class CameraPanel(QWidget):
    """``code_seen(text)``: a QR code came into view (on the GUI thread); the screen decides
    what it means. Hidden until ``start`` and whenever the camera cannot be read."""

    code_seen = Signal(str)

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = prefix
        self.setObjectName(f"{prefix}-camera")
        self.language = "en"
        self.state = CameraState.STOPPED
        self.reading = False  # a code seen is being looked up
        self.reader: CameraReader | None = None
        self._ticket: object | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, kit.gap("xxl"), 0, 0)  # its own room: none when hidden
        column.setSpacing(kit.gap("lg"))
        column.addWidget(kit.rule())  # a hairline: another way in, not a step of the code's
        row = QHBoxLayout()
        row.setSpacing(kit.gap("lg"))
        column.addLayout(row)
        row.addWidget(Viewfinder(), 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(kit.gap("xs"))
        self.title = kit.text("body", wrap=True, name=f"{prefix}-camera-title")
        words.addWidget(self.title)
        self.status = kit.text("body_s", tone="muted", name=f"{prefix}-camera-state")
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing())
        words.addWidget(self.status)
        words.addStretch(1)
        row.addLayout(words, 1)
        self.hide()
        stop = self.stop  # a plain callable: the reader must not outlive its panel
        self.destroyed.connect(lambda *_: stop())

    # -- life --------------------------------------------------------------------------------
    def start(self, source: str, language: str) -> None:
        """Look for codes with ``source`` (a device, or a picture or video file)."""
        self.stop()
        self.reading = False
        self.state = CameraState.STARTING
        ticket = self._ticket = object()  # this reader's news only: a stopped one's is dropped
        reader: CameraReader | None = None

        def seen(text: str) -> None:
            self._post(ticket, lambda: self.code_seen.emit(text))

        def changed(state: CameraState) -> None:
            reason = reader.reason if reader is not None else ""
            self._post(ticket, lambda: self._changed(state, reason))

        reader = self.reader = CameraReader(source, seen, changed)
        self.retranslate(language)
        self.show()
        reader.start()

    def stop(self) -> None:
        self._ticket = None
        if self.reader is not None:
            self.reader.stop()
            self.reader = None
        self.state = CameraState.STOPPED

    def set_reading(self, reading: bool) -> None:
        """A code seen is being looked up (True), or has been answered (False)."""
        self.reading = reading
        self._show_state()

    # -- from the reader's thread ------------------------------------------------------------
    def _post(self, ticket: object, call: Callable[[], None]) -> None:
        """``call`` on the GUI thread, if this panel is still there and still reading with
        the reader that sent it."""

        def checked() -> None:
            if shiboken6.isValid(self) and self._ticket is ticket:
                call()

        on_gui(checked)

    def _changed(self, state: CameraState, reason: str) -> None:
        self.state = state
        if state is CameraState.FAILED:  # nothing alarming: the panel steps aside
            log.info("the returning screen's camera is not used: %s", reason)
            self.hide()
            return
        self._show_state()

    # -- words -------------------------------------------------------------------------------
    def _show_state(self) -> None:
        if self.reading:
            key = f"{self.prefix}.camera_reading"
        elif self.state is CameraState.LOOKING:
            key = f"{self.prefix}.camera_looking"
        else:
            key = ""
        self.status.setText(tr(key, self.language) if key else "")

    def retranslate(self, language: str) -> None:
        self.language = language
        self.title.setText(tr(f"{self.prefix}.camera_title", language))
        self._show_state()
