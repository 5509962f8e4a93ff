"""Screens as declared classes, registered once with one router.

Each screen names itself (``NAME``), is built once, and implements ``enter``/``leave`` and
``clear``: ``clear`` must drop every trace of the customer, because the kiosk calls it on every
screen at each reset. ``retranslate`` sets every visible text for a language at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import QStackedWidget, QWidget

if TYPE_CHECKING:
    from kiosk.content.model import ContentPack
    from kiosk.visit.stages import Change, Stage
    from ui.widgets.fade import FadeIn


class Screen(QWidget):
    """Base of every screen. Signals: none; a screen acts through what it was given (most
    through a ``ui.context.ScreenContext``)."""

    NAME: ClassVar[str] = ""
    STAGE: ClassVar[Stage | None] = None
    """The journey stage this screen belongs to; entering it records the stage change."""
    ASSOCIATE: ClassVar[bool] = False
    """An associate-mode screen (never shown to a customer; left when the associate goes)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName(type(self).__name__)

    def enter(self, **params: Any) -> None:
        """The screen is now shown, with what ``go(NAME, **params)`` passed."""

    def pack_changed(self, pack: ContentPack) -> None:
        """A content pack went into service (at start, or between visits): build what depends
        on it now, not while a customer waits for the screen."""

    def warm(self) -> None:
        """Decode ahead, in idle time, what the screen's next showing needs (its pictures),
        so it appears whole; the start's heavier work is done by then."""

    def journey_changed(self, change: Change) -> None:
        """The visit changed (selection, needs, language...); refresh what depends on it."""

    def set_portrait(self, portrait: bool) -> None:
        """The screen is taller than wide (1080x1920) or not: re-arrange if needed."""

    def leave(self) -> None:
        """The screen is about to be hidden."""

    def retranslate(self, language: str) -> None:
        """Set every visible text in ``language``."""

    def clear(self) -> None:
        """Forget everything about the current customer."""


class Router(QStackedWidget):
    FADE_MS = 280

    def __init__(self) -> None:
        super().__init__()
        self.screens: dict[str, Screen] = {}
        self._fade: FadeIn | None = None  # one, reused: made at the first fade

    def register(self, screen: Screen) -> Screen:
        if not screen.NAME or screen.NAME in self.screens:
            raise ValueError(f"screen name {screen.NAME!r} is empty or taken")
        self.screens[screen.NAME] = screen
        self.addWidget(screen)
        return screen

    def unregister(self, name: str) -> Screen:
        screen = self.screens.pop(name)
        self.removeWidget(screen)
        return screen

    @property
    def current(self) -> Screen:
        widget = self.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def go(
        self,
        name: str,
        params: dict[str, Any] | None = None,
        animate: bool = True,
        between: Callable[[], None] | None = None,
    ) -> Screen:
        """Leave the current screen, run ``between`` (the shell records the stage change
        there, so what the screen left records comes first), then enter ``name``."""
        target = self.screens[name]
        if target is self.currentWidget():
            if between is not None:
                between()
            target.enter(**(params or {}))
            return target
        self.current.leave()
        if between is not None:
            between()
        self.setCurrentWidget(target)
        target.enter(**(params or {}))
        if animate and self.isVisible():
            self._fade_in(target)
        return target

    def _fade_in(self, widget: QWidget) -> None:
        # Imported here: Qt's animation classes load on first use, and none is needed before
        # the kiosk's first paint.
        from ui.widgets.fade import FadeIn

        if self._fade is None:
            self._fade = FadeIn(self, self.FADE_MS)
        self._fade.run(widget)
