"""Outside opening hours, a quiet veil over the idle kiosk instead of a bright, empty loop.

A kiosk that glows and cycles images behind a closed shutter looks broken (and burns its
panel). Outside ``opening_hours``, while attract is showing and no visit is open, this veil
covers the screen with the night colour, stops the image loop and says when the store opens.
A touch wakes the kiosk for ``after_hours_wake_s``: attract comes back as usual and a visit
may start (a late customer, an associate closing up). The schedule itself is
``kiosk.station.opening_hours``; the clock is injected so tests need not wait for the evening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.station.opening_hours import OpeningHours
from ui import kit, theme
from ui.strings import tr
from ui.widgets.painted_line import draw_centred, in_their_faces

Clock = Callable[[], dt.datetime]
POLL_MS = 30_000


class ImageLoop(Protocol):
    """Attract's image loop, as the veil rests and resumes it."""

    def enter(self) -> None: ...
    def leave(self) -> None: ...


class AfterHoursVeil(QWidget):
    """Signals: ``dimmed_changed(bool)`` when the kiosk dims or brightens."""

    dimmed_changed = Signal(bool)

    def __init__(
        self,
        window: QWidget,
        attract: ImageLoop,
        visit_open: Callable[[], bool],
        attract_showing: Callable[[], bool],
        brand_name: Callable[[], str],
        languages: Sequence[str],
        hours: OpeningHours,
        wake_s: int,
        clock: Clock = dt.datetime.now,
    ) -> None:
        """Covers ``window`` (and follows its size); rests and resumes ``attract``'s loop; dims
        only while no visit is open and attract is on show. The window calls ``refresh`` after
        each reset."""
        super().__init__(window)
        self.setObjectName("AfterHoursVeil")
        self._window, self.attract = window, attract
        self._visit_open, self._attract_showing = visit_open, attract_showing
        self._brand_name, self.languages = brand_name, list(languages)
        self.hours = hours
        self.wake_s = wake_s
        self.clock = clock
        self._awake_until: dt.datetime | None = None
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        window.installEventFilter(self)
        self.refresh()

    @property
    def dimmed(self) -> bool:
        return self.isVisible()

    def should_dim(self, now: dt.datetime) -> bool:
        if self.hours.is_open(now):
            return False
        if self._awake_until is not None and now < self._awake_until:
            return False
        if self._visit_open():
            return False
        return self._attract_showing()

    def refresh(self) -> None:
        """Dim or brighten for the present moment, then look again when that can change."""
        now = self.clock()
        dim = self.should_dim(now)
        if dim and not self.isVisible():
            self.setGeometry(self._window.rect())
            self.show()
            self.raise_()
            self.attract.leave()  # the image loop rests with the store
            self.dimmed_changed.emit(True)
        elif not dim and self.isVisible():
            self.hide()
            if self._attract_showing():
                self.attract.enter()
            self.dimmed_changed.emit(False)
        self._timer.start(self._next_look_ms(now))

    def _next_look_ms(self, now: dt.datetime) -> int:
        moments = [self.hours.next_change(now), self._awake_until]
        waits = [(m - now).total_seconds() * 1000 for m in moments if m is not None and m > now]
        return int(max(1000, min([POLL_MS, *waits])))

    def wake(self) -> None:
        """A touch outside hours: attract as usual for a while."""
        self._awake_until = self.clock() + dt.timedelta(seconds=self.wake_s)
        self.refresh()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # The touch wakes the kiosk and goes no further: it does not also start a visit.
        self.wake()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._window.rect())
        return False

    def message(self, language: str) -> str:
        now = self.clock()
        opening = self.hours.next_opening(now)
        if opening is None:
            return tr("after_hours.closed", language)
        time = opening.strftime("%H:%M")
        if opening.date() == now.date():
            return tr("after_hours.opens_today", language, time=time)
        if opening.date() == now.date() + dt.timedelta(days=1):
            return tr("after_hours.opens_tomorrow", language, time=time)
        return tr("after_hours.closed", language)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), theme.color(theme.PALETTE.night, 0.9))
        w, h = self.width(), self.height()
        unit = min(w, h) / 1080
        languages = self.languages
        p.setPen(theme.color(theme.PALETTE.ivory, 0.55))
        brand = self._brand_name().upper()
        draw_centred(p, [(kit.font("title", unit, for_text=brand), brand)], w, h / 2)
        p.setPen(theme.color(theme.PALETTE.brass, 0.7))
        p.drawLine(int(w / 2 - 30 * unit), int(h / 2 + 40 * unit),
                   int(w / 2 + 30 * unit), int(h / 2 + 40 * unit))  # fmt: skip
        p.setPen(theme.color(theme.PALETTE.ivory, 0.45))
        messages = [self.message(lang) for lang in languages]  # each in its own face
        draw_centred(p, in_their_faces("label", unit, messages), w, h / 2 + 100 * unit)
        p.end()
