"""Follow-up tasks for associates: the rules that make them, the due list, completing them.

Kinds (``FollowupTask.kind``), as the dashboard counts them:

- ``thank_you`` - due 2 days after an active ``followup_contact`` consent was given, on the
  page or on a kiosk. (Older rows may say ``contact``: the same thing.)
- ``appointment`` - the page's appointment request: the associate arranges it.
- ``appointment_reminder`` - made when an ``appointment`` task is completed ``booked`` with a
  date: due at 09:00 UTC the day before that date (never before the booking itself).
- ``satisfaction`` - due 90 days after a visit's final outcome ``purchased``, only for a
  visit with a client (``customer_id``) who holds an active contact or clienteling consent.
- ``manual`` - added by an associate.

A task is *due* while ``completed_at`` is NULL, and *done* once it is set, with ``outcome``
one of ``OUTCOMES[kind]`` and ``completed_by`` the associate. ``outcome ==
"consent_withdrawn"`` (``completed_by`` NULL) means it was stopped by a withdrawal or an
erasure, not done: count it apart. ``due_at`` is UTC.

Rule-made tasks have a deterministic id (uuid5 of the rule and its source row), so a rule run
twice, on two kiosks, or on a kiosk and the page, makes one task. Created rows also take
their ``created_at`` from the source, so two makers produce the same row. Kiosks write
through the outbox (``kiosk.db.outbox.save``); the store side (page, ``--store`` sweep)
writes straight into the store database with ``kiosk.db.versions.store_save``.

Personal data in a task: only ``details["note"]`` (a manual note or the page's note); rule
details hold ids, dates, languages and product SKUs. A client who was erased, or whose every
consent was withdrawn, has no live task: none is shown or completed, and ``stop_for_customer``
closes the open ones.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, not_, or_, select
from sqlalchemy.orm import Session, aliased

from kiosk.clients.consent import has_active_consent
from kiosk.clients.erasure import WITHDRAWN_OUTCOME, close_open_tasks
from kiosk.db.models import (
    Associate,
    Consent,
    Customer,
    FollowupTask,
    OutboxEntry,
    Synced,
    Visit,
    VisitEvent,
    utcnow,
)
from kiosk.db.outbox import save as outbox_save
from kiosk.db.reads import Read, Scope, StoreReader
from kiosk.errors import KioskError
from kiosk.ids import uuid7

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "maison-kiosk/followup-tasks")

THANK_YOU, APPOINTMENT, REMINDER = "thank_you", "appointment", "appointment_reminder"
SATISFACTION, MANUAL, LEGACY_CONTACT = "satisfaction", "manual", "contact"
KINDS = (THANK_YOU, APPOINTMENT, REMINDER, SATISFACTION, MANUAL)
WITHDRAWN = WITHDRAWN_OUTCOME

THANK_YOU_AFTER = dt.timedelta(days=2)
APPOINTMENT_AFTER = dt.timedelta(days=2)
SATISFACTION_AFTER = dt.timedelta(days=90)
REMINDER_TIME = dt.time(9, tzinfo=dt.UTC)  # as the page's appointment tasks
CONTACT_PURPOSES = ("followup_contact", "clienteling")
"""Consents that let an associate call a client back (a satisfaction check needs one)."""

LOOKBACK = {
    THANK_YOU: dt.timedelta(days=14),
    SATISFACTION: dt.timedelta(days=90),
    REMINDER: dt.timedelta(days=30),
}
"""How far back a sweep looks for sources: a kiosk switched off for weeks does not resurrect
long-gone thank-yous, and the queries stay on indexed, recent rows."""

_CALL = ("reached", "left_message", "no_answer", "declined", "not_needed")
OUTCOMES: dict[str, tuple[str, ...]] = {
    THANK_YOU: ("reached", "left_message", "no_answer", "not_needed"),
    APPOINTMENT: ("booked", "left_message", "no_answer", "declined", "not_needed"),
    REMINDER: _CALL,
    SATISFACTION: _CALL,
    MANUAL: ("done", "reached", "left_message", "no_answer", "not_needed"),
}
OUTCOMES[LEGACY_CONTACT] = OUTCOMES[THANK_YOU]
BOOKED = "booked"
MAX_BOOK_AHEAD = dt.timedelta(days=366)
MAX_NOTE = 500

Saver = Callable[[Session, Synced], None]


class FollowupError(KioskError):
    """A follow-up change that cannot be made as asked; nothing was changed. ``code`` names
    the reason for a screen to word it (unknown, done, stopped, withdrawn, outcome, date,
    refused)."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


# -- rules: pure functions of their source row ------------------------------------------------
def rule_id(rule: str, source_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{rule}:{source_id}")


def thank_you_task(
    consent: Consent,
    store_id: str,
    customer_id: uuid.UUID | None,
    assigned_to: uuid.UUID | None,
    details: dict[str, Any] | None = None,
) -> FollowupTask:
    """The thank-you a contact consent asks for, due two days after it was given."""
    return FollowupTask(
        id=rule_id(THANK_YOU, consent.id),
        store_id=store_id,
        visit_id=consent.visit_id,
        customer_id=customer_id,
        kind=THANK_YOU,
        due_at=consent.given_at + THANK_YOU_AFTER,
        assigned_to=assigned_to,
        created_at=consent.given_at,
        details={
            "rule": THANK_YOU,
            "requested_via": consent.given_via,
            "language": consent.language,
            **(details or {}),
        },
    )


def appointment_task(
    consent: Consent,
    store_id: str,
    customer_id: uuid.UUID | None,
    assigned_to: uuid.UUID | None,
    due: dt.datetime | None,
    details: dict[str, Any],
) -> FollowupTask:
    """The appointment a customer asked for: an associate confirms and books it."""
    return FollowupTask(
        id=rule_id(APPOINTMENT, consent.id),
        store_id=store_id,
        visit_id=consent.visit_id,
        customer_id=customer_id,
        kind=APPOINTMENT,
        due_at=due or consent.given_at + APPOINTMENT_AFTER,
        assigned_to=assigned_to,
        created_at=consent.given_at,
        details={
            "rule": APPOINTMENT,
            "requested_via": consent.given_via,
            "language": consent.language,
            **details,
        },
    )


def reminder_task(appointment: FollowupTask) -> FollowupTask | None:
    """The reminder of a booked appointment, due the day before; None when the task is not
    a booking or the appointment is on the day it was booked (nothing to remind)."""
    booked = appointment.details.get("booked_for")
    done_at = appointment.completed_at
    if appointment.outcome != BOOKED or not booked or done_at is None:
        return None
    day = dt.date.fromisoformat(str(booked))
    if day <= done_at.date():
        return None
    due = max(dt.datetime.combine(day - dt.timedelta(days=1), REMINDER_TIME), done_at)
    kept = ("appointment", "time_of_day", "language")  # what the page asked; nothing personal
    return FollowupTask(
        id=rule_id(REMINDER, appointment.id),
        store_id=appointment.store_id,
        visit_id=None,  # the visit may live on another kiosk; the client is what matters
        customer_id=appointment.customer_id,
        kind=REMINDER,
        due_at=due,
        assigned_to=appointment.completed_by,
        created_at=done_at,
        details={
            "rule": REMINDER,
            "appointment_task": str(appointment.id),
            "booked_for": day.isoformat(),
            **{k: appointment.details[k] for k in kept if k in appointment.details},
        },
    )


def satisfaction_task(
    visit: Visit, purchased_at: dt.datetime, skus: Sequence[str], assigned_to: uuid.UUID | None
) -> FollowupTask:
    """How is the purchase, three months on? Details: when and what, nothing personal."""
    return FollowupTask(
        id=rule_id(SATISFACTION, visit.id),
        store_id=visit.store_id,
        visit_id=visit.id,
        customer_id=visit.customer_id,
        kind=SATISFACTION,
        due_at=purchased_at + SATISFACTION_AFTER,
        assigned_to=assigned_to,
        created_at=purchased_at,
        details={
            "rule": SATISFACTION,
            "purchased_on": purchased_at.date().isoformat(),
            "skus": [str(s) for s in skus],
        },
    )


def ensure(session: Session, task: FollowupTask | None, save: Saver = outbox_save) -> bool:
    """Write ``task`` unless a task with its id exists (done, stopped or open): True if new."""
    if task is None or session.get(FollowupTask, task.id) is not None:
        return False
    save(session, task)
    return True


# -- who is a live client ---------------------------------------------------------------------
def live_client() -> ColumnElement[bool]:
    """The task has no client, or one who is not erased and has not withdrawn every consent
    known here. For a query that outer-joins ``Customer`` on ``FollowupTask.customer_id``."""
    of_client = Consent.customer_id == FollowupTask.customer_id
    return or_(
        FollowupTask.customer_id.is_(None),
        and_(
            Customer.erased_at.is_(None),
            or_(
                not_(exists().where(of_client)),
                exists().where(of_client, Consent.withdrawn_at.is_(None)),
            ),
        ),
    )


def client_is_live(session: Session, customer_id: uuid.UUID | None) -> bool:
    if customer_id is None:
        return True
    customer = session.get(Customer, customer_id)
    if customer is not None and customer.erased_at is not None:
        return False
    withdrawn = session.scalars(
        select(Consent.withdrawn_at).where(Consent.customer_id == customer_id)
    ).all()
    return not withdrawn or any(w is None for w in withdrawn)


# -- the sweep: every rule over what this database knows --------------------------------------
@dataclass
class SweepResult:
    created: dict[str, int] = field(default_factory=dict)
    stopped: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def add(self, kind: str, made: bool) -> None:
        if made:
            self.created[kind] = self.created.get(kind, 0) + 1


def sweep(
    session: Session, store_id: str, at: dt.datetime, save: Saver = outbox_save
) -> SweepResult:
    """Make every missing rule task of the store from what this database holds (a kiosk's
    own consents and visits, the tasks it pulled; or the whole store database), and stop the
    open tasks of erased clients. Idempotent: a second run makes nothing."""
    result = SweepResult()
    for task in thank_you_sources(session, store_id, at):
        result.add(THANK_YOU, ensure(session, task, save))
    for task in satisfaction_sources(session, store_id, at):
        result.add(SATISFACTION, ensure(session, task, save))
    booked = select(FollowupTask).where(
        FollowupTask.store_id == store_id,
        FollowupTask.kind == APPOINTMENT,
        FollowupTask.outcome == BOOKED,
        FollowupTask.completed_at >= at - LOOKBACK[REMINDER],
    )
    for appointment in session.scalars(booked).all():
        if client_is_live(session, appointment.customer_id):
            result.add(REMINDER, ensure(session, reminder_task(appointment), save))
    erased = (
        select(FollowupTask)
        .join(Customer, Customer.id == FollowupTask.customer_id)
        .where(
            FollowupTask.store_id == store_id,
            FollowupTask.completed_at.is_(None),
            Customer.erased_at.is_not(None),
        )
    )
    # e.g. made offline before the erasure arrived
    result.stopped += close_open_tasks(session, session.scalars(erased).all(), at, WITHDRAWN, save)
    return result


def thank_you_sources(session: Session, store_id: str, at: dt.datetime) -> list[FollowupTask]:
    """Active contact consents of the store's live clients, recorded here or on the page."""
    query = select(Consent).where(
        Consent.purpose == "followup_contact",
        Consent.withdrawn_at.is_(None),
        Consent.given_at >= at - LOOKBACK[THANK_YOU],
    )
    found = []
    for consent in session.scalars(query).all():
        visit = session.get(Visit, consent.visit_id) if consent.visit_id else None
        customer_id = consent.customer_id or (visit.customer_id if visit else None)
        customer = session.get(Customer, customer_id) if customer_id else None
        if customer is None or customer.erased_at is not None or customer.store_id != store_id:
            continue
        assigned = visit.associate_id if visit else None
        found.append(thank_you_task(consent, store_id, customer_id, assigned))
    return found


def satisfaction_sources(session: Session, store_id: str, at: dt.datetime) -> list[FollowupTask]:
    """Ended visits whose final outcome is "purchased", with a live consenting client."""
    query = select(Visit).where(
        Visit.store_id == store_id,
        Visit.started_at >= at - LOOKBACK[SATISFACTION],
        Visit.ended_at.is_not(None),
        Visit.outcome == "purchased",
        Visit.customer_id.is_not(None),
    )
    found = []
    for visit in session.scalars(query).all():
        assert visit.customer_id is not None
        customer = session.get(Customer, visit.customer_id)
        if customer is None or customer.erased_at is not None:
            continue
        if not session.scalar(select(has_active_consent(CONTACT_PURPOSES, visit.customer_id))):
            continue
        last = session.scalars(
            select(VisitEvent)
            .where(VisitEvent.visit_id == visit.id, VisitEvent.kind == "outcome_recorded")
            .order_by(VisitEvent.seq.desc())
            .limit(1)
        ).first()
        if last is None or last.payload.get("outcome") != "purchased":
            continue
        assigned = _uuid_or(last.payload.get("associate_id"), visit.associate_id)
        found.append(satisfaction_task(visit, last.at, last.payload.get("skus") or [], assigned))
    return found


def _uuid_or(value: Any, default: uuid.UUID | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else default
    except ValueError:
        return default


# -- by hand ----------------------------------------------------------------------------------
def add_task(
    session: Session,
    store_id: str,
    *,
    kind: str = MANUAL,
    customer_id: uuid.UUID | None = None,
    visit_id: uuid.UUID | None = None,
    due_at: dt.datetime,
    assigned_to: uuid.UUID | None = None,
    note: str = "",
    created_by: uuid.UUID | None = None,
    at: dt.datetime | None = None,
    save: Saver = outbox_save,
) -> uuid.UUID:
    """A follow-up added by an associate, for a client or a visit (its client, if any)."""
    now = at or utcnow()
    if kind not in KINDS:
        raise FollowupError(f"unknown follow-up kind {kind!r}; one of {', '.join(KINDS)}")
    if customer_id is None and visit_id is None:
        raise FollowupError("a follow-up is for a client or a visit: give one of them")
    if due_at.tzinfo is None:
        raise FollowupError("the due time needs a time zone")
    if due_at < now - dt.timedelta(minutes=5) or due_at > now + MAX_BOOK_AHEAD:
        raise FollowupError("a follow-up is due from now to a year ahead")
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise FollowupError(f"a note has at most {MAX_NOTE} characters")
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise FollowupError(f"no visit {visit_id} on this kiosk")
        customer_id = customer_id or visit.customer_id
    if not client_is_live(session, customer_id):
        raise FollowupError(
            "this client withdrew consent or was forgotten: no follow-up", "withdrawn"
        )
    details: dict[str, Any] = {"rule": MANUAL}
    if text:
        details["note"] = text
    if created_by is not None:
        details["created_by"] = str(created_by)
    task = FollowupTask(
        id=uuid7(),
        store_id=store_id,
        visit_id=visit_id,
        customer_id=customer_id,
        kind=kind,
        due_at=due_at,
        assigned_to=assigned_to,
        created_at=now,
        details=details,
    )
    save(session, task)
    return task.id


# -- done -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Completed:
    task_id: uuid.UUID
    outcome: str
    reminder_id: uuid.UUID | None = None  # the reminder a booking made


def complete(
    session: Session,
    task_id: uuid.UUID,
    associate_id: uuid.UUID,
    outcome: str,
    at: dt.datetime,
    details: dict[str, Any] | None = None,
    save: Saver = outbox_save,
) -> Completed:
    """Complete a task with one of its kind's outcomes. A booked appointment needs
    ``details={"booked_for": date}`` and makes its reminder. Every refusal raises
    FollowupError before anything is written."""
    task = session.get(FollowupTask, task_id)
    if task is None:
        raise FollowupError(
            f"no follow-up {task_id} on this kiosk (yet): it may still be on its way",
            "unknown",
        )
    if task.completed_at is not None:
        if task.outcome == WITHDRAWN:
            raise FollowupError(
                "this follow-up was stopped: the client withdrew consent", "stopped"
            )
        raise FollowupError(f"this follow-up was already completed ({task.outcome})", "done")
    if not client_is_live(session, task.customer_id):
        raise FollowupError(
            "the client withdrew consent or was forgotten: nothing to complete", "withdrawn"
        )
    allowed = OUTCOMES.get(task.kind, OUTCOMES[MANUAL])
    if outcome not in allowed:
        choices = ", ".join(allowed)
        raise FollowupError(
            f"{outcome!r} is not an outcome of a {task.kind} follow-up; one of {choices}", "outcome"
        )
    extra = dict(details or {})
    unknown = set(extra) - {"booked_for"}
    if unknown:
        raise FollowupError(f"unknown completion detail(s): {', '.join(sorted(unknown))}")
    booked_for = extra.get("booked_for")
    if outcome == BOOKED:
        day = _booking_day(booked_for, at)
        task.details = {**task.details, "booked_for": day.isoformat()}
    elif booked_for is not None:
        raise FollowupError("only a booked appointment has a date")
    task.completed_at, task.completed_by, task.outcome = at, associate_id, outcome
    save(session, task)
    reminder = reminder_task(task)
    made = ensure(session, reminder, save)
    return Completed(task.id, outcome, reminder.id if reminder is not None and made else None)


def _booking_day(value: Any, at: dt.datetime) -> dt.date:
    if value is None:
        raise FollowupError("a booked appointment needs its date", "date")
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise FollowupError(f"{value!r} is not a date (YYYY-MM-DD)", "date") from None
    if not at.date() <= day <= (at + MAX_BOOK_AHEAD).date():
        raise FollowupError("the appointment date is from today to a year ahead", "date")
    return day


# -- withdrawal -------------------------------------------------------------------------------
def stop_for_customer(
    session: Session, customer_id: uuid.UUID, at: dt.datetime, save: Saver = outbox_save
) -> int:
    """Consent withdrawn (or the client forgotten): close every open task of the client at
    once, with outcome "consent_withdrawn", and drop their notes. Returns how many."""
    open_tasks = select(FollowupTask).where(
        FollowupTask.customer_id == customer_id, FollowupTask.completed_at.is_(None)
    )
    return close_open_tasks(session, session.scalars(open_tasks).all(), at, WITHDRAWN, save)


# -- the due list -----------------------------------------------------------------------------
class Group(enum.StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    UPCOMING = "upcoming"


GROUP_ORDER = (Group.OVERDUE, Group.TODAY, Group.UPCOMING)
HORIZON = dt.timedelta(days=30)


@dataclass(frozen=True)
class DueItem:
    id: uuid.UUID
    kind: str
    due_at: dt.datetime
    group: Group
    client_name: str | None  # None: no client, or erased
    customer_id: uuid.UUID | None
    visit_id: uuid.UUID | None
    visit_started_at: dt.datetime | None
    assigned_to: uuid.UUID | None
    assignee_name: str | None
    details: dict[str, Any]
    version: int
    updated_at: dt.datetime


def day_start(now: dt.datetime) -> dt.datetime:
    """Midnight of ``now``'s day in ``now``'s own time zone (the store's clock)."""
    return dt.datetime.combine(now.date(), dt.time(0), tzinfo=now.tzinfo)


def group_of(due_at: dt.datetime, now: dt.datetime) -> Group:
    today = day_start(now)
    if due_at < today:
        return Group.OVERDUE
    if due_at < today + dt.timedelta(days=1):
        return Group.TODAY
    return Group.UPCOMING


def due_list(
    session: Session,
    store_id: str,
    now: dt.datetime,
    associate_id: uuid.UUID | None = None,
    horizon: dt.timedelta = HORIZON,
    only_ids: Iterable[uuid.UUID] | None = None,
) -> list[DueItem]:
    """Open tasks of live clients due before the horizon, overdue first, then today, then
    upcoming, each by due time. With ``associate_id``: "mine", assigned to them or to
    nobody; without: the whole store."""
    owner = aliased(Associate)
    query = (
        select(
            FollowupTask,
            Customer.full_name,
            Customer.erased_at,
            owner.display_name,
            Visit.started_at,
        )
        .outerjoin(Customer, Customer.id == FollowupTask.customer_id)
        .outerjoin(owner, owner.id == FollowupTask.assigned_to)
        .outerjoin(Visit, Visit.id == FollowupTask.visit_id)
        .where(
            FollowupTask.store_id == store_id,
            FollowupTask.completed_at.is_(None),
            FollowupTask.due_at < day_start(now) + horizon,
            live_client(),
        )
        .order_by(FollowupTask.due_at, FollowupTask.id)
    )
    if associate_id is not None:
        query = query.where(
            or_(FollowupTask.assigned_to == associate_id, FollowupTask.assigned_to.is_(None))
        )
    if only_ids is not None:
        query = query.where(FollowupTask.id.in_(list(only_ids)))
    items = []
    for task, name, erased_at, assignee, visit_at in session.execute(query).all():
        items.append(
            DueItem(
                task.id,
                THANK_YOU if task.kind == LEGACY_CONTACT else task.kind,
                task.due_at,
                group_of(task.due_at, now),
                None if erased_at is not None else name,
                task.customer_id,
                task.visit_id,
                visit_at,
                task.assigned_to,
                assignee,
                dict(task.details),
                task.version,
                task.updated_at,
            )
        )
    return items


def pending_ids(session: Session) -> set[uuid.UUID]:
    """Tasks changed on this kiosk whose change has not reached the store yet."""
    query = select(OutboxEntry.row_id).where(OutboxEntry.table_name == FollowupTask.__tablename__)
    return set(session.scalars(query).all())


def merge(
    store: Sequence[DueItem], local: Sequence[DueItem], pending: set[uuid.UUID]
) -> list[DueItem]:
    """The store's list with this kiosk's not-yet-sent changes laid over it: a task done
    here a moment ago is gone, one added here is there."""
    kept = [item for item in store if item.id not in pending]
    merged = kept + [item for item in local if item.id in pending]
    return sorted(merged, key=lambda i: (i.due_at, i.id))


def read_due(
    reader: StoreReader,
    local: Engine,
    store_id: str,
    now: dt.datetime,
    associate_id: uuid.UUID | None = None,
    horizon: dt.timedelta = HORIZON,
) -> Read[list[DueItem]]:
    """The due list store-wide when the store answers (with this kiosk's unsent changes laid
    over it), else this kiosk's own; off the GUI thread."""
    result = reader.read(lambda s: due_list(s, store_id, now, associate_id, horizon))
    if result.scope is not Scope.STORE:
        return result
    with Session(local) as s:
        pending = pending_ids(s)
        mine = due_list(s, store_id, now, associate_id, horizon, pending) if pending else []
    return Read(merge(result.value, mine, pending), Scope.STORE)
