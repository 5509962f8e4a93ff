"""A real kiosk window on the offscreen platform, with its database open, per test.

Tests never wait a fixed time for the kiosk: they wait for the thing itself. ``wait_durable``
waits until every write handed to the recorder has committed; ``settle`` until nothing is
moving or being fetched (no fade running, no background task, no write in flight), which
``grab`` does before each screenshot; ``elapse`` stands for a timer's time having passed (a
3 s hold, an idle minute) without spending it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QAbstractAnimation, QCoreApplication, QEvent, QSize, QThreadPool, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk.station.config import load_config
from kiosk.station.runtime import start
from tests.conftest import PATIENCE_MS

LANDSCAPE = QSize(1920, 1080)
PATIENCE_S = PATIENCE_MS / 1000


@pytest.fixture
def make_shell(qtbot, kiosk_env, seed_local_db) -> Iterator:  # type: ignore[no-untyped-def]
    """Build a Shell with settings overridden; the database is opened synchronously."""
    from ui import tasks, theme
    from ui.fonts import load_bundled_fonts
    from ui.shell import Shell

    made = []

    def make(sync: bool = False, **settings: object) -> Shell:
        config = load_config(env=kiosk_env, overrides=settings)
        tasks.install()
        load_bundled_fonts()
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        sheet = theme.style_sheet()
        if app.styleSheet() != sheet:  # type: ignore[union-attr]
            # set again only when it changed: setting it re-polishes every widget alive
            app.setStyleSheet(sheet)  # type: ignore[union-attr]
        shell = Shell(config)
        qtbot.addWidget(shell)
        shell.resize(LANDSCAPE)
        shell.show()
        shell.activateWindow()
        # Focus (and so the on-screen keyboard's target) follows taps only in the active window.
        qtbot.waitUntil(shell.isActiveWindow)
        shell.attract.set_fonts_ready()
        seed_local_db(config.local_db_path)
        runtime = start(config, sync=sync)
        shell.attach(runtime)
        made.append(shell)
        return shell

    yield make
    QThreadPool.globalInstance().waitForDone(PATIENCE_MS)  # no decode outlives it
    for shell in made:
        if shell.runtime is not None:
            shell.runtime.close()  # every queued write committed
    QCoreApplication.processEvents()  # their answers reach screens that still exist
    for shell in made:
        if shiboken6.isValid(shell):  # a test may have closed and deleted it already
            shell.deleteLater()
    flush_deletions()  # gone now, not during the next test: its timers and filters with it


def flush_deletions() -> None:
    """Widgets handed to ``deleteLater`` are destroyed now, as the event loop would next."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def wait_durable(shell) -> None:  # type: ignore[no-untyped-def]
    """Every write handed to the recorder so far has committed, housekeeping included: a
    background job runs after every write submitted before it."""
    shell.runtime.recorder.submit(lambda: None, background=True).result(timeout=PATIENCE_S)


def _moving(shell) -> bool:  # type: ignore[no-untyped-def]
    """A fade or cross-fade is under way on screen (endless pulses and hidden screens aside)."""
    for animation in shell.findChildren(QAbstractAnimation):
        owner = animation.parent()
        if isinstance(owner, QWidget) and not owner.isVisible():
            continue
        if animation.state() == QAbstractAnimation.State.Running and animation.loopCount() != -1:
            return True
    return False


def at_rest(shell) -> bool:  # type: ignore[no-untyped-def]
    """No background task running, every answer delivered to its screen, nothing moving."""
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount():
        return False
    # Every finished task has posted its answer by now: deliver them (they may start more).
    QCoreApplication.sendPostedEvents()
    QCoreApplication.processEvents()
    return pool.activeThreadCount() == 0 and not _moving(shell)


def wait_for(condition: Callable[[], object], what: str = "the kiosk to settle") -> None:
    """Run the event loop until ``condition()`` holds; fail after PATIENCE_S."""
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        assert time.monotonic() < deadline, f"waited {PATIENCE_S:.0f} s for {what}"
        QTest.qWait(5)


def _unrest(shell) -> str:  # type: ignore[no-untyped-def]
    """What keeps the window from rest, for the failure's message."""
    pool = QThreadPool.globalInstance()
    moving = [
        f"{type(a).__name__} of {type(a.parent()).__name__} {a.parent().objectName()!r}"
        for a in shell.findChildren(QAbstractAnimation)
        if a.state() == QAbstractAnimation.State.Running
        and a.loopCount() != -1
        and not (isinstance(a.parent(), QWidget) and not a.parent().isVisible())
    ]
    import sys
    import threading
    import traceback

    names = {t.ident: t.name for t in threading.enumerate()}
    stacks = "".join(
        f"\n--- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame)[-6:])
        for ident, frame in sys._current_frames().items()
        if ident != threading.get_ident()
    )
    return f"the kiosk to settle ({pool.activeThreadCount()} tasks running; moving: {moving})" + (
        stacks if pool.activeThreadCount() else ""
    )


def settle(shell) -> None:  # type: ignore[no-untyped-def]
    """Wait until the window is at rest: writes committed, images in, fades ended."""
    if shell.runtime is not None:
        wait_durable(shell)
    try:
        wait_for(lambda: at_rest(shell))
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {_unrest(shell)}") from None


def elapse(timer: QTimer) -> None:
    """Simulated time: ``timer``'s interval has passed. It must be running; it fires now."""
    assert timer.isActive(), "nothing is waiting for that time to pass"
    if timer.isSingleShot():
        timer.stop()
    timer.timeout.emit()


class SteppedClock:
    """A stand-in for the ``time`` module's monotonic clock that moves only when the test
    says so: durations a screen measures come out exact, whatever the machine's load."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def timer_of(widget, interval_ms: int) -> QTimer:  # type: ignore[no-untyped-def]
    """The one timer of ``interval_ms`` that ``widget`` (or a helper of it) holds."""
    found = [t for t in widget.findChildren(QTimer) if t.interval() == interval_ms]
    assert len(found) == 1, f"{len(found)} timers of {interval_ms} ms on {widget!r}"
    return found[0]


def idle_passes(shell) -> None:  # type: ignore[no-untyped-def]
    """The customer's idle timeout passes without a touch: "still there?" appears."""
    elapse(timer_of(shell.idle, shell.config.idle_timeout_s * 1000))


def countdown_runs_out(shell) -> None:  # type: ignore[no-untyped-def]
    """Every second of the "still there?" countdown passes without a touch."""
    tick = timer_of(shell.still_there, 1000)
    for _ in range(shell.still_there.remaining):
        elapse(tick)


def grab(shell, folder: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    """A screenshot of the window at rest."""
    settle(shell)
    path = folder / f"{name}.png"
    assert shell.grab().save(str(path)), path
    return path
