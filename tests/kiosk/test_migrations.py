"""The schema comes from Alembic migrations, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import inspect

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import current_revision, head_revision, upgrade
from kiosk.db.models import Base

TABLES = {
    "visits",
    "visit_events",
    "needs_answers",
    "selection_items",
    "followup_links",
    "customers",
    "consents",
    "associates",
    "service_requests",
    "followup_tasks",
    "sync_outbox",
    "sync_state",
    "visit_notes",
    "alembic_version",
}


def _check_matches_models(engine):
    """Autogenerate finds no difference between the migrated schema and the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_sqlite_migrates_to_head_matching_the_models(tmp_path):
    engine = open_local(tmp_path / "k.sqlite3")
    assert upgrade(engine) is None  # a new file needs no backup
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) == TABLES
    _check_matches_models(engine)
    assert upgrade(engine) is None  # already at head: nothing happens


@pytest.mark.postgres
def test_postgres_migrates_to_head_matching_the_models(pg_url):
    engine = open_url(pg_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) == TABLES
    _check_matches_models(engine)
    engine.dispose()


def test_a_backup_is_taken_before_a_migration_changes_an_existing_file(tmp_path):
    path = tmp_path / "k.sqlite3"
    with sqlite3.connect(path) as conn:  # a database at an older (empty) schema level
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("CREATE TABLE keepsake (note TEXT)")
        conn.execute("INSERT INTO keepsake VALUES ('before')")
    engine = open_local(path)
    backup = upgrade(engine)
    assert backup is not None
    assert backup.parent == tmp_path
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT note FROM keepsake").fetchall() == [("before",)]
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)
    assert current_revision(engine) == head_revision()


def test_sqlite_pragmas_are_set(tmp_path):
    engine = open_local(tmp_path / "k.sqlite3")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
