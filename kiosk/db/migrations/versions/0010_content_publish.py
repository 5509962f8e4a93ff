"""Published content packs: versions, their manifests and their files as content-addressed
blobs, and the version each store's kiosks should show (``kiosk.db.pack_rows``).

Store-only tables (kiosks read them from the store database and never sync them), created
on both dialects like every table so the schema stays one; on PostgreSQL the chunks' bytes
are kept uncompressed out of line (``STORAGE EXTERNAL``): a pack is mostly JPEG, which does
not compress, and a kiosk reads each chunk whole.

Revision ID: 0010_content_publish
Revises: 0009_client_book
Create Date: 2026-12-05 07:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010_content_publish"
down_revision = "0009_client_book"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_content_blobs")),
    )
    op.create_table(
        "content_blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["content_blobs.sha256"],
            name=op.f("fk_content_blob_chunks_sha256_content_blobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("sha256", "seq", name=op.f("pk_content_blob_chunks")),
    )
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("pack_id", sa.String(length=120), nullable=False),
        sa.Column("pack_version", sa.String(length=120), nullable=False),
        sa.Column("brand", sa.String(length=200), nullable=False),
        sa.Column(
            "manifest",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("files", sa.Integer(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("published_by", sa.String(length=120), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_versions")),
    )
    op.create_index("ix_content_versions_store_id", "content_versions", ["store_id", "id"])
    op.create_table(
        "content_current",
        sa.Column("store_id", sa.String(length=64), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["content_versions.id"],
            name=op.f("fk_content_current_version_id_content_versions"),
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_content_current")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE content_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    op.drop_table("content_current")
    op.drop_index("ix_content_versions_store_id", table_name="content_versions")
    op.drop_table("content_versions")
    op.drop_table("content_blob_chunks")
    op.drop_table("content_blobs")
