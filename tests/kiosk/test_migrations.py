"""The schema comes from Alembic migrations, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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


# -- a database a newer kiosk wrote, and how many backups are kept ------------------------------

FUTURE = "0099_from_a_newer_build"


def _newer_database(path):  # type: ignore[no-untyped-def]
    """A local database migrated by this build, then stamped with a revision it cannot know."""
    engine = open_local(path)
    upgrade(engine)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (FUTURE,))
    conn.close()


# Every command that opens the local database (kiosk.runtime.open_database).
LOCAL_DB_COMMANDS = [
    ["db", "upgrade"],
    ["associates", "list"],
    ["sync", "--status"],
    ["followups", "due"],
    ["followups", "sweep"],
    ["report", "--period", "today"],
    ["customers", "forget", "--phone", "+33 6 12 34 56 78", "--yes"],
]


@pytest.mark.parametrize("argv", LOCAL_DB_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_newer_database_is_named_and_left_alone_by_every_command(
    monkeypatch, capsys, kiosk_env, argv
):
    from main import main

    db = Path(kiosk_env["KIOSK_LOCAL_DB_PATH"])
    db.parent.mkdir(parents=True)
    _newer_database(db)
    before = db.read_bytes()
    for name, value in kiosk_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line, no traceback
    assert f"schema {FUTURE}" in err
    assert "newer kiosk" in err
    assert "Install that build or a newer one" in err
    assert sorted(p.name for p in db.parent.iterdir() if ".bak" in p.name) == []
    assert db.read_bytes() == before


def test_the_kiosk_itself_refuses_a_newer_database_with_exit_2(kiosk_env):
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    db = Path(kiosk_env["KIOSK_LOCAL_DB_PATH"])
    db.parent.mkdir(parents=True)
    _newer_database(db)
    result = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "run"],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **kiosk_env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "newer kiosk" in result.stderr
    assert not list(db.parent.glob("*.bak"))


def test_only_the_newest_backups_are_kept(tmp_path):
    path = tmp_path / "k.sqlite3"
    old = [path.with_name(f"k.sqlite3.before-0002.2025010{i}T000000Z.bak") for i in range(1, 6)]
    for copy in old:
        copy.write_bytes(b"an older copy")
    unrelated = tmp_path / "k.sqlite3.keep-me.bak"
    unrelated.write_bytes(b"store IT's own copy")
    with sqlite3.connect(path) as conn:  # a database at an older (empty) schema level
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    conn.close()
    engine = open_local(path)
    backup = upgrade(engine)
    engine.dispose()
    kept = sorted(tmp_path.glob("k.sqlite3.before-*.bak"))
    assert len(kept) == 3
    assert backup in kept
    assert old[-1] in kept  # the two newest older ones stay
    assert old[-2] in kept
    assert unrelated.exists()
