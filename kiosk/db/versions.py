"""A synced row's version: the one place it grows.

Every synced row carries a ``version`` that grows with each change, so the store database
applies only newer versions and a late or repeated delivery never overwrites what came after
it. A kiosk writes a change with its outbox entry (``kiosk.db.outbox.save``); the store side
(the follow-up page, a ``--store`` sweep, an erasure or a withdrawal done there) writes
straight into the store database, where its trigger stamps the row for the kiosks' pull. Both
make the new version here.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from kiosk.db.models import Synced, utcnow


def new_version(row: Synced, at: dt.datetime) -> None:
    """``row`` changed at ``at``: one version newer."""
    row.version += 1
    row.updated_at = at


def store_save(session: Session, row: Synced) -> None:
    """The store side's writer (page, store sweep): straight in, an update with a newer
    version (the store's trigger stamps it, so every kiosk pulls it)."""
    if inspect(row).persistent:
        new_version(row, utcnow())
    session.add(row)
    session.flush()
