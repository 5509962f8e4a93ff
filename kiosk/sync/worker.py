"""The sync worker: a plain thread that pushes the outbox and pulls shared data, forever.

It never touches Qt; the UI starts it, stops it and reads ``status()`` (a snapshot, safe from
any thread). A pass pushes until the outbox is empty, then pulls. A store outage is retried
with capped exponential backoff and jitter; a row the store refuses is quarantined and the
queue moves on. ``step()`` runs one pass and returns the pause before the next, so tests can
drive hours of outage with a simulated clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from kiosk.db.models import utcnow
from kiosk.station.background import give_way
from kiosk.sync.backoff import Backoff
from kiosk.sync.errors import StoreUnavailable, SyncError, describe
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher, PushResult
from kiosk.sync.settings import SyncSettings
from kiosk.sync.state import SyncStatus, outbox_counts, read_status, record_outcome
from kiosk.sync.store import check_store, secrets_of, shown_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PassResult:
    push: PushResult
    pulled: int


class SyncWorker:
    def __init__(
        self,
        local: Engine,
        store: Engine,
        store_id: str,
        settings: SyncSettings | None = None,
        *,
        pull: bool = True,
        clock: Callable[[], dt.datetime] = utcnow,
        backoff: Backoff | None = None,
        content: Callable[[Callable[[], bool]], object] | None = None,
    ) -> None:
        self.local = local
        self.store = store
        self.settings = settings or SyncSettings()
        self.clock = clock
        self.backoff = backoff or Backoff(cap_s=self.settings.sync_backoff_max_s)
        self.pusher = Pusher(local, store, self.settings.sync_batch_size, self._on_batch)
        self.puller = Puller(local, store, store_id, clock=clock) if pull else None
        # After each pull: follow the store's published content pack (given the stop
        # check, ended between two files); kiosk.content.publish.follow.PackFollower.
        self.content = content
        self._lock = threading.Lock()
        self._status = replace(read_status(local), state="starting")
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._schema_checked = False
        self._secrets = secrets_of(store)

    # -- for the UI and the command line ---------------------------------------------------
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("sync worker already started")
        self._thread = threading.Thread(target=self.run, name="store-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the loop to end after the statement in flight, and wait for it."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._update(state="stopped")

    def wake(self) -> None:
        """Sync now (e.g. a visit just ended) instead of at the end of the pause."""
        self._wake.set()

    # -- the loop --------------------------------------------------------------------------
    def run(self) -> None:
        give_way()  # a backlog drained after an outage never holds the screen's core
        log.info("sync: worker started for %s", shown_url(self.store))
        while not self._stopping.is_set():
            delay = self.step()
            self._wake.wait(delay)
            self._wake.clear()
        log.info("sync: worker stopped")

    def step(self) -> float:
        """One pass with its failures handled; returns seconds to wait before the next."""
        try:
            self.run_pass()
        except (SyncError, SQLAlchemyError) as exc:
            message = str(exc) if isinstance(exc, SyncError) else describe(exc, self._secrets)
            return self.record_failure(message)
        except Exception as exc:  # the loop must outlive any one failure
            log.exception("sync: unexpected failure")
            return self.record_failure(f"unexpected {type(exc).__name__}; see the log")
        self.backoff.reset()
        return float(self.settings.sync_interval_s)

    def record_failure(self, message: str) -> float:
        """Note a failed pass (status, local sync state, log); returns the backoff delay."""
        delay = self.backoff.next_delay()
        now = self.clock()
        if self.backoff.failures == 1 or self.backoff.failures % 20 == 0:
            log.warning("sync: %s (retry %d in %.0f s)", message, self.backoff.failures, delay)
        self._remember(now, message)
        self._update(
            state="offline",
            last_error=message,
            last_error_at=now,
            next_attempt_at=now + dt.timedelta(seconds=delay),
        )
        self._refresh_counts()
        return delay

    def run_pass(self) -> PassResult:
        """Push everything pending, then pull; raises SyncError if the store fails."""
        self._update(state="syncing")
        if not self._schema_checked:
            check_store(self.store)
            self._schema_checked = True
        push = self.pusher.push_all(stop=self._stopping.is_set)
        pulled = 0
        if self.puller is not None and not self._stopping.is_set():
            try:
                pulled = self.puller.pull_all()
                if self.content is not None and not self._stopping.is_set():
                    self.content(self._stopping.is_set)
            except DBAPIError as exc:
                raise StoreUnavailable(f"pull: {describe(exc, self._secrets)}") from None
        now = self.clock()
        self._remember(now, None)
        with self._lock:
            self._status = replace(
                self._status,
                state="idle",
                last_success_at=now,
                next_attempt_at=None,
                pulled_rows=self._status.pulled_rows + pulled,
            )
        self._refresh_counts()
        if push.entries_cleared or push.entries_quarantined or pulled:
            log.info(
                "sync: pushed %d row(s) in %d batch(es), %d quarantined, pulled %d",
                push.rows_sent,
                push.batches,
                push.entries_quarantined,
                pulled,
            )
        return PassResult(push, pulled)

    # -- internals -------------------------------------------------------------------------
    def _on_batch(self, result: PushResult) -> None:
        with self._lock:
            s = self._status
            self._status = replace(
                s,
                pending=max(0, s.pending - result.entries_cleared - result.entries_quarantined),
                quarantined=s.quarantined + result.entries_quarantined,
                pushed_rows=s.pushed_rows + result.rows_applied,
            )

    def _refresh_counts(self) -> None:
        try:
            pending, quarantined = outbox_counts(self.local)
        except Exception:  # a busy local database must not kill the loop
            log.exception("sync: cannot count the outbox")
            return
        self._update(pending=pending, quarantined=quarantined)

    def _remember(self, at: dt.datetime, error: str | None) -> None:
        try:
            record_outcome(self.local, at, error)
        except Exception:  # the status is best effort; sync itself goes on
            log.exception("sync: cannot record the sync outcome locally")

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
