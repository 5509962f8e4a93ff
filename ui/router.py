"""Screens as declared classes, registered once with one router.

Each screen names itself (``NAME``), is built once, and implements ``enter``/``leave`` and
``clear``: ``clear`` must drop every trace of the customer, because the kiosk calls it on every
screen at each reset. ``retranslate`` sets every visible text for a language at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEasingCurve, QPropertyAnimation
from PySide6.QtWidgets import QGraphicsOpacityEffect, QStackedWidget, QWidget

if TYPE_CHECKING:
    from ui.shell import Shell


class Screen(QWidget):
    """Base of every screen. Signals: none; screens act through ``self.shell``."""

    NAME: ClassVar[str] = ""

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.setObjectName(type(self).__name__)

    def enter(self) -> None:
        """The screen is now shown."""

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
        self._fade: QPropertyAnimation | None = None

    def register(self, screen: Screen) -> Screen:
        if not screen.NAME or screen.NAME in self.screens:
            raise ValueError(f"screen name {screen.NAME!r} is empty or taken")
        self.screens[screen.NAME] = screen
        self.addWidget(screen)
        return screen

    @property
    def current(self) -> Screen:
        widget = self.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def go(self, name: str, animate: bool = True) -> Screen:
        target = self.screens[name]
        if target is self.currentWidget():
            return target
        self.current.leave()
        self.setCurrentWidget(target)
        target.enter()
        if animate and self.isVisible():
            self._fade_in(target)
        return target

    def _fade_in(self, widget: QWidget) -> None:
        if self._fade is not None:
            self._fade.stop()
        effect = QGraphicsOpacityEffect(widget)
        widget.setGraphicsEffect(effect)
        fade = QPropertyAnimation(effect, b"opacity", self)
        fade.setDuration(self.FADE_MS)
        fade.setStartValue(0.0)
        fade.setEndValue(1.0)
        fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        fade.finished.connect(lambda: widget.setGraphicsEffect(None))  # type: ignore[arg-type]
        fade.start()
        self._fade = fade
