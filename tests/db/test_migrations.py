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
    "cases",
    "sync_outbox",
    "sync_state",
    "visit_notes",
    "visit_summaries",
    "visit_day_counts",
    "purchases",
    "service_bookings",
    "touchpoint_scores",
    "invitations",
    "key_dates",
    "code_misses",
    "content_blobs",
    "content_blob_chunks",
    "content_versions",
    "content_current",
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


# Every command that opens the local database (kiosk.station.runtime.open_database).
LOCAL_DB_COMMANDS = [
    ["db", "upgrade"],
    ["associates", "list"],
    ["sync", "--status"],
    ["followups", "due"],
    ["followups", "sweep"],
    ["report", "--period", "today"],
    ["customers", "forget", "--phone", "+33 6 12 34 56 78", "--yes"],
    ["cases", "list"],
    ["services", "day"],
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


# -- the store database: `kiosk db upgrade --store` ----------------------------------------------


def _store_revision(url):  # type: ignore[no-untyped-def]
    engine = open_url(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def _store_at(url, revision):  # type: ignore[no-untyped-def]
    """A store database migrated to ``revision`` with a row in it, as one already in use."""
    from alembic import command
    from sqlalchemy import text

    from kiosk.db.migrate import _alembic_config

    engine = open_url(url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.execute(text("CREATE TABLE keepsake (note TEXT)"))
        conn.execute(text("INSERT INTO keepsake VALUES ('before')"))
    engine.dispose()


def _store_command(monkeypatch, kiosk_env, url, *extra):  # type: ignore[no-untyped-def]
    from main import main

    for name, value in kiosk_env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("KIOSK_STORE_DB_URL", url)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    return main(["db", "upgrade", "--store", *extra])


@pytest.mark.postgres
def test_a_new_store_database_is_migrated_and_a_second_run_does_nothing(
    monkeypatch, capsys, kiosk_env, pg_url
):
    assert _store_command(monkeypatch, kiosk_env, pg_url) == 0  # nothing to lose: no question
    out = capsys.readouterr().out
    assert f"migrated from none to {head_revision()}" in out
    assert _store_revision(pg_url) == head_revision()
    assert _store_command(monkeypatch, kiosk_env, pg_url) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert not Path(kiosk_env["KIOSK_LOCAL_DB_PATH"]).exists()  # the local one is not touched


@pytest.mark.postgres
def test_a_store_database_in_use_is_migrated_only_after_a_backup_is_confirmed(
    monkeypatch, capsys, kiosk_env, pg_url
):
    _store_at(pg_url, "0002")
    # No terminal (a script, a pipe) and no --yes: refused, with what to do.
    assert _store_command(monkeypatch, kiosk_env, pg_url) == 2
    captured = capsys.readouterr()
    assert "pg_dump --format=custom" in captured.out
    assert pg_url.split("://", 1)[1] in captured.out  # the address, as libpq takes it
    assert "no terminal to confirm on" in captured.err
    assert "--yes" in captured.err
    assert _store_revision(pg_url) == "0002"
    # With --yes (the script took its dump): migrated, the data kept.
    assert _store_command(monkeypatch, kiosk_env, pg_url, "--yes") == 0
    assert f"migrated from 0002 to {head_revision()}" in capsys.readouterr().out
    assert _store_revision(pg_url) == head_revision()
    engine = open_url(pg_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT note FROM keepsake").scalar() == "before"
    engine.dispose()


@pytest.mark.postgres
def test_a_store_database_a_newer_kiosk_migrated_is_refused(monkeypatch, capsys, kiosk_env, pg_url):
    _store_at(pg_url, "head")
    engine = open_url(pg_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{FUTURE}'")
    engine.dispose()
    assert _store_command(monkeypatch, kiosk_env, pg_url, "--yes") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "store database postgresql+psycopg://" in err
    assert "newer kiosk" in err
    assert _store_revision(pg_url) == FUTURE


def test_the_store_command_needs_a_store_database(monkeypatch, capsys, kiosk_env):
    monkeypatch.delenv("KIOSK_STORE_DB_URL", raising=False)
    from main import main

    for name, value in kiosk_env.items():
        monkeypatch.setenv(name, value)
    assert main(["db", "upgrade", "--store"]) == 2
    assert "store_db_url is not set" in capsys.readouterr().err


@pytest.mark.postgres
def test_store_it_confirms_at_a_terminal_by_typing_upgrade(kiosk_env, pg_url):
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import REPO

    _store_at(pg_url, "0002")

    def at_terminal(typed: bytes) -> subprocess.CompletedProcess:
        controller, terminal = pty.openpty()
        try:
            os.write(controller, typed)  # held by the terminal until the command reads it
            return subprocess.run(
                [sys.executable, str(REPO / "main.py"), "db", "upgrade", "--store"],
                stdin=terminal,
                capture_output=True,
                text=True,
                timeout=60,
                env={**os.environ, **kiosk_env, "KIOSK_STORE_DB_URL": pg_url},
            )
        finally:
            os.close(terminal)
            os.close(controller)

    declined = at_terminal(b"no\n")
    assert declined.returncode == 1, declined.stderr
    assert "Type 'upgrade' once the backup is taken" in declined.stdout
    assert "not confirmed; nothing was changed" in declined.stdout
    assert _store_revision(pg_url) == "0002"
    accepted = at_terminal(b"upgrade\n")
    assert accepted.returncode == 0, accepted.stderr
    assert f"migrated from 0002 to {head_revision()}" in accepted.stdout
    assert _store_revision(pg_url) == head_revision()


def _at_revision(engine, revision):  # type: ignore[no-untyped-def]
    from alembic import command

    from kiosk.db.migrate import _alembic_config

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def _consents_before_0008(engine):  # type: ignore[no-untyped-def]
    """A client's consent, a visit's consent without a client, and one naming neither."""
    from sqlalchemy import text

    _at_revision(engine, "0007_after_sale")
    rows = {
        "customer": "'11111111-1111-1111-1111-111111111111'",
        "visit": "'22222222-2222-2222-2222-222222222222'",
    }
    at = "'2026-11-20 10:00:00+00'"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO customers (id, store_id, full_name, preferences, created_at, "
                f"version, updated_at) VALUES ({rows['customer']}, 'store-a', 'A', '{{}}', "
                f"{at}, 1, {at})"
            )
        )
        conn.execute(
            text(
                "INSERT INTO visits (id, store_id, kiosk_id, stage, language, started_at, "
                f"version, updated_at) VALUES ({rows['visit']}, 'store-b', 'k1', 'greeting', "
                f"'en', {at}, 1, {at})"
            )
        )
        for n, (customer, visit) in enumerate(
            [(rows["customer"], "NULL"), ("NULL", rows["visit"]), ("NULL", "NULL")]
        ):
            conn.execute(
                text(
                    "INSERT INTO consents (id, customer_id, visit_id, purpose, wording_version, "
                    "language, given_via, given_at, version, updated_at) VALUES "
                    f"('3333333{n}-3333-3333-3333-333333333333', {customer}, {visit}, "
                    f"'clienteling', 'v1', 'en', 'kiosk', {at}, 1, {at})"
                )
            )


def _consent_stores(engine):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SELECT store_id, store_txid FROM consents ORDER BY id")).all()


def test_sqlite_consents_take_the_store_of_their_client_or_visit(tmp_path):
    engine = open_local(tmp_path / "k.sqlite3")
    _consents_before_0008(engine)
    upgrade(engine)
    assert [r.store_id for r in _consent_stores(engine)] == ["store-a", "store-b", None]
    engine.dispose()


@pytest.mark.postgres
def test_postgres_consents_take_their_store_and_are_stamped_for_the_pull(pg_url):
    from sqlalchemy import text

    engine = open_url(pg_url)
    _consents_before_0008(engine)
    upgrade(engine)
    rows = _consent_stores(engine)
    assert [r.store_id for r in rows] == ["store-a", "store-b", None]
    assert all(r.store_txid is not None for r in rows)  # a kiosk's pull will see them
    with engine.begin() as conn:  # a kiosk not yet upgraded pushes a consent without a store
        conn.execute(
            text(
                "INSERT INTO consents (id, customer_id, purpose, wording_version, language, "
                "given_via, given_at, version, updated_at) VALUES "
                "('44444444-4444-4444-4444-444444444444', "
                "'11111111-1111-1111-1111-111111111111', 'clienteling', 'v1', 'en', 'kiosk', "
                "now(), 1, now())"
            )
        )
        late = conn.execute(
            text("SELECT store_id FROM consents WHERE id = '44444444-4444-4444-4444-444444444444'")
        ).scalar_one()
    assert late == "store-a"
    engine.dispose()
