"""Store sync: the sync_state table, and store transaction stamps on the tables kiosks pull.

On PostgreSQL (the store database) a trigger stamps every insert or update of a pulled table
with the writing transaction's id, so kiosks can pull changes without trusting any clock.
Existing rows are stamped once here. SQLite (the kiosk) only gets the columns.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PULLED = ("associates", "customers", "service_requests", "followup_tasks")
STAMP_FUNCTION = "kiosk_stamp_store_txid"


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("high_water_txid", sa.BigInteger(), nullable=True),
        sa.Column("high_water_id", sa.Uuid(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_state")),
    )
    for table in PULLED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("store_txid", sa.BigInteger(), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_store_txid"), ["store_txid"])

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"""
        CREATE FUNCTION {STAMP_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.store_txid := pg_current_xact_id()::text::bigint;
            RETURN NEW;
        END
        $$
        """
    )
    for table in PULLED:
        op.execute(
            f"CREATE TRIGGER trg_{table}_store_txid BEFORE INSERT OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {STAMP_FUNCTION}()"
        )
        op.execute(f"UPDATE {table} SET store_txid = NULL")  # the trigger stamps them


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in PULLED:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_store_txid ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {STAMP_FUNCTION}()")
    for table in reversed(PULLED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_store_txid"))
            batch_op.drop_column("store_txid")
    op.drop_table("sync_state")
