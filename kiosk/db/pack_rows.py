"""Published content packs in the store database: versions, and their files as blobs.

Store IT publishes a pack once (``kiosk content publish``); every kiosk of the store fetches
it at its next sync (``kiosk.content.publish``). A pack is stored as content-addressed blobs:
a file is named by the SHA-256 of its bytes, so an image that did not change between two
versions is stored and sent once, and a kiosk that holds it already never fetches it again.

- ``content_blobs`` - one row per distinct file content (its hash and size); present only
  once all its chunks are (they are written in the same transaction).
- ``content_blob_chunks`` - the bytes, in chunks of at most ``CHUNK_BYTES``, so neither the
  publisher nor a kiosk ever holds a whole large file in memory.
- ``content_versions`` - one row per publish: the pack's own id and version, and its
  manifest (each file's path to its hash and size), who published it and when. Never
  changed afterwards: a rollback only moves the pointer below.
- ``content_current`` - per store, the version kiosks should be showing.

Store-only: kiosks read these tables straight from the store database and never sync them
(they are not ``Synced``). They exist in the local SQLite schema too, empty, because both
dialects get their schema from the same migrations (``0010_content_publish``). No personal
data: a publisher is named by the operating-system account that ran the command.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utcnow
from kiosk.db.base import Base, JsonDoc, UtcDateTime

CHUNK_BYTES = 1 << 20
"""A blob's bytes travel and are kept in chunks of this size (the last one shorter)."""


class ContentBlob(Base):
    """One file content, named by the hex SHA-256 of its bytes."""

    __tablename__ = "content_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    chunks: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class ContentBlobChunk(Base):
    """``seq``-th chunk (from 0) of a blob's bytes."""

    __tablename__ = "content_blob_chunks"

    sha256: Mapped[str] = mapped_column(
        ForeignKey("content_blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ContentVersion(Base):
    """One publish of a pack to a store; ``manifest`` maps each file's path (relative,
    POSIX) to ``[sha256, size]``."""

    __tablename__ = "content_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(String(64))
    pack_id: Mapped[str] = mapped_column(String(120))
    pack_version: Mapped[str] = mapped_column(String(120))
    brand: Mapped[str] = mapped_column(String(200))
    manifest: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    files: Mapped[int] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(BigInteger)
    published_by: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (Index("ix_content_versions_store_id", "store_id", "id"),)


class ContentCurrent(Base):
    """The version the kiosks of ``store_id`` should show (moved by publish and rollback)."""

    __tablename__ = "content_current"

    store_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("content_versions.id"))
    changed_by: Mapped[str] = mapped_column(String(120))
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
