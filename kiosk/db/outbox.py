"""Writing a change together with its outbox entry, so the two can never be separated."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kiosk.db.models import OutboxEntry, Synced, utcnow
from kiosk.db.versions import new_version


def save(session: Session, row: Synced) -> None:
    """Add or update ``row`` and queue it for the store database in the same transaction.

    An update bumps the row's version: the store database applies only newer versions, so a
    late or repeated delivery can never overwrite what came after it.
    """
    state = inspect(row)
    if state.persistent:
        new_version(row, utcnow())
    session.add(row)
    session.flush()
    session.add(
        OutboxEntry(
            table_name=type(row).__tablename__,  # type: ignore[attr-defined]
            row_id=row.id,
            version=row.version,
        )
    )
