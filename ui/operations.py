"""How a screen reads and writes: one way, for every screen.

A screen never opens a database session or a transaction. It asks its ``Operations`` to run
an operation, a plain function of ``kiosk/`` that returns a typed result:

- ``read(op, done)`` runs ``op`` on the thread pool;
- ``write(what, op, done)`` runs ``op`` on the recorder (the kiosk's single writer) inside the
  full-disk guard, then wakes the store sync so other kiosks hear of it at once;
- ``durable(future, done)`` waits for a write already handed to the recorder (the journey's
  ``record`` returns one) the same way.

Either way ``done(result)`` is called on the GUI thread, unless the answer went stale: a newer
call on the same lane, or ``reset()`` (a screen left, a new search typed) came in between, or
the screen was deleted. A failure is logged by its type only (never personal data) and turned
into the screen's words in one place, the ``words`` function the screen gave; ``failed(text)``
then shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject

from ui.tasks import run_task, when_durable

if TYPE_CHECKING:
    from kiosk.station.runtime import Runtime

log = logging.getLogger(__name__)

T = TypeVar("T")
Words = Callable[[BaseException], str]
Failed = Callable[[str], None]


class Operations:
    """A screen's way to its operations: one per screen, owned by it.

    ``words(error)`` turns any failure into the text the screen shows; ``failed`` passed to a
    call gets that text (by default nothing is shown: the failure is only logged).
    """

    def __init__(self, owner: QObject, runtime: Runtime, words: Words, name: str = "") -> None:
        self.owner = owner
        self.runtime = runtime
        self.words = words
        self.name = name or type(owner).__name__
        self._lanes: dict[str, int] = {}

    # -- staleness ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Every answer still on its way is dropped when it arrives."""
        for lane in self._lanes:
            self._lanes[lane] += 1

    def _ticket(self, lane: str) -> Callable[[], bool]:
        ticket = self._lanes.get(lane, 0) + 1
        self._lanes[lane] = ticket
        return lambda: self._lanes.get(lane) == ticket

    def _answer(
        self, lane: str, done: Callable[[T], None], failed: Failed | None
    ) -> Callable[[Any, BaseException | None], None]:
        current = self._ticket(lane)

        def answer(result: Any, error: BaseException | None) -> None:
            if not current():
                return  # a newer call, or a reset, came in between
            if error is not None:
                log.warning("%s: %s failed (%s)", self.name, lane, type(error).__name__)
                if failed is not None:
                    failed(self.words(error))
                return
            done(result)

        return answer

    # -- running -----------------------------------------------------------------------------
    def read(
        self,
        op: Callable[[], T],
        done: Callable[[T], None],
        failed: Failed | None = None,
        *,
        lane: str = "read",
    ) -> None:
        """Run ``op`` off the GUI thread; ``done(result)`` on it, if still current."""
        run_task(op, self._answer(lane, done, failed), self.owner)

    def write(
        self,
        what: str,
        op: Callable[[], T],
        done: Callable[[T], None],
        failed: Failed | None = None,
        *,
        lane: str = "write",
        wake: bool = True,
    ) -> None:
        """Run ``op`` on the recorder (``what`` names it in the full-disk guard's messages),
        wake the sync once it committed, then ``done(result)`` on the GUI thread."""
        runtime = self.runtime
        writes = runtime.writes
        future = runtime.recorder.submit(lambda: writes.run(what, op))
        if wake and runtime.sync is not None:
            runtime.recorder.submit(runtime.wake_sync)  # the store and other kiosks, at once
        when_durable(future, self._answer(lane, done, failed), self.owner)

    def durable(
        self,
        future: Future[T],
        done: Callable[[T], None],
        failed: Failed | None = None,
        *,
        lane: str = "durable",
    ) -> None:
        """``done(result)`` on the GUI thread once ``future`` (a write the journey or the
        recorder was given) has committed, if still current."""
        when_durable(future, self._answer(lane, done, failed), self.owner)
