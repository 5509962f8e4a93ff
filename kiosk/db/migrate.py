"""Alembic migrations, applied at start, with a backup taken before they change a file.

The schema is never created ad hoc: SQLite and PostgreSQL both get it from the same migration
scripts (batch mode for SQLite). Before a migration changes an existing local database, a
consistent copy is written beside it with SQLite's online backup API, so a failed upgrade can
always be undone by store IT.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def upgrade(engine: Engine, backup: bool = True) -> Path | None:
    """Bring ``engine``'s database to the newest schema; returns the backup taken, if any."""
    from alembic import command

    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    backup_path = None
    db_file = engine.url.database
    if backup and engine.dialect.name == "sqlite" and db_file and _has_tables(engine):
        backup_path = backup_sqlite(Path(db_file), f"before-{head}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return backup_path
