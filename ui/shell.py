"""The kiosk window: the screens, the idle countdown, the visit's start and its reset.

The window is the only place that starts and ends visits on behalf of the screens, and the
only place that resets: the journey forgets the customer, attract returns, and every screen's
``clear`` runs (the hidden screens' in idle time, each before it is next shown). Unexpected
errors end here too, as a calm "one moment" and a reset, and so does a visit whose write
failed (a full disk): it must not go on as if it were recorded (ui/calm_failure.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.station.config import Config
from kiosk.visit.stages import Change, EndReason
from ui import kit, theme
from ui.calm_failure import CalmFailure
from ui.context import ScreenContext
from ui.images import ImageLoader
from ui.lazy_screens import LazyScreens
from ui.router import Router, Screen
from ui.tasks import on_gui

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QResizeEvent

    from kiosk.content.model import ContentPack, LocalText
    from kiosk.station.runtime import Runtime
    from kiosk.visit.journey import Journey

log = logging.getLogger(__name__)


class Shell(QWidget):
    """Signals: ``visit_reset`` after every reset, ``ready`` once the database is open."""

    visit_reset = Signal()
    ready = Signal()
    ERROR_PAUSE_MS = 3000

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        # the kiosk's ground under every screen: a screen fades in from transparent over the
        # window, which showed Qt's grey (#EFEFEF) full screen on a real display meanwhile
        kit.surface(self, "ivory")
        self.config = config
        self.runtime: Runtime | None = None
        self.images: ImageLoader | None = None
        self.after_hours: QWidget | None = None  # the veil outside opening hours (ui/app.py)
        self._attract_looping = False
        self.failure = CalmFailure(self)  # "one moment", then attract (ui/calm_failure.py)
        self.error_pause = self.failure.pause
        self._history: list[tuple[str, dict[str, Any]]] = []
        self._current: tuple[str, dict[str, Any]] = ("attract", {})

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The screen decides the window's size, never the widest page: a screen turned to
        # portrait re-arranges itself after the window has become narrow.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.router = Router()
        layout.addWidget(self.router)
        self.lazy = LazyScreens(self.router, str(config.languages[0]), self)
        from ui.screens.customer.attract import AttractScreen

        self.attract = AttractScreen(
            config.languages, self.begin_visit, self._open_associate_entry, lambda: self.brand_name
        )
        self.router.register(self.attract)

        from ui.lockdown import Lockdown

        self.lockdown = Lockdown(self, enabled=not config.windowed, hide_cursor=config.hide_cursor)

    def build_screens(self, rest_later: bool = False) -> None:
        """Build the other screens, after attract's first paint and once the runtime is ready
        (they are given its journey and pack). ``rest_later`` (the kiosk's start): what a
        touch on attract opens now, the rest once attract shows its image (LazyScreens)."""
        if len(self.router.screens) > 1:
            return
        if not self._attract_looping:
            self._attract_looping = True
            self.attract.enter()  # the image loop starts once the kiosk has shown itself
        if self.runtime is None:
            return
        from ui.idle import IdleWatcher

        self.idle = IdleWatcher(self.config.idle_timeout_s, self)
        self.idle.idle.connect(self._on_idle)
        from ui.associate_mode import AssociateMode

        self.associate_mode = AssociateMode(
            self, self, self.runtime, self.idle, self.exit_requested_by_store_it, self.visit_reset
        )
        self._build_customer_screens(only_first=rest_later)
        self.retranslate(self.default_language, everything=True)

    def _build_customer_screens(self, only_first: bool = False) -> None:
        from ui.widgets.display_menu import DisplayMenu
        from ui.widgets.still_there import StillThere

        self.still_there = StillThere(self, self.config.idle_countdown_s)
        self.still_there.stay.connect(self._stayed)
        self.still_there.expired.connect(lambda: self.end_visit(EndReason.IDLE))
        self.display_menu = DisplayMenu(self, self.set_display_mode, lambda: self.language)
        assert self.runtime is not None
        assert self.images is not None
        self._context = ScreenContext(
            self.runtime, self.images, self, self.associate_mode, self.idle.idle
        )
        self.lazy.build_later(lambda c: self.router.register(c(self._context)), self._prepare)
        self.lazy.build_first(all_of_them=not only_first)
        self.associate_mode.watch(self.router.screens)
        self._apply_orientation()

    def _prepare(self, screen: Screen) -> None:
        """A screen built late, brought to where the others are (as a display-mode rebuild)."""
        screen.set_portrait(self.height() > self.width())
        if self.runtime is not None:
            screen.pack_changed(self.pack)
        self.associate_mode.watch({screen.NAME: screen})

    def set_display_mode(self, mode: theme.DisplayMode) -> None:
        """Larger text or high contrast: every screen is rebuilt in the new mode and the
        customer stays exactly where they were (screens rebuild from the journey)."""
        if mode == theme.current_mode():
            return
        self.lazy.clear_now()  # the last customer forgotten by the screens about to go
        theme.set_mode(mode)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(theme.style_sheet())
        name, params = self._current
        for screen_name in [n for n in self.router.screens if n != "attract"]:
            self.router.unregister(screen_name).deleteLater()
        self.still_there.deleteLater()
        self.display_menu.deleteLater()
        self._build_customer_screens()
        if self.runtime is not None:
            for screen in self.screens.values():
                screen.pack_changed(self.pack)
        self.retranslate(self.language, everything=True)
        self.lazy.say(name)
        self.router.go(name, params, animate=False)
        if self.runtime is not None and self.journey.active:
            large, contrast = mode.large_text, mode.high_contrast
            self.journey.record("display_mode_changed", large_text=large, high_contrast=contrast)

    # -- the domain, once it is ready ------------------------------------------------------
    def attach(self, runtime: Runtime, rest_later: bool = False) -> None:
        self.runtime = runtime
        self.images = ImageLoader(runtime.packs.renditions)
        # Attract's image queued first: the screens built next queue work (pinyin) behind it.
        self.attract.set_imagery(runtime.pack.attract_loop, list(runtime.pack.attract_images))
        runtime.journey.subscribe(self._journey_changed)
        # Heard on the recorder thread; acted on here, on the GUI thread (if still open).
        runtime.journey.on_write_failed(lambda f: on_gui(lambda: self.failure.write_failed(f)))
        self.lazy.hold_until(self.attract.until_seen())
        self.build_screens(rest_later)
        self._show_pack()
        self.ready.emit()
        if runtime.database_open:
            self.database_opened()

    def database_opened(self) -> None:
        """The other screens, once their modules have loaded (ui/app.py), in idle time."""
        on_attract = self.router.current is self.attract  # for its image, else at once
        self.lazy.start_building(self.attract.until_seen() if on_attract else None)
        if "greeting" in self.router.screens:  # what the first touch opens, whole
            self.router.screens["greeting"].warm()

    @property
    def brand_name(self) -> str:
        """The brand of the pack in service ("" while the kiosk is still starting)."""
        return self.runtime.pack.info.brand if self.runtime is not None else ""

    def _show_pack(self) -> None:
        """Show the pack in service: its imagery on attract, its brand in every header."""
        self.lazy.clear_now()  # the screens forget the last customer before they take it
        self.setWindowTitle(self.brand_name)
        self.attract.set_imagery(self.pack.attract_loop, list(self.pack.attract_images))
        tagline = self.pack.info.tagline  # one line per offered language, none twice
        lines = [tagline.get(lang) for lang in self.attract.languages] if tagline else []
        self.attract.set_tagline(list(dict.fromkeys(line for line in lines if line)))
        for screen in self.router.screens.values():
            screen.pack_changed(self.pack)
        self.retranslate(self.language, everything=True)

    def show_pack_again(self, where: Callable[[Screen, dict[str, Any]], dict[str, Any]]) -> None:
        """The live preview (ui/preview) put a saved pack in service mid-visit: every screen
        takes it; the screen looked at is entered again where ``where`` says the author was."""
        name, params = self._current
        here = name == self.router.current.NAME  # not an associate screen over the visit
        self._current = (name, where(self.router.current, params) if here else params)
        self._show_pack()
        if here:
            self.router.go(name, self._current[1], animate=False)

    @property
    def pack(self) -> ContentPack:
        """The content pack in service (switched only between visits)."""
        assert self.runtime is not None, "the kiosk is still starting"
        return self.runtime.pack

    def t(self, text: LocalText | None) -> str:
        """Brand content in the customer's language (falling back to the pack's default)."""
        return "" if text is None else text.get(self.language)

    def _journey_changed(self, change: Change) -> None:
        self.lazy.clear_now()  # no screen hears of a visit before it has forgotten the last
        for screen in self.router.screens.values():
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
    def screens(self) -> Mapping[str, Screen]:
        """Every screen by name, each made ready when asked for (LazyScreens.view); the window
        itself goes through ``router.screens``."""
        return self.lazy.view()

    @property
    def screen_classes(self) -> Sequence[type[Screen]]:
        return self.lazy.classes()  # every screen's, built or not: asking builds nothing

    @property
    def current_screen(self) -> Screen:
        return self.router.current

    def toggle_display_menu(self) -> None:
        self.display_menu.toggle()

    def _open_associate_entry(self) -> None:
        """The long press in attract's corner (associate mode is there once the runtime is)."""
        if (mode := getattr(self, "associate_mode", None)) is not None:
            mode.open_entry(without_visit=True)

    # -- the visit's life ------------------------------------------------------------------
    @property
    def accepts_touch(self) -> bool:
        """Whether a touch on attract would begin a visit now (the start-up bench asks too)."""
        if self.runtime is None or "greeting" not in self.router.screens:
            return False  # still starting: the database, or the screens a visit opens on
        return not self.journey.active and not self.failure.active

    def begin_visit(self) -> None:
        """First touch on attract (its writes may wait for the database: kiosk.station.opening)."""
        if not self.accepts_touch:
            return
        self.journey.begin(self.default_language)
        self.retranslate(self.default_language)
        self.lazy.say("greeting")  # a touch right after a reset comes before idle time
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
        self.lazy.ensure(name)
        self.lazy.say(name)
        stage = self.router.screens[name].STAGE

        def record_stage() -> None:
            if stage is not None and self.journey.active and stage != self.journey.stage:
                self.journey.enter_stage(stage)

        self.router.go(name, params, between=record_stage)

    def set_language(self, language: str) -> None:
        if self.journey.active and language != self.journey.language:
            self.journey.set_language(language)
        self.retranslate(language)

    def retranslate(self, language: str, everything: bool = False, at_once: bool = False) -> None:
        """Every screen's texts in ``language`` (see LazyScreens.retranslate)."""
        self.lazy.retranslate(language, everything, at_once)

    def finish_visit(self) -> None:
        """'I'm done': a thank-you and the one-tap questions (never waited for: the farewell
        has "Finish"), then the end; from the farewell itself, the end at once."""
        on_farewell = self._current[0] == "farewell"
        self.lazy.ensure("farewell")
        if "farewell" in self.router.screens and self.journey.active and not on_farewell:
            self.go("farewell")
            return
        self.end_visit(EndReason.COMPLETED)

    def end_visit(self, reason: EndReason) -> None:
        if self.runtime is not None and self.journey.active:
            self.journey.end(reason)
        self.reset()

    def reset(self) -> None:
        """Forget the customer everywhere on screen and in memory, and return to attract."""
        self.error_pause.stop()
        self.still_there.cancel()
        self.display_menu.hide()
        self.idle.disarm()
        self._history.clear()
        # the screen left, attract and the greeting (the next touch opens it) forget now
        self.lazy.clear_later(
            now=(self._current[0], self.router.current.NAME, "attract", "greeting")
        )
        self._current = ("attract", {})
        if self.runtime is not None and self.runtime.packs.switch_if_idle(visit_open=False):
            log.info("a newly installed content pack is now in service")
            self._show_pack()
        self.set_display_mode(theme.DisplayMode())  # the next customer starts in the default
        self.router.go("attract", animate=False)
        # Attract's texts now, every other screen's before it is next shown or in idle time:
        # all twenty at once held the farewell's last touch for 60-100 ms.
        self.retranslate(self.default_language)
        self.failure.active = False
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
        self.failure.unexpected(exc_type, exc, tb)

    # -- window behaviour ------------------------------------------------------------------
    def show_kiosk(self) -> None:
        """Store mode: frameless, on top, and covering its whole screen even where no window
        manager honours a full-screen request (ui.fullscreen)."""
        from ui.fullscreen import ScreenFiller

        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.screen_filler = ScreenFiller(self)
        self.screen_filler.show()

    def _apply_orientation(self) -> None:
        portrait = self.height() > self.width()
        for screen in self.router.screens.values():
            screen.set_portrait(portrait)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if len(self.router.screens) > 1:
            self._apply_orientation()
            if self.still_there.isVisible():
                self.still_there.setGeometry(self.rect())

    def exit_requested_by_store_it(self, by: str = "store IT") -> None:
        """The only way out of a locked-down kiosk; called by the store-IT role."""
        self.lockdown.allow_exit(by)
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.lockdown.may_close():  # a customer cannot close the kiosk
            event.ignore()
            return
        if self.runtime is not None and self.journey.active:
            self.journey.end(EndReason.COMPLETED)
        event.accept()
