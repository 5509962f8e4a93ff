"""Keeping a customer inside the kiosk: no Escape, no Alt+F4, no closing the window.

The window is frameless, full screen and on top; this object adds what the window cannot
do alone. An application-wide event filter swallows the keys that leave an application, the
window refuses every close request (Alt+F4 arrives from the window manager or from Windows
as a close request, not as a key), and the pointer is hidden (a touch screen shows no arrow;
``hide_cursor = false`` shows it for store IT working with a mouse). The one
way out is ``allow_exit``, which the store-IT role calls (associate mode's store-IT screen,
or SIGTERM from the service manager). In windowed (development) mode nothing is locked.

The operating system's part (no desktop, no task switcher, no Ctrl+Alt+Del menu) is not
something an application can do: see packaging/README.md for cage and Shell Launcher.
"""

from __future__ import annotations

import logging
import signal
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease}


def is_escape_key(event: QKeyEvent) -> bool:
    """Keys that close, quit or leave: Escape, Alt+F4, Ctrl+W, Ctrl+Q."""
    from PySide6.QtCore import Qt  # not at import: Qt's namespace costs the first paint 15 ms

    key = event.key()
    mods = event.modifiers()
    if key == Qt.Key.Key_Escape:
        return True
    if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
        return True
    ctrl = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier)
    return bool(ctrl) and key in (Qt.Key.Key_W, Qt.Key.Key_Q)


class Lockdown(QObject):
    """Signals: ``escape_refused`` each time a customer's way out was blocked (counted in
    logs, so store IT can see a kiosk being probed)."""

    escape_refused = Signal()

    def __init__(self, window: QWidget, enabled: bool, hide_cursor: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.enabled = enabled
        self.hide_cursor = hide_cursor and enabled
        self._exit_allowed = not enabled
        self._cursor_hidden = False
        self._sigterm_timer: QTimer | None = None
        if enabled:
            from ui.input_watch import watch

            watch(self, KEY_EVENTS, self.eventFilter)

    @property
    def exit_allowed(self) -> bool:
        return self._exit_allowed

    def engage(self) -> None:
        """Once the window is shown: hide the pointer (unless configured not to), let SIGTERM
        end cleanly."""
        if self.hide_cursor and not self._cursor_hidden:
            from PySide6.QtCore import Qt

            QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self._cursor_hidden = True
        self._quit_on_sigterm()

    def allow_exit(self, by: str) -> None:
        """The store-IT role (or the service manager) may now close the kiosk."""
        log.info("exit allowed by %s", by)
        self._exit_allowed = True
        if self._cursor_hidden:
            QApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    def may_close(self) -> bool:
        """Asked by the window's closeEvent: a customer's close request is refused."""
        if self._exit_allowed:
            return True
        log.info("a close request was refused (kiosk lockdown)")
        self.escape_refused.emit()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._exit_allowed or event.type() not in KEY_EVENTS:
            return False
        if isinstance(event, QKeyEvent) and is_escape_key(event):
            if event.type() == QEvent.Type.KeyPress:
                log.info("a leaving key was swallowed (kiosk lockdown)")
                self.escape_refused.emit()
            # Returning True swallows it. No event.accept() here: in PySide6 6.12 each call
            # from Python drops a reference to None, and this filter sees every key.
            return True
        return False

    def _quit_on_sigterm(self) -> None:
        """systemd stops the kiosk with SIGTERM: allow the exit and quit the event loop, so
        the visit in progress is closed and the database shut cleanly. Python only runs signal
        handlers between bytecodes, hence the idle timer that hands it control now and then."""
        if self._sigterm_timer is not None:
            return

        def on_sigterm(_signum: int, _frame: object) -> None:
            self.allow_exit("SIGTERM (service manager)")
            QTimer.singleShot(0, self.window.close)
            QTimer.singleShot(0, QApplication.quit)

        try:
            signal.signal(signal.SIGTERM, on_sigterm)
        except ValueError:  # not the main thread (some test runners): nothing to do
            return
        self._sigterm_timer = QTimer(self)
        self._sigterm_timer.setInterval(500)
        self._sigterm_timer.timeout.connect(lambda: None)
        self._sigterm_timer.start()
