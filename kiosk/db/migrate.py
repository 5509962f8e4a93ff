"""Alembic migrations, applied at start, with a backup taken before they change a file.

The schema is never created ad hoc: SQLite and PostgreSQL both get it from the same migration
scripts (batch mode for SQLite). Before a migration changes an existing local database, a
consistent copy is written beside it with SQLite's online backup API, so a failed upgrade can
always be undone by store IT; only the newest ``KEEP_BACKUPS`` are kept, so a kiosk that
retries an upgrade at every start cannot fill its disk with copies.

A database whose revision this build does not know was written by a newer kiosk: it is
refused before anything is copied or changed, with one line saying so, since no migration of
this build can apply to it (Alembic would only fail with a traceback).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from kiosk.db.schema_head import MIGRATIONS_DIR, head_from_files
from kiosk.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)


KEEP_BACKUPS = 3
"""Backups kept beside a local database; older ones are removed when a new one is taken."""

MIGRATION_LOCK = 0x6B696F736B
"""PostgreSQL advisory lock held while migrating, so two `db upgrade --store` runs queue."""


class NewerSchemaError(StorageError):
    """The database was written by a newer build; this one must not touch it."""


def _alembic_config() -> Config:
    from alembic.config import Config  # imported here: alembic costs start-up time

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return str(head)


def at_head(engine: Engine) -> bool:
    """The database is at this build's newest schema (the cheap check; see kiosk.db.schema_head)."""
    head = head_from_files() or head_revision()
    return current_revision(engine) == head


def known_revisions() -> frozenset[str]:
    """Every revision this build's migrations know, oldest to newest."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def describe_database(engine: Engine) -> str:
    """How a message names the database: the local file, or the store URL without password."""
    if engine.dialect.name == "sqlite":
        return f"local database {engine.url.database}"
    return f"store database {engine.url.render_as_string(hide_password=True)}"


def newer_schema_message(where: str, current: str, head: str) -> str:
    return (
        f"{where} is at schema {current}, which this build does not know: a newer kiosk wrote "
        f"it (this build's newest is {head}). Install that build or a newer one; nothing was "
        "changed"
    )


def schema_mismatch(where: str, current: str | None, head: str) -> str:
    """What store IT should do about a schema that is not this build's newest."""
    if current is not None and current not in known_revisions():
        return newer_schema_message(where, current, head) + " (`kiosk db upgrade` cannot help)"
    return (
        f"{where} is at schema {current or 'none'}, behind this build's {head}: "
        "run `kiosk db upgrade`"
    )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def backup_sqlite(db_path: Path, label: str) -> Path:
    """A consistent copy of a live SQLite database (WAL included) beside it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = db_path.with_name(f"{db_path.name}.{label}.{stamp}.bak")
    src = sqlite3.connect(str(db_path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def prune_backups(db_path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Remove all but the ``keep`` newest ``<db>.before-*.bak`` copies; returns those removed."""

    def stamp(path: Path) -> tuple[str, str]:  # <db>.<label>.<UTC stamp>.bak
        return (path.name.rsplit(".", 2)[-2], path.name)

    backups = sorted(db_path.parent.glob(f"{db_path.name}.before-*.bak"), key=stamp)
    removed = backups[: max(0, len(backups) - keep)]
    for old in removed:
        old.unlink(missing_ok=True)
        log.info("removed an old database backup: %s", old.name)
    return removed


def refuse_newer(engine: Engine, current: str | None, head: str) -> None:
    """Raise NewerSchemaError when ``current`` is a revision this build does not know."""
    if current is not None and current != head and current not in known_revisions():
        raise NewerSchemaError(newer_schema_message(describe_database(engine), current, head))


def upgrade(engine: Engine, backup: bool = True) -> Path | None:
    """Bring ``engine``'s database to the newest schema; returns the backup taken, if any.

    Raises NewerSchemaError, before copying or changing anything, for a database a newer
    build wrote. A backup is taken only when a migration is about to run on existing tables.
    A database already at the newest schema (every start but the first after an update) is
    left without importing Alembic at all.
    """
    if at_head(engine):
        return None
    from alembic import command

    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    refuse_newer(engine, current, head)
    backup_path = None
    db_file = engine.url.database
    if backup and engine.dialect.name == "sqlite" and db_file and _has_tables(engine):
        backup_path = backup_sqlite(Path(db_file), f"before-{head}")
        prune_backups(Path(db_file))
    cfg = _alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # a second migrator waits, then finds head
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup_path
