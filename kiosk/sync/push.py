"""Draining the local outbox into the store database, batch by batch.

One batch is one store transaction: for each synced table, parents first, one unnest upsert
of every row the batch names, at the row's current local version (so several outbox entries
of one row travel once, at the newest version). Outbox entries are cleared only after the
store committed; a crash in between means the batch is delivered again, which the version
guard makes harmless. A row the store rejects for good is found by bisecting the batch and
quarantined with the reason, and the rest goes through: one bad row never blocks the queue.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import DBAPIError

from kiosk.db.models import OutboxEntry, utcnow
from kiosk.sync.errors import StoreUnavailable, describe, is_permanent
from kiosk.sync.store import secrets_of
from kiosk.sync.wire import TableWire, wires

log = logging.getLogger(__name__)

PENDING_SQL = (
    "SELECT id, table_name, row_id FROM sync_outbox "
    "WHERE quarantined_at IS NULL ORDER BY id LIMIT ?"
)
CLEAR_SQL = "DELETE FROM sync_outbox WHERE id IN (SELECT value FROM json_each(?))"


@dataclass
class Item:
    """One row to send, with every outbox entry of the batch that it settles."""

    wire: TableWire
    values: tuple[Any, ...]
    outbox_ids: list[int]


@dataclass
class PushResult:
    batches: int = 0
    rows_sent: int = 0
    rows_applied: int = 0  # inserted or updated in the store; replays count zero
    entries_cleared: int = 0
    entries_quarantined: int = 0
    last_outbox_id: int = 0

    def add(self, other: PushResult) -> None:
        self.batches += other.batches
        self.rows_sent += other.rows_sent
        self.rows_applied += other.rows_applied
        self.entries_cleared += other.entries_cleared
        self.entries_quarantined += other.entries_quarantined
        self.last_outbox_id = max(self.last_outbox_id, other.last_outbox_id)


@dataclass
class Batch:
    items: list[Item] = field(default_factory=list)
    settled_ids: list[int] = field(default_factory=list)  # entries with nothing to send
    unknown: list[int] = field(default_factory=list)  # entries naming no synced table
    last_outbox_id: int = 0


class Pusher:
    def __init__(
        self,
        local: Engine,
        store: Engine,
        batch_size: int = 2000,
        on_progress: Callable[[PushResult], None] | None = None,
    ) -> None:
        self.local = local
        self.store = store
        self.batch_size = batch_size
        self.on_progress = on_progress
        self._secrets = secrets_of(store)

    # -- reading the outbox ----------------------------------------------------------------
    def read_batch(self) -> Batch | None:
        tables = wires()
        batch = Batch()
        with self.local.connect() as conn:
            entries = conn.exec_driver_sql(PENDING_SQL, (self.batch_size,)).all()
            if not entries:
                return None
            batch.last_outbox_id = entries[-1][0]
            by_table: dict[str, dict[str, list[int]]] = {}
            for entry_id, table_name, row_id in entries:
                if table_name not in tables:
                    batch.unknown.append(entry_id)
                    continue
                by_table.setdefault(table_name, {}).setdefault(row_id, []).append(entry_id)
            for wire in tables.values():  # parents before children
                wanted = by_table.get(wire.name)
                if not wanted:
                    continue
                rows = conn.exec_driver_sql(wire.local_select(), (json.dumps(list(wanted)),))
                for values in rows:
                    batch.items.append(Item(wire, tuple(values), wanted.pop(values[0])))
                for ids in wanted.values():  # rows gone locally: nothing left to send
                    batch.settled_ids.extend(ids)
        return batch

    # -- sending ---------------------------------------------------------------------------
    def _apply(self, items: Sequence[Item]) -> int:
        """One store transaction for ``items`` (already in parent-before-child order)."""
        applied = 0
        with self.store.begin() as conn:
            start = 0
            while start < len(items):
                wire = items[start].wire
                end = start
                while end < len(items) and items[end].wire is wire:
                    end += 1
                columns = list(zip(*(item.values for item in items[start:end]), strict=True))
                params = {c.name: list(col) for c, col in zip(wire.columns, columns, strict=True)}
                applied += int(conn.exec_driver_sql(wire.upsert(), params).scalar_one())
                start = end
        return applied

    def _send(self, items: Sequence[Item], result: PushResult) -> None:
        """Apply ``items``; on a permanent rejection, bisect down to the rows at fault."""
        try:
            applied = self._apply(items)
        except DBAPIError as exc:
            reason = describe(exc, self._secrets)
            if not is_permanent(exc):
                raise StoreUnavailable(reason) from None
            if len(items) == 1:
                self._quarantine(items[0].outbox_ids, reason)
                result.entries_quarantined += len(items[0].outbox_ids)
                log.warning(
                    "sync: %s row %s quarantined: %s", items[0].wire.name, items[0].values[0],
                    reason,
                )
                return
            mid = len(items) // 2
            self._send(items[:mid], result)
            self._send(items[mid:], result)
            return
        ids = [i for item in items for i in item.outbox_ids]
        self._clear(ids)
        result.rows_sent += len(items)
        result.rows_applied += applied
        result.entries_cleared += len(ids)

    def push_batch(self) -> PushResult | None:
        """Send the next batch; None when the outbox has nothing pending."""
        batch = self.read_batch()
        if batch is None:
            return None
        result = PushResult(batches=1, last_outbox_id=batch.last_outbox_id)
        if batch.unknown:
            self._quarantine(batch.unknown, "the outbox names a table this kiosk does not sync")
            result.entries_quarantined += len(batch.unknown)
        if batch.items:
            try:
                self._send(batch.items, result)
            except StoreUnavailable as exc:
                self._note_attempt([i for item in batch.items for i in item.outbox_ids], str(exc))
                raise
        if batch.settled_ids:
            self._clear(batch.settled_ids)
            result.entries_cleared += len(batch.settled_ids)
        return result

    def push_all(self, max_batches: int | None = None) -> PushResult:
        total = PushResult()
        while max_batches is None or total.batches < max_batches:
            result = self.push_batch()
            if result is None:
                break
            total.add(result)
            if self.on_progress is not None:
                self.on_progress(result)
        return total

    # -- local bookkeeping -----------------------------------------------------------------
    def _clear(self, ids: list[int]) -> None:
        with self.local.begin() as conn:
            conn.exec_driver_sql(CLEAR_SQL, (json.dumps(ids),))

    def _quarantine(self, ids: list[int], reason: str) -> None:
        with self.local.begin() as conn:
            conn.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id.in_(ids))
                .values(
                    quarantined_at=utcnow(),
                    last_error=reason,
                    attempts=OutboxEntry.attempts + 1,
                )
            )

    def _note_attempt(self, ids: list[int], reason: str) -> None:
        with self.local.begin() as conn:
            conn.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id.in_(ids))
                .values(last_error=reason, attempts=OutboxEntry.attempts + 1)
            )


def requeue_quarantined(local: Engine) -> int:
    """Give quarantined entries another chance (after store IT fixed the cause)."""
    with local.begin() as conn:
        result = conn.execute(
            update(OutboxEntry)
            .where(OutboxEntry.quarantined_at.is_not(None))
            .values(quarantined_at=None)
        )
        return int(result.rowcount)
