"""The window's answer to a failure: a calm "one moment", then attract.

An unexpected error anywhere on the GUI thread, or a write of the visit on screen that
failed (a full disk), ends here: the customer never sees a traceback, and a visit never goes
on as if it were recorded. Kept apart from the window (ui/shell.py), which owns one of these
and resets through it.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer

from kiosk.visit.stages import EndReason

if TYPE_CHECKING:
    from kiosk.visit.writes import WriteFailed
    from ui.shell import Shell

log = logging.getLogger("ui.shell")  # the name store IT has always read these under


class CalmFailure(QObject):
    """``active`` from "one moment" until the window's reset clears it (touches are ignored
    meanwhile); ``pause`` is the window's ``error_pause``."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._shell = shell
        self.active = False
        # The calm pause of "one moment" before attract: a timer the window holds, so a
        # reset that comes first cancels it and a test can let its time pass.
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.timeout.connect(lambda: shell.end_visit(EndReason.ERROR))

    def unexpected(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        log.error(
            "unexpected error; showing 'one moment' and resetting", exc_info=(exc_type, exc, tb)
        )
        self.calm_reset()

    def write_failed(self, failure: WriteFailed) -> None:
        """A write of the visit on screen failed (the journey has logged it and kept it for
        store IT): the customer sees "one moment", then attract, never a visit going on
        unrecorded. A failed end of a visit already over changes nothing on screen."""
        shell = self._shell
        if not shiboken6.isValid(shell):
            return  # the window was closed meanwhile
        state = shell.journey.state if shell.runtime is not None else None
        if state is not None and state.visit_id == failure.visit_id:
            self.calm_reset()

    def calm_reset(self) -> None:
        if self.active:
            return
        self.active = True
        shell = self._shell
        shell.still_there.cancel()
        shell.idle.disarm()
        shell.lazy.say("one_moment")
        shell.router.go("one_moment", animate=False)
        self.pause.start(shell.ERROR_PAUSE_MS)
