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

from sqlalchemy import JSON, Boolean, Date, Integer, String, Table, Uuid
from sqlalchemy.sql.type_api import TypeEngine

from kiosk.db.models import SYNCED_TABLES, UtcDateTime

SERVER_ONLY = frozenset({"store_txid", "visit_summaries.later"})
"""Columns the store database sets itself, never pushed: a bare name in every table, or
``table.column`` in one. ``visit_summaries.later`` (a visit's later stages: a link opened, a
consent, an appointment) is the store's triggers' (migration 0006), from records a kiosk
may never see; a kiosk's copy stays 0, and an insert or update from a kiosk gets the
trigger's value."""


def server_only(table: str, column: str) -> bool:
    """Whether the store database sets ``table.column`` itself (``SERVER_ONLY``)."""
    return column in SERVER_ONLY or f"{table}.{column}" in SERVER_ONLY


def q(name: str) -> str:
    """Quoted identifier: column names such as ``at`` are keywords in PostgreSQL."""
    return f'"{name}"'


@dataclass(frozen=True)
class WireColumn:
    name: str
    cast: str  # turns the element's text (``%s``) into the column's value


def _wire(name: str, col_type: TypeEngine[object]) -> WireColumn:
    if isinstance(col_type, UtcDateTime):
        return WireColumn(name, "CAST(%s AS timestamp) AT TIME ZONE 'UTC'")
    if isinstance(col_type, Uuid):
        return WireColumn(name, "CAST(%s AS uuid)")
    if isinstance(col_type, JSON):
        return WireColumn(name, "CAST(%s AS jsonb)")
    if isinstance(col_type, Date):  # SQLite keeps a date as YYYY-MM-DD text
        return WireColumn(name, "CAST(%s AS date)")
    if isinstance(col_type, Boolean):
        return WireColumn(name, "CAST(%s AS boolean)")
    if isinstance(col_type, Integer):
        return WireColumn(name, "CAST(%s AS bigint)")
    if isinstance(col_type, String):
        return WireColumn(name, "%s")
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
        """The rows whose ids are in the JSON array parameter, as one JSON document.

        SQLite builds ``[[v1, v2, ...], ...]`` itself, in C and without the GIL: the worker
        creates no Python object per row, so it neither holds the GIL long nor feeds the
        garbage collector (whose full passes would stall the GUI thread).
        """
        cols = ", ".join(q(n) for n in self.column_names)
        return (
            f"SELECT count(*), json_group_array(json_array({cols})) FROM {q(self.name)} "
            "WHERE id IN (SELECT value FROM json_each(?))"
        )

    def upsert(self) -> str:
        """Insert or update-where-newer from one JSON array of rows; returns rows changed.

        The rows travel as one JSON document (``[[v1, v2, ...], ...]``, made by the C JSON
        encoder, so the worker holds the GIL only briefly) and PostgreSQL casts each element.
        Ties on version are broken by ``updated_at`` so that two kiosks editing the same row
        converge on one winner; an identical replay changes nothing.
        """
        names = [q(n) for n in self.column_names]
        selects = ", ".join(
            c.cast.replace("%s", f"(r.v->>{i})") for i, c in enumerate(self.columns)
        )
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n != q("id"))
        t = q(self.name)
        return (
            f"WITH applied AS (INSERT INTO {t} ({', '.join(names)}) "
            f"SELECT {selects} FROM jsonb_array_elements(CAST(%(rows)s AS jsonb)) AS r(v) "
            f"ON CONFLICT (id) DO UPDATE SET {updates} "
            f"WHERE ({t}.version, {t}.updated_at) < (EXCLUDED.version, EXCLUDED.updated_at) "
            f"RETURNING 1) SELECT count(*) FROM applied"
        )


def _table_wire(rank: int, table: Table) -> TableWire:
    ordered = sorted(table.columns, key=lambda c: c.name != "id")  # id first: the row's key
    cols = tuple(_wire(c.name, c.type) for c in ordered if not server_only(table.name, c.name))
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
