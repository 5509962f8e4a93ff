"""Completing, adding by hand, stopping at a withdrawal, and the due list's order."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from kiosk.associates.due import Group, due_list
from kiosk.associates.rules import rule_id, sweep
from kiosk.associates.tasks import FollowupError, add_task, complete, stop_for_customer
from kiosk.db.models import Customer, FollowupTask
from kiosk.db.outbox import save
from tests.associates.tasks.helpers import (
    STORE,
    T0,
    associate,
    client,
    consent,
    outbox_count,
    tasks,
    visit,
    withdraw,
)

DAY = dt.timedelta(days=1)
PARIS = ZoneInfo("Europe/Paris")


def appointment(engine, customer_id, due, assigned=None):  # type: ignore[no-untyped-def]
    """An appointment request as the page leaves it (pulled to this kiosk)."""
    with Session(engine) as s, s.begin():
        task = FollowupTask(
            id=uuid.uuid4(),
            store_id=STORE,
            customer_id=customer_id,
            kind="appointment",
            due_at=due,
            assigned_to=assigned,
            created_at=T0,
            details={
                "appointment": "home_consultation",
                "time_of_day": "afternoon",
                "note": "Ring twice",
                "language": "en",
            },
        )
        s.add(task)
        return task.id


def do(engine, *args, **kwargs):  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        return complete(s, *args, **kwargs)


def test_booking_an_appointment_makes_its_reminder_the_day_before(engine):
    elise = associate(engine)
    camille = client(engine)
    consent(engine, camille, None, purpose="appointment")
    task_id = appointment(engine, camille, T0 + DAY)
    at = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
    done = do(engine, task_id, elise, "booked", at, {"booked_for": "2026-11-28"})
    assert done.reminder_id == rule_id("appointment_reminder", task_id)
    booked, reminder = tasks(engine)[0], tasks(engine)[1]
    assert booked.id == task_id
    assert (booked.outcome, booked.completed_by, booked.completed_at) == ("booked", elise, at)
    assert booked.details["booked_for"] == "2026-11-28"
    assert reminder.kind == "appointment_reminder"
    assert reminder.due_at == dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    assert (reminder.assigned_to, reminder.customer_id) == (elise, camille)
    assert reminder.details == {
        "rule": "appointment_reminder",
        "appointment_task": str(task_id),
        "booked_for": "2026-11-28",
        "appointment": "home_consultation",
        "time_of_day": "afternoon",
        "language": "en",
    }  # the request's note stays on the request
    with Session(engine) as s, s.begin():  # a sweep anywhere finds the reminder made
        assert sweep(s, STORE, at + DAY).total == 0
    assert len(tasks(engine)) == 2


def test_a_late_booking_for_tomorrow_is_reminded_at_once_and_today_needs_none(engine):
    elise = associate(engine)
    camille = client(engine)
    evening = dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
    tomorrow = appointment(engine, camille, T0)
    today = appointment(engine, camille, T0)
    assert do(engine, tomorrow, elise, "booked", evening, {"booked_for": dt.date(2026, 11, 21)})
    assert (
        do(engine, today, elise, "booked", evening, {"booked_for": "2026-11-20"}).reminder_id
        is None
    )
    reminders = [t for t in tasks(engine) if t.kind == "appointment_reminder"]
    assert [r.due_at for r in reminders] == [evening]  # not 09:00, before it was booked


@pytest.mark.parametrize(
    ("task", "outcome", "details", "message"),
    [
        ("missing", "reached", None, "no follow-up"),
        ("appointment", "reached", None, "not an outcome of a appointment"),
        ("appointment", "booked", None, "needs its date"),
        ("appointment", "booked", {"booked_for": "28/11/2026"}, "is not a date"),
        ("appointment", "booked", {"booked_for": "2026-11-19"}, "from today to a year ahead"),
        ("appointment", "booked", {"booked_for": "2028-01-01"}, "from today to a year ahead"),
        ("appointment", "declined", {"booked_for": "2026-11-28"}, "only a booked"),
        ("appointment", "booked", {"when": "soon"}, "unknown completion detail"),
        ("withdrawn", "reached", None, "withdrew consent"),
        ("erased", "reached", None, "withdrew consent or was forgotten"),
    ],
)
def test_a_refused_completion_says_why_and_changes_nothing(engine, task, outcome, details, message):
    elise = associate(engine)
    camille, ana, bo = client(engine), client(engine, "Ana"), client(engine, "Bo")
    ids = {"missing": uuid.uuid4(), "appointment": appointment(engine, camille, T0)}
    ids["withdrawn"] = appointment(engine, ana, T0)
    withdraw(engine, consent(engine, ana, None), T0)  # (the kiosk stopped nothing yet)
    ids["erased"] = appointment(engine, bo, T0)
    with Session(engine) as s, s.begin():
        s.get(Customer, bo).erased_at = T0
    before = [(t.id, t.version, t.completed_at, t.outcome, dict(t.details)) for t in tasks(engine)]
    pending = outbox_count(engine)
    with pytest.raises(FollowupError, match=message):
        do(engine, ids[task], elise, outcome, T0 + dt.timedelta(hours=3), details)
    after = [(t.id, t.version, t.completed_at, t.outcome, dict(t.details)) for t in tasks(engine)]
    assert after == before
    assert outbox_count(engine) == pending


def test_completing_twice_is_refused_and_the_first_outcome_stands(engine):
    elise, marc = associate(engine), associate(engine, "Marc Lefèvre")
    task_id = appointment(engine, client(engine), T0)
    do(engine, task_id, elise, "no_answer", T0 + DAY)
    with pytest.raises(FollowupError, match=r"already completed \(no_answer\)"):
        do(engine, task_id, marc, "declined", T0 + 2 * DAY)
    (task,) = tasks(engine)
    assert (task.outcome, task.completed_by, task.completed_at) == ("no_answer", elise, T0 + DAY)


def test_a_withdrawal_stops_every_open_task_at_once_through_the_outbox(engine):
    elise = associate(engine)
    camille = client(engine)
    first = appointment(engine, camille, T0 + DAY)
    second = appointment(engine, camille, T0 + 2 * DAY)
    done = appointment(engine, camille, T0 + DAY)
    do(engine, done, elise, "declined", T0)
    other = appointment(engine, client(engine, "Ana"), T0 + DAY)
    pending = outbox_count(engine)
    with Session(engine) as s, s.begin():
        assert stop_for_customer(s, camille, T0 + dt.timedelta(hours=2)) == 2
    rows = {t.id: t for t in tasks(engine)}
    for stopped in (first, second):
        assert rows[stopped].outcome == "consent_withdrawn"
        assert rows[stopped].completed_at == T0 + dt.timedelta(hours=2)
        assert rows[stopped].completed_by is None
        assert "note" not in rows[stopped].details
    assert rows[done].outcome == "declined"  # what was done stays done
    assert rows[other].completed_at is None
    assert outbox_count(engine) == pending + 2
    with pytest.raises(FollowupError, match="stopped: the client withdrew consent"):
        do(engine, first, elise, "booked", T0 + DAY, {"booked_for": "2026-11-28"})


def test_adding_by_hand_for_the_visit_takes_its_client(engine):
    elise = associate(engine)
    camille = client(engine)
    v = visit(engine, customer_id=camille)
    with Session(engine) as s, s.begin():
        task_id = add_task(
            s,
            STORE,
            visit_id=v,
            due_at=T0 + 3 * DAY,
            assigned_to=elise,
            note="  Call about the fabric swatches  ",
            created_by=elise,
            at=T0,
        )
    (task,) = tasks(engine)
    assert task.id == task_id
    assert (task.kind, task.customer_id, task.visit_id, task.assigned_to) == (
        "manual",
        camille,
        v,
        elise,
    )
    assert task.details == {
        "rule": "manual",
        "note": "Call about the fabric swatches",
        "created_by": str(elise),
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "for a client or a visit"),
        ({"visit_id": uuid.uuid4()}, "no visit"),
        ({"customer": True, "due_at": T0 - DAY}, "from now to a year ahead"),
        ({"customer": True, "due_at": T0 + 400 * DAY}, "from now to a year ahead"),
        ({"customer": True, "note": "x" * 501}, "at most 500"),
        ({"customer": True, "kind": "gift"}, "unknown follow-up kind"),
        ({"withdrawn": True}, "withdrew consent"),
    ],
)
def test_a_refused_manual_task_says_why(engine, kwargs, message):
    camille = client(engine)
    if kwargs.pop("customer", False):
        kwargs["customer_id"] = camille
    if kwargs.pop("withdrawn", False):
        withdraw(engine, consent(engine, camille, None), T0)
        kwargs["customer_id"] = camille
    kwargs.setdefault("due_at", T0 + DAY)
    with Session(engine) as s, s.begin(), pytest.raises(FollowupError, match=message):
        add_task(s, STORE, at=T0, **kwargs)
    assert tasks(engine) == []


def test_the_due_list_overdue_then_today_then_upcoming_mine_and_the_store(engine):
    elise, marc = associate(engine), associate(engine, "Marc Lefèvre")
    camille = client(engine)
    consent(engine, camille, None)
    v = visit(engine, at=T0 - 5 * DAY)
    now = dt.datetime(2026, 11, 20, 16, 0, tzinfo=PARIS)
    midnight = dt.datetime(2026, 11, 20, 0, 0, tzinfo=PARIS)  # 19 Nov 23:00 UTC
    made = {}

    def add(name, due, who=None, customer=camille):  # type: ignore[no-untyped-def]
        with Session(engine) as s, s.begin():
            made[name] = add_task(
                s, STORE, customer_id=customer, visit_id=v, due_at=due, assigned_to=who, at=due
            )

    add("upcoming-marc", midnight + DAY, marc)  # tomorrow's first minute
    add("today-late", midnight + DAY - dt.timedelta(seconds=1), None)
    add("today-first", midnight, elise)  # Paris midnight: today, though 19 Nov in UTC
    add("overdue", midnight - dt.timedelta(seconds=1), marc)
    add("far", midnight + 31 * DAY, elise)  # past the 30-day horizon
    add("anonymous", midnight + 2 * DAY, None, customer=None)
    ana = client(engine, "Ana")
    add("withdrawn", midnight + DAY, elise, customer=ana)
    withdraw(engine, consent(engine, ana, None), T0)
    bo = client(engine, "Bo")
    add("erased", midnight + DAY, elise, customer=bo)
    with Session(engine) as s, s.begin():
        row = s.get(Customer, bo)
        row.full_name, row.erased_at = None, T0
        save(s, row)

    with Session(engine) as s:
        store = due_list(s, STORE, now)
        mine = due_list(s, STORE, now, elise)
    names = {task_id: name for name, task_id in made.items()}
    assert [names[i.id] for i in store] == [
        "overdue",
        "today-first",
        "today-late",
        "upcoming-marc",
        "anonymous",
    ]
    assert [i.group for i in store] == [
        Group.OVERDUE,
        Group.TODAY,
        Group.TODAY,
        Group.UPCOMING,
        Group.UPCOMING,
    ]
    assert [names[i.id] for i in mine] == ["today-first", "today-late", "anonymous"]
    first = store[0]
    assert (first.client_name, first.assignee_name, first.kind) == (
        "Camille Durand",
        "Marc Lefèvre",
        "manual",
    )
    assert first.visit_started_at == T0 - 5 * DAY
    assert store[2].assignee_name is None
    assert store[4].client_name is None
    with Session(engine) as s:
        marc_list = due_list(s, STORE, now, marc)
        soon = due_list(s, STORE, now, horizon=DAY)
    assert [names[i.id] for i in marc_list] == [
        "overdue",
        "today-late",
        "upcoming-marc",
        "anonymous",
    ]
    assert [names[i.id] for i in soon] == ["overdue", "today-first", "today-late"]
