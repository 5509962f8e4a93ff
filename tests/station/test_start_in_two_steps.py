"""The kiosk starts in two steps (kiosk.station.runtime): a visit can begin before the
database's modules are loaded, its writes wait in the recorder's queue, and they go in, in
order and after the crash recovery, once the database is open. The schema check that lets
attract count as complete reads the local database with the standard library."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.db.schema_head import head_from_files, sqlite_at_head, sqlite_revision
from kiosk.errors import StorageError
from kiosk.station.runtime import open_store, start, start_early
from kiosk.visit.stages import EndReason
from tests.conftest import REPO

SKU = "MV-BAG-001"


def visits(db: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, end_reason FROM visits ORDER BY started_at").fetchall()
    return [(str(r[0]), r[1]) for r in rows]


def test_a_visit_begun_before_the_database_opens_is_recorded_once_it_does(config) -> None:  # type: ignore[no-untyped-def]
    first = start(config)  # a kiosk that crashed with a visit open
    first.journey.begin("en").result(timeout=30)
    first.recorder.close()
    first.engine.dispose()

    rt = start_early(config)
    try:
        assert rt.opening.at_head  # read with sqlite3: the database is at this build's head
        assert not rt.database_open
        begun = rt.journey.begin("fr")
        selected = rt.journey.set_selected(SKU, True)
        assert not begun.done()  # queued: the database is not open yet
        open_store(rt)
        begun.result(timeout=30)
        selected.result(timeout=30)
        rt.journey.end(EndReason.COMPLETED).result(timeout=30)
        assert rt.database_open
    finally:
        rt.close()
    recorded = visits(config.local_db_path)
    assert [reason for _, reason in recorded] == ["crash_recovered", "completed"]
    with sqlite3.connect(config.local_db_path) as conn:
        chosen = conn.execute("SELECT sku FROM selection_items").fetchall()
    assert chosen == [(SKU,)]


def test_writes_waiting_for_a_database_that_cannot_open_fail_with_the_reason(config) -> None:  # type: ignore[no-untyped-def]
    config.local_db_path.parent.mkdir(parents=True, exist_ok=True)
    config.local_db_path.write_bytes(b"not a database, and not to be touched" * 10)
    before = config.local_db_path.read_bytes()
    rt = start_early(config)
    try:
        assert not rt.opening.at_head
        begun = rt.journey.begin("en")
        with pytest.raises(StorageError, match="not a SQLite database"):
            open_store(rt)
        with pytest.raises(StorageError, match=r"could not be opened.*not a SQLite database"):
            begun.result(timeout=30)
    finally:
        rt.close()
    assert config.local_db_path.read_bytes() == before


def test_closing_before_the_database_opens_ends_the_waiting_writes_at_once(config) -> None:  # type: ignore[no-untyped-def]
    rt = start_early(config)
    begun = rt.journey.begin("en")
    rt.close()
    with pytest.raises(StorageError, match="closed"):
        begun.result(timeout=5)
    open_store(rt)  # a start still under way finds the kiosk closed: it opens nothing more
    assert rt.sync is None


def test_the_schema_is_read_without_sqlalchemy(tmp_path: Path, config) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "elsewhere.sqlite3"
    assert sqlite_revision(db) is None  # no file
    db.write_bytes(b"")
    assert sqlite_revision(db) is None  # empty: a first start
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE other (x)")
    assert sqlite_revision(db) is None  # never migrated
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        conn.execute("INSERT INTO alembic_version VALUES ('0001_older')")
    assert sqlite_revision(db) == "0001_older"
    assert not sqlite_at_head(db)

    start(config).close()
    assert sqlite_revision(config.local_db_path) == head_from_files()
    assert sqlite_at_head(config.local_db_path)

    # The first step itself loads no database module: that is the point of it.
    code = (
        "import json, sys\n"
        "from kiosk.station.config import load_config\n"
        "from kiosk.station.runtime import start_early\n"
        f"rt = start_early(load_config(env={json.dumps(dict(_env(config)))}))\n"
        "rt.journey.begin('en')\n"
        "print(json.dumps([rt.opening.at_head, sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('sqlalchemy', 'alembic'))]))\n"
        "rt.close()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[-1]) == [True, []]


def _env(config) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "KIOSK_LOCAL_DB_PATH": str(config.local_db_path),
        "KIOSK_LOG_DIR": str(config.log_dir),
        "KIOSK_CONTENT_DIR": str(config.content_dir),
    }
