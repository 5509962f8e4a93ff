"""Store-wide reads for associate mode: the store database when it answers, else this kiosk.

Clienteling, follow-up lists and the dashboard want what every kiosk of the store knows, and
that lives in the store database. When it cannot be reached (a network cut, a server
restart), associate mode still works from this kiosk's own records and says so: the result
carries its ``scope``. Reads run off the GUI thread; writes never go this way (they go
through the recorder and the outbox, so they survive being offline), but for the few that
only the store database can decide, such as a booking's place (``write_store``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from kiosk.db.engine import reads_at_once
from kiosk.errors import KioskError
from kiosk.scope import Read as Read
from kiosk.scope import Scope as Scope

if TYPE_CHECKING:
    from kiosk.station.config import Config

log = logging.getLogger(__name__)

T = TypeVar("T")
NO_ANSWER = (OperationalError, DBAPIError, PoolTimeout)
"""What "the store did not answer" looks like: a failed connection or statement, or no
connection of the reads' pool free (its ``pool_timeout``, 30 s) for this read."""


class StoreReader:
    """Runs a read against the store database, falling back to the local one.

    ``store_factory`` opens the store engine on first use (nothing connects before).
    """

    def __init__(self, local: Engine, store_factory: Callable[[], Engine] | None) -> None:
        self.local = local
        self._factory = store_factory
        self._store: Engine | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> Engine | None:
        if self._factory is None:
            return None
        with self._lock:
            if self._store is None:
                self._store = self._factory()
            return self._store

    def read(self, query: Callable[[Session], T], store_only: bool = False) -> Read[T]:
        """``query(session)`` on the store database, or on this kiosk's when the store is not
        configured or does not answer (``store_only`` raises instead)."""
        store = self.store
        if store is not None:
            try:
                with Session(store) as s:
                    return Read(query(s), Scope.STORE)
            except NO_ANSWER as exc:
                if store_only:
                    raise StoreUnreachable(
                        "the store database did not answer; try again in a moment"
                    ) from exc
                log.warning(
                    "store database unreachable (%s); reading this kiosk's records",
                    type(exc).__name__,
                )
        elif store_only:
            raise StoreUnreachable("this kiosk has no store database configured")
        with Session(self.local) as s:
            return Read(query(s), Scope.KIOSK)

    def write_store(self, op: Callable[[Session], T]) -> T:
        """``op(session)`` in one store transaction, committed when it returns: for the few
        writes that only the store database can decide (a booking's place). Never falls
        back: StoreUnreachable when there is no store database or it does not answer."""
        store = self.store
        if store is None:
            raise StoreUnreachable("this kiosk has no store database configured")
        try:
            with Session(store) as s, s.begin():
                return op(s)
        except IntegrityError:
            raise  # a decision of the store's constraints, not an outage
        except NO_ANSWER as exc:
            raise StoreUnreachable(
                "the store database did not answer; try again in a moment"
            ) from exc

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.dispose()
                self._store = None


class StoreUnreachable(KioskError):
    """A read that only the store database can answer, and it did not."""


def reader_for(local: Engine, config: Config) -> StoreReader:
    """The reader a kiosk uses: its own pool on the store database, named for
    ``pg_stat_activity`` so store IT can tell associate reads from sync. One connection is
    kept; as many as the kiosk can have reads under way at once (``reads_at_once``) are
    opened in a burst (the dashboard asks its three periods together), so no read waits for
    another's connection."""
    url = config.store_db_url  # bound here: mypy keeps the narrowing inside open_reads
    if not url:
        return StoreReader(local, None)

    def open_reads() -> Engine:
        from kiosk.sync.settings import SyncSettings
        from kiosk.sync.store import open_store

        return open_store(
            url,
            config.store_db_password_file,
            SyncSettings.from_config(config),
            f"kiosk-reads {config.store_id}/{config.kiosk_id}",
            max_overflow=reads_at_once() - 1,
        )

    return StoreReader(local, open_reads)
