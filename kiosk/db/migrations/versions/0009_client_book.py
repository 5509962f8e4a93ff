"""The client book: key dates (stamped for the kiosks' pull), a client's advisor, an
associate's absence, whom and where a request is for, and an outreach's channel.

Revision ID: 0009_client_book
Revises: 0008_consent_store
Create Date: 2026-12-05 04:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_client_book"
down_revision = "0008_consent_store"
branch_labels = None
depends_on = None

STAMP_FUNCTION = "kiosk_stamp_store_txid"  # made by 0002


def upgrade() -> None:
    op.create_table(
        "key_dates",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("consent_id", sa.Uuid(), nullable=True),
        sa.Column("wording_version", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.Column("month", sa.Integer(), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_txid", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consents.id"], name=op.f("fk_key_dates_consent_id_consents")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["associates.id"], name=op.f("fk_key_dates_created_by_associates")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_key_dates_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_dates")),
    )
    with op.batch_alter_table("key_dates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_key_dates_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(
            "ix_key_dates_store_month_day", ["store_id", "month", "day"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_key_dates_store_txid"), ["store_txid"], unique=False)

    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("advisor_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_customers_advisor_id"), ["advisor_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_customers_advisor_id_associates"), "associates", ["advisor_id"], ["id"]
        )
    with op.batch_alter_table("associates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("away_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("for_associate", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("area", sa.String(length=80), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_service_requests_for_associate_associates"),
            "associates",
            ["for_associate"],
            ["id"],
        )
    with op.batch_alter_table("followup_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=16), nullable=True))

    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER trg_key_dates_store_txid BEFORE INSERT OR UPDATE ON key_dates "
            f"FOR EACH ROW EXECUTE FUNCTION {STAMP_FUNCTION}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_key_dates_store_txid ON key_dates")
    with op.batch_alter_table("followup_tasks", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_service_requests_for_associate_associates"), type_="foreignkey"
        )
        batch_op.drop_column("area")
        batch_op.drop_column("for_associate")
    with op.batch_alter_table("associates", schema=None) as batch_op:
        batch_op.drop_column("away_until")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_customers_advisor_id_associates"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_customers_advisor_id"))
        batch_op.drop_column("advisor_id")
    with op.batch_alter_table("key_dates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_key_dates_store_txid"))
        batch_op.drop_index("ix_key_dates_store_month_day")
        batch_op.drop_index(batch_op.f("ix_key_dates_customer_id"))
    op.drop_table("key_dates")
