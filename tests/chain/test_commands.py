"""The commands as store IT runs them (real processes): exit codes and messages, and the
running kiosk's sync thread and ``kiosk check`` seeing a publish through."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.station.health import run_checks
from kiosk.station.runtime import start
from tests.chain.conftest import publish_pack
from tests.conftest import REPO
from tests.content.conftest import write_mini_pack
from tests.sync.helpers import kiosk_config

pytestmark = pytest.mark.postgres


def kiosk_env(tmp_path: Path, store_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "it" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "it" / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "it" / "secret.key"),
        "KIOSK_STORE_ID": "store-7",
        "KIOSK_KIOSK_ID": "it",
    }
    env.pop("KIOSK_STORE_DB_URL", None)
    if store_url:
        env["KIOSK_STORE_DB_URL"] = store_url
    return env


def kiosk(tmp_path: Path, store_url: str | None, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "content", *argv],
        env=kiosk_env(tmp_path, store_url),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_publish_list_and_rollback_exit_codes_and_messages(tmp_path, store_url) -> None:
    v1 = write_mini_pack(tmp_path / "v1", version="1")
    done = kiosk(tmp_path, store_url, "publish", str(v1.root), "--by", "store IT")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "published Mini 1 as version 1 for store-7: 8 files, 8 new, " in done.stdout
    assert "kiosks fetch it at their next sync" in done.stdout
    assert "sending [" in done.stderr
    assert "8/8" in done.stderr

    again = kiosk(tmp_path, store_url, "publish", str(v1.root))
    assert again.returncode == 0
    assert "unchanged: Mini 1 is already version 1" in again.stdout

    only = kiosk(tmp_path, store_url, "rollback")
    assert only.returncode == 1
    assert "version 1 (Mini 1) is the first published for store-7" in only.stdout

    bad = write_mini_pack(tmp_path / "bad", version="2")
    (bad.root / "images/scene.jpg").unlink()
    refused = kiosk(tmp_path, store_url, "publish", str(bad.root))
    assert refused.returncode == 1
    assert "images/scene.jpg is missing" in refused.stdout
    assert "REFUSED: 1 error(s); nothing was published" in refused.stdout

    v2 = write_mini_pack(tmp_path / "v2", version="2")
    assert kiosk(tmp_path, store_url, "publish", str(v2.root)).returncode == 0
    listed = kiosk(tmp_path, store_url, "published")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("* version 2    Mini 2: 8 files")
    assert lines[1].startswith("  version 1    Mini 1: 8 files")
    assert "by store IT" in lines[1]

    back = kiosk(tmp_path, store_url, "rollback")
    assert back.returncode == 0
    assert "rolled back store-7 from version 2 (Mini 2) to version 1 (Mini 1)" in back.stdout
    assert kiosk(tmp_path, store_url, "published").stdout.startswith("  version 2")


def test_without_a_store_database_publish_is_a_configuration_error(tmp_path) -> None:
    pack = write_mini_pack(tmp_path / "v1")
    result = kiosk(tmp_path, None, "publish", str(pack.root))
    assert result.returncode == 2
    assert "store_db_url is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_store_database_fails_the_publish_with_one_line(tmp_path) -> None:
    pack = write_mini_pack(tmp_path / "v1")
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/nowhere"
    result = kiosk(tmp_path, url, "publish", str(pack.root))
    assert result.returncode == 1
    failed = "publish failed, nothing changed in the store: store database postgresql"
    assert result.stdout.startswith(failed)
    assert "Traceback" not in result.stderr


def test_the_running_kiosk_fetches_in_its_sync_thread_and_check_shows_it(
    tmp_path, store_url, store, seed_local_db
) -> None:
    first = write_mini_pack(tmp_path / "first", version="1")
    config = kiosk_config(
        tmp_path,
        "k1",
        store_url,
        KIOSK_CONTENT_DIR=str(tmp_path / "k1-content"),
        KIOSK_CONTENT_PACK_PATH=str(first.root),
        KIOSK_SYNC_INTERVAL_S="1",
    )
    seed_local_db(config.local_db_path)
    runtime = start(config, sync=True)
    try:
        publish_pack(store, write_mini_pack(tmp_path / "v2", version="2"))
        deadline = time.monotonic() + 60
        while not runtime.packs.pending_swap and time.monotonic() < deadline:
            runtime.sync.wake()
            time.sleep(0.05)
        assert runtime.packs.pending_swap
        assert runtime.packs.current().info.version == "1"  # until the attract screen
        content = run_checks(config)["checks"]["content"]
        assert content["ok"]
        assert content["detail"] == ("Mini 2 in service; published version 1 (Mini 2) installed")
        assert (content["installed_version"], content["published_version"]) == (1, 1)
        assert runtime.packs.switch_if_idle(visit_open=False)
        assert runtime.packs.current().info.version == "2"
    finally:
        runtime.close()
