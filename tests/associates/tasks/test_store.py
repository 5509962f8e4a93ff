"""Against a real store database: two kiosks, the page and a store sweep make one task per
source, every kiosk brings them all down, and the command line does the same jobs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk import cli
from kiosk.associates.due import read_due
from kiosk.associates.rules import rule_id, sweep
from kiosk.associates.tasks import complete
from kiosk.db.engine import open_url
from kiosk.db.models import FollowupTask, utcnow
from kiosk.db.reads import Scope
from kiosk.db.versions import store_save
from kiosk.handoff import records
from kiosk.station.runtime import Runtime, start
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from kiosk.visit.stages import EndReason
from tests.associates.tasks.helpers import STORE, associate, client, consent
from tests.sync.helpers import kiosk_config

pytestmark = pytest.mark.postgres


def drain(rt: Runtime) -> None:
    # the visit's end and its sweep (in the background lane)
    rt.recorder.submit(lambda: None, background=True).result(timeout=10)


def push(rt: Runtime, store: Engine) -> None:
    Pusher(rt.engine, store).push_all()


def pull(rt: Runtime, store: Engine) -> None:
    Puller(rt.engine, store, STORE).pull_all()


def store_sweep(store: Engine) -> int:
    with Session(store) as s, s.begin():
        return sweep(s, STORE, utcnow(), store_save).total


def task_ids(engine: Engine) -> list:  # type: ignore[type-arg]
    with Session(engine) as s:
        return sorted(s.scalars(select(FollowupTask.id)).all())


def attach(rt: Runtime, customer_id) -> None:  # type: ignore[no-untyped-def]
    visit_id = rt.journey.state.visit_id
    rt.recorder.submit(
        lambda: rt.store.record_event(
            visit_id, "client_attached", {}, utcnow(), {"customer_id": customer_id}
        )
    ).result()


def test_two_kiosks_the_page_and_the_store_make_one_task_per_source(tmp_path, store_url):
    store = open_url(store_url)
    a = start(kiosk_config(tmp_path, "kiosk-a", store_url))
    b = start(kiosk_config(tmp_path, "kiosk-b", store_url))
    try:
        elise = associate(a.engine)
        # Kiosk A: a client who consents to contact and buys; the visit's end sweeps
        camille = client(a.engine)
        a.journey.begin("en").result()
        visit_a = a.journey.state.visit_id
        attach(a, camille)
        consent(a.engine, camille, visit_a, at=utcnow())
        consent(a.engine, camille, visit_a, purpose="clienteling", at=utcnow())
        a.journey.join_associate(elise).result()
        a.journey.record_outcome("purchased", ["MV-CO-OV60"], elise).result()
        a.journey.end(EndReason.COMPLETED).result()
        drain(a)
        made_on_a = task_ids(a.engine)
        assert len(made_on_a) == 2  # a thank-you and a satisfaction check

        # Kiosk B: its consent reaches the store, whose sweep makes the thank-you first
        ana = client(b.engine, "Ana Costa")
        b.journey.begin("en").result()
        visit_b = b.journey.state.visit_id
        attach(b, ana)
        consent_b = consent(b.engine, ana, visit_b, at=utcnow())
        push(b, store)
        assert store_sweep(store) == 1
        b.journey.end(EndReason.COMPLETED).result()
        drain(b)  # B makes the same task, offline from the store's
        assert task_ids(b.engine) == [rule_id("thank_you", consent_b)]
        push(a, store)
        push(b, store)

        # The page: a contact request and an appointment request on A's visit
        view = records.LinkView(records.LinkStatus.OK, visit_id=visit_a, store_id=STORE)
        with Session(store) as s, s.begin():
            who = records.Contact("Camille Durand", "camille@example.com", None)
            records.record_request(s, view, "contact", who, "v1", "en", {}, utcnow())
            records.record_request(
                s,
                view,
                "appointment",
                who,
                "v1",
                "en",
                {"appointment": "private_viewing"},
                utcnow(),
            )
        assert store_sweep(store) == 0  # the page's tasks are the rules' tasks
        assert len(task_ids(store)) == 5

        # Every kiosk brings them down; A books the appointment, its reminder follows
        for rt in (a, b):
            pull(rt, store)
            with Session(rt.engine) as s, s.begin():
                assert sweep(s, STORE, utcnow()).total == 0
        with Session(a.engine) as s:
            appointment = s.scalars(
                select(FollowupTask).where(FollowupTask.kind == "appointment")
            ).one()
        day = (utcnow() + dt.timedelta(days=10)).date()
        with Session(a.engine) as s, s.begin():
            booked = complete(s, appointment.id, elise, "booked", utcnow(), {"booked_for": day})
        assert booked.reminder_id == rule_id("appointment_reminder", appointment.id)
        # not pushed yet: A's store-wide list already has it done and the reminder there
        listed = read_due(a.reader, a.engine, STORE, utcnow(), horizon=dt.timedelta(days=60))
        assert listed.scope is Scope.STORE
        shown = [item.id for item in listed.value]
        assert appointment.id not in shown
        assert booked.reminder_id in shown
        push(a, store)
        pull(b, store)
        for rt in (a, b):
            with Session(rt.engine) as s, s.begin():
                assert sweep(s, STORE, utcnow()).total == 0
        assert store_sweep(store) == 0
        push(b, store)

        everything = task_ids(store)
        assert len(everything) == 6
        assert set(made_on_a) <= set(everything)
        for rt in (a, b):
            pull(rt, store)
            assert task_ids(rt.engine) == everything
        with Session(store) as s:
            kinds = sorted(s.scalars(select(FollowupTask.kind)).all())
        assert kinds == [
            "appointment",
            "appointment_reminder",
            "satisfaction",
            "thank_you",
            "thank_you",
            "thank_you",
        ]
    finally:
        a.close()
        b.close()
        store.dispose()


def test_the_command_line_sweeps_lists_and_completes(tmp_path, store_url, monkeypatch, capsys):
    config = kiosk_config(tmp_path, "kiosk-a", store_url)
    rt = start(config)
    elise = associate(rt.engine)
    camille = client(rt.engine)
    consent(rt.engine, camille, None, at=utcnow())
    rt.close()
    for name, value in {
        "KIOSK_LOCAL_DB_PATH": str(config.local_db_path),
        "KIOSK_LOG_DIR": str(tmp_path / "kiosk-a" / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "kiosk-a" / "secret.key"),
        "KIOSK_STORE_ID": STORE,
        "KIOSK_KIOSK_ID": "kiosk-a",
        "KIOSK_STORE_DB_URL": store_url,
    }.items():
        monkeypatch.setenv(name, value)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.dispatch(cli.parse(list(argv)))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("followups", "sweep") == (0, "this kiosk: tasks made: 1 thank_you; stopped: 0\n", "")
    assert run("followups", "sweep")[1] == "this kiosk: tasks made: none; stopped: 0\n"
    code, out, _ = run("followups", "due", "--associate", "Élise Martin")
    assert code == 0
    assert "this kiosk's tasks only" not in out  # the store answered...
    # ...and the task not yet pushed is laid over the store's list
    (line,) = [row for row in out.splitlines() if "thank_you" in row]
    assert "Camille" not in out  # no client's name in a terminal
    task_id = line.split()[-1]
    assert run("followups", "sweep", "--store")[1].startswith("the store database: tasks made")
    code, _, err = run(
        "followups",
        "complete",
        task_id,
        "--associate",
        str(elise),
        "--outcome",
        "booked",
        "--date",
        "2030-01-01",
    )
    assert code == 2
    assert "not an outcome of a thank_you" in err
    assert (
        run("followups", "complete", "nope", "--associate", "Élise Martin", "--outcome", "reached")[
            2
        ]
        == "kiosk: 'nope' is not a task id\n"
    )
    code, out, _ = run(
        "followups", "complete", task_id, "--associate", "Élise Martin", "--outcome", "reached"
    )
    assert (code, out) == (0, f"completed {task_id}: reached\n")
    code, _, err = run(
        "followups", "complete", task_id, "--associate", "Élise Martin", "--outcome", "reached"
    )
    assert code == 2
    assert "already completed (reached)" in err
