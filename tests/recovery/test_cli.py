"""``kiosk cases list`` for store IT and the manager (issue 15): every case of the store with
its state and age, overdue first, and nothing personal on the terminal."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk import cli
from kiosk.associates.directory import AssociateDirectory
from kiosk.db.models import utcnow
from kiosk.recovery.cases import CaseReport
from tests.recovery.helpers import CATEGORIES, STORE, waiting_with_contact
from tests.sync.helpers import kiosk_config


def test_cases_list_shows_state_and_age_and_nothing_personal(
    tmp_path, monkeypatch, capsys, seed_local_db
):  # type: ignore[no-untyped-def]
    from kiosk.station.runtime import start

    config = kiosk_config(tmp_path, "kiosk-a")
    seed_local_db(config.local_db_path)
    rt = start(config)
    now = utcnow()
    overdue = rt.cases.open_case(
        waiting_with_contact(), CATEGORIES, at=now - dt.timedelta(hours=30)
    )
    fresh = rt.cases.open_case(CaseReport("delivery"), CATEGORIES, at=now - dt.timedelta(hours=2))
    marc = AssociateDirectory(rt.engine, STORE).add("Marc Petit", "manager", "482913").id
    rt.cases.resolve(
        fresh,
        marc,
        now,
        internal_note="Courier rebooked.",
        customer_reply="Tomorrow, 10:00.",
        first_contact=True,
    )
    rt.close()
    for name, value in {
        "KIOSK_LOCAL_DB_PATH": str(config.local_db_path),
        "KIOSK_LOG_DIR": str(tmp_path / "kiosk-a" / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "kiosk-a" / "secret.key"),
        "KIOSK_STORE_ID": STORE,
        "KIOSK_KIOSK_ID": "kiosk-a",
        "KIOSK_STORE_TIMEZONE": "Asia/Shanghai",
    }.items():
        monkeypatch.setenv(name, value)

    def run(*argv: str) -> tuple[int, str]:
        code = cli.dispatch(cli.parse(list(argv)))
        return code, capsys.readouterr().out

    code, out = run("cases", "list")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["open", "resolved"]
    assert "OVERDUE" in lines[0]
    assert str(overdue) in lines[0]
    assert "30 h" in lines[0]
    opened = now - dt.timedelta(hours=30)  # shown on the store's clocks, not the machine's
    assert opened.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") in lines[0]
    assert "Marc Petit" in lines[1]
    assert str(fresh) in lines[1]
    for secret in ("Camille", "612345678", "fitting room", "Courier", "Tomorrow"):
        assert secret not in out
    code, out = run("cases", "list", "--open")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["open"]


def test_cases_is_a_command(capsys):  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        cli.parse(["cases", "--help"])
    assert "list" in capsys.readouterr().out
