"""How a synced table travels: raw SQLite values in, one unnest upsert per table out.

The push path is the hot path (hundreds of thousands of rows after a long outage), so it
skips per-value Python conversion: it reads the values exactly as SQLite stores them for our
column types (UUIDs as 32 hex digits, UTC timestamps as text, JSON as text, booleans as 0/1)
and lets PostgreSQL cast whole arrays. Each table becomes one statement over ``unnest`` of
one array per column, guarded by the row version so a late or repeated delivery never
overwrites newer data. The row-by-row comparison tests prove the formats round-trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import JSON, Boolean, Integer, String, Table, Uuid
from sqlalchemy.sql.type_api import TypeEngine

from kiosk.db.models import SYNCED_TABLES, UtcDateTime

SERVER_ONLY = frozenset({"store_txid"})
"""Columns the store database sets itself; never pushed."""


@dataclass(frozen=True)
class WireColumn:
    name: str
    array_type: str  # the type the parameter array is cast to
    select_expr: str  # turns one unnested element into the column's value


def q(name: str) -> str:
    """Quoted identifier: column names such as ``at`` are keywords in PostgreSQL."""
    return f'"{name}"'


def _wire(name: str, col_type: TypeEngine[object]) -> WireColumn:
    u = f"u.{q(name)}"
    if isinstance(col_type, UtcDateTime):
        return WireColumn(name, "text[]", f"CAST({u} AS timestamp) AT TIME ZONE 'UTC'")
    if isinstance(col_type, Uuid):
        return WireColumn(name, "text[]", f"CAST({u} AS uuid)")
    if isinstance(col_type, JSON):
        return WireColumn(name, "text[]", f"CAST({u} AS jsonb)")
    if isinstance(col_type, Boolean):
        return WireColumn(name, "integer[]", f"CAST({u} AS boolean)")
    if isinstance(col_type, Integer):
        return WireColumn(name, "bigint[]", u)
    if isinstance(col_type, String):
        return WireColumn(name, "text[]", u)
    raise TypeError(f"column {name}: no wire format for {col_type!r}")  # pragma: no cover


@dataclass(frozen=True)
class TableWire:
    name: str
    rank: int  # position in SYNCED_TABLES: parents first
    columns: tuple[WireColumn, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def local_select(self) -> str:
        """Raw values of the rows whose ids are in the JSON array parameter."""
        cols = ", ".join(q(n) for n in self.column_names)
        return f"SELECT {cols} FROM {q(self.name)} WHERE id IN (SELECT value FROM json_each(?))"

    def upsert(self) -> str:
        """Insert or update-where-newer; returns how many rows it changed.

        Ties on version are broken by ``updated_at`` so that two kiosks editing the same row
        converge on one winner; an identical replay changes nothing.
        """
        names = [q(n) for n in self.column_names]
        arrays = ", ".join(f"CAST(%({c.name})s AS {c.array_type})" for c in self.columns)
        selects = ", ".join(c.select_expr for c in self.columns)
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n != "id")
        t = q(self.name)
        return (
            f"WITH applied AS (INSERT INTO {t} ({', '.join(names)}) "
            f"SELECT {selects} FROM unnest({arrays}) AS u({', '.join(names)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates} "
            f"WHERE ({t}.version, {t}.updated_at) < (EXCLUDED.version, EXCLUDED.updated_at) "
            f"RETURNING 1) SELECT count(*) FROM applied"
        )


def _table_wire(rank: int, table: Table) -> TableWire:
    ordered = sorted(table.columns, key=lambda c: c.name != "id")  # id first: the row's key
    cols = tuple(_wire(c.name, c.type) for c in ordered if c.name not in SERVER_ONLY)
    return TableWire(table.name, rank, cols)


@cache
def wires() -> dict[str, TableWire]:
    """Every synced table's wire description, in parent-before-child order."""
    result = {}
    for rank, model in enumerate(SYNCED_TABLES):
        table = model.__table__  # type: ignore[attr-defined]
        assert isinstance(table, Table)
        result[table.name] = _table_wire(rank, table)
    return result
