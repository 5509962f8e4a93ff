"""``kiosk report``: the dashboard's figures as CSV, from the store database or this kiosk."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from zoneinfo import ZoneInfo

import pytest

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.insights.measures import FUNNEL
from kiosk.station.config import load_config
from main import main
from tests.insights.fixtures import EXPECTED, NOW, STORE, build


@pytest.fixture
def paris(monkeypatch):  # type: ignore[no-untyped-def]
    """The store's local time zone is the system's: Paris for these tests."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def env(monkeypatch, kiosk_env):  # type: ignore[no-untyped-def]
    for name, value in {**kiosk_env, "KIOSK_STORE_ID": STORE}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    return kiosk_env


def local_engine(env):  # type: ignore[no-untyped-def]
    engine = open_local(load_config(env={**env, "KIOSK_STORE_ID": STORE}).local_db_path)
    upgrade(engine)
    return engine


def report(capsys, *args: str) -> tuple[int, list[dict[str, str]], str]:  # type: ignore[no-untyped-def]
    code = main(["report", "--now", NOW.isoformat(), *args])
    out, err = capsys.readouterr()
    return code, list(csv.DictReader(io.StringIO(out))), err


def figure(rows, period, section, name):  # type: ignore[no-untyped-def]
    found = [
        r["value"]
        for r in rows
        if (r["period"], r["section"], r["name"]) == (period, section, name)
    ]
    assert len(found) == 1, (period, section, name)
    return found[0]


def check(rows) -> None:  # type: ignore[no-untyped-def]
    for period, expected in EXPECTED.items():
        assert figure(rows, period, "visits", "visits") == str(expected["visits"])
        assert float(figure(rows, period, "dwell", "median_seconds")) == expected["median_dwell_s"]
        funnel = [int(figure(rows, period, "funnel", s)) for s in FUNNEL]
        assert funnel == expected["funnel"]
        first = expected["funnel"][0]
        assert float(figure(rows, period, "funnel_percent", "needs")) == pytest.approx(
            100 * expected["funnel"][2] / first, abs=0.001
        )
        promoters, passives, detractors, score = expected["nps"]
        assert float(figure(rows, period, "nps", "score")) == score
        split = [
            int(figure(rows, period, "nps", n)) for n in ("promoters", "passives", "detractors")
        ]
        assert split == [promoters, passives, detractors]
        assert float(figure(rows, period, "ces", "mean")) == pytest.approx(
            expected["ces"][0], abs=0.001
        )
        tops = [
            (r["name"], int(r["value"]))
            for r in rows
            if (r["period"], r["section"]) == (period, "top_products")
        ]
        assert tops == [(key, n) for key, n, _ in expected["top_products"]]
        due, done = expected["followups"]
        assert (
            figure(rows, period, "followups", "due"),
            figure(rows, period, "followups", "done"),
        ) == (str(due), str(done))


def test_report_of_this_kiosk_says_so_and_matches_the_hand_count(env, paris, capsys):
    engine = local_engine(env)
    build(engine)
    engine.dispose()
    code, rows, err = report(capsys)
    assert code == 0
    assert "this kiosk's records only" in err
    assert {r["value"] for r in rows if r["section"] == "source"} == {"kiosk"}
    check(rows)


def test_no_answers_is_an_empty_value_not_zero(env, paris, capsys):
    local_engine(env).dispose()
    code, rows, _ = report(capsys, "--period", "today")
    assert code == 0
    assert {r["period"] for r in rows} == {"today"}
    assert figure(rows, "today", "nps", "score") == ""
    assert figure(rows, "today", "ces", "mean") == ""
    assert figure(rows, "today", "dwell", "median_seconds") == ""
    assert figure(rows, "today", "funnel_percent", "greeting") == ""
    assert figure(rows, "today", "visits", "visits") == "0"


@pytest.mark.postgres
def test_report_reads_the_store_database(env, paris, capsys, pg_url, monkeypatch, tmp_path):
    store = open_url(pg_url)
    upgrade(store)
    build(store)
    store.dispose()
    local_engine(env).dispose()  # this kiosk knows nothing: every figure comes from the store
    monkeypatch.setenv("KIOSK_STORE_DB_URL", pg_url)
    out = tmp_path / "figures.csv"
    code, printed, err = report(capsys, "--output", str(out))
    assert code == 0
    assert printed == []
    assert "written to" in err
    assert "records only" not in err
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["value"] for r in rows if r["section"] == "source"} == {"store"}
    check(rows)


@pytest.mark.parametrize("where", ["missing/figures.csv", "folder", "a-file/figures.csv"])
def test_an_unwritable_output_is_refused_with_a_message(env, capsys, tmp_path, where):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file").write_text("keep me")
    code = main(["report", "--output", str(tmp_path / where)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("kiosk: cannot write the report to")
    assert (tmp_path / "a-file").read_text() == "keep me"
    assert not (tmp_path / "missing").exists()


def test_report_is_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "report" in capsys.readouterr().out


@pytest.mark.parametrize(("hours", "overdue"), [(None, "3"), ("50", "1")])
def test_report_judges_overdue_against_the_stores_response_target(  # type: ignore[no-untyped-def]
    env, paris, capsys, monkeypatch, hours, overdue
):
    """Three unanswered cases, 30, 48 and 72 hours old: all overdue against the default 24 h,
    one against a store that gives itself 50 h (``case_response_hours``)."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from kiosk.db.models import Case

    if hours is not None:
        monkeypatch.setenv("KIOSK_CASE_RESPONSE_HOURS", hours)
    engine = local_engine(env)
    with Session(engine) as s, s.begin():
        for age in (30, 48, 72):
            s.add(
                Case(
                    store_id=STORE,
                    opened_via="farewell",
                    category="waiting",
                    created_at=NOW - dt.timedelta(hours=age),
                )
            )
    engine.dispose()
    code, rows, _err = report(capsys, "--period", "30d")
    assert code == 0
    assert figure(rows, "30d", "recovery", "overdue_now") == overdue
    assert figure(rows, "30d", "recovery", "response_target_hours") == (hours or "24")


def test_the_report_days_are_the_store_days_not_the_machine_ones(env, paris, capsys, monkeypatch):
    """A kiosk whose machine runs on Paris time in a New York store: "today" starts at New
    York's midnight (05:00 UTC in November), not Paris's nor UTC's."""
    local_engine(env).dispose()
    monkeypatch.setenv("KIOSK_STORE_TIMEZONE", "America/New_York")
    code, rows, _err = report(capsys, "--period", "today")
    assert code == 0
    start = dt.datetime.fromisoformat(figure(rows, "today", "period", "start"))
    new_york = ZoneInfo("America/New_York")
    assert start == dt.datetime.combine(NOW.astimezone(new_york).date(), dt.time(), new_york)
    assert start.astimezone(new_york).time() == dt.time(0)
