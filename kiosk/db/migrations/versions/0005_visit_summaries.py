"""Visit summaries: one row per ended visit with what the dashboard counts of it, so that the
dashboard no longer scans every event; rebuilt here for the visits recorded before.

Also a partial index of the open visits, which have no summary yet and are counted from
their events, and an index of a known customer's visits (the NPS after a case).

On a kiosk, a summary whose visit still waits in the outbox is queued too, so that the store
database receives it with its visit; the store database rebuilds its own for the rest.

Revision ID: 0005_visit_summaries
Revises: 0004_cases
Create Date: 2026-12-04 23:30:00.000000
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from kiosk.clock import utcnow
from kiosk.db.models import JsonDoc, UtcDateTime
from kiosk.insights.summary import STEP_KINDS, VIEW_KINDS, summary_values

revision = "0005_visit_summaries"
down_revision = "0004_cases"
branch_labels = None
depends_on = None

CHUNK = 2000  # visits summarized per round trip

visits = sa.table(
    "visits",
    sa.column("id", sa.Uuid()),
    sa.column("store_id", sa.String()),
    sa.column("started_at", UtcDateTime()),
    sa.column("ended_at", UtcDateTime()),
    sa.column("nps", sa.Integer()),
    sa.column("ces", sa.Integer()),
)
events = sa.table(
    "visit_events",
    sa.column("visit_id", sa.Uuid()),
    sa.column("seq", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("payload", JsonDoc),
)
selection = sa.table("selection_items", sa.column("visit_id", sa.Uuid()), sa.column("sku"))
summaries = sa.table(
    "visit_summaries",
    sa.column("id", sa.Uuid()),
    sa.column("version", sa.Integer()),
    sa.column("updated_at", UtcDateTime()),
    sa.column("visit_id", sa.Uuid()),
    sa.column("store_id", sa.String()),
    sa.column("started_at", UtcDateTime()),
    sa.column("dwell_us", sa.BigInteger()),
    sa.column("nps", sa.Integer()),
    sa.column("ces", sa.Integer()),
    sa.column("stages", sa.Integer()),
    sa.column("items", JsonDoc),
)
outbox = sa.table(
    "sync_outbox",
    sa.column("table_name", sa.String()),
    sa.column("row_id", sa.Uuid()),
    sa.column("version", sa.Integer()),
    sa.column("enqueued_at", UtcDateTime()),
    sa.column("attempts", sa.Integer()),
)


def upgrade() -> None:
    op.create_table(
        "visit_summaries",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dwell_us", sa.BigInteger(), nullable=False),
        sa.Column("nps", sa.Integer(), nullable=True),
        sa.Column("ces", sa.Integer(), nullable=True),
        sa.Column("stages", sa.Integer(), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_visit_summaries_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_summaries")),
        sa.UniqueConstraint("visit_id", name=op.f("uq_visit_summaries_visit_id")),
    )
    with op.batch_alter_table("visit_summaries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_summaries_store_started", ["store_id", "started_at"], unique=False
        )
        batch_op.create_index(
            "ix_visit_summaries_store_dwell",
            ["store_id", "dwell_us"],
            unique=False,
            postgresql_include=["started_at"],
        )
    op.create_index(
        "ix_visits_store_open",
        "visits",
        ["store_id", "started_at"],
        unique=False,
        postgresql_where=sa.text("ended_at IS NULL"),
        sqlite_where=sa.text("ended_at IS NULL"),
    )
    op.create_index("ix_visits_customer_id", "visits", ["customer_id"], unique=False)
    rebuild(op.get_bind())


def rebuild(conn: sa.Connection) -> int:
    """A summary for every ended visit, in chunks of ``CHUNK`` visits; returns how many."""
    now = utcnow()
    pending = {
        row_id
        for (row_id,) in conn.execute(
            sa.select(outbox.c.row_id).where(outbox.c.table_name == "visits")
        )
    }
    after: Any = None
    made = 0
    while True:
        query = sa.select(visits).where(visits.c.ended_at.is_not(None))
        if after is not None:
            query = query.where(visits.c.id > after)
        chunk = conn.execute(query.order_by(visits.c.id).limit(CHUNK)).all()
        if not chunk:
            return made
        ids = [v.id for v in chunk]
        seen: dict[Any, list[tuple[str, Any]]] = {i: [] for i in ids}
        for visit_id, kind, payload in conn.execute(
            sa.select(events.c.visit_id, events.c.kind, events.c.payload)
            .where(events.c.visit_id.in_(ids), events.c.kind.in_((*STEP_KINDS, *VIEW_KINDS)))
            .order_by(events.c.visit_id, events.c.seq)
        ):
            seen[visit_id].append((kind, payload or {}))
        kept: dict[Any, set[str]] = {i: set() for i in ids}
        for visit_id, sku in conn.execute(
            sa.select(selection.c.visit_id, selection.c.sku).where(selection.c.visit_id.in_(ids))
        ):
            kept[visit_id].add(sku)
        rows = [
            {
                **summary_values(
                    v.id, v.store_id, v.started_at, v.ended_at, v.nps, v.ces, seen[v.id], kept[v.id]
                ),
                "version": 1,
                "updated_at": now,
            }
            for v in chunk
        ]
        conn.execute(summaries.insert(), rows)
        queued = [
            {
                "table_name": "visit_summaries",
                "row_id": row["id"],
                "version": 1,
                "enqueued_at": now,
                "attempts": 0,
            }
            for row in rows
            if row["visit_id"] in pending
        ]
        if queued:
            conn.execute(outbox.insert(), queued)
        made += len(chunk)
        after = ids[-1]


def downgrade() -> None:
    op.drop_index("ix_visits_customer_id", table_name="visits")
    op.drop_index("ix_visits_store_open", table_name="visits")
    with op.batch_alter_table("visit_summaries", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_summaries_store_dwell")
        batch_op.drop_index("ix_visit_summaries_store_started")
    op.drop_table("visit_summaries")
