"""A kiosk that cannot run properly says why and exits non-zero, touching no existing data.

Each case starts the real entry point in a subprocess, as store IT would.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kiosk.db.migrate import head_revision
from tests.conftest import REPO


def run_kiosk(
    env: dict[str, str], *args: str, user: str | None = None
) -> subprocess.CompletedProcess:
    cmd = [sys.executable, str(REPO / "main.py"), *args]
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    return subprocess.run(
        cmd,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("idle_timeout_s = \n", "is not valid TOML"),
        ("idel_timeout_s = 30\n", "unknown setting 'idel_timeout_s' (did you mean 'idle_"),
        ("idle_timeout_s = 'soon'\n", "setting 'idle_timeout_s'"),
        ("idle_timeout_s = 0\n", "must be between 1 and 86400 seconds"),
        ("languages = []\n", "setting 'languages'"),
        ("followup_base_url = 'ftp://x'\n", "must be an http:// or https:// address"),
        ("store_db_url = 'mysql://u:hunter2@h/db'\n", "setting 'store_db_url'"),
    ],
)
def test_a_bad_config_file_is_named_and_the_kiosk_does_not_start(
    tmp_path, kiosk_env, content, expected
):
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(content)
    env = {k: v for k, v in kiosk_env.items() if k != "KIOSK_FOLLOWUP_BASE_URL"}  # the file's
    result = run_kiosk(env, "--config", str(cfg), "run", "--exit-after-first-paint")
    assert result.returncode == 2
    assert expected in result.stderr
    assert str(cfg) in result.stderr
    assert "hunter2" not in result.stderr  # a password is never echoed
    assert "Traceback" not in result.stderr
    assert "first-paint" not in result.stdout
    assert not Path(kiosk_env["KIOSK_LOCAL_DB_PATH"]).exists()


def test_a_missing_config_file_is_named(tmp_path, kiosk_env):
    result = run_kiosk(kiosk_env, "--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2
    assert "nope.toml does not exist" in result.stderr


def test_a_bad_environment_value_is_named(kiosk_env):
    result = run_kiosk({**kiosk_env, "KIOSK_WINDOWED": "perhaps"}, "run")
    assert result.returncode == 2
    assert (
        "setting 'windowed' from environment KIOSK_WINDOWED must be true or false" in result.stderr
    )


def test_an_unwritable_data_folder_stops_the_start(kiosk_env):
    # Root may write anywhere, so as root the kiosk runs as 'nobody' against a root-owned folder.
    root = Path(tempfile.mkdtemp(prefix="kiosk-ro-"))
    try:
        data = root / "data"
        data.mkdir()
        keep = data / "kiosk.sqlite3"
        shutil.copy(REPO / "pyproject.toml", root / "unrelated")
        root.chmod(0o755)
        data.chmod(0o555)
        env = {**kiosk_env, "KIOSK_LOCAL_DB_PATH": str(keep), "KIOSK_LOG_DIR": str(root / "logs")}
        if os.geteuid() == 0:
            env["KIOSK_LOG_DIR"] = str(Path(tempfile.mkdtemp(prefix="kiosk-logs-")))
            os.chmod(env["KIOSK_LOG_DIR"], 0o777)
            result = run_kiosk(env, "run", user="nobody")
        else:
            result = run_kiosk(env, "run")
        assert result.returncode == 2
        assert f"data folder {data} is not writable" in result.stderr
        assert list(data.iterdir()) == []
    finally:
        data.chmod(0o755)
        shutil.rmtree(root)


def test_a_data_folder_that_cannot_be_created_stops_the_start(tmp_path, kiosk_env):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env = {**kiosk_env, "KIOSK_LOCAL_DB_PATH": str(blocker / "data" / "kiosk.sqlite3")}
    result = run_kiosk(env, "run")
    assert result.returncode == 2
    assert "data folder" in result.stderr
    assert "cannot be created" in result.stderr
    assert blocker.read_text() == "not a folder"


def test_a_database_file_that_is_not_sqlite_is_refused_and_left_intact(tmp_path, kiosk_env):
    db = Path(kiosk_env["KIOSK_LOCAL_DB_PATH"])
    db.parent.mkdir(parents=True)
    db.write_bytes(b"%PDF-1.7 quarterly figures, definitely not a database\n" * 100)
    before = digest(db)
    for args in (("run",), ("db", "upgrade")):
        result = run_kiosk(kiosk_env, *args)
        assert result.returncode == 2
        assert f"local database {db} is not a SQLite database" in result.stderr
        assert "Traceback" not in result.stderr
        assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["kiosk.sqlite3"]


def test_db_upgrade_reports_the_schema_revision(kiosk_env):
    result = run_kiosk(kiosk_env, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert f"schema at revision {head_revision()}" in result.stdout


def test_config_show_names_the_source_of_each_value(tmp_path, kiosk_env):
    cfg = tmp_path / "store.toml"
    cfg.write_text("store_id = 'paris-8'\nstore_db_url = 'postgresql+psycopg://k:hunter2@db/s'\n")
    result = run_kiosk(kiosk_env, "--config", str(cfg), "config", "show")
    assert result.returncode == 0, result.stderr
    assert f"paris-8    [{cfg}]" in result.stdout
    assert "environment KIOSK_LOG_DIR" in result.stdout
    assert "(set, hidden)" in result.stdout
    assert "hunter2" not in result.stdout


def test_a_full_disk_stops_the_start_naming_the_cause(kiosk_env, small_disk):
    """On a full disk SQLite says "disk I/O error", which reads as failing hardware; the
    kiosk names the real cause before it opens a window, and starts once space returns."""
    db = small_disk.path / "data" / "kiosk.sqlite3"
    env = {**kiosk_env, "KIOSK_LOCAL_DB_PATH": str(db), "KIOSK_HEALTH_MIN_FREE_MB": "1"}
    assert run_kiosk(env, "db", "upgrade").returncode == 0
    before = digest(db)
    small_disk.fill()
    for args in (("run", "--exit-after-first-paint"), ("db", "upgrade")):
        result = run_kiosk(env, *args)
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            f"kiosk: data folder {db.parent}: its disk is full (0 MB free, the kiosk needs at "
            "least 1 MB to record visits); free some space, then start again\n"
        )
        assert "first-paint" not in result.stdout
    assert digest(db) == before

    small_disk.free()
    result = run_kiosk(env, "run", "--exit-after-first-paint")
    assert result.returncode == 0, result.stderr
    assert "first-paint" in result.stdout


def test_the_default_floor_refuses_a_disk_too_small_to_record_visits(kiosk_env, small_disk):
    env = {**kiosk_env, "KIOSK_LOCAL_DB_PATH": str(small_disk.path / "kiosk.sqlite3")}
    result = run_kiosk(env, "run", "--exit-after-first-paint")  # 4 MB free, 16 MB needed
    assert result.returncode == 2
    assert "needs at least 16 MB to record visits" in result.stderr
    assert list(small_disk.path.iterdir()) == []


def test_a_command_writing_beside_a_running_kiosk_on_a_full_disk_says_so(kiosk_env, small_disk):
    """Store IT adds an associate while the kiosk runs (it holds the database open, so the
    file opens fine) and the disk is full: one line and exit 2, no traceback, no change."""
    import sqlite3

    db = small_disk.path / "data" / "kiosk.sqlite3"
    env = {**kiosk_env, "KIOSK_LOCAL_DB_PATH": str(db), "KIOSK_HEALTH_MIN_FREE_MB": "1"}
    assert run_kiosk(env, "db", "upgrade").returncode == 0
    kiosk = sqlite3.connect(db)  # the running kiosk's connection, in write-ahead mode
    kiosk.execute("PRAGMA journal_mode=WAL")
    try:
        small_disk.fill()
        result = subprocess.run(
            [sys.executable, str(REPO / "main.py"), "associates", "add", "Léa", "--pin-stdin"],
            env={**os.environ, **env},
            input="482913\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            "kiosk: the local database could not be written, nothing was changed: database or "
            f"disk is full ({db.parent}: its disk has 0 MB free)\n"
        )
        assert kiosk.execute("SELECT count(*) FROM associates").fetchone() == (0,)
    finally:
        kiosk.close()
