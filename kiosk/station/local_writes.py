"""When a local write fails: what the cause is, whether to try again, and a record of it.

A full disk, a database locked by another process, a failing drive: the kiosk must neither
carry on as if the write had happened nor lose track of it. Three parts, used by the journey
and the visit store:

- ``cause`` and ``is_transient`` read a failure: SQLite's "busy"/"locked" pass (another process
  held the file for longer than the busy timeout), a full disk or an I/O error does not pass
  within a customer's patience;
- ``retried`` runs a one-transaction write again after a short pause when the cause passes;
- ``WriteHealth`` remembers the last failure in memory and in a small file beside the
  database, so ``kiosk check`` (another process), the diagnostics screen and the associate
  home can say that visits could not be recorded, and since when. The file is made at full
  size at start and later overwritten in place: writing it needs no new space on a disk that
  has just filled up.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from kiosk.errors import KioskError
from kiosk.values import Value, value

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

RETRY_PAUSES_S = (0.25, 1.0)
"""Pauses before the second and third attempt of a write whose cause passes."""

_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
FILE_NAME = "local-writes.json"
FILE_SIZE = 1024
"""The record's fixed size on disk: ample for its few fields, small enough to pre-allocate."""


def _sqlite_error(exc: BaseException) -> BaseException:
    """The driver's own exception under SQLAlchemy's wrapper (or ``exc`` itself)."""
    return getattr(exc, "orig", None) or exc


def cause(exc: BaseException) -> str:
    """One line naming what went wrong, without SQL, parameters or personal data: SQLite's
    own words ("database or disk is full"), an OS error's, or the error class."""
    inner = _sqlite_error(exc)
    if isinstance(inner, OSError) and inner.strerror:
        return inner.strerror
    if isinstance(inner, KioskError):
        return str(inner)
    text = str(inner).splitlines()[0].strip() if str(inner) else ""
    if getattr(inner, "sqlite_errorcode", None) is not None and text:
        return text
    return type(inner).__name__


def is_transient(exc: BaseException) -> bool:
    """Whether trying again in a moment may succeed: SQLite busy or locked only."""
    code = getattr(_sqlite_error(exc), "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)


def is_refusal(exc: BaseException) -> bool:
    """A domain refusal (a client already known, a visit already ended...) is an answer the
    screen shows, not a failed write: nothing about the disk or the database is wrong."""
    return isinstance(exc, KioskError)


class _Pausing(Protocol):
    pause: Callable[[float], None]


S = TypeVar("S", bound=_Pausing)


def retried(method: Callable[Concatenate[S, P], T]) -> Callable[Concatenate[S, P], T]:
    """Run a write that is one whole transaction (rolled back whole when it fails) again
    after a pause, while its failure is transient; ``self.pause`` waits (injectable)."""

    @functools.wraps(method)
    def run(owner: S, /, *args: P.args, **kwargs: P.kwargs) -> T:
        for wait in RETRY_PAUSES_S:
            try:
                return method(owner, *args, **kwargs)
            except Exception as exc:
                if not is_transient(exc):
                    raise
                log.warning("local write: %s; trying again in %.2f s", cause(exc), wait)
                owner.pause(wait)
        return method(owner, *args, **kwargs)

    return run


def sleep(seconds: float) -> None:
    """The pause between attempts on the recorder thread (the single writer waits; every
    later write is behind this one anyway)."""
    time.sleep(seconds)


@value
class WriteFailure(Value):
    """The last failed local write: when, what, why, and whether writes work again."""

    failed_at: str
    what: str
    cause: str
    failures: int
    visits_ended: int
    recovered_at: str | None = None

    @property
    def ongoing(self) -> bool:
        return self.recovered_at is None


class WriteHealth:
    """Failed local writes, in memory for this process and on disk for ``kiosk check``.

    Thread-safe: failures arrive on the recorder thread, readers are the GUI's workers.
    """

    def __init__(self, folder: Path, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.path = folder / FILE_NAME
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self._lock = threading.Lock()
        self._last = read_failure(folder)
        self._unsaved = False

    def prepare(self) -> None:
        """Make the record's file at its full size now, while there is space for it."""
        try:
            if not self.path.exists() or self.path.stat().st_size < FILE_SIZE:
                self.path.write_bytes(self._encoded(self._last))
        except OSError as exc:
            log.warning("%s cannot be prepared: %s", self.path, exc.strerror)

    @property
    def last(self) -> WriteFailure | None:
        with self._lock:
            return self._last

    def failed(self, what: str, exc: BaseException, visit_ended: bool) -> None:
        now = self._now()
        with self._lock:
            previous = self._last if self._last is not None and self._last.ongoing else None
            self._last = WriteFailure(
                failed_at=now,
                what=what,
                cause=cause(exc)[:200],  # the record keeps its fixed size
                failures=(previous.failures if previous else 0) + 1,
                visits_ended=(previous.visits_ended if previous else 0) + int(visit_ended),
            )
            self._save()

    def succeeded(self) -> None:
        """A local write committed: an ongoing failure is over (or an unsaved one is saved)."""
        with self._lock:
            if self._last is not None and self._last.ongoing:
                self._last = WriteFailure(**{**asdict(self._last), "recovered_at": self._now()})
                log.info("local writes work again after %d failure(s)", self._last.failures)
                self._save()
            elif self._unsaved:
                self._save()

    def run(self, what: str, fn: Callable[[], T]) -> T:
        """Run a local write that is not a visit's (requests answered, follow-ups, sign-in
        counts, erasure, the follow-up sweep) on the recorder, keeping its failure for store
        IT like a visit's: its screen says it failed, the associate home says why. Its
        success proves nothing (a sweep may have had nothing to write): only a visit's
        write, which always adds a row, ends an ongoing failure."""
        try:
            return fn()
        except Exception as exc:
            if not is_refusal(exc):
                self.failed(what, exc, visit_ended=False)
            raise

    def _now(self) -> str:
        return self._clock().astimezone(dt.UTC).isoformat(timespec="seconds")

    @staticmethod
    def _encoded(failure: WriteFailure | None) -> bytes:
        body = json.dumps(asdict(failure) if failure else {}).encode()
        return body.ljust(max(FILE_SIZE, len(body) + 1))

    def _save(self) -> None:
        """Overwrite the record in place (no new space needed); kept in memory if it fails."""
        try:
            with self.path.open("r+b" if self.path.exists() else "wb") as fh:
                fh.write(self._encoded(self._last))
                fh.flush()
                os.fsync(fh.fileno())
            self._unsaved = False
        except OSError as exc:
            self._unsaved = True
            log.error("the failed write could not be recorded in %s: %s", self.path, exc.strerror)


def read_failure(folder: Path) -> WriteFailure | None:
    """The last failure recorded beside the database (None when none, or unreadable)."""
    try:
        data: dict[str, Any] = json.loads((folder / FILE_NAME).read_bytes() or b"{}")
        return WriteFailure(**data) if data else None
    except (OSError, ValueError, TypeError):
        return None


@value
class StorageStatus(Value):
    """What the associate home tells store IT about this kiosk's disk (read off the GUI)."""

    free_mb: int
    min_free_mb: int
    failure: WriteFailure | None  # an ongoing failure, else None

    @property
    def low(self) -> bool:
        return self.free_mb < self.min_free_mb


def storage_status(folder: Path, min_free_mb: int, health: WriteHealth) -> StorageStatus:
    from kiosk.station.storage import free_mb

    last = health.last
    ongoing = last if last is not None and last.ongoing else None
    return StorageStatus(free_mb(folder), min_free_mb, ongoing)
