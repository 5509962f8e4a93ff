"""This build's newest schema and a local database's, read without SQLAlchemy or Alembic.

The kiosk's every start asks whether its local database is at this build's newest migration.
Both sides are read here with the standard library (the migration scripts' own ``revision``
lines, and SQLite's ``alembic_version`` row), so the answer comes in a few milliseconds,
before the database's modules (about a quarter of a second to import) are loaded.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def head_from_files() -> str | None:
    """This build's newest revision read straight from the migration scripts' own
    ``revision``/``down_revision`` lines (a few small files), without importing Alembic. None
    when the scripts do not read as one simple chain (a merge, a computed id): then ask
    Alembic (kiosk.db.migrate.head_revision)."""
    revisions: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict(_REVISION.findall(script.read_text(encoding="utf-8")))
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return None
        revisions[revision] = down
    heads = set(revisions) - set(revisions.values())
    return heads.pop() if len(heads) == 1 else None


def sqlite_revision(path: Path) -> str | None:
    """The schema revision a local SQLite database is at, read-only; None when the file does
    not exist, is empty or not yet migrated, or cannot be read (the full open then explains)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:  # no such table (never migrated), not a database, locked...
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])


def sqlite_at_head(path: Path) -> bool:
    """The local database at ``path`` exists and is at this build's newest revision."""
    head = head_from_files()
    return head is not None and sqlite_revision(path) == head
