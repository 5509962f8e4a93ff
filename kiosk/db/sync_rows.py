"""The sync worker's own bookkeeping: the outbox of changes still to send and the pull
cursors. Both tables are local to each kiosk and never travel to the store database, which
is why they live apart from the visit domain's rows (``kiosk.db.models`` re-exports them).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utcnow
from kiosk.db.base import Base, UtcDateTime


class OutboxEntry(Base):
    """A change waiting to reach the store database; written in the same transaction as the
    change itself, so a crash can never separate the two. Local to each kiosk."""

    __tablename__ = "sync_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    version: Mapped[int] = mapped_column(Integer)
    enqueued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    quarantined_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_sync_outbox_pending", "quarantined_at", "id"),)


class SyncState(Base):
    """What the sync worker remembers between runs: one row per pull cursor, plus "push".

    Local to each kiosk, so ``kiosk check`` can report the last success and the last error
    even when no worker runs in that process.
    """

    __tablename__ = "sync_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    high_water_txid: Mapped[int | None] = mapped_column(BigInteger)
    high_water_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
