"""One writer thread for the local database.

Screens must never wait on disk, yet nothing shown to the customer as done may be lost. Every
write goes to this single thread in order and is committed there; the caller gets a Future
that completes after the commit, and shows "done" only then. A single writer also means
SQLite never sees two writers from this process.

Housekeeping that nobody is looking at (the follow-up sweep and the sync's wake at a visit's
end) is submitted as ``background``: it runs only when no other write is waiting, so a write a
customer waits for (the hand-off's link) never queues behind it. A background job still runs
after every write submitted before it.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from kiosk.errors import KioskError
from kiosk.station.background import give_way

log = logging.getLogger(__name__)
T = TypeVar("T")


class Recorder:
    """Runs submitted functions one at a time, in submission order, on its own thread."""

    def __init__(self, name: str = "visit-recorder") -> None:
        self._now: deque[tuple[Callable[[], Any], Future[Any]]] = deque()
        self._later: deque[tuple[Callable[[], Any], Future[Any]]] = deque()
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._closed = False
        self._thread.start()

    def submit(self, fn: Callable[[], T], background: bool = False) -> Future[T]:
        """Queue ``fn``; ``background`` work waits while any other write is queued."""
        future: Future[T] = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("recorder is closed")
            (self._later if background else self._now).append((fn, future))
            self._ready.notify()
        return future

    def close(self, timeout: float = 10.0) -> None:
        """Finish every queued write, then stop the thread."""
        with self._ready:
            if self._closed:
                return
            self._closed = True
            self._ready.notify()
        self._thread.join(timeout)

    def _next(self) -> tuple[Callable[[], Any], Future[Any]] | None:
        with self._ready:
            while not (self._now or self._later or self._closed):
                self._ready.wait()
            if self._now:
                return self._now.popleft()
            return self._later.popleft() if self._later else None  # None: closed, all done

    def _run(self) -> None:
        give_way()  # writes and the end-of-visit sweep wait for the screen, never it for them
        while (item := self._next()) is not None:
            fn, future = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except KioskError as exc:  # a refusal the caller explains: no traceback
                log.warning("local write refused: %s", exc)
                future.set_exception(exc)
            except BaseException as exc:
                log.exception("local database write failed")
                future.set_exception(exc)


def run_inline(fn: Callable[[], T]) -> Future[T]:
    """The same contract without a thread: for the command line and for tests."""
    future: Future[T] = Future()
    try:
        future.set_result(fn())
    except Exception as exc:  # noqa: BLE001 - handed to the caller via the Future
        future.set_exception(exc)
    return future
