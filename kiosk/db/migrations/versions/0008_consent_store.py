"""Consents carry their store and are stamped for the kiosks' pull, so associate mode offline
finds every consented client of the store, not only those who consented at this kiosk.

Existing consents take the store of their client, else of their visit. On the store
database a trigger fills a consent's store the same way when its writer did not name it
(a kiosk not yet upgraded, pushing during a rolling upgrade), and every row is stamped.

Revision ID: 0008_consent_store
Revises: 0007_after_sale
Create Date: 2026-12-05 02:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_consent_store"
down_revision = "0007_after_sale"
branch_labels = None
depends_on = None

STAMP_FUNCTION = "kiosk_stamp_store_txid"  # made by 0002
FILL_FUNCTION = "kiosk_consent_store_id"
OWN_STORE = (
    "COALESCE(store_id, "
    "(SELECT c.store_id FROM customers c WHERE c.id = consents.customer_id), "
    "(SELECT v.store_id FROM visits v WHERE v.id = consents.visit_id))"
)


def upgrade() -> None:
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("store_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("store_txid", sa.BigInteger(), nullable=True))
        batch_op.create_index(batch_op.f("ix_consents_store_txid"), ["store_txid"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION {FILL_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.store_id IS NULL THEN
                    NEW.store_id := COALESCE(
                        (SELECT c.store_id FROM customers c WHERE c.id = NEW.customer_id),
                        (SELECT v.store_id FROM visits v WHERE v.id = NEW.visit_id));
                END IF;
                RETURN NEW;
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER trg_consents_store_id BEFORE INSERT OR UPDATE ON consents "
            f"FOR EACH ROW EXECUTE FUNCTION {FILL_FUNCTION}()"
        )
        op.execute(
            "CREATE TRIGGER trg_consents_store_txid BEFORE INSERT OR UPDATE ON consents "
            f"FOR EACH ROW EXECUTE FUNCTION {STAMP_FUNCTION}()"
        )
    # every row: its store filled where it can be, and (on PostgreSQL) stamped by the trigger
    op.execute(f"UPDATE consents SET store_id = {OWN_STORE}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_consents_store_txid ON consents")
        op.execute("DROP TRIGGER IF EXISTS trg_consents_store_id ON consents")
        op.execute(f"DROP FUNCTION IF EXISTS {FILL_FUNCTION}()")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_store_txid"))
        batch_op.drop_column("store_txid")
        batch_op.drop_column("store_id")
