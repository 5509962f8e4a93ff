"""``kiosk chain status``: each store's subscription at headquarters, its state and its lag.

The state is headquarters' own (``pg_subscription``, ``pg_stat_subscription``,
``pg_subscription_rel``, ``pg_stat_subscription_stats``); the lag is the store's: how many
bytes of its WAL the subscription's slot still holds (``pg_replication_slots``), read over the
connection the subscription itself uses, and how long ago headquarters last heard from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from sqlalchemy import text

from kiosk.chain.hq import CONNECT_TIMEOUT_S, PREFIX, connect, engine_for, shown

SUBSCRIPTIONS = text(
    """
    SELECT s.subname, s.subenabled, s.subconninfo, s.subslotname, st.pid,
           EXTRACT(EPOCH FROM now() - st.last_msg_receipt_time) AS heard_s,
           (SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid) AS tables,
           (SELECT count(*) FROM pg_subscription_rel r
             WHERE r.srsubid = s.oid AND r.srsubstate = 'r') AS ready,
           coalesce(e.apply_error_count, 0) + coalesce(e.sync_error_count, 0) AS errors
      FROM pg_subscription s
      LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL
      LEFT JOIN pg_stat_subscription_stats e ON e.subid = s.oid
     WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND starts_with(s.subname, :prefix)
     ORDER BY s.subname
    """
)
SLOT = (
    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn), "
    "EXTRACT(EPOCH FROM r.replay_lag) FROM pg_replication_slots s "
    "LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = %s"
)
"""The WAL the store keeps for headquarters, and how long its last changes took to be
applied there (``replay_lag``: NULL once headquarters has caught up and the store is idle)."""


@dataclass(frozen=True)
class StoreState:
    name: str
    state: str  # streaming | copying | disabled | stopped
    tables: int
    ready: int
    errors: int
    heard_s: float | None  # since headquarters last heard from the store
    lag_bytes: int | None  # WAL the store keeps for headquarters; None: store not reachable
    lag_s: float | None  # the store's replay_lag for headquarters; None: caught up, or unknown
    store_error: str | None

    @property
    def healthy(self) -> bool:
        return self.state == "streaming" and self.lag_bytes is not None

    def line(self) -> str:
        parts = [f"{'ok  ' if self.healthy else 'FAIL'}  {self.name:<16} {self.state}"]
        if self.state == "copying":
            parts.append(f"{self.ready}/{self.tables} tables copied")
        if self.lag_bytes is not None:
            parts.append(f"lag {self.lag_bytes} bytes, {self.lag_s or 0:.2f} s")
        else:
            parts.append(f"store not reachable ({self.store_error})")
        if self.heard_s is not None:
            parts.append(f"last heard {self.heard_s:.1f} s ago")
        if self.errors:
            parts.append(f"{self.errors} errors so far (headquarters' server log says which)")
        return ", ".join(parts)


def chain_status(hq_url: str) -> list[StoreState]:
    """Every store subscribed at ``hq_url``, in name order."""
    hq = engine_for(hq_url)
    try:
        with connect(hq, f"headquarters ({shown(hq_url)})") as conn:
            rows = conn.execute(SUBSCRIPTIONS, {"prefix": PREFIX}).all()
    finally:
        hq.dispose()
    return [_state(r) for r in rows]


def _state(r: object) -> StoreState:
    row = r._mapping  # type: ignore[attr-defined]
    tables, ready = int(row["tables"]), int(row["ready"])
    if not row["subenabled"]:
        state = "disabled"
    elif row["pid"] is None:
        state = "stopped"
    elif ready < tables:
        state = "copying"
    else:
        state = "streaming"
    lag, lag_s, error = _store_lag(row["subconninfo"], row["subslotname"])
    heard = row["heard_s"]
    return StoreState(
        name=row["subname"][len(PREFIX) :],
        state=state,
        tables=tables,
        ready=ready,
        errors=int(row["errors"]),
        heard_s=None if heard is None else float(heard),
        lag_bytes=lag,
        lag_s=lag_s,
        store_error=error,
    )


def _store_lag(conninfo: str, slot: str | None) -> tuple[int | None, float | None, str | None]:
    try:
        with psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            found = conn.execute(SLOT, (slot,)).fetchone()
    except psycopg.Error as exc:
        return None, None, str(exc).strip().splitlines()[0]
    if found is None or found[0] is None:
        return None, None, f"no replication slot {slot} on the store"
    return int(found[0]), None if found[1] is None else float(found[1]), None
