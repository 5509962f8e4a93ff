"""A client with an advisor, the associate who served them, and every maker of a follow-up
task for that client, written through the code that writes them on a kiosk (visits, consents,
sales, bookings, cases, a booked appointment). Shared by the routing tests of each area."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.aftersale.rules import DELIVERY_CONFIRM, INSTALLATION_CHECK
from kiosk.associates.directory import AssociateDirectory
from kiosk.associates.rules import (
    REMINDER,
    SATISFACTION,
    THANK_YOU,
    appointment_task,
    rule_id,
    sweep,
)
from kiosk.associates.tasks import complete
from kiosk.clients.book import set_advisor, set_away
from kiosk.db.models import Consent, FollowupTask
from kiosk.db.outbox import save
from kiosk.outreach.rules import DefaultOutreach
from kiosk.recovery.cases import CaseBook
from kiosk.recovery.rules import CASE_CALLBACK, CASE_CHECK
from tests.aftersale.touch_fixtures import booking, purchase
from tests.associates.tasks.helpers import STORE, T0, client, consent, visit
from tests.recovery.helpers import CATEGORIES, TARGET, waiting_with_contact

NOW = T0 + dt.timedelta(hours=1)
AWAY_HOURS = 72
"""Not the default (48): an advisor back in 60 hours still gets the task only if the store's
own setting reaches the maker."""
LIMIT = dt.timedelta(hours=AWAY_HOURS)
SETTINGS = DefaultOutreach(advisor_away_hours=AWAY_HOURS)


@dataclass(frozen=True)
class People:
    client: uuid.UUID
    advisor: uuid.UUID  # Élise, the client's advisor (when the client has clienteling)
    served_by: uuid.UUID  # Bruno, who served the visit, sold, opened the case


def people(engine: Engine, clienteling: bool = True) -> People:
    """A client with a contact consent and, with ``clienteling``, Élise as their advisor."""
    directory = AssociateDirectory(engine, STORE, clock=lambda: T0)
    elise = directory.add("Élise Martin", "associate", "482913").id
    bruno = directory.add("Bruno Keller", "associate", "591374").id
    camille = client(engine)
    consent(engine, camille, None, at=T0 - dt.timedelta(days=30))
    if clienteling:
        consent(engine, camille, None, purpose="clienteling", at=T0 - dt.timedelta(days=30))
        with Session(engine) as s, s.begin():
            set_advisor(s, camille, elise, elise, T0 - dt.timedelta(days=1))
    return People(camille, elise, bruno)


def away(engine: Engine, who: uuid.UUID, until: dt.datetime | None) -> None:
    with Session(engine) as s, s.begin():
        set_away(s, who, until, None, T0)


def disable(engine: Engine, who: uuid.UUID) -> None:
    AssociateDirectory(engine, STORE, clock=lambda: T0).disable(who)


# -- the makers: each writes its source as its writer does, returns the task's id ------------
def thank_you(engine: Engine, p: People) -> uuid.UUID:
    served = visit(engine, T0, p.client, p.served_by)
    return rule_id(THANK_YOU, consent(engine, p.client, served, at=T0 + dt.timedelta(minutes=20)))


def satisfaction(engine: Engine, p: People) -> uuid.UUID:
    bought = (("purchased", dt.timedelta(minutes=10)),)
    return rule_id(SATISFACTION, visit(engine, T0, p.client, p.served_by, bought))


def delivery_confirm(engine: Engine, p: People) -> uuid.UUID:
    sale = purchase(engine, None, T0, p.client, p.served_by)
    day = (NOW + dt.timedelta(days=5)).date()
    return rule_id(DELIVERY_CONFIRM, booking(engine, sale, "delivery", day))


def installation_check(engine: Engine, p: People) -> uuid.UUID:
    sale = purchase(engine, None, T0, p.client, p.served_by)
    done = booking(engine, sale, "installation", T0.date(), done_at=T0)
    return rule_id(INSTALLATION_CHECK, done)


def case_callback(engine: Engine, p: People) -> uuid.UUID:
    cases = CaseBook(engine, STORE, "kiosk-1", TARGET, LIMIT)
    case = cases.open_case(
        waiting_with_contact(), CATEGORIES, at=NOW, customer_id=p.client, opened_by=p.served_by
    )
    return rule_id(CASE_CALLBACK, case)


def case_check(engine: Engine, p: People) -> uuid.UUID:
    cases = CaseBook(engine, STORE, "kiosk-1", TARGET, LIMIT)
    case = cases.open_case(waiting_with_contact(), CATEGORIES, at=T0, customer_id=p.client)
    cases.resolve(case, p.served_by, NOW, internal_note="", customer_reply="", first_contact=True)
    return rule_id(CASE_CHECK, case)


def appointment_reminder(engine: Engine, p: People) -> uuid.UUID:
    """Bruno books the appointment the client asked for: its reminder follows."""
    asked = consent(engine, p.client, None, purpose="appointment", at=T0)
    with Session(engine) as s, s.begin():
        row = s.get(Consent, asked)
        assert row is not None
        task = appointment_task(row, STORE, p.client, p.served_by, None, {})
        save(s, task)
        appointment = task.id
    day = (NOW + dt.timedelta(days=10)).date()
    with Session(engine) as s, s.begin():
        booked = complete(
            s, appointment, p.served_by, "booked", NOW, {"booked_for": day}, away_limit=LIMIT
        )
    assert booked.reminder_id == rule_id(REMINDER, appointment)
    return booked.reminder_id


Maker = Callable[[Engine, People], uuid.UUID]
MAKERS: dict[str, Maker] = {
    "thank_you": thank_you,
    "satisfaction": satisfaction,
    "delivery_confirm": delivery_confirm,
    "installation_check": installation_check,
    "case_callback": case_callback,
    "case_check": case_check,
    "appointment_reminder": appointment_reminder,
}
SWEPT = ("thank_you", "satisfaction", "delivery_confirm", "installation_check")
"""The makers whose sources wait for a sweep (the others make their task as they write)."""


def kiosk_sweep(engine: Engine, at: dt.datetime = NOW) -> int:
    """A kiosk's sweep with the store's settings; how many open tasks went to the store."""
    with Session(engine) as s, s.begin():
        return sweep(s, STORE, at, save, outreach=SETTINGS).released


def assigned(engine: Engine, task_id: uuid.UUID) -> uuid.UUID | None:
    with Session(engine) as s:
        task = s.get(FollowupTask, task_id)
        assert task is not None, "the rule made no task"
        return task.assigned_to
