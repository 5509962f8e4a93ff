"""``kiosk --smoke-test`` from source: what `make package-test` runs on the packaged build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.db.migrate import head_revision
from tests.conftest import REPO


def smoke(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--smoke-test"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")},
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )


def test_smoke_test_passes_in_a_temporary_folder_and_leaves_no_data(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = smoke(home)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in ("config", "database", "drivers", "content", "attract"):
        assert f"ok  {step}" in result.stdout
    assert f"migrated to {head_revision()} (newest)" in result.stdout
    assert "passed in" in result.stdout
    assert list(home.rglob("*.sqlite3")) == []  # the kiosk's real data folder is untouched


def test_a_bad_pack_fails_the_smoke_test_with_the_step_named(tmp_path):
    (tmp_path / "empty-pack").mkdir()
    result = smoke(tmp_path, KIOSK_CONTENT_PACK_PATH=str(tmp_path / "empty-pack"))
    assert result.returncode == 1
    assert "FAILED at content:" in result.stdout


def test_a_configured_database_is_used_and_migrated(tmp_path):
    db = tmp_path / "kiosk" / "kiosk.sqlite3"
    result = smoke(tmp_path, KIOSK_LOCAL_DB_PATH=str(db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "configured path" in result.stdout
    assert db.exists()
