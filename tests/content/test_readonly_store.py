"""A content folder the kiosk's user cannot write is named with its cause, exit 2.

As root every folder is writable, so (as tests/test_startup_errors.py does) the real entry
point runs as 'nobody' against a root-owned, read-only folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.content.conftest import write_mini_pack
from tests.test_startup_errors import run_kiosk


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder 'nobody' can read (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-content-ro-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root)


def as_unprivileged(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    if os.geteuid() == 0:
        return run_kiosk(env, *args, user="nobody")
    return run_kiosk(env, *args)


def writable(folder: Path) -> Path:
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    return folder


def read_only(folder: Path) -> Path:
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    return folder


def first_start(shared: Path, kiosk_env: dict[str, str]) -> tuple[Path, Path, dict[str, str]]:
    """A kiosk whose data and logs 'nobody' can write, with a read-only, empty content folder."""
    data = writable(shared / "data")
    store = read_only(shared / "content")
    env = {
        **kiosk_env,
        "KIOSK_LOCAL_DB_PATH": str(data / "kiosk.sqlite3"),
        "KIOSK_SECRET_KEY_FILE": str(data / "secret.key"),
        "KIOSK_LOG_DIR": str(writable(shared / "logs")),
        "KIOSK_CONTENT_DIR": str(store),
    }
    return data, store, env


def test_install_into_a_read_only_content_folder(shared: Path, kiosk_env) -> None:  # type: ignore[no-untyped-def]
    pack = write_mini_pack(shared / "pack")
    store = read_only(shared / "content")
    env = {**kiosk_env, "KIOSK_LOG_DIR": str(writable(shared / "logs"))}
    result = as_unprivileged(env, "content", "install", str(pack.root), "--store", str(store))
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"content folder {store} is not writable" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert list(store.iterdir()) == []


def test_first_start_with_a_read_only_content_folder(shared: Path, kiosk_env) -> None:  # type: ignore[no-untyped-def]
    """Nothing installed yet: the first start must install the pack there, and cannot."""
    data, store, env = first_start(shared, kiosk_env)
    result = as_unprivileged(env, "run")
    assert result.returncode == 2, result.stderr
    assert f"content folder {store} is not writable" in result.stderr
    assert "local database" not in result.stderr
    assert "Traceback" not in result.stderr
    assert list(store.iterdir()) == []
    assert list(data.iterdir()) == []  # stopped before the database was created


def test_kiosk_check_names_a_read_only_content_folder(shared: Path, kiosk_env) -> None:  # type: ignore[no-untyped-def]
    """Before the first start, `kiosk check` said the content was fine, then the start failed."""
    _data, store, env = first_start(shared, kiosk_env)
    result = as_unprivileged(env, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"content folder {store} is not writable by this user" in result.stdout
    assert "Traceback" not in result.stderr
