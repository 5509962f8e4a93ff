"""The kiosk window: the screens, the idle countdown, the visit's start and its reset.

The window is the only place that starts and ends visits on behalf of the screens, and the
only place that resets: every screen's ``clear`` runs, the journey forgets the customer, and
attract returns. Unexpected errors end here too, as a calm "one moment" and a reset.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.config import Config
from kiosk.stages import Change, EndReason
from ui.idle import IdleWatcher
from ui.images import ImageLoader
from ui.router import Router, Screen

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from kiosk.content.model import ContentPack, LocalText
    from kiosk.journey import Journey
    from kiosk.runtime import Runtime

log = logging.getLogger(__name__)


class Shell(QWidget):
    """Signals: ``visit_reset`` after every reset, ``ready`` once the database is open."""

    visit_reset = Signal()
    ready = Signal()
    ERROR_PAUSE_MS = 3000

    def __init__(self, config: Config, brand_name: str, brand_images: list[Path]) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowTitle(brand_name)
        self.config = config
        self.brand_name = brand_name
        self.brand_images = brand_images
        self.runtime: Runtime | None = None
        self.images: ImageLoader | None = None
        self._in_error = False
        self._history: list[tuple[str, dict[str, Any]]] = []
        self._current: tuple[str, dict[str, Any]] = ("attract", {})

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.router = Router()
        layout.addWidget(self.router)
        self.idle = IdleWatcher(config.idle_timeout_s, self)
        self.idle.idle.connect(self._on_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

        from ui.screens.attract import AttractScreen

        self.attract = AttractScreen(self, brand_images)
        self.router.register(self.attract)

    def build_screens(self) -> None:
        """Build every other screen. Called right after attract's first paint: the kiosk shows
        itself before it builds what a customer sees only after a touch."""
        if len(self.screens) > 1:
            return
        from ui.screens.registry import SCREENS
        from ui.widgets.still_there import StillThere

        self.still_there = StillThere(self, self.config.idle_countdown_s)
        self.still_there.stay.connect(self._stayed)
        self.still_there.expired.connect(lambda: self.end_visit(EndReason.IDLE))
        for entry in SCREENS:
            module, _, cls = entry.partition(":")
            screen_class = getattr(importlib.import_module(module), cls)
            self.router.register(screen_class(self))
        self.retranslate(self.default_language)
        self._apply_orientation()
        self.attract.enter()  # the image loop starts once the kiosk has shown itself

    # -- the domain, once it is ready ------------------------------------------------------
    def attach(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.images = ImageLoader(runtime.packs.renditions)
        runtime.journey.subscribe(self._journey_changed)
        self.build_screens()
        self.ready.emit()

    @property
    def pack(self) -> ContentPack:
        """The content pack in service (switched only between visits)."""
        assert self.runtime is not None, "the kiosk is still starting"
        return self.runtime.pack

    def t(self, text: LocalText | None) -> str:
        """Brand content in the customer's language (falling back to the pack's default)."""
        return "" if text is None else text.get(self.language)

    def _journey_changed(self, change: Change) -> None:
        for screen in self.screens.values():
            screen.journey_changed(change)

    @property
    def journey(self) -> Journey:
        assert self.runtime is not None, "the kiosk is still starting"
        return self.runtime.journey

    @property
    def default_language(self) -> str:
        return str(self.config.languages[0])

    @property
    def language(self) -> str:
        return self.journey.language if self.runtime else self.default_language

    @property
    def screens(self) -> dict[str, Screen]:
        return self.router.screens

    # -- the visit's life ------------------------------------------------------------------
    def begin_visit(self) -> None:
        """First touch on attract. Ignored while the database is still opening (< 1 s)."""
        if self.runtime is None or self.journey.active or self._in_error:
            return
        self.journey.begin(self.default_language)
        self.retranslate(self.default_language)
        self._history.clear()
        self._current = ("greeting", {})
        self.router.go("greeting")
        self.idle.arm()

    def go(self, name: str, **params: Any) -> None:
        """Show screen ``name`` with ``params``; the screen left can be returned to by back()."""
        self._history.append(self._current)
        self._show(name, params)

    def back(self) -> None:
        """Return to the previous screen as it was (the same product, the same scene)."""
        if self._history:
            name, params = self._history.pop()
            self._show(name, params)

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    def _show(self, name: str, params: dict[str, Any]) -> None:
        self._current = (name, params)
        stage = self.screens[name].STAGE
        if stage is not None and self.journey.active and stage != self.journey.stage:
            self.journey.enter_stage(stage)
        self.router.go(name, params)

    def set_language(self, language: str) -> None:
        if self.journey.active and language != self.journey.language:
            self.journey.set_language(language)
        self.retranslate(language)

    def retranslate(self, language: str) -> None:
        for screen in self.screens.values():
            screen.retranslate(language)

    def finish_visit(self) -> None:
        """'I'm done': a thank-you and the one-tap questions (never waited for: the farewell
        has "Finish now"), then the end; from the farewell itself, the end at once."""
        on_farewell = self._current[0] == "farewell"
        if "farewell" in self.screens and self.journey.active and not on_farewell:
            self.go("farewell")
            return
        self.end_visit(EndReason.COMPLETED)

    def end_visit(self, reason: EndReason) -> None:
        if self.runtime is not None and self.journey.active:
            self.journey.end(reason)
        self.reset()

    def reset(self) -> None:
        """Forget the customer everywhere on screen and in memory, and return to attract."""
        self.still_there.cancel()
        self.idle.disarm()
        self._history.clear()
        self._current = ("attract", {})
        for screen in self.screens.values():
            screen.clear()
        if self.runtime is not None and self.runtime.packs.switch_if_idle(visit_open=False):
            log.info("a newly installed content pack is now in service")
        self.retranslate(self.default_language)
        self.router.go("attract", animate=False)
        self._in_error = False
        self.visit_reset.emit()

    def _on_idle(self) -> None:
        if self.runtime is not None and self.journey.active:
            self.still_there.start(self.journey.language)

    def _stayed(self) -> None:
        if self.runtime is not None and self.journey.active:
            self.journey.record("still_there_confirmed")
            self.idle.arm()

    # -- failures --------------------------------------------------------------------------
    def handle_unexpected(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        log.error(
            "unexpected error; showing 'one moment' and resetting", exc_info=(exc_type, exc, tb)
        )
        if self._in_error:
            return
        self._in_error = True
        self.still_there.cancel()
        self.idle.disarm()
        self.router.go("one_moment", animate=False)
        QTimer.singleShot(self.ERROR_PAUSE_MS, lambda: self.end_visit(EndReason.ERROR))

    # -- window behaviour ------------------------------------------------------------------
    def _apply_orientation(self) -> None:
        portrait = self.height() > self.width()
        for screen in self.screens.values():
            screen.set_portrait(portrait)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if len(self.screens) > 1:
            self._apply_orientation()
            if self.still_there.isVisible():
                self.still_there.setGeometry(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runtime is not None and self.journey.active:
            self.journey.end(EndReason.COMPLETED)
        event.accept()


def kiosk_flags() -> Qt.WindowType:
    from PySide6.QtCore import Qt

    return Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
