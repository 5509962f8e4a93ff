"""Opening the kiosk's SQLite database and the store database safely.

The local file is checked before SQLAlchemy touches it: a file that is not SQLite is refused
with a message and left exactly as it was. SQLite runs with WAL (readers never block the
writer), ``synchronous=FULL`` (an acknowledged visit event survives power loss), foreign keys on
and a busy timeout so a second process waits instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from kiosk.errors import StorageError
from kiosk.station.local_writes import cause
from kiosk.station.storage import START_FLOOR_MB, check_sqlite_file, ensure_writable_dir, free_mb

BUSY_TIMEOUT_MS = 5000


def reads_at_once() -> int:
    """How many reads of one database this process can have under way at once: Qt's thread
    pool runs one task per core (QThread.idealThreadCount), any of them a read, and the
    recorder's thread one more (an invitation's code pulled from the store). A pool smaller
    than this makes the last read wait for a connection: 30 s, SQLAlchemy's pool_timeout."""
    return (os.cpu_count() or 1) + 1


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def open_local(path: Path) -> Engine:
    """The kiosk's own database. Raises StorageError with a clear message when unusable."""
    ensure_writable_dir(path.parent, "data folder")
    check_sqlite_file(path)
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
        hide_parameters=True,  # a failed statement's parameters are customer data: never logged
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")
    except Exception as exc:  # noqa: BLE001 - any driver failure means "unusable file"
        engine.dispose()
        raise StorageError(
            f"local database {path} cannot be opened: {_reason(exc, path)}"
        ) from None
    return engine


def _reason(exc: BaseException, path: Path) -> str:
    """SQLite's one line; on a full disk it says "disk I/O error", so the disk is named."""
    reason = cause(exc)
    free = free_mb(path.parent)
    if free < START_FLOOR_MB:
        reason += f" (its disk is full: {free} MB free)"
    return reason


def open_url(url: str, **kwargs: Any) -> Engine:
    """Any SQLAlchemy URL; SQLite URLs get the same pragmas as the local database."""
    if url.startswith("sqlite"):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, **kwargs)
