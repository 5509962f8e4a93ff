"""Outreach done versus due per associate: counted right, only for managers, and in
``kiosk report``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

import pytest
from sqlalchemy.orm import Session

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.db.models import Associate, FollowupTask
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import Period
from kiosk.insights.outreach import STORE_NAME, OutreachFigure, outreach_figures, visible_to
from kiosk.station.config import load_config
from main import main

STORE = "store-7"
NOW = dt.datetime(2026, 12, 5, 15, 0, tzinfo=dt.UTC)
ELISE, MARC = uuid.uuid4(), uuid.uuid4()


def at(days: float) -> dt.datetime:
    return NOW + dt.timedelta(days=days)


def task(
    kind: str,
    assigned_to: uuid.UUID | None,
    due: dt.datetime,
    outcome: str | None = None,
    channel: str | None = None,
    store: str = STORE,
) -> FollowupTask:
    done = outcome is not None
    return FollowupTask(
        store_id=store,
        kind=kind,
        due_at=due,
        assigned_to=assigned_to,
        created_at=due - dt.timedelta(days=14),
        completed_at=due + dt.timedelta(hours=2) if done else None,
        completed_by=assigned_to if done and outcome != "consent_withdrawn" else None,
        outcome=outcome,
        channel=channel,
        details={"rule": kind},
    )


def build(s: Session) -> None:
    s.add_all(
        [
            Associate(
                id=ELISE,
                store_id=STORE,
                display_name="Élise Martin",
                role="associate",
                pin_hash="x",
            ),
            Associate(
                id=MARC, store_id=STORE, display_name="Marc Roy", role="associate", pin_hash="x"
            ),
        ]
    )
    s.flush()
    s.add_all(
        [
            # Élise, in the last 7 days: three due, two done (a call, a message)
            task("key_date", ELISE, at(-1), "reached", "call"),
            task("lapsed", ELISE, at(-2), "left_message", "message"),
            task("new_arrival", ELISE, at(-3)),
            # ...one stopped by a withdrawal (nobody could follow up), one long before
            task("purchase_anniversary", ELISE, at(-1), "consent_withdrawn"),
            task("key_date", ELISE, at(-20), "reached", "call"),
            # ...and a thank-you, which is not outreach
            task("thank_you", ELISE, at(-1), "reached", "call"),
            # Marc: one due, done in the store
            task("purchase_anniversary", MARC, at(-4), "visit_booked", "in_store"),
            # the whole store's (no advisor): two due, one done by letter; one due tomorrow
            task("lapsed", None, at(-1), "not_needed", "letter"),
            task("key_date", None, at(-0.5)),
            task("key_date", None, at(1)),
            # another store's
            task("key_date", ELISE, at(-1), "reached", "call", store="store-8"),
        ]
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):  # type: ignore[no-untyped-def]
    """This kiosk's records, or the store database's (``kiosk report`` reads either)."""
    if request.param == "sqlite":
        engine = open_local(tmp_path / "kiosk.sqlite3")
        upgrade(engine)
    else:
        engine = open_url(request.getfixturevalue("store_url"))
    with Session(engine) as s, s.begin():
        build(s)
    yield engine
    engine.dispose()


EXPECTED = (
    OutreachFigure(ELISE, "Élise Martin", 3, 2, {"call": 1, "message": 1}),
    OutreachFigure(MARC, "Marc Roy", 1, 1, {"in_store": 1}),
    OutreachFigure(None, STORE_NAME, 2, 1, {"letter": 1}),
)


def test_outreach_done_and_due_per_associate_in_the_period(engine):
    start, end = Period.WEEK.bounds(NOW, dt.UTC)
    with Session(engine) as s:
        assert outreach_figures(s, STORE, start, end) == EXPECTED
        assert figures(s, STORE, Period.WEEK, NOW, dt.UTC).outreach == EXPECTED
        today = figures(s, STORE, Period.TODAY, NOW, dt.UTC).outreach
    assert today == (OutreachFigure(None, STORE_NAME, 1, 0, {}),)


def test_only_managers_see_them():
    assert visible_to("manager", EXPECTED) == EXPECTED
    for role in ("associate", "store_it", None):
        assert visible_to(role, EXPECTED) == ()


def test_the_report_prints_them_per_associate(engine, tmp_path, monkeypatch, capsys, kiosk_env):
    if engine.dialect.name != "sqlite":
        env_db = {"KIOSK_STORE_DB_URL": engine.url.render_as_string(hide_password=False)}
    else:
        env_db = {}
    env = {
        **kiosk_env,
        "KIOSK_STORE_ID": STORE,
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "kiosk.sqlite3"),
        **env_db,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_STORE_TIMEZONE", "UTC")
    assert load_config().local_db_path == tmp_path / "kiosk.sqlite3"
    assert main(["report", "--period", "7d", "--now", NOW.isoformat()]) == 0
    out = capsys.readouterr().out
    rows = {(r["section"], r["name"]): r["value"] for r in csv.DictReader(io.StringIO(out))}
    assert rows[("source", "scope")] == ("store" if env_db else "kiosk")
    assert rows[("outreach_due", "Élise Martin")] == "3"
    assert rows[("outreach_done", "Élise Martin")] == "2"
    assert rows[("outreach_done_by_channel", "Élise Martin/call")] == "1"
    assert rows[("outreach_due", "Marc Roy")] == "1"
    assert rows[("outreach_done_by_channel", "Marc Roy/in_store")] == "1"
    assert rows[("outreach_due", "store")] == "2"
    assert rows[("outreach_done", "store")] == "1"
