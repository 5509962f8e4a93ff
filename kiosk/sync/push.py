"""Draining the local outbox into the store database, batch by batch.

One batch is one store transaction: for each synced table, parents first, one upsert of
every row the batch names, at the row's current local version (so several outbox entries of
one row travel once, at the newest version). Outbox entries are cleared only after the store
committed; a crash in between means the batch is delivered again, which the version guard
makes harmless. A row the store rejects for good is found by bisecting the batch and
quarantined with the reason, and the rest goes through: one bad row never blocks the queue.
In the same transaction, rows that belong to a forgotten client (the tombstone itself, or a
late note, consent, task or visit) are erased at once (``kiosk.clients.erasure_sync``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import DBAPIError

from kiosk.clients.erasure import scrub_local
from kiosk.clients.erasure_sync import settle_local, settle_pushed
from kiosk.db.models import OutboxEntry, utcnow
from kiosk.sync.errors import StoreUnavailable, describe, is_permanent
from kiosk.sync.store import secrets_of
from kiosk.sync.wire import TableWire, wires

log = logging.getLogger(__name__)

PENDING_SQL = (
    "SELECT table_name, count(*), json_group_array(id), json_group_array(row_id), max(id) "
    "FROM (SELECT id, table_name, row_id FROM sync_outbox "
    "      WHERE quarantined_at IS NULL ORDER BY id LIMIT ?) "
    "GROUP BY table_name"
)
CLEAR_SQL = "DELETE FROM sync_outbox WHERE id IN (SELECT value FROM json_each(?))"


@dataclass
class TableBatch:
    """One table's share of a batch, as JSON documents made by SQLite."""

    wire: TableWire
    rows: int
    rows_json: str  # [[value, ...], ...], id first
    entry_ids_json: str  # the outbox entries this share settles
    row_ids_json: str  # the row each of those entries names, in the same order


@dataclass
class Item:
    """One row, with the outbox entries it settles: the unit of bisection."""

    wire: TableWire
    values: list[Any]
    outbox_ids: list[int]


@dataclass
class Batch:
    tables: list[TableBatch] = field(default_factory=list)
    unknown_ids: list[int] = field(default_factory=list)  # entries naming no synced table
    entries: int = 0
    last_outbox_id: int = 0


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
        self._forgotten: set[Any] = set()  # forgotten clients the last batch's rows belong to

    # -- reading the outbox ----------------------------------------------------------------
    def read_batch(self) -> Batch | None:
        tables = wires()
        batch = Batch()
        with self.local.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            assert dbapi is not None
            cursor = dbapi.cursor()
            try:
                shares = {
                    name: (count, ids, row_ids, last)
                    for name, count, ids, row_ids, last in cursor.execute(
                        PENDING_SQL, (self.batch_size,)
                    ).fetchall()
                }
                if not shares:
                    return None
                for name, (count, ids, _, last) in shares.items():
                    batch.entries += count
                    batch.last_outbox_id = max(batch.last_outbox_id, last)
                    if name not in tables:
                        batch.unknown_ids.extend(json.loads(ids))
                for wire in tables.values():  # parents before children
                    if wire.name not in shares:
                        continue
                    _, ids, row_ids, _ = shares[wire.name]
                    n, rows_json = cursor.execute(wire.local_select(), (row_ids,)).fetchone()
                    batch.tables.append(TableBatch(wire, n, rows_json, ids, row_ids))
            finally:
                cursor.close()
        return batch

    # -- sending ---------------------------------------------------------------------------
    def _apply(self, shares: Sequence[tuple[TableWire, str]]) -> int:
        """One store transaction; ``shares`` are (table, rows as JSON), parents first."""
        applied = 0
        with self.store.begin() as conn:
            for wire, rows_json in shares:
                result = conn.exec_driver_sql(wire.upsert(), {"rows": rows_json})
                applied += int(result.scalar_one())
            # a forgotten client's rows that arrive (the tombstone, or a late note, consent,
            # task or visit) are erased in the same transaction: the store never keeps them
            forgotten = settle_pushed(conn, [(w.name, rows) for w, rows in shares], utcnow())
        self._forgotten.update(forgotten)
        return applied

    def push_batch(self) -> PushResult | None:
        """Send the next batch; None when the outbox has nothing pending."""
        batch = self.read_batch()
        if batch is None:
            return None
        result = PushResult(batches=1, last_outbox_id=batch.last_outbox_id)
        if batch.unknown_ids:
            self._quarantine(batch.unknown_ids, "the outbox names a table this kiosk does not sync")
            result.entries_quarantined += len(batch.unknown_ids)
        shares = [(t.wire, t.rows_json) for t in batch.tables if t.rows]
        try:
            result.rows_applied += self._apply(shares) if shares else 0
        except DBAPIError as exc:
            reason = describe(exc, self._secrets)
            if not is_permanent(exc):
                self._note_attempt([t.entry_ids_json for t in batch.tables], reason)
                raise StoreUnavailable(reason) from None
            self._bisect(self._items(batch), result)
        else:
            self._clear([t.entry_ids_json for t in batch.tables])
            result.rows_sent += sum(t.rows for t in batch.tables)
            result.entries_cleared += sum(len(json.loads(t.entry_ids_json)) for t in batch.tables)
        if self._forgotten:  # this kiosk's own rows of a forgotten client go too
            with self.local.begin() as conn:
                settled = settle_local(conn, self._forgotten)
            self._forgotten.clear()
            if settled:
                with self.local.connect() as conn:
                    scrub_local(conn)
        return result

    def push_all(
        self, max_batches: int | None = None, stop: Callable[[], bool] | None = None
    ) -> PushResult:
        """Send batches until the outbox is empty (or ``max_batches``, or ``stop()``)."""
        total = PushResult()
        while max_batches is None or total.batches < max_batches:
            if stop is not None and stop():
                break
            result = self.push_batch()
            if result is None:
                break
            total.add(result)
            if self.on_progress is not None:
                self.on_progress(result)
        return total

    # -- the rare path: find the rows the store refuses ------------------------------------
    @staticmethod
    def _items(batch: Batch) -> list[Item]:
        items: list[Item] = []
        settled: list[int] = []
        for share in batch.tables:
            entries: dict[str, list[int]] = {}
            ids = json.loads(share.entry_ids_json)
            for entry_id, row_id in zip(ids, json.loads(share.row_ids_json), strict=True):
                entries.setdefault(row_id, []).append(entry_id)
            for values in json.loads(share.rows_json):
                items.append(Item(share.wire, values, entries.pop(values[0])))
            for gone in entries.values():  # rows deleted locally: nothing left to send
                settled.extend(gone)
        if settled:
            items.append(Item(batch.tables[0].wire, [], settled))  # cleared with the first half
        return items

    def _bisect(self, items: Sequence[Item], result: PushResult) -> None:
        sendable = [i for i in items if i.values]
        shares: list[tuple[TableWire, str]] = []
        for item in sendable:
            if shares and shares[-1][0] is item.wire:
                continue
            group = [i.values for i in sendable if i.wire is item.wire]
            shares.append((item.wire, json.dumps(group)))
        try:
            applied = self._apply(shares) if shares else 0
        except DBAPIError as exc:
            reason = describe(exc, self._secrets)
            if not is_permanent(exc):
                raise StoreUnavailable(reason) from None
            if len(sendable) == 1:
                bad = sendable[0]
                self._quarantine(bad.outbox_ids, reason)
                result.entries_quarantined += len(bad.outbox_ids)
                log.warning("sync: %s row %s quarantined: %s", bad.wire.name, bad.values[0], reason)
                self._clear_ids([i for item in items if not item.values for i in item.outbox_ids])
                return
            mid = len(items) // 2
            self._bisect(items[:mid], result)
            self._bisect(items[mid:], result)
            return
        ids = [i for item in items for i in item.outbox_ids]
        self._clear_ids(ids)
        result.rows_sent += len(sendable)
        result.rows_applied += applied
        result.entries_cleared += len(ids)

    # -- local bookkeeping -----------------------------------------------------------------
    def _clear(self, id_docs: list[str]) -> None:
        with self.local.begin() as conn:
            for doc in id_docs:
                conn.exec_driver_sql(CLEAR_SQL, (doc,))

    def _clear_ids(self, ids: list[int]) -> None:
        if ids:
            self._clear([json.dumps(ids)])

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

    def _note_attempt(self, id_docs: list[str], reason: str) -> None:
        with self.local.begin() as conn:
            for doc in id_docs:
                conn.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.id.in_(json.loads(doc)))
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
