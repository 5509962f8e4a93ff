"""Routing against a real store database: a kiosk's sweep and the store's sweep, each making a
client's tasks from the same sources without the other's copy, give each task the same
assignee; and the store's scheduled sweep (the command its systemd unit runs) hands the open
tasks of an advisor gone away to the store, which every kiosk then pulls."""

from __future__ import annotations

import datetime as dt
import shlex

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk import cli
from kiosk.associates.rules import sweep
from kiosk.db.versions import store_save
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from tests.aftersale import touch_fixtures
from tests.associates.routing_fixtures import (
    AWAY_HOURS,
    MAKERS,
    NOW,
    SETTINGS,
    SWEPT,
    assigned,
    away,
    disable,
    kiosk_sweep,
    people,
)
from tests.associates.tasks.helpers import STORE, local_engine
from tests.conftest import REPO

store = touch_fixtures.store  # the fixture, shared without a conftest

pytestmark = pytest.mark.postgres


def kiosk(tmp_path, name: str) -> Engine:  # type: ignore[no-untyped-def]
    folder = tmp_path / name
    folder.mkdir()
    return local_engine(folder)


@pytest.mark.parametrize("case", ["advisor", "away", "disabled", "no_clienteling"])
def test_a_kiosk_and_the_store_sweep_give_each_task_the_same_assignee(tmp_path, store, case):
    a = kiosk(tmp_path, "a")
    p = people(a, clienteling=case != "no_clienteling")
    if case == "away":
        away(a, p.advisor, NOW + dt.timedelta(days=5))
    elif case == "disabled":
        disable(a, p.advisor)
    made = {kind: MAKERS[kind](a, p) for kind in SWEPT}
    Pusher(a, store).push_all()  # the sources: no task is made yet
    with Session(store) as s, s.begin():
        at_store = sweep(s, STORE, NOW, store_save, outreach=SETTINGS).created
    assert sum(at_store.values()) == len(SWEPT)
    kiosk_sweep(a)  # offline from the store's copies: its own, from the same sources

    expected = p.advisor if case == "advisor" else p.served_by
    for kind, task in made.items():
        assert (kind, assigned(store, task), assigned(a, task)) == (kind, expected, expected)
    a.dispose()


def test_the_scheduled_store_sweep_hands_an_absent_advisors_tasks_to_the_store(
    tmp_path, store, store_url, monkeypatch, capsys
):
    a = kiosk(tmp_path, "a")
    p = people(a)
    tasks = [MAKERS[kind](a, p) for kind in ("thank_you", "delivery_confirm")]
    kiosk_sweep(a)
    assert [assigned(a, t) for t in tasks] == [p.advisor, p.advisor]
    away(a, p.advisor, dt.datetime.now(dt.UTC) + dt.timedelta(days=10))  # the store's clock
    Pusher(a, store).push_all()

    # what the timer starts: the service's own command line, with the store's settings
    service = (REPO / "packaging/linux/maison-kiosk-store-sweep.service").read_text()
    (exec_start,) = [line for line in service.splitlines() if line.startswith("ExecStart=")]
    argv = shlex.split(exec_start.removeprefix("ExecStart="))[1:]
    for name, value in {
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "runner" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "runner" / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "runner" / "secret.key"),
        "KIOSK_STORE_ID": STORE,
        "KIOSK_KIOSK_ID": "store-server",
        "KIOSK_STORE_DB_URL": store_url,
        "KIOSK_ADVISOR_AWAY_HOURS": str(AWAY_HOURS),
    }.items():
        monkeypatch.setenv(name, value)
    assert cli.dispatch(cli.parse(argv)) == 0
    assert capsys.readouterr().out.endswith("; to the store: 2\n")
    assert [assigned(store, t) for t in tasks] == [None, None]
    assert cli.dispatch(cli.parse(argv)) == 0  # once: nothing moves again
    assert "to the store" not in capsys.readouterr().out

    b = kiosk(tmp_path, "b")  # every kiosk pulls them as the store's
    Puller(b, store, STORE).pull_all()
    assert [assigned(b, t) for t in tasks] == [None, None]
    Puller(a, store, STORE).pull_all()
    assert [assigned(a, t) for t in tasks] == [None, None]
    a.dispose()
    b.dispose()
