"""Bringing down what associates need on every kiosk, so associate mode works offline.

Associates, client profiles (erased ones too, so an erasure reaches every kiosk: a pulled
tombstone erases this kiosk's own rows of that client, ``kiosk.clients.erasure_sync``), service
requests, follow-up tasks and cases of this store come down from the store database. Each table
has a cursor (store transaction id, row id) in ``sync_state``: a pull reads, in one
snapshot, the rows stamped by transactions that had all ended when the snapshot was taken,
so no concurrent or late writer is ever skipped. Pulled rows are written at the store's
version without an outbox entry (they never travel back), and never over a newer local
version: a change made here and not yet pushed wins until the store has a newer one.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Engine, Table, and_, or_, select, text, tuple_
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row

from kiosk.clients.erasure import scrub_local
from kiosk.clients.erasure_sync import settle_local
from kiosk.db.models import PULLED_TABLES, Case, Customer, FollowupTask, ServiceRequest, utcnow
from kiosk.recovery.cases import RESOLVED_SHOWN
from kiosk.sync.state import ZERO_ID, pull_cursor, set_pull_cursor

log = logging.getLogger(__name__)

INITIAL_WINDOWS: dict[str, tuple[str, str, dt.timedelta]] = {
    # table: (column that is NULL while open, time column, how far back closed ones come)
    ServiceRequest.__tablename__: ("resolved_at", "created_at", dt.timedelta(days=7)),
    FollowupTask.__tablename__: ("completed_at", "due_at", dt.timedelta(days=30)),
    # the cases associate mode lists (``CaseBook.list_for``): open, or resolved lately
    Case.__tablename__: ("resolved_at", "resolved_at", RESOLVED_SHOWN),
}
"""A kiosk's first pull of these takes the open ones and the recent ones, not all history;
after that every change of the store comes down."""


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class Puller:
    def __init__(
        self,
        local: Engine,
        store: Engine,
        store_id: str,
        page_size: int = 2000,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.local = local
        self.store = store
        self.store_id = store_id
        self.page_size = page_size
        self.clock = clock

    def pull_all(self) -> int:
        return sum(self.pull_table(_table(model)) for model in PULLED_TABLES)

    def _scope(self, table: Table, first_pull: bool) -> ColumnElement[bool]:
        scope = table.c.store_id == self.store_id
        window = INITIAL_WINDOWS.get(table.name)
        if first_pull and window is not None:
            open_col, time_col, back = window
            since = self.clock() - back
            scope = and_(scope, or_(table.c[open_col].is_(None), table.c[time_col] >= since))
        return scope

    def pull_table(self, table: Table) -> int:
        with self.local.connect() as conn:
            txid, row_id = pull_cursor(conn, table.name)
        pulled = 0
        store_conn = self.store.connect().execution_options(isolation_level="REPEATABLE READ")
        with store_conn as conn, conn.begin():
            # Every transaction below this id had ended when this snapshot was taken.
            horizon = int(
                conn.execute(
                    text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                ).scalar_one()
            )
            scope = self._scope(table, first_pull=txid == 0)
            while True:
                rows = conn.execute(
                    select(table)
                    .where(
                        scope,
                        table.c.store_txid < horizon,
                        tuple_(table.c.store_txid, table.c.id) > tuple_(txid, row_id),
                    )
                    .order_by(table.c.store_txid, table.c.id)
                    .limit(self.page_size)
                ).all()
                done = len(rows) < self.page_size
                if rows:
                    txid, row_id = rows[-1].store_txid, rows[-1].id
                if done:
                    txid, row_id = max(txid, horizon), ZERO_ID
                self._write(table, rows, txid, row_id)
                pulled += len(rows)
                if done:
                    break
        if pulled:
            log.info("sync: pulled %d %s row(s)", pulled, table.name)
        return pulled

    def _write(self, table: Table, rows: Sequence[Row[Any]], txid: int, row_id: Any) -> None:
        """Rows and the cursor in one local transaction: a crash repeats the page, no more."""
        with self.local.connect() as conn:
            # The store already checked these rows' references; a kiosk holds a partial copy
            # (a service request's visit may come from another kiosk), so local foreign keys
            # are off for this connection while pulled rows go in.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            settled = 0
            try:
                with conn.begin():
                    if rows:
                        self._upsert(conn, table, [row._asdict() for row in rows])
                        if table.name == Customer.__tablename__:
                            # a tombstone erases this kiosk's own rows of that client
                            erased = [r.id for r in rows if r.erased_at is not None]
                            settled = settle_local(conn, erased)
                    set_pull_cursor(conn, table.name, txid, row_id)
            finally:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
            if settled:
                scrub_local(conn)

    @staticmethod
    def _upsert(conn: Connection, table: Table, values: list[dict[str, Any]]) -> None:
        stmt = sqlite_insert(table)
        ex = stmt.excluded
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.id],
            set_={c.name: ex[c.name] for c in table.columns if c.name != "id"},
            where=tuple_(table.c.version, table.c.updated_at) < tuple_(ex.version, ex.updated_at),
        )
        conn.execute(stmt, values)
