"""What sync remembers and shows: pull cursors, the last success and error, the status.

The status is what store IT reads in ``kiosk check`` and what associate mode shows as an
indicator. It is also stored locally (table ``sync_state``), so a command that runs no
worker can still say when the kiosk last synced and what went wrong.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row

from kiosk.db.models import OutboxEntry, SyncState

PASS_STATE = "sync"
ZERO_ID = uuid.UUID(int=0)


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot; ``state`` is disabled, starting, syncing, idle, offline or stopped."""

    state: str
    pending: int
    quarantined: int
    last_success_at: dt.datetime | None = None
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    next_attempt_at: dt.datetime | None = None
    pushed_rows: int = 0  # applied to the store by this process
    pulled_rows: int = 0

    @property
    def ok(self) -> bool:
        """Nothing needs a person: reachable (or never tried) and nothing quarantined."""
        return self.state not in {"offline"} and self.quarantined == 0

    def lines(self) -> list[str]:
        def when(value: dt.datetime | None) -> str:
            return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "never"

        lines = [
            f"sync: {self.state}",
            f"pending changes: {self.pending}",
            f"quarantined changes: {self.quarantined}",
            f"last successful sync: {when(self.last_success_at)}",
        ]
        if self.last_error:
            lines.append(f"last error ({when(self.last_error_at)}): {self.last_error}")
        if self.next_attempt_at and self.state == "offline":
            lines.append(f"next attempt: {when(self.next_attempt_at)}")
        return lines


def outbox_counts(local: Engine) -> tuple[int, int]:
    """(pending, quarantined) entries of the local outbox."""
    with local.connect() as conn:
        rows = conn.execute(
            select(OutboxEntry.quarantined_at.is_(None), func.count()).group_by(
                OutboxEntry.quarantined_at.is_(None)
            )
        ).all()
    counts = {bool(pending): int(n) for pending, n in rows}
    return counts.get(True, 0), counts.get(False, 0)


def read_state(conn: Connection, name: str) -> Row[Any] | None:
    return conn.execute(select(SyncState.__table__).where(SyncState.name == name)).first()


def write_state(conn: Connection, name: str, **values: object) -> None:
    stmt = sqlite_insert(SyncState).values(name=name, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["name"], set_=values))


def pull_cursor(conn: Connection, table: str) -> tuple[int, uuid.UUID]:
    state = read_state(conn, f"pull:{table}")
    if state is None or state.high_water_txid is None:
        return 0, ZERO_ID
    return state.high_water_txid, state.high_water_id or ZERO_ID


def set_pull_cursor(conn: Connection, table: str, txid: int, row_id: uuid.UUID) -> None:
    write_state(conn, f"pull:{table}", high_water_txid=txid, high_water_id=row_id)


def record_outcome(local: Engine, at: dt.datetime, error: str | None) -> None:
    """Remember the end of a pass: a success clears nothing but the time; an error its text."""
    with local.begin() as conn:
        if error is None:
            write_state(conn, PASS_STATE, last_success_at=at)
        else:
            write_state(conn, PASS_STATE, last_error_at=at, last_error=error)


def read_status(local: Engine, state: str = "stopped") -> SyncStatus:
    """The status as stored locally, for ``kiosk check`` in a process that runs no worker."""
    pending, quarantined = outbox_counts(local)
    with local.connect() as conn:
        saved = read_state(conn, PASS_STATE)
    return SyncStatus(
        state=state,
        pending=pending,
        quarantined=quarantined,
        last_success_at=saved.last_success_at if saved else None,
        last_error=saved.last_error if saved else None,
        last_error_at=saved.last_error_at if saved else None,
    )
