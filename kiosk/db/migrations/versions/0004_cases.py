"""Service recovery: the cases table, stamped for the kiosks' pull like service requests.

Revision ID: 0004_cases
Revises: 0003_assoc
Create Date: 2026-12-04 23:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_cases"
down_revision = "0003_assoc"
branch_labels = None
depends_on = None

STAMP_FUNCTION = "kiosk_stamp_store_txid"  # made by 0002


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("opened_via", sa.String(length=16), nullable=False),
        sa.Column("opened_by", sa.Uuid(), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("contact_consent_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("internal_note", sa.Text(), nullable=True),
        sa.Column("customer_reply", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("first_contact", sa.Boolean(), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("escalation_reason", sa.Text(), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_txid", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_cases_visit_id_visits")),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_cases_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["associates.id"], name=op.f("fk_cases_opened_by_associates")
        ),
        sa.ForeignKeyConstraint(
            ["contact_consent_id"],
            ["consents.id"],
            name=op.f("fk_cases_contact_consent_id_consents"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["associates.id"], name=op.f("fk_cases_owner_id_associates")
        ),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["associates.id"],
            name=op.f("fk_cases_acknowledged_by_associates"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["associates.id"], name=op.f("fk_cases_resolved_by_associates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_store_txid"), ["store_txid"], unique=False)
        batch_op.create_index("ix_cases_open", ["store_id", "resolved_at"], unique=False)
        batch_op.create_index("ix_cases_store_created", ["store_id", "created_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER trg_cases_store_txid BEFORE INSERT OR UPDATE ON cases "
            f"FOR EACH ROW EXECUTE FUNCTION {STAMP_FUNCTION}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_cases_store_txid ON cases")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_store_created")
        batch_op.drop_index("ix_cases_open")
        batch_op.drop_index(batch_op.f("ix_cases_store_txid"))
        batch_op.drop_index(batch_op.f("ix_cases_customer_id"))
        batch_op.drop_index(batch_op.f("ix_cases_visit_id"))
    op.drop_table("cases")
