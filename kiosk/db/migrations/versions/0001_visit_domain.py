"""The visit domain: visits, events, needs, selection, links, customers, consents,
associates, service requests, follow-up tasks and the sync outbox.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 17:23:34.896944
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "associates",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=255), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_associates")),
    )
    with op.batch_alter_table("associates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_associates_store_id"), ["store_id"], unique=False)

    op.create_table(
        "customers",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("member_number", sa.String(length=40), nullable=True),
        sa.Column(
            "preferences",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customers_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_customers_member_number"), ["member_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_customers_phone"), ["phone"], unique=False)
        batch_op.create_index(batch_op.f("ix_customers_store_id"), ["store_id"], unique=False)

    op.create_table(
        "sync_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("enqueued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_outbox")),
    )
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.create_index("ix_sync_outbox_pending", ["quarantined_at", "id"], unique=False)

    op.create_table(
        "visits",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=24), nullable=True),
        sa.Column("stage", sa.String(length=24), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("associate_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("nps", sa.Integer(), nullable=True),
        sa.Column("ces", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["associate_id"], ["associates.id"], name=op.f("fk_visits_associate_id_associates")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_visits_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_open", ["kiosk_id", "ended_at"], unique=False)
        batch_op.create_index("ix_visits_store_started", ["store_id", "started_at"], unique=False)

    op.create_table(
        "consents",
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("wording_version", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("given_via", sa.String(length=16), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_consents_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_consents_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consents_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "followup_links",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("fallback_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_followup_links_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_links")),
        sa.UniqueConstraint("fallback_code", name=op.f("uq_followup_links_fallback_code")),
        sa.UniqueConstraint("token", name=op.f("uq_followup_links_token")),
    )
    with op.batch_alter_table("followup_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_followup_links_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "followup_tasks",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assigned_to", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_by", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"],
            ["associates.id"],
            name=op.f("fk_followup_tasks_assigned_to_associates"),
        ),
        sa.ForeignKeyConstraint(
            ["completed_by"],
            ["associates.id"],
            name=op.f("fk_followup_tasks_completed_by_associates"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_followup_tasks_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_followup_tasks_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup_tasks")),
    )
    with op.batch_alter_table("followup_tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_followup_tasks_customer_id"), ["customer_id"], unique=False
        )
        batch_op.create_index(
            "ix_followup_tasks_due", ["store_id", "completed_at", "due_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_followup_tasks_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "needs_answers",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column(
            "answer",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_needs_answers_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_needs_answers")),
        sa.UniqueConstraint("visit_id", "question_id", name=op.f("uq_needs_answers_visit_id")),
    )
    op.create_table(
        "selection_items",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_selection_items_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_items")),
    )
    with op.batch_alter_table("selection_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_selection_items_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "service_requests",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("kiosk_id", sa.String(length=64), nullable=False),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by"],
            ["associates.id"],
            name=op.f("fk_service_requests_acknowledged_by_associates"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"],
            ["associates.id"],
            name=op.f("fk_service_requests_resolved_by_associates"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visits.id"], name=op.f("fk_service_requests_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
    )
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.create_index("ix_service_requests_open", ["store_id", "resolved_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_service_requests_visit_id"), ["visit_id"], unique=False
        )

    op.create_table(
        "visit_events",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visits.id"],
            name=op.f("fk_visit_events_visit_id_visits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_events")),
        sa.UniqueConstraint("visit_id", "seq", name=op.f("uq_visit_events_visit_id")),
    )
    with op.batch_alter_table("visit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_events_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("visit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_events_visit_id"))

    op.drop_table("visit_events")
    with op.batch_alter_table("service_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_requests_visit_id"))
        batch_op.drop_index("ix_service_requests_open")

    op.drop_table("service_requests")
    with op.batch_alter_table("selection_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_selection_items_visit_id"))

    op.drop_table("selection_items")
    op.drop_table("needs_answers")
    with op.batch_alter_table("followup_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_followup_tasks_visit_id"))
        batch_op.drop_index("ix_followup_tasks_due")
        batch_op.drop_index(batch_op.f("ix_followup_tasks_customer_id"))

    op.drop_table("followup_tasks")
    with op.batch_alter_table("followup_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_followup_links_visit_id"))

    op.drop_table("followup_links")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_visit_id"))
        batch_op.drop_index(batch_op.f("ix_consents_customer_id"))

    op.drop_table("consents")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_store_started")
        batch_op.drop_index("ix_visits_open")

    op.drop_table("visits")
    with op.batch_alter_table("sync_outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_outbox_pending")

    op.drop_table("sync_outbox")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customers_store_id"))
        batch_op.drop_index(batch_op.f("ix_customers_phone"))
        batch_op.drop_index(batch_op.f("ix_customers_member_number"))
        batch_op.drop_index(batch_op.f("ix_customers_email"))

    op.drop_table("customers")
    with op.batch_alter_table("associates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_associates_store_id"))

    op.drop_table("associates")
