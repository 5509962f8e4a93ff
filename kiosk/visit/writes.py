"""A visit's writes, and what happens when one of them fails.

A visit whose write failed (a full disk, a broken drive; a busy database is first tried again
by the visit store) must not go on as if it had been recorded: every later write would fail
with "visit ... does not exist" or leave a record with a hole. So once one write of a visit
fails, nothing more is written for it; the failure is logged, kept for store IT
(``WriteHealth``: ``kiosk check``, diagnostics, the associate home) and told to the failure
listeners (the kiosk window ends the visit calmly). An end that could not be written is
written before the next visit starts, once there is room again.

A failure is handled inside the write itself, where it ran (the recorder thread), in write
order: it is known before the visit's next write runs and before its Future completes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.errors import JourneyError
from kiosk.station.local_writes import WriteHealth, cause, is_refusal
from kiosk.values import Value, value

if TYPE_CHECKING:
    import uuid

    from kiosk.visit.journey import VisitState
    from kiosk.visit.records import VisitStore

log = logging.getLogger(__name__)
T = TypeVar("T")

START = "visit start"

Submit = Callable[[Callable[[], Any]], "Future[Any]"]


@value
class WriteFailed(Value):
    """A visit's write failed; ``visit_id`` says which visit (it may have ended already)."""

    visit_id: uuid.UUID
    what: str
    cause: str


FailureListener = Callable[[WriteFailed], None]


class VisitNotRecorded(JourneyError):
    """A write skipped because an earlier write of the same visit failed."""


class VisitWrites:
    def __init__(self, store: VisitStore, submit: Submit, health: WriteHealth | None) -> None:
        self.store = store
        self._submit = submit
        self._health = health
        self._listeners: list[FailureListener] = []
        self._unended: list[tuple[uuid.UUID, str, dt.datetime]] = []  # on the recorder only

    def on_failed(self, listener: FailureListener) -> None:
        self._listeners.append(listener)

    def write(self, state: VisitState, what: str, fn: Callable[[], T]) -> Future[T]:
        """Submit one of the visit's writes; skipped once an earlier one has failed."""

        def guarded() -> T:
            if state.failed is not None:
                raise VisitNotRecorded(
                    f"visit {state.visit_id}: {what} not written after a failed {state.failed}"
                )
            if what == START:
                self._write_unended()
            try:
                result = fn()
            except Exception as exc:
                self._failed(state, what, exc)
                raise
            self._succeeded()
            return result

        return self._submit(guarded)

    def end(self, state: VisitState, reason: str, at: dt.datetime, dwell_ms: int) -> Future[None]:
        """The stage left and the end; nothing for a visit that was never recorded, and kept
        for the next start if it cannot be written now (even after an earlier failure: the
        visit's record must be closed)."""
        visit_id, stage = state.visit_id, state.stage

        def write() -> None:
            if state.unrecorded:
                return  # its first write failed: there is no record to end
            try:
                self.store.record_event(
                    visit_id, "stage_left", {"stage": stage, "dwell_ms": dwell_ms}, at
                )
                self.store.end_visit(visit_id, reason, at)
            except Exception as exc:
                if not is_refusal(exc):
                    self._unended.append((visit_id, reason, at))
                self._failed(state, "visit end", exc, ending=True)
                raise
            self._succeeded()

        return self._submit(write)

    def _succeeded(self) -> None:
        if self._health is not None:
            self._health.succeeded()

    def _failed(self, state: VisitState, what: str, exc: Exception, ending: bool = False) -> None:
        if is_refusal(exc):
            return
        first = state.failed is None and not ending
        if first:
            state.failed = what
            state.unrecorded = what == START
        log.error(
            "visit %s: the %s could not be written (%s)%s",
            state.visit_id,
            what,
            cause(exc),
            "; the visit ends" if first else "",
        )
        if self._health is not None:
            self._health.failed(what, exc, visit_ended=first)
        failure = WriteFailed(state.visit_id, what, cause(exc))
        for listener in list(self._listeners):
            listener(failure)

    def _write_unended(self) -> None:
        for visit_id, reason, at in list(self._unended):
            try:
                self.store.end_visit(visit_id, reason, at)
            except JourneyError:
                pass  # already ended (or gone): nothing left to write
            except Exception as exc:  # noqa: BLE001 - kept for the next start
                log.warning("visit %s: its end still cannot be written (%s)", visit_id, cause(exc))
                continue
            self._unended.remove((visit_id, reason, at))
            log.info("visit %s: its end is written now", visit_id)
