"""``kiosk sync`` and the status store IT and associate mode read."""

from __future__ import annotations

import argparse
import io

import pytest

from kiosk.sync import SyncWorker, open_store, read_status
from kiosk.sync.cli import register
from kiosk.sync.state import SyncStatus
from tests.pg import _free_port
from tests.sync.helpers import kiosk_config, outbox_pending, play_visit

pytestmark = pytest.mark.postgres


def sync_command(argv, config):
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sync", *argv])
    out = io.StringIO()
    code = args.handler(args, config, out=out)
    return code, out.getvalue()


def with_password(url: str, password: str) -> str:
    head, rest = url.split("@", 1)
    return f"{head}:{password}@{rest}"


def test_sync_once_pushes_pulls_and_summarises(tmp_path, store_url, make_kiosk):
    rt = make_kiosk("kiosk-1", store_url)
    for n in range(3):
        play_visit(rt.journey, n)
    config = kiosk_config(tmp_path, "kiosk-1", with_password(store_url, "Pa55-secret"))
    code, out = sync_command(["--once"], config)
    assert code == 0, out
    assert "pushed" in out
    assert "pending changes: 0" in out
    assert "Pa55-secret" not in out
    assert outbox_pending(rt.engine) == 0
    code, out = sync_command(["--status"], config)
    assert code == 0
    assert "last successful sync: never" not in out


def test_sync_once_fails_clearly_when_the_store_is_unreachable(tmp_path, make_kiosk, caplog):
    rt = make_kiosk()
    play_visit(rt.journey, 1)
    url = f"postgresql+psycopg://kiosk:Pa55-secret@127.0.0.1:{_free_port()}/store"
    config = kiosk_config(tmp_path, "kiosk-1", url)
    code, out = sync_command(["--once"], config)
    assert code == 2
    assert "unreachable" in out
    assert "Pa55-secret" not in out + caplog.text
    status = read_status(rt.engine)  # what `kiosk check` shows, with no worker running
    assert status.pending > 0
    assert status.last_error
    assert "Pa55-secret" not in status.last_error
    assert any("last error" in line for line in status.lines())


def test_sync_without_a_store_url_says_so(tmp_path, make_kiosk):
    make_kiosk()
    code, out = sync_command(["--once"], kiosk_config(tmp_path, "kiosk-1"))
    assert code == 3
    assert "store_db_url is not set" in out


def test_password_file_is_used_and_never_shown(tmp_path, store_url, make_kiosk):
    make_kiosk()
    secret = tmp_path / "pw"
    secret.write_text("From-A-File-77\n")
    config = kiosk_config(tmp_path, "kiosk-1", store_url, KIOSK_STORE_DB_PASSWORD_FILE=str(secret))
    from kiosk.sync.store import open_store_from_config

    engine = open_store_from_config(config)
    assert engine.url.password == "From-A-File-77"
    assert "From-A-File-77" not in repr(engine)
    engine.dispose()


def test_worker_status_is_a_snapshot_for_the_ui(store_url, make_kiosk):
    rt = make_kiosk()
    play_visit(rt.journey, 0)
    store = open_store(store_url)
    worker = SyncWorker(rt.engine, store, "store-7")
    before = worker.status()
    assert isinstance(before, SyncStatus)
    assert before.state == "starting"
    assert before.pending > 0
    worker.run_pass()
    after = worker.status()
    assert after.state == "idle"
    assert after.pending == 0
    assert after.pushed_rows == before.pending or after.pushed_rows > 0
    assert after.last_success_at is not None
    assert after.ok
    store.dispose()
