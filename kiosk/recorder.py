"""One writer thread for the local database.

Screens must never wait on disk, yet nothing shown to the customer as done may be lost. Every
write goes to this single thread in order and is committed there; the caller gets a Future
that completes after the commit, and shows "done" only then. A single writer also means
SQLite never sees two writers from this process.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from kiosk.errors import KioskError

log = logging.getLogger(__name__)
T = TypeVar("T")

_STOP = object()


class Recorder:
    """Runs submitted functions one at a time, in submission order, on its own thread."""

    def __init__(self, name: str = "visit-recorder") -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._closed = False
        self._thread.start()

    def submit(self, fn: Callable[[], T]) -> Future[T]:
        if self._closed:
            raise RuntimeError("recorder is closed")
        future: Future[T] = Future()
        self._queue.put((fn, future))
        return future

    def close(self, timeout: float = 10.0) -> None:
        """Finish every queued write, then stop the thread."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
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
