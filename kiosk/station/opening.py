"""The local database of a kiosk started in two steps (kiosk.station.runtime.start_early, then
open_store): open, failed, or not yet; and the journey's store while it opens."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from kiosk.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kiosk.visit.records import VisitStore

OPEN_WAIT_S = 120.0
"""How long a write or a read waits for the local database to open before it fails."""


class Opening:
    """The local database of a runtime started in two steps: open, failed, or not yet."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.engine: Engine | None = None
        self.store: VisitStore | None = None
        self.failure: BaseException | None = None
        self.at_head = False  # checked by start_early without opening it (kiosk.db.schema_head)

    def wait(self) -> tuple[Engine, VisitStore]:
        if not self.done.wait(OPEN_WAIT_S):
            raise StorageError("the local database is still opening; try again in a moment")
        if self.engine is None or self.store is None:
            raise StorageError(f"the local database could not be opened: {self.failure}")
        return self.engine, self.store


class LateStore:
    """The journey's visit store while the database opens: each use waits for it. The
    journey uses its store only in writes, which run on the recorder in order, so the first
    visit's writes simply queue there until the database is open."""

    def __init__(self, opening: Opening) -> None:
        self._opening = opening

    def __getattr__(self, name: str) -> Any:
        return getattr(self._opening.wait()[1], name)
