"""Reminders fall due, and the due list counts days, on the store's clocks
(``store_timezone``), not at 09:00 UTC nor on the machine's zone."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kiosk.associates.due import Group
from kiosk.associates.rules import sweep
from kiosk.associates.tasks import FollowupTasks
from kiosk.db.models import FollowupTask
from kiosk.db.reads import StoreReader
from tests.aftersale.touch_fixtures import associate as seller
from tests.aftersale.touch_fixtures import booking, purchase, visit
from tests.aftersale.touch_fixtures import client as buyer
from tests.associates.tasks.helpers import STORE, T0, associate, client, consent, tasks
from tests.associates.tasks.test_tasks import appointment

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.timedelta(days=1)


def shanghai_tasks(engine) -> FollowupTasks:  # type: ignore[no-untyped-def]
    return FollowupTasks(engine, StoreReader(engine, None), STORE, SHANGHAI)


def test_a_reminder_for_a_store_in_shanghai_falls_due_at_nine_shanghai_time(engine):
    elise = associate(engine)
    camille = client(engine)
    consent(engine, camille, None, purpose="appointment")
    task_id = appointment(engine, camille, T0 + DAY)
    at = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)  # 23:00 in Shanghai
    shanghai_tasks(engine).complete(task_id, elise, "booked", at, dt.date(2026, 11, 28))
    (reminder,) = [t for t in tasks(engine) if t.kind == "appointment_reminder"]
    due = reminder.due_at.replace(tzinfo=dt.UTC).astimezone(SHANGHAI)
    assert (due.date(), due.time()) == (dt.date(2026, 11, 27), dt.time(9))  # not 17:00


def test_the_sweep_makes_a_pulled_booking_reminder_at_the_store_morning(engine):
    camille = client(engine)
    elise = associate(engine)
    booked_at = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)
    with Session(engine) as s, s.begin():  # booked on another kiosk, its reminder not pulled
        s.add(
            FollowupTask(
                id=uuid.uuid4(),
                store_id=STORE,
                customer_id=camille,
                kind="appointment",
                due_at=T0,
                created_at=T0,
                details={"booked_for": "2026-11-28"},
                outcome="booked",
                completed_at=booked_at,
                completed_by=elise,
            )
        )
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, booked_at + dt.timedelta(hours=1), zone=SHANGHAI).total == 1
    (reminder,) = [t for t in tasks(engine) if t.kind == "appointment_reminder"]
    assert reminder.due_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 11, 27, 1, tzinfo=dt.UTC)


def test_the_due_list_groups_by_the_store_day(engine):
    camille = client(engine)
    # 18:00 on the 20th in Shanghai; the associate looks at 00:30 on the 21st in Shanghai,
    # still the 20th in UTC: for the store that task is yesterday's, overdue.
    task_id = appointment(engine, camille, dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC))
    now = dt.datetime(2026, 11, 20, 16, 30, tzinfo=dt.UTC)
    (item,) = shanghai_tasks(engine).due(now).value
    assert (item.id, item.group) == (task_id, Group.OVERDUE)
    utc = FollowupTasks(engine, StoreReader(engine, None), STORE)
    assert utc.due(now).value[0].group is Group.TODAY  # a store on UTC: still today


def test_the_sweep_gives_after_sale_tasks_the_store_morning(engine):
    """Threaded from the sweep (as the kiosk and ``followups sweep`` call it): a delivery
    confirmation in a Shanghai store is due at 09:00 Shanghai the day before."""
    me, camille = seller(engine), buyer(engine)
    bought = purchase(engine, visit(engine, customer_id=camille), T0, camille, me)
    booking(engine, bought, "delivery", dt.date(2026, 11, 26), "afternoon")
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, T0, zone=SHANGHAI).created.get("delivery_confirm") == 1
    (task,) = [t for t in tasks(engine) if t.kind == "delivery_confirm"]
    assert task.due_at == dt.datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)  # not Paris's 09:00
