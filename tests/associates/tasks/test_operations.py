"""``FollowupTasks``: the follow-up operations the associate screen runs, each in its own
session or transaction (the screen holds none). Real SQLite; real PostgreSQL for the store."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.associates.rules import rule_id
from kiosk.associates.tasks import FollowupError, FollowupTasks
from kiosk.db.engine import open_url
from kiosk.db.models import Customer, FollowupTask, utcnow
from kiosk.db.reads import Scope, StoreReader
from kiosk.db.versions import store_save
from kiosk.station.runtime import start
from tests.associates.tasks.helpers import STORE, T0, associate, client, outbox_count, tasks, visit
from tests.sync.helpers import kiosk_config

DAY = dt.timedelta(days=1)


@pytest.fixture
def desk(engine: Engine) -> FollowupTasks:
    return FollowupTasks(engine, StoreReader(engine, None), STORE)  # no store: this kiosk


def appointment(engine: Engine, customer_id: uuid.UUID) -> uuid.UUID:
    task_id = uuid.uuid4()
    with Session(engine) as s, s.begin():
        task = FollowupTask(
            id=task_id,
            store_id=STORE,
            customer_id=customer_id,
            kind="appointment",
            due_at=T0 + DAY,
            created_at=T0,
            details={"appointment": "home_consultation", "time_of_day": "afternoon"},
        )
        s.add(task)
    return task_id


def stored(engine: Engine) -> list[tuple[uuid.UUID, str | None, uuid.UUID | None]]:
    return [(t.id, t.outcome, t.completed_by) for t in tasks(engine)]


def test_a_booking_completes_the_task_and_makes_its_reminder(engine, desk):
    elise, camille = associate(engine), client(engine)
    task_id = appointment(engine, camille)
    day = (T0 + 10 * DAY).date()
    done = desk.complete(task_id, elise, "booked", T0, booked_for=day)
    assert (done.task_id, done.outcome) == (task_id, "booked")
    assert done.reminder_id == rule_id("appointment_reminder", task_id)
    booked, reminder = sorted(tasks(engine), key=lambda t: t.kind)
    assert (booked.outcome, booked.completed_by) == ("booked", elise)
    assert booked.details["booked_for"] == day.isoformat()
    assert reminder.due_at.date() == day - DAY


def test_an_unknown_task_is_refused_with_a_clear_message_and_nothing_changes(engine, desk):
    elise, camille = associate(engine), client(engine)
    appointment(engine, camille)
    before, pending = stored(engine), outbox_count(engine)
    with pytest.raises(FollowupError, match=r"no follow-up .* on this kiosk") as refused:
        desk.complete(uuid.uuid4(), elise, "reached", T0)
    assert refused.value.code == "unknown"  # the screen's words: "not reached this kiosk yet"
    assert (stored(engine), outbox_count(engine)) == (before, pending)


def test_a_task_done_elsewhere_is_refused_and_the_first_outcome_stands(engine, desk):
    elise, marc, camille = associate(engine), associate(engine, "Marc Lefèvre"), client(engine)
    task_id = appointment(engine, camille)
    desk.complete(task_id, marc, "no_answer", T0)
    before, pending = stored(engine), outbox_count(engine)
    with pytest.raises(FollowupError, match=r"already completed \(no_answer\)") as refused:
        desk.complete(task_id, elise, "booked", T0, booked_for=(T0 + 3 * DAY).date())
    assert refused.value.code == "done"
    assert (stored(engine), outbox_count(engine)) == (before, pending)


def test_a_booking_without_a_date_or_out_of_range_is_refused(engine, desk):
    elise, camille = associate(engine), client(engine)
    task_id = appointment(engine, camille)
    for day in (None, (T0 - DAY).date(), (T0 + 400 * DAY).date()):
        with pytest.raises(FollowupError) as refused:
            desk.complete(task_id, elise, "booked", T0, booked_for=day)
        assert refused.value.code == "date"
    assert stored(engine) == [(task_id, None, None)]


def test_a_task_by_hand_for_a_visit_takes_its_client_and_names_it(engine, desk):
    elise, camille = associate(engine), client(engine)
    with_client, without = visit(engine, customer_id=camille), visit(engine)
    assert desk.client_of_visit(with_client) == "Camille Durand"
    assert desk.client_of_visit(without) is None
    assert desk.client_of_visit(uuid.uuid4()) is None  # not (yet) on this kiosk

    task_id = desk.add(
        with_client,
        due_at=T0 + 3 * DAY,
        assigned_to=None,
        note=" swatches ",
        created_by=elise,
        at=T0,
    )
    (task,) = tasks(engine)
    assert (task.id, task.kind, task.customer_id, task.visit_id) == (
        task_id,
        "manual",
        camille,
        with_client,
    )
    assert task.details == {"rule": "manual", "note": "swatches", "created_by": str(elise)}

    with Session(engine) as s, s.begin():
        s.get(Customer, camille).erased_at = T0  # forgotten: no name on screen any more
    assert desk.client_of_visit(with_client) is None


def test_a_task_by_hand_for_an_unknown_visit_is_refused_and_writes_nothing(engine, desk):
    elise, visit_id = associate(engine), visit(engine)
    pending = outbox_count(engine)
    with pytest.raises(FollowupError, match=r"no visit .* on this kiosk"):
        desk.add(uuid.uuid4(), due_at=T0 + DAY, assigned_to=elise, note="", created_by=elise, at=T0)
    with pytest.raises(FollowupError, match="from now to a year ahead"):
        desk.add(visit_id, due_at=T0 - DAY, assigned_to=None, note="", created_by=elise, at=T0)
    assert tasks(engine) == []
    assert outbox_count(engine) == pending


@pytest.mark.postgres
def test_the_runtimes_due_list_is_the_stores_with_this_kiosks_unsent_changes(tmp_path, store_url):
    store = open_url(store_url)
    rt = start(kiosk_config(tmp_path, "kiosk-a", store_url))
    try:
        elise = associate(rt.engine)
        now = utcnow()
        with Session(store) as s, s.begin():  # a colleague's task, on the store only
            colleague = FollowupTask(
                store_id=STORE, kind="manual", due_at=now + DAY, created_at=now, details={}
            )
            store_save(s, colleague)
            theirs = colleague.id
        rt.journey.begin("en").result()
        visit_id = rt.journey.state.visit_id
        followups = rt.followups
        mine = followups.add(
            visit_id, due_at=now + DAY, assigned_to=elise, note="", created_by=elise, at=now
        )

        listed = followups.due(now.astimezone(), elise)
        assert listed.scope is Scope.STORE
        assert {item.id for item in listed.value} == {theirs, mine}  # mine: not sent yet

        followups.complete(mine, elise, "done", utcnow())
        listed = followups.due(now.astimezone(), elise)
        assert [item.id for item in listed.value] == [theirs]  # done here: gone at once

        with pytest.raises(FollowupError) as refused:  # the store's task is not here yet
            followups.complete(theirs, elise, "done", utcnow())
        assert refused.value.code == "unknown"
        with Session(store) as s:
            assert s.get(FollowupTask, theirs).completed_at is None
    finally:
        rt.close()
        store.dispose()
