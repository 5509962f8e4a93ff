"""The rules that make follow-up tasks for associates, and the sweep that runs them.

Kinds (``FollowupTask.kind``), as the dashboard counts them:

- ``thank_you`` - due 2 days after an active ``followup_contact`` consent was given, on the
  page or on a kiosk. (Older rows may say ``contact``: the same thing.)
- ``appointment`` - the page's appointment request: the associate arranges it.
- ``appointment_reminder`` - made when an ``appointment`` task is completed ``booked`` with a
  date: due at 09:00 store-local time (``store_timezone``) the day before that date (never
  before the booking itself).
- ``satisfaction`` - due 90 days after a visit's final outcome ``purchased``, only for a
  visit with a client (``customer_id``) who holds an active contact or clienteling consent.
- ``manual`` - added by an associate.
- ``case_callback`` and ``case_check`` - a service-recovery case's call-back (within the
  store's response target) and its check a week after resolution: ``kiosk.recovery.rules``.
- ``key_date``, ``lapsed``, ``purchase_anniversary`` and ``new_arrival`` - outreach to
  clients with a clienteling consent: ``kiosk.outreach.rules``.
- ``delivery_confirm``, ``installation_check`` and ``referral_thanks`` - after the sale: the
  day before a booked delivery, the day after an installation, a friend's invitation
  redeemed: ``kiosk.aftersale.rules``. Completing ``satisfaction`` may record the 90-day
  score (``kiosk.associates.tasks.complete``).

Rule-made tasks have a deterministic id (uuid5 of the rule and its source row), so a rule run
twice, on two kiosks, or on a kiosk and the page, makes one task. Created rows also take
their ``created_at`` from the source, so two makers produce the same row. Kiosks write
through the outbox (``kiosk.db.outbox.save``); the store side (page, ``--store`` sweep)
writes straight into the store database with ``kiosk.db.versions.store_save``.

Every rule task for a client goes to the client's advisor first (``kiosk.clients.advisor``,
``assignee``): the associate a rule names (the visit's, the seller, the case's owner, who
booked the appointment) is the second choice, when available; else the whole store (None).
Decided once, when the task is made, by whoever makes it first (``ensure_routed``); a sweep
then hands the open tasks of an advisor who became disabled or went away for longer than
``advisor_away_hours`` to the store (``release_to_store``), where they stay.

A client who was erased, or whose every consent was withdrawn, is not live: no rule makes a
task for them (``client_is_live``, ``live_client``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, exists, not_, or_, select
from sqlalchemy.orm import Session

from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT, assignee, ensure_routed, release_to_store
from kiosk.clients.consent import has_active_consent
from kiosk.clients.erasure import WITHDRAWN_OUTCOME, close_open_tasks
from kiosk.db.models import Consent, Customer, FollowupTask, Synced, Visit, VisitEvent
from kiosk.db.outbox import save as outbox_save
from kiosk.station.place import at_local, local_day

if TYPE_CHECKING:  # the outreach rules import this module
    from kiosk.content.model import ContentPack
    from kiosk.outreach.rules import OutreachSettings

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "maison-kiosk/followup-tasks")

THANK_YOU, APPOINTMENT, REMINDER = "thank_you", "appointment", "appointment_reminder"
SATISFACTION, MANUAL, LEGACY_CONTACT = "satisfaction", "manual", "contact"
KINDS = (THANK_YOU, APPOINTMENT, REMINDER, SATISFACTION, MANUAL)
CASE_CALLBACK, CASE_CHECK = "case_callback", "case_check"  # made by kiosk.recovery.rules
WITHDRAWN = WITHDRAWN_OUTCOME

THANK_YOU_AFTER = dt.timedelta(days=2)
APPOINTMENT_AFTER = dt.timedelta(days=2)
SATISFACTION_AFTER = dt.timedelta(days=90)
REMINDER_TIME = dt.time(9)
"""When a reminder falls due on the store's clocks (``store_timezone``), the day before."""
CONTACT_PURPOSES = ("followup_contact", "clienteling")
"""Consents that let an associate call a client back (a satisfaction check needs one)."""

LOOKBACK = {
    THANK_YOU: dt.timedelta(days=14),
    SATISFACTION: dt.timedelta(days=90),
    REMINDER: dt.timedelta(days=30),
}
"""How far back a sweep looks for sources: a kiosk switched off for weeks does not resurrect
long-gone thank-yous, and the queries stay on indexed, recent rows."""

BOOKED = "booked"
"""The appointment outcome that books a date (its reminder is due the day before)."""

Saver = Callable[[Session, Synced], None]


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


def reminder_task(appointment: FollowupTask, zone: dt.tzinfo = dt.UTC) -> FollowupTask | None:
    """The reminder of a booked appointment, due at 09:00 the day before in the store's
    ``zone``; None when the task is not a booking or the appointment is on the store-local
    day it was booked (nothing to remind). ``zone`` defaults to UTC, as before stores had one."""
    booked = appointment.details.get("booked_for")
    done_at = appointment.completed_at
    if appointment.outcome != BOOKED or not booked or done_at is None:
        return None
    day = dt.date.fromisoformat(str(booked))
    if day <= local_day(done_at, zone):
        return None
    due = max(at_local(day - dt.timedelta(days=1), REMINDER_TIME, zone), done_at)
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
    released: int = 0  # open tasks of an advisor no longer available, handed to the store
    closed: int = 0  # delivery confirmations whose booking went (outcome ``cancelled``)

    @property
    def total(self) -> int:
        return sum(self.created.values())

    def add(self, kind: str, made: bool) -> None:
        if made:
            self.created[kind] = self.created.get(kind, 0) + 1


def sweep(
    session: Session,
    store_id: str,
    at: dt.datetime,
    save: Saver = outbox_save,
    case_response: dt.timedelta | None = None,
    zone: dt.tzinfo | None = None,
    outreach: OutreachSettings | None = None,
    pack: ContentPack | None = None,
    store_wide: bool = False,
) -> SweepResult:
    """Make every missing rule task of the store from what this database holds (a kiosk's
    own consents and visits, the tasks it pulled; or the whole store database), and stop the
    open tasks of erased clients. Idempotent: a second run makes nothing. ``case_response``
    is the store's response target a case's call-back is due within (kiosk.recovery.rules);
    ``zone`` the store's (``kiosk.station.place.store_zone``): reminders and after-sale tasks
    fall due at its 09:00 (None: reminders at 09:00 UTC, after-sale the machine's zone).
    Outreach (``kiosk.outreach.rules.sweep_outreach``) with the store's ``outreach``
    settings (None: their defaults); lapsed clients and, with the ``pack``, new arrivals
    only ``store_wide``. Every task is routed to its client's advisor first (its
    ``advisor_away_hours``), and open tasks of an advisor no longer available go to the
    store first (``release_to_store``, counted in ``released``)."""
    from kiosk.aftersale.rules import after_sale_sweep
    from kiosk.outreach.rules import sweep_outreach
    from kiosk.recovery.rules import DEFAULT_RESPONSE, case_sources, ensure_case_tasks

    result = SweepResult()
    away = DEFAULT_AWAY_LIMIT
    if outreach is not None:
        away = dt.timedelta(hours=outreach.advisor_away_hours)
    result.released = release_to_store(session, store_id, at, away, save)
    for case in case_sources(session, store_id, at):
        response = case_response or DEFAULT_RESPONSE
        made = ensure_case_tasks(session, case, response, save, at, away)
        for kind, new in made.items():
            result.add(kind, new)
    after_sale, result.closed = after_sale_sweep(session, store_id, at, save, zone, away)
    for kind, n in after_sale.items():
        result.created[kind] = result.created.get(kind, 0) + n
    for task in thank_you_sources(session, store_id, at, away):
        result.add(THANK_YOU, ensure(session, task, save))
    for task in satisfaction_sources(session, store_id, at, away):
        result.add(SATISFACTION, ensure(session, task, save))
    booked = select(FollowupTask).where(
        FollowupTask.store_id == store_id,
        FollowupTask.kind == APPOINTMENT,
        FollowupTask.outcome == BOOKED,
        FollowupTask.completed_at >= at - LOOKBACK[REMINDER],
    )
    for appointment in session.scalars(booked).all():
        if client_is_live(session, appointment.customer_id):
            reminder = reminder_task(appointment, zone or dt.UTC)
            result.add(REMINDER, ensure_routed(session, reminder, at, away, save))
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
    outreach_zone = zone or dt.UTC
    sweep_outreach(session, store_id, at, outreach_zone, outreach, pack, save, store_wide, result)
    return result


def thank_you_sources(
    session: Session, store_id: str, at: dt.datetime, away: dt.timedelta = DEFAULT_AWAY_LIMIT
) -> list[FollowupTask]:
    """The missing thank-yous of active contact consents of the store's live clients,
    recorded here or on the page; routed (at ``at``) by the visit's client when it has one,
    as the page routes its form."""
    query = select(Consent).where(
        Consent.purpose == "followup_contact",
        Consent.withdrawn_at.is_(None),
        Consent.given_at >= at - LOOKBACK[THANK_YOU],
    )
    found = []
    for consent in session.scalars(query).all():
        if session.get(FollowupTask, rule_id(THANK_YOU, consent.id)) is not None:
            continue  # made: it keeps its assignee, no routing to look up
        visit = session.get(Visit, consent.visit_id) if consent.visit_id else None
        customer_id = consent.customer_id or (visit.customer_id if visit else None)
        customer = session.get(Customer, customer_id) if customer_id else None
        if customer is None or customer.erased_at is not None or customer.store_id != store_id:
            continue
        served_by = visit.associate_id if visit else None
        routed_by = (visit.customer_id if visit else None) or customer_id
        assigned = assignee(session, routed_by, served_by, at, away)
        found.append(thank_you_task(consent, store_id, customer_id, assigned))
    return found


def satisfaction_sources(
    session: Session, store_id: str, at: dt.datetime, away: dt.timedelta = DEFAULT_AWAY_LIMIT
) -> list[FollowupTask]:
    """The missing checks of ended visits whose final outcome is "purchased", with a live
    consenting client; routed at ``at`` (the seller second)."""
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
        if session.get(FollowupTask, rule_id(SATISFACTION, visit.id)) is not None:
            continue  # made: it keeps its assignee
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
        seller = _uuid_or(last.payload.get("associate_id"), visit.associate_id)
        assigned = assignee(session, visit.customer_id, seller, at, away)
        found.append(satisfaction_task(visit, last.at, last.payload.get("skus") or [], assigned))
    return found


def _uuid_or(value: Any, default: uuid.UUID | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else default
    except ValueError:
        return default
