"""``kiosk check``: what store IT and a monitoring system read, with the store up and down."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import update

from kiosk.db.migrate import head_revision
from kiosk.db.models import OutboxEntry
from kiosk.station.config import load_config
from kiosk.station.health import run_checks
from kiosk.station.runtime import start
from main import main
from tests.pg import _free_port
from tests.sync.helpers import play_visit

SECRET = "Pa55-secret"
CHECKS = {"local_db", "store_db", "sync", "content", "disk", "writes", "log_dir", "production"}
CHECKS |= {"camera"}  # the greeting's optional camera (kiosk.station.camera)
CHECKS |= {"watchdog"}  # systemd's watchdog of the running kiosk (kiosk.station.sdnotify)


def with_password(url: str, password: str = SECRET) -> str:
    head, rest = url.split("@", 1)
    return f"{head}:{password}@{rest}"


def check(monkeypatch, capsys, env: dict[str, str], *args: str) -> tuple[int, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = main(["check", *args])
    return code, capsys.readouterr().out


def started(env: dict[str, str]) -> None:
    """The kiosk ran once: its database exists at the newest schema."""
    start(load_config(env=env)).close()


@pytest.mark.postgres
def test_all_well_with_the_store_up(monkeypatch, capsys, kiosk_env, store_url):
    env = {**kiosk_env, "KIOSK_STORE_DB_URL": with_password(store_url)}
    started(env)
    code, out = check(monkeypatch, capsys, env, "--json")
    report = json.loads(out)
    assert code == 0, report["problems"]
    assert report["status"] == "ok"
    assert set(report["checks"]) == CHECKS
    store = report["checks"]["store_db"]
    assert store["ok"]
    assert store["configured"]
    assert store["revision"] == head_revision()
    assert "***" in store["url"]
    assert report["checks"]["local_db"]["revision"] == report["checks"]["local_db"]["head"]
    assert report["checks"]["content"]["version"] == "2025.1"
    assert report["settings"]["store_db_url"] == {
        "value": "(set, hidden)",
        "source": "environment KIOSK_STORE_DB_URL",
    }
    assert SECRET not in out


@pytest.mark.timeout(60)  # "quickly": a check that waited on the network would hang here
def test_store_down_needs_attention_quickly_and_hides_the_password(monkeypatch, capsys, kiosk_env):
    url = f"postgresql+psycopg://kiosk:{SECRET}@127.0.0.1:{_free_port()}/store"
    env = {**kiosk_env, "KIOSK_STORE_DB_URL": url}
    started(env)
    code, out = check(monkeypatch, capsys, env, "--json")
    report = json.loads(out)
    assert code == 1
    assert report["status"] == "attention"
    store = report["checks"]["store_db"]
    assert not store["ok"]
    assert "unreachable" in store["detail"]
    assert [p for p in report["problems"] if p.startswith("store_db:")]
    assert report["checks"]["local_db"]["ok"]
    assert SECRET not in out


@pytest.mark.postgres
def test_an_unmigrated_store_needs_attention(monkeypatch, capsys, kiosk_env, pg_url):
    env = {**kiosk_env, "KIOSK_STORE_DB_URL": pg_url}
    started(env)
    code, out = check(monkeypatch, capsys, env, "--json")
    assert code == 1
    assert "run the migrations" in json.loads(out)["checks"]["store_db"]["detail"]


def test_no_store_configured_is_fine(monkeypatch, capsys, kiosk_env):
    started(kiosk_env)
    code, out = check(monkeypatch, capsys, kiosk_env)
    assert code == 0, out
    assert "OK" in out.splitlines()[0]
    for name in CHECKS:
        assert f"ok    {name}" in out
    assert "local_db_path" in out
    assert "[environment KIOSK_LOCAL_DB_PATH]" in out


def test_a_missing_local_database_is_reported_not_created(monkeypatch, capsys, kiosk_env):
    code, out = check(monkeypatch, capsys, kiosk_env, "--json")
    report = json.loads(out)
    assert code == 1
    assert "does not exist yet" in report["checks"]["local_db"]["detail"]
    assert not Path(kiosk_env["KIOSK_LOCAL_DB_PATH"]).exists()


def test_a_database_behind_the_build_needs_an_upgrade(monkeypatch, capsys, kiosk_env):
    from alembic import command

    from kiosk.db.engine import open_local
    from kiosk.db.migrate import _alembic_config

    engine = open_local(Path(kiosk_env["KIOSK_LOCAL_DB_PATH"]))
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    engine.dispose()
    code, out = check(monkeypatch, capsys, kiosk_env, "--json")
    local = json.loads(out)["checks"]["local_db"]
    assert code == 1
    assert local["revision"] == "0001"
    assert local["head"] == head_revision()
    assert "kiosk db upgrade" in local["detail"]


def test_a_database_a_newer_kiosk_wrote_is_not_sent_to_db_upgrade(monkeypatch, capsys, kiosk_env):
    from tests.db.test_migrations import FUTURE, _newer_database

    db = Path(kiosk_env["KIOSK_LOCAL_DB_PATH"])
    db.parent.mkdir(parents=True)
    _newer_database(db)
    code, out = check(monkeypatch, capsys, kiosk_env, "--json")
    local = json.loads(out)["checks"]["local_db"]
    assert code == 1
    assert local["revision"] == FUTURE
    assert "newer kiosk" in local["detail"]
    assert "Install that build or a newer one" in local["detail"]
    assert "cannot help" in local["detail"]  # the advice that crashed is not given
    assert not list(db.parent.glob("*.bak"))


def test_an_old_backlog_needs_attention_only_when_a_store_is_set(kiosk_env):
    url = f"postgresql+psycopg://kiosk@127.0.0.1:{_free_port()}/store"
    alone = load_config(env=kiosk_env)
    rt = start(alone)
    play_visit(rt.journey, 1)
    rt.recorder.close()
    rt.engine.dispose()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    sync = run_checks(alone, clock=lambda: later)["checks"]["sync"]
    assert sync["ok"]
    assert sync["pending"] > 0
    assert sync["oldest_pending_age_s"] >= 7200
    synced = load_config(env={**kiosk_env, "KIOSK_STORE_DB_URL": url})
    sync = run_checks(synced, clock=lambda: later)["checks"]["sync"]
    assert not sync["ok"]
    assert "limit 3600 s" in sync["detail"]


def test_quarantined_changes_need_attention(kiosk_env):
    config = load_config(env=kiosk_env)
    rt = start(config)
    play_visit(rt.journey, 1)
    rt.recorder.close()
    with rt.engine.begin() as conn:
        conn.execute(update(OutboxEntry).values(quarantined_at=dt.datetime.now(dt.UTC)))
    rt.engine.dispose()
    report = run_checks(config)
    assert report["checks"]["sync"]["quarantined"] > 0
    assert "--retry-quarantined" in report["checks"]["sync"]["detail"]
    assert report["status"] == "attention"


def test_low_disk_a_bad_pack_and_an_unwritable_log_folder(kiosk_env, tmp_path, monkeypatch):
    import shutil

    import kiosk.station.checks

    started(kiosk_env)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    config = load_config(
        env={
            **kiosk_env,
            "KIOSK_CONTENT_PACK_PATH": str(tmp_path / "empty-pack"),
            "KIOSK_CONTENT_DIR": str(tmp_path / "no-pack-installed-yet"),
            "KIOSK_LOG_DIR": str(blocker),
        }
    )
    (tmp_path / "empty-pack").mkdir()
    tiny = shutil._ntuple_diskusage(10**9, 10**9 - 10**7, 10**7)  # type: ignore[attr-defined]
    monkeypatch.setattr(kiosk.station.checks.shutil, "disk_usage", lambda _path: tiny)
    checks = run_checks(config)["checks"]
    assert not checks["disk"]["ok"]
    assert checks["disk"]["free_mb"] == 10
    assert not checks["content"]["ok"]
    assert not checks["log_dir"]["ok"]
    assert checks["log_dir"]["writable"] is False
    assert checks["local_db"]["ok"]


def test_the_pack_in_service_is_the_installed_one(kiosk_env):
    checks = run_checks(load_config(env=kiosk_env))["checks"]
    content = checks["content"]
    assert content["ok"]
    assert content["installed"].startswith("2025.1-")
    assert content["brand"] == "Maison Velle"
    assert "in service" in content["detail"]


# -- settings a store kiosk must not keep at a developer's value (kiosk.station.production) -----


@pytest.mark.parametrize(
    ("url", "reach"),
    [
        ("http://127.0.0.1:8080/f/", "loopback"),
        ("http://localhost/f/", "loopback"),
        ("http://kiosk.localhost/f/", "loopback"),
        ("http://0.0.0.0:8080/f/", "loopback"),
        ("http://[::1]/f/", "loopback"),
        ("http://[::ffff:127.0.0.1]/f/", "loopback"),
        ("http://2130706433/f/", "loopback"),
        ("http://127.1/f/", "loopback"),
        ("https://10.0.4.20/f/", "private"),
        ("https://192.168.1.10/f/", "private"),
        ("https://169.254.0.7/f/", "private"),
        ("https://[fd00::1]/f/", "private"),
        ("https://followup/f/", "private"),
        ("https://followup.store.local/f/", "private"),
        ("https://maison.example/f/", "public"),
        ("https://93.184.216.34/f/", "public"),
    ],
)
def test_who_can_open_a_follow_up_address(url, reach):
    from kiosk.station.production import reach as reach_of

    assert reach_of(url) == reach


def production(env: dict[str, str], **overrides: object) -> dict:
    config = load_config(env=env, overrides=overrides or None)
    return run_checks(config)["checks"]["production"]


def test_the_developers_follow_up_address_needs_attention_in_store_mode(
    monkeypatch, capsys, kiosk_env
):
    env = {k: v for k, v in kiosk_env.items() if k != "KIOSK_FOLLOWUP_BASE_URL"}  # the default
    started(env)
    code, out = check(monkeypatch, capsys, env, "--json")
    report = json.loads(out)
    assert code == 1
    check_ = report["checks"]["production"]
    assert not check_["ok"]
    assert check_["mode"] == "store"
    assert "127.0.0.1:8080/f/ points at this machine" in check_["detail"]
    assert "shows no QR code" in check_["detail"]
    assert [p for p in report["problems"] if p.startswith("production:")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://10.0.4.20/f/", "reachable at best on the store's network"),
        ("https://followup/f/", "reachable at best on the store's network"),
        ("http://maison.example/f/", "plain http"),
    ],
)
def test_a_private_or_plain_http_follow_up_address_needs_attention(kiosk_env, url, expected):
    found = production({**kiosk_env, "KIOSK_FOLLOWUP_BASE_URL": url})
    assert not found["ok"]
    assert expected in found["detail"]


def test_a_public_https_address_is_fine_and_the_demo_defaults_are_noted(kiosk_env):
    found = production(kiosk_env)
    assert found["ok"], found["detail"]
    assert "hand-off links at https://maison.example/f/" in found["detail"]
    assert "store_id is still the demo's 'demo-store'" in found["detail"]
    assert "the demo pack (a fictional house) is in service" in found["detail"]
    assert {f["setting"] for f in found["findings"]} >= {"store_id", "kiosk_id"}
    assert not any(f["attention"] for f in found["findings"])


def test_a_pointer_kept_on_screen_is_noted(kiosk_env):
    # Hidden by default (a touch kiosk); a kiosk set to show it is noted, not flagged.
    assert "hide_cursor" not in {f["setting"] for f in production(kiosk_env)["findings"]}
    found = production({**kiosk_env, "KIOSK_HIDE_CURSOR": "false"})
    assert found["ok"]
    assert "hide_cursor is off: the pointer shows" in found["detail"]


def test_windowed_from_a_file_or_the_environment_needs_attention(kiosk_env):
    found = production({**kiosk_env, "KIOSK_WINDOWED": "true"})
    assert not found["ok"]
    assert "windowed = true from environment KIOSK_WINDOWED" in found["detail"]


def test_windowed_development_is_not_reviewed(kiosk_env):
    env = {k: v for k, v in kiosk_env.items() if k != "KIOSK_FOLLOWUP_BASE_URL"}
    found = production(env, windowed=True)  # `kiosk run --windowed`
    assert found["ok"]
    assert found["mode"] == "development"


def test_secret_files_others_can_read_need_attention(tmp_path, kiosk_env):
    password = tmp_path / "store.password"
    password.write_text("Pa55-secret\n")
    password.chmod(0o644)
    key = Path(kiosk_env["KIOSK_SECRET_KEY_FILE"])
    key.parent.mkdir(parents=True, exist_ok=True)
    key.write_bytes(b"k" * 32)
    key.chmod(0o600)
    env = {**kiosk_env, "KIOSK_STORE_DB_PASSWORD_FILE": str(password)}
    found = production(env)
    assert not found["ok"]
    assert (
        f"store_db_password_file {password} can be read by other users (mode 644)"
        in (found["detail"])
    )
    assert "secret_key_file" not in found["detail"]
    assert SECRET not in found["detail"]
    password.chmod(0o600)
    assert production(env)["ok"]
