"""The systemd watchdog, fed by the GUI thread's event loop.

The pings come from a QTimer on the GUI thread, at half the interval systemd asked for
(``$WATCHDOG_USEC``): while the event loop turns they go out; when the GUI thread is stuck
(an endless loop, a deadlock, a paint that never ends) they stop, and systemd kills and
restarts the kiosk like a crash. A thread of its own would keep pinging for a dead screen.
``READY=1`` goes once the attract screen is up with the runtime attached (a touch would begin
a visit), ``STOPPING=1`` when the kiosk quits. Nothing is sent without ``$NOTIFY_SOCKET``.
With the watchdog on, faulthandler is enabled: the SIGABRT systemd kills a silent kiosk with
leaves every thread's stack in the journal.

The record ``kiosk check`` reads (kiosk.station.sdnotify) is written by a worker, asked by a
ping at most every ``RECORD_EVERY_S``: a hung GUI thread stops its updates too.

``MAISON_TEST_HANG_ON_SIGUSR1=1`` (tests only) makes SIGUSR1 block the GUI thread in a loop,
the hang the watchdog exists for; it is not read unless set.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from kiosk.station.sdnotify import (
    RECORD_EVERY_S,
    Notifier,
    WatchdogRecord,
    now_iso,
    process_identity,
    write_record,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from ui.shell import Shell

log = logging.getLogger(__name__)

HANG_FLAG = "MAISON_TEST_HANG_ON_SIGUSR1"


class Watchdog(QObject):
    """Pings systemd from the GUI thread; owned by the application (lives as long as it)."""

    def __init__(self, app: QApplication, notifier: Notifier, data_folder: Path) -> None:
        super().__init__(app)
        self.notifier = notifier
        self.folder = data_folder
        self._record = WatchdogRecord(
            pid=os.getpid(),
            started_at=now_iso(),
            under_systemd=notifier.enabled,
            interval_s=notifier.watchdog_s,
            identity=process_identity(os.getpid()),
        )
        self._recorded_at = 0.0
        self._timer: QTimer | None = None
        if notifier.watchdog_s is not None:
            # systemd ends a silent kiosk with SIGABRT (WatchdogSignal=): every thread's
            # Python stack then goes to stderr, the journal, naming where the GUI hung.
            faulthandler.enable(all_threads=True)
            self._timer = QTimer(self)
            self._timer.setInterval(max(1, int(notifier.watchdog_s * 1000 / 2)))
            self._timer.timeout.connect(self.ping)
            self._timer.start()
        app.aboutToQuit.connect(self.stopping)
        self._save(self._record)

    def ping(self) -> None:
        self.notifier.ping()
        now = time.monotonic()
        if now - self._recorded_at >= RECORD_EVERY_S:
            self._recorded_at = now
            self._save(WatchdogRecord(**{**self._record.__dict__, "last_ping_at": now_iso()}))

    def ready(self) -> None:
        if self.notifier.ready("attract screen up"):
            log.info(
                "told systemd the kiosk is ready (watchdog %s)",
                f"every {self.notifier.watchdog_s:g} s" if self.notifier.watchdog_s else "off",
            )
        self.ping()  # the first ping with READY: systemd's watchdog starts counting now

    def stopping(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.notifier.stopping()
        self.notifier.close()

    def _save(self, record: WatchdogRecord) -> None:
        from ui import tasks

        folder = self.folder
        tasks.run_task(lambda: write_record(folder, record), lambda _r, _e: None)


def install(app: QApplication, window: Shell, data_folder: Path) -> Watchdog:
    """Start the pings now and send READY=1 once the window's runtime is attached (now, if
    it is: the kiosk installs this once attract shows its picture)."""
    watchdog = Watchdog(app, Notifier(), data_folder)
    if window.runtime is not None:
        watchdog.ready()
    else:
        window.ready.connect(watchdog.ready)
    if os.environ.get(HANG_FLAG) == "1":
        _hang_on_sigusr1()
    return watchdog


def _hang_on_sigusr1() -> None:
    """Tests only: SIGUSR1 makes the GUI thread loop for ever (its event loop stops turning,
    the process stays alive), as a deadlock would."""

    def hang() -> None:
        log.warning("%s: the GUI thread now hangs on purpose", HANG_FLAG)
        while True:
            time.sleep(0.05)

    signal.signal(signal.SIGUSR1, lambda _n, _f: QTimer.singleShot(0, hang))
