"""Filling the screen the kiosk is on, with or without a window manager.

``showFullScreen()`` only asks: on X11 full screen is the window manager's job, and a kiosk
often runs on an X server started with the kiosk alone. There the request is ignored and the
window stays at Qt's default size (a 200x100 corner window, whose first attract image is
decoded at that size). So the window is also given the screen's geometry itself, before it is
shown (the first paint is already full size), and follows it: a resolution change, a screen
turned to portrait, or the window moved to another screen. With a window manager (or on
Windows, or a Wayland kiosk compositor) the full-screen request does the same and the
geometry given is the one it would choose anyway.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class ScreenFiller(QObject):
    """Keeps ``window`` covering the whole of its screen for as long as the window lives."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self._screen: QScreen | None = None

    def show(self) -> None:
        """Show the window full screen on the screen it is on (the primary one at start)."""
        screen = self.window.screen()
        self.window.setGeometry(screen.geometry())
        self.window.showFullScreen()
        handle = self.window.windowHandle()
        if handle is not None:
            handle.screenChanged.connect(self._follow)
        self._follow(screen)

    def _follow(self, screen: QScreen | None) -> None:
        if self._screen is not None:
            self._screen.geometryChanged.disconnect(self._fit)
        self._screen = screen
        if screen is None:  # the screen was unplugged; Qt announces the next one
            return
        screen.geometryChanged.connect(self._fit)
        self._fit(screen.geometry())

    def _fit(self, geometry: QRect) -> None:
        if self.window.geometry() != geometry:
            log.info(
                "the kiosk window now fills the screen: %dx%d", geometry.width(), geometry.height()
            )
            self.window.setGeometry(geometry)
