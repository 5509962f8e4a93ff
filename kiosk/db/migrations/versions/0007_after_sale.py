"""After the sale: purchases, service bookings on the store's slots, touchpoint scores,
private-viewing invitations, and the kiosk-local count of wrong codes.

Purchases, bookings and invitations are stamped for the kiosks' pull (as cases are). The
slot's capacity is the store database's to enforce: a partial unique index on the place a
live booking holds in its slot, and one on the live booking of a purchase's service.

Revision ID: 0007_after_sale
Revises: 0006_visit_day_counts
Create Date: 2026-12-05 01:30:09.482738
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007_after_sale"
down_revision = "0006_visit_day_counts"
branch_labels = None
depends_on = None

STAMP_FUNCTION = "kiosk_stamp_store_txid"  # made by 0002
STAMPED = ("purchases", "service_bookings", "invitations")


def upgrade() -> None:
    op.create_table(
        "code_misses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_misses")),
    )
    with op.batch_alter_table("code_misses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_code_misses_at"), ["at"], unique=False)

    op.create_table(
        "purchases",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("associate_id", sa.Uuid(), nullable=True),
        sa.Column("order_ref", sa.String(length=64), nullable=True),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_txid", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["associate_id"], ["associates.id"], name=op.f("fk_purchases_associate_id_associates")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_purchases_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_purchases_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchases")),
    )
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_purchases_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(
            "ix_purchases_store_created", ["store_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_purchases_store_txid"), ["store_txid"], unique=False)
        batch_op.create_index(batch_op.f("ix_purchases_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("link_id", sa.Uuid(), nullable=True),
        sa.Column("purchase_id", sa.Uuid(), nullable=True),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redeemed_via", sa.String(length=16), nullable=True),
        sa.Column("redeemed_visit_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_txid", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"], ["followup_links.id"], name=op.f("fk_invitations_link_id_followup_links")
        ),
        sa.ForeignKeyConstraint(
            ["purchase_id"], ["purchases.id"], name=op.f("fk_invitations_purchase_id_purchases")
        ),
        sa.ForeignKeyConstraint(
            ["redeemed_visit_id"],
            ["visits.id"],
            name=op.f("fk_invitations_redeemed_visit_id_visits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("code", name=op.f("uq_invitations_code")),
        sa.UniqueConstraint("token", name=op.f("uq_invitations_token")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitations_link_id"), ["link_id"], unique=False)
        batch_op.create_index(
            "ix_invitations_store_created", ["store_id", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invitations_store_txid"), ["store_txid"], unique=False)

    op.create_table(
        "service_bookings",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("purchase_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=False),
        sa.Column("place", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("booked_via", sa.String(length=16), nullable=False),
        sa.Column("booked_by", sa.Uuid(), nullable=True),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("store_txid", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booked_by"], ["associates.id"], name=op.f("fk_service_bookings_booked_by_associates")
        ),
        sa.ForeignKeyConstraint(
            ["done_by"], ["associates.id"], name=op.f("fk_service_bookings_done_by_associates")
        ),
        sa.ForeignKeyConstraint(
            ["purchase_id"],
            ["purchases.id"],
            name=op.f("fk_service_bookings_purchase_id_purchases"),
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["service_bookings.id"],
            name=op.f("fk_service_bookings_replaces_id_service_bookings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_bookings")),
    )
    with op.batch_alter_table("service_bookings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_bookings_purchase_id"), ["purchase_id"], unique=False
        )
        batch_op.create_index("ix_service_bookings_store_day", ["store_id", "day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_service_bookings_store_txid"), ["store_txid"], unique=False
        )
        batch_op.create_index(
            "uq_service_bookings_live",
            ["purchase_id", "service"],
            unique=True,
            postgresql_where=sa.text("cancelled_at IS NULL"),
            sqlite_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.create_index(
            "uq_service_bookings_place",
            ["store_id", "service", "day", "slot", "place"],
            unique=True,
            postgresql_where=sa.text("cancelled_at IS NULL"),
            sqlite_where=sa.text("cancelled_at IS NULL"),
        )

    op.create_table(
        "touchpoint_scores",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("touchpoint", sa.String(length=16), nullable=False),
        sa.Column("purchase_id", sa.Uuid(), nullable=True),
        sa.Column("booking_id", sa.Uuid(), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("given_via", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["service_bookings.id"],
            name=op.f("fk_touchpoint_scores_booking_id_service_bookings"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_touchpoint_scores_customer_id_customers"),
        ),
        sa.ForeignKeyConstraint(
            ["purchase_id"],
            ["purchases.id"],
            name=op.f("fk_touchpoint_scores_purchase_id_purchases"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["associates.id"],
            name=op.f("fk_touchpoint_scores_recorded_by_associates"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_touchpoint_scores_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_touchpoint_scores")),
    )
    with op.batch_alter_table("touchpoint_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_touchpoint_scores_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_touchpoint_scores_purchase_id"), ["purchase_id"], unique=False
        )
        batch_op.create_index(
            "ix_touchpoint_scores_store_given", ["store_id", "given_at"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        for table in STAMPED:
            op.execute(
                f"CREATE TRIGGER trg_{table}_store_txid BEFORE INSERT OR UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {STAMP_FUNCTION}()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in STAMPED:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_store_txid ON {table}")
    with op.batch_alter_table("touchpoint_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_touchpoint_scores_store_given")
        batch_op.drop_index(batch_op.f("ix_touchpoint_scores_purchase_id"))
        batch_op.drop_index(batch_op.f("ix_touchpoint_scores_customer_id"))

    op.drop_table("touchpoint_scores")
    with op.batch_alter_table("service_bookings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_service_bookings_place",
            postgresql_where=sa.text("cancelled_at IS NULL"),
            sqlite_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.drop_index(
            "uq_service_bookings_live",
            postgresql_where=sa.text("cancelled_at IS NULL"),
            sqlite_where=sa.text("cancelled_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_service_bookings_store_txid"))
        batch_op.drop_index("ix_service_bookings_store_day")
        batch_op.drop_index(batch_op.f("ix_service_bookings_purchase_id"))

    op.drop_table("service_bookings")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_store_txid"))
        batch_op.drop_index("ix_invitations_store_created")
        batch_op.drop_index(batch_op.f("ix_invitations_link_id"))

    op.drop_table("invitations")
    with op.batch_alter_table("purchases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_purchases_visit_id"))
        batch_op.drop_index(batch_op.f("ix_purchases_store_txid"))
        batch_op.drop_index("ix_purchases_store_created")
        batch_op.drop_index(batch_op.f("ix_purchases_customer_id"))

    op.drop_table("purchases")
    with op.batch_alter_table("code_misses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_code_misses_at"))

    op.drop_table("code_misses")
