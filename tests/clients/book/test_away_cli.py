"""``kiosk associates away NAME --until YYYY-MM-DD`` and ``--back``, as store IT runs them:
the absence travels through the outbox, and every mistake says what is wrong and changes
nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Associate, OutboxEntry
from kiosk.station.config import load_config
from kiosk.station.place import at_local, store_zone
from tests.associates.test_associates import kiosk


def state(env):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{env['KIOSK_LOCAL_DB_PATH']}")
    try:
        with Session(engine) as s:
            aways = dict(s.execute(select(Associate.display_name, Associate.away_until)).all())
            return aways, s.scalar(select(func.count()).select_from(OutboxEntry))
    finally:
        engine.dispose()


def test_store_it_sets_an_absence_and_ends_it(kiosk_env):
    assert kiosk(kiosk_env, "add", "Élise Martin", "--pin-stdin", stdin="730516\n").returncode == 0
    zone = store_zone(load_config(env=kiosk_env))
    last_day = dt.datetime.now(zone).date() + dt.timedelta(days=10)

    done = kiosk(kiosk_env, "away", "élise martin", "--until", last_day.isoformat())
    assert done.returncode == 0, done.stderr
    back = last_day + dt.timedelta(days=1)
    assert f"Élise Martin is away until {last_day}, back {back}" in done.stdout
    aways, queued = state(kiosk_env)
    until = aways["Élise Martin"]
    assert until.replace(tzinfo=dt.UTC) == at_local(back, dt.time(0), zone)  # the store's midnight

    done = kiosk(kiosk_env, "away", "Élise Martin", "--back")
    assert done.returncode == 0, done.stderr
    assert "Élise Martin is back" in done.stdout
    aways, after = state(kiosk_env)
    assert aways["Élise Martin"] is None
    assert after == queued + 1  # the change travels to the store like any other


def test_mistakes_are_explained_and_change_nothing(kiosk_env):
    assert kiosk(kiosk_env, "add", "Élise Martin", "--pin-stdin", stdin="730516\n").returncode == 0
    before = state(kiosk_env)
    today = dt.date.today()
    cases = [
        (
            ["Élise Martin", "--until", "24/12/2026"],
            "is not a date: give the last day away as YYYY",
        ),
        (["Élise Martin", "--until", "2026-02-30"], "is not a date"),
        (["Élise Martin", "--until", (today - dt.timedelta(days=3)).isoformat()], "in the future"),
        (
            ["Élise Martin", "--until", (today + dt.timedelta(days=500)).isoformat()],
            "a year at most",
        ),
        (
            ["Nobody", "--until", (today + dt.timedelta(days=3)).isoformat()],
            "no associate 'Nobody'",
        ),
        (["Élise Martin"], "one of the arguments --until --back is required"),
        (["Élise Martin", "--back", "--until", today.isoformat()], "not allowed with argument"),
    ]
    for args, says in cases:
        refused = kiosk(kiosk_env, "away", *args)
        assert refused.returncode == 2, args
        assert says in refused.stderr, (args, refused.stderr)
    assert state(kiosk_env) == before


def test_a_disabled_associate_has_no_absence(kiosk_env):
    assert kiosk(kiosk_env, "add", "Élise Martin", "--pin-stdin", stdin="730516\n").returncode == 0
    assert kiosk(kiosk_env, "disable", "Élise Martin").returncode == 0
    before = state(kiosk_env)
    engine = create_engine(f"sqlite:///{kiosk_env['KIOSK_LOCAL_DB_PATH']}")
    with Session(engine) as s:
        elise = s.scalar(select(Associate.id))
    engine.dispose()
    later = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    refused = kiosk(kiosk_env, "away", str(elise), "--until", later)
    assert refused.returncode == 2
    assert "Élise Martin is disabled: no absence to set" in refused.stderr
    assert state(kiosk_env) == before
