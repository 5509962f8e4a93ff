"""``kiosk content publish`` and ``rollback``: a pack put into the store database once.

A publish validates and prepares the pack (``kiosk.content.snapshot.prepare``, images
decoded), hashes every file, then, in ONE transaction on the store database: finds which
blobs the store holds already (and that their bytes still match their hash: a damaged one
is sent again), sends only the missing ones chunk by chunk, adds the version with its
manifest and makes it current. A refused pack never reaches the database; a failure midway
(the network, a file changed while it was sent) rolls the transaction back, so the store
is as it was. An advisory lock makes two publishes of one store queue, not interleave.

A rollback moves the store's current version to the one published before it; nothing is
deleted, so rolling forward again is a publish of the newer pack (its blobs are there).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert

from kiosk.clock import utcnow
from kiosk.content.errors import ContentError, Issue
from kiosk.content.publish.manifest import Entry, as_json, hash_pack
from kiosk.content.snapshot import prepare
from kiosk.content.validate import Report, validate
from kiosk.db.pack_rows import (
    CHUNK_BYTES,
    ContentBlob,
    ContentBlobChunk,
    ContentCurrent,
    ContentVersion,
)

Progress = Callable[[int, int, str], None]
PUBLISH_LOCK = 0x6B696F736B + 20
"""Advisory lock held while a store's current version changes (publish, rollback)."""


def _table(model: type[Any]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


BLOBS = _table(ContentBlob)
CHUNKS = _table(ContentBlobChunk)
VERSIONS = _table(ContentVersion)
CURRENT = _table(ContentCurrent)

SOUND_BLOBS = text(
    """
    SELECT b.sha256 FROM content_blobs b
    WHERE b.sha256 = ANY(:shas)
      AND b.sha256 = encode(sha256(COALESCE(
            (SELECT string_agg(c.data, ''::bytea ORDER BY c.seq)
               FROM content_blob_chunks c WHERE c.sha256 = b.sha256), ''::bytea)), 'hex')
    """
)
"""The blobs among ``:shas`` the store holds whole and unaltered (hashed by the server)."""


@dataclass(frozen=True)
class Published:
    """What a publish did: ``message`` is one line for store IT."""

    ok: bool
    message: str
    version_id: int | None = None
    files: int = 0
    new_blobs: int = 0
    sent_bytes: int = 0
    repaired: int = 0
    issues: tuple[Issue, ...] = ()


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def validated(source: Path) -> Report:
    """The pack validated in full and its snapshot written beside it; a pack folder the
    publisher cannot write (a read-only share) is validated all the same."""
    try:
        return prepare(source)
    except ContentError:
        return validate(source)


def current_version(conn: Connection, store_id: str) -> Any:
    """The store's current version row (id, brand, pack_version, manifest...), or None."""
    return conn.execute(
        select(VERSIONS)
        .join(CURRENT, CURRENT.c.version_id == VERSIONS.c.id)
        .where(CURRENT.c.store_id == store_id)
    ).first()


def _lock(conn: Connection) -> None:
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK})


def _make_current(conn: Connection, store_id: str, version_id: int, by: str) -> None:
    values = {"version_id": version_id, "changed_by": by, "changed_at": utcnow()}
    stmt = pg_insert(CURRENT).values(store_id=store_id, **values)
    conn.execute(stmt.on_conflict_do_update(index_elements=["store_id"], set_=values))


def _send_blob(conn: Connection, entry: Entry, path: Path) -> None:
    """The file's bytes as chunks, hashed again as they go: a file changed since it was
    hashed stops the publish (the transaction is rolled back)."""
    chunks = max(0, -(-entry.size // CHUNK_BYTES))
    conn.execute(insert(BLOBS).values(sha256=entry.sha256, size=entry.size, chunks=chunks))
    digest = hashlib.sha256()
    sent = seq = 0
    with path.open("rb") as handle:
        while block := handle.read(CHUNK_BYTES):
            digest.update(block)
            conn.execute(insert(CHUNKS).values(sha256=entry.sha256, seq=seq, data=block))
            seq, sent = seq + 1, sent + len(block)
    if digest.hexdigest() != entry.sha256 or sent != entry.size or seq != chunks:
        raise ContentError(f"{entry.path} changed while it was being published; publish again")


def publish(
    store: Engine,
    store_id: str,
    source: Path,
    by: str,
    hashing: Progress | None = None,
    sending: Progress | None = None,
    clock: Callable[[], dt.datetime] = utcnow,
) -> Published:
    """Validate ``source`` and make it the store's current version (see the module doc).
    Database and disk failures are raised (SQLAlchemyError, OSError, ContentError): the
    transaction is then rolled back and nothing changed."""
    report = validated(source)
    if report.pack is None:
        errors = len(report.errors)
        return Published(False, f"REFUSED: {errors} error(s); nothing was published", None,
                         issues=report.issues)  # fmt: skip
    info = report.pack.info
    entries = hash_pack(report.root, hashing)
    manifest = as_json(entries)
    size = sum(e.size for e in entries)
    unique = {e.sha256: e for e in entries}
    with store.begin() as conn:
        _lock(conn)
        now = current_version(conn, store_id)
        held = {r[0] for r in conn.execute(select(BLOBS.c.sha256).where(
            BLOBS.c.sha256.in_(list(unique)))).all()}  # fmt: skip
        sound = {r[0] for r in conn.execute(SOUND_BLOBS, {"shas": list(held)}).all()}
        if now is not None and now.manifest == manifest and len(sound) == len(unique):
            return Published(
                True,
                f"unchanged: {info.brand} {info.version} is already version {now.id}, "
                f"current for {store_id}; nothing sent",
                now.id,
                len(entries),
                issues=report.issues,
            )
        # A blob altered or cut short in the table is sent again, and a new version made
        # even when the manifest is the same: kiosks that refused the damaged one fetch it.
        damaged = held - sound
        if damaged:
            conn.execute(delete(BLOBS).where(BLOBS.c.sha256.in_(list(damaged))))
        missing = [unique[sha] for sha in sorted(unique) if sha not in sound]
        for done, entry in enumerate(missing, 1):
            _send_blob(conn, entry, report.root / entry.path)
            if sending is not None:
                sending(done, len(missing), entry.path)
        version_id = conn.execute(
            insert(VERSIONS)
            .values(
                store_id=store_id,
                pack_id=info.id,
                pack_version=info.version,
                brand=info.brand,
                manifest=manifest,
                files=len(entries),
                bytes=size,
                published_by=by,
                published_at=clock(),
            )
            .returning(VERSIONS.c.id)
        ).scalar_one()
        _make_current(conn, store_id, version_id, by)
    sent = sum(e.size for e in missing)
    again = f" ({len(damaged)} damaged in the store, sent again)" if damaged else ""
    return Published(
        True,
        f"published {info.brand} {info.version} as version {version_id} for {store_id}: "
        f"{len(entries)} files, {len(missing)} new{again}, {megabytes(sent)} sent "
        f"(pack {megabytes(size)}); kiosks fetch it at their next sync and switch at "
        "their attract screen",
        version_id,
        len(entries),
        len(missing),
        sent,
        len(damaged),
        report.issues,
    )


def rollback(store: Engine, store_id: str, by: str) -> tuple[bool, str]:
    """Make the version published before the current one current again."""
    with store.begin() as conn:
        _lock(conn)
        now = current_version(conn, store_id)
        if now is None:
            return False, f"nothing is published for {store_id}: nothing to roll back"
        before = conn.execute(
            select(VERSIONS)
            .where(VERSIONS.c.store_id == store_id, VERSIONS.c.id < now.id)
            .order_by(VERSIONS.c.id.desc())
            .limit(1)
        ).first()
        if before is None:
            return False, (
                f"version {now.id} ({now.brand} {now.pack_version}) is the first published "
                f"for {store_id}: there is no earlier version to roll back to"
            )
        _make_current(conn, store_id, before.id, by)
    return True, (
        f"rolled back {store_id} from version {now.id} ({now.brand} {now.pack_version}) to "
        f"version {before.id} ({before.brand} {before.pack_version}); kiosks switch to it "
        "at their next sync and attract screen"
    )


def versions(store: Engine, store_id: str, limit: int = 20) -> tuple[list[Any], int | None]:
    """The store's latest published versions (newest first) and the current one's id."""
    with store.connect() as conn:
        rows = conn.execute(
            select(VERSIONS.c.id, VERSIONS.c.brand, VERSIONS.c.pack_version, VERSIONS.c.files,
                   VERSIONS.c.bytes, VERSIONS.c.published_by, VERSIONS.c.published_at)
            .where(VERSIONS.c.store_id == store_id)
            .order_by(VERSIONS.c.id.desc())
            .limit(limit)
        ).all()  # fmt: skip
        now = conn.execute(
            select(CURRENT.c.version_id).where(CURRENT.c.store_id == store_id)
        ).scalar()
    return list(rows), now
