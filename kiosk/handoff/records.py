"""What the follow-up page reads and writes in the store database.

The page is the store-side application: it writes customers, consents and follow-up tasks
straight into the store database. Customers and follow-up tasks carry the store's
transaction stamp (a trigger), so every kiosk's next pull brings them down for associates.
Every change bumps the row's version and time, so a kiosk's copy is replaced by it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.associates.rules import appointment_task, thank_you_task
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT, assignee
from kiosk.clients.erasure import (
    WITHDRAWN_OUTCOME,
    clear_case_contact,
    close_open_tasks,
    erase_rows,
    store_touch,
)
from kiosk.clients.lookup import normalise_email, normalise_phone
from kiosk.db.models import (
    Case,
    Consent,
    Customer,
    FollowupLink,
    FollowupTask,
    SelectionItem,
    Visit,
    utcnow,
)
from kiosk.db.versions import new_version

APPOINTMENT_KINDS = ("home_consultation", "installation_visit", "private_viewing")
TIMES_OF_DAY = ("morning", "afternoon", "evening", "any")
PURPOSES = {"contact": "followup_contact", "appointment": "appointment"}


class LinkStatus(enum.StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class LinkView:
    """A resolved link: its visit's language and store, the selection's SKUs in order."""

    status: LinkStatus
    link_id: uuid.UUID | None = None
    visit_id: uuid.UUID | None = None
    store_id: str = ""
    language: str = "en"
    skus: tuple[str, ...] = ()
    consent_id: uuid.UUID | None = None  # an active consent given on this link's page
    consent_purpose: str | None = None
    sent: Mapping[str, int] = field(default_factory=dict)
    """How many contact and appointment forms the page has recorded for this visit: a form
    token is issued for the next one and good for it only (``record_request``)."""
    case: CaseStatus | None = None
    """The visit's service-recovery case, as the customer may see it (None: there is none)."""
    code: str = ""
    """The link's typed code (OK links only): the page shows it under its own QR code, for a
    customer back in the store (``kiosk.visit.returning``)."""


@dataclass(frozen=True)
class CaseStatus:
    """What the page may say of a case: its state in plain words and what the store wrote
    to the customer. Never the internal note, the description or the contact.
    ``consent_id``: the case's contact consent while it is in force (the page offers to
    withdraw it)."""

    state: str  # received | on_it | resolved
    reply: str = ""
    consent_id: uuid.UUID | None = None


def case_status(s: Session, visit_id: uuid.UUID) -> CaseStatus | None:
    """The visit's most recent case, read for the customer's page."""
    case = s.scalars(
        select(Case).where(Case.visit_id == visit_id).order_by(Case.created_at.desc(), Case.id)
    ).first()
    if case is None:
        return None
    if case.resolved_at is not None:
        state = "resolved"
    else:
        state = "on_it" if case.acknowledged_at is not None else "received"
    consent = s.get(Consent, case.contact_consent_id) if case.contact_consent_id else None
    active = consent.id if consent is not None and consent.withdrawn_at is None else None
    reply = (case.customer_reply or "") if state == "resolved" else ""
    return CaseStatus(state, reply, active)


class AlreadySent(Exception):
    """The form was issued before a submission of its kind that has been recorded since:
    a replay, a double tap, or an old tab. Nothing was written."""


class LinkClosed(Exception):
    """The link was revoked or expired between reading the page and sending the form."""


@dataclass(frozen=True)
class Contact:
    name: str
    email: str | None
    phone: str | None


def resolve(s: Session, token: str, at: dt.datetime, mark_opened: bool = True) -> LinkView:
    """The link's state; a usable link is marked first-opened (once) in the same call."""
    row = s.scalars(select(FollowupLink).where(FollowupLink.token == token)).first()
    if row is None:
        return LinkView(LinkStatus.UNKNOWN)
    visit = s.get(Visit, row.visit_id)
    if visit is None:  # pragma: no cover - the foreign key forbids it
        return LinkView(LinkStatus.UNKNOWN)
    if row.revoked_at is not None:
        return LinkView(LinkStatus.REVOKED, row.id, visit.id, visit.store_id, visit.language)
    if row.expires_at <= at:
        return LinkView(LinkStatus.EXPIRED, row.id, visit.id, visit.store_id, visit.language)
    if mark_opened and row.first_opened_at is None:
        row.first_opened_at = at
        new_version(row, at)
    skus = s.scalars(
        select(SelectionItem.sku)
        .where(SelectionItem.visit_id == visit.id, SelectionItem.removed_at.is_(None))
        .order_by(SelectionItem.added_at, SelectionItem.id)
    ).all()
    consent = active_consent(s, visit.id)
    return LinkView(
        LinkStatus.OK,
        row.id,
        visit.id,
        visit.store_id,
        visit.language,
        tuple(skus),
        consent.id if consent else None,
        consent.purpose if consent else None,
        {kind: requests_sent(s, visit.id, kind) for kind in PURPOSES},
        case_status(s, visit.id),
        row.fallback_code,
    )


def requests_sent(s: Session, visit_id: uuid.UUID, kind: str) -> int:
    """Forms of ``kind`` recorded from the page for this visit. Consents are never deleted
    (withdrawn ones stay as proof), so the count only grows."""
    return (
        s.scalar(
            select(func.count())
            .select_from(Consent)
            .where(
                Consent.visit_id == visit_id,
                Consent.given_via == "page",
                Consent.purpose == PURPOSES[kind],
            )
        )
        or 0
    )


def token_for_code(s: Session, code: str) -> str | None:
    return s.scalar(select(FollowupLink.token).where(FollowupLink.fallback_code == code))


def active_consent(s: Session, visit_id: uuid.UUID) -> Consent | None:
    return s.scalars(
        select(Consent)
        .where(
            Consent.visit_id == visit_id,
            Consent.given_via == "page",
            Consent.withdrawn_at.is_(None),
        )
        .order_by(Consent.given_at.desc())
    ).first()


def record_request(
    s: Session,
    view: LinkView,
    kind: str,
    contact: Contact,
    wording_version: str,
    language: str,
    details: dict[str, Any],
    at: dt.datetime,
    due: dt.datetime | None = None,
    sequence: int = 0,
    away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> Consent:
    """Consent first, then the client's details, then the associate's task: one transaction.

    ``sequence`` is the count of forms of this kind the form's token was issued after
    (``LinkView.sent``); once another has been recorded the form is spent: AlreadySent, and
    nothing is written. The visit's row is locked first, so two submissions of one form
    cannot both pass the count. A request never rewrites a client record: the same details
    as the page's last request join that client, other details make a client of their own.

    The task goes to the visit's client's advisor first (that client, not the form's own
    record: the advisor knows them), then the visit's associate when available
    (``away_limit``: ``advisor_away_hours``), else the store (``kiosk.clients.advisor.assignee``).
    """
    assert view.visit_id is not None
    s.execute(select(Visit.id).where(Visit.id == view.visit_id).with_for_update())
    link = s.get(FollowupLink, view.link_id) if view.link_id is not None else None
    if link is not None and (link.revoked_at is not None or link.expires_at <= at):
        raise LinkClosed()
    if requests_sent(s, view.visit_id, kind) != sequence:
        raise AlreadySent()
    # stored normalised, so associates find the client however the number was typed
    email = normalise_email(contact.email) if contact.email else None
    phone = normalise_phone(contact.phone) if contact.phone else None
    previous = active_consent(s, view.visit_id)
    customer = s.get(Customer, previous.customer_id) if previous and previous.customer_id else None
    if customer is None or (customer.full_name, customer.email, customer.phone) != (
        contact.name,
        email,
        phone,
    ):
        customer = Customer(
            store_id=view.store_id,
            created_at=at,
            preferences={},
            full_name=contact.name,
            email=email,
            phone=phone,
        )
        s.add(customer)
    s.flush()
    consent = Consent(
        customer_id=customer.id,
        visit_id=view.visit_id,
        purpose=PURPOSES[kind],
        wording_version=wording_version,
        language=language,
        given_via="page",
        given_at=at,
    )
    s.add(consent)
    s.flush()  # the task's rule reads the consent's id
    # The same rules the kiosks run (kiosk.associates.rules): the task's id comes from the consent,
    # so a sweep of the store database never makes it twice.
    visit = s.get(Visit, view.visit_id)
    served_by = visit.associate_id if visit else None
    routed_by = (visit.customer_id if visit else None) or customer.id
    assigned = assignee(s, routed_by, served_by, at, away_limit)
    extra = {"requested_via": "page", "language": language, **details}
    if kind == "appointment":
        task = appointment_task(consent, view.store_id, customer.id, assigned, due, extra)
    else:
        task = thank_you_task(consent, view.store_id, customer.id, assigned, extra)
    s.add(task)
    s.flush()
    return consent


def withdraw(s: Session, consent_id: uuid.UUID, at: dt.datetime) -> bool:
    """Withdraw a consent, and with it every consent of that client: their open follow-ups
    stop at once (``consent_withdrawn``) and, no consent being left, the client is forgotten
    (``kiosk.clients.erasure``: contact details, notes, the tasks' free text). False if there was no
    such consent (nothing changes)."""
    consent = s.get(Consent, consent_id)
    if consent is None:
        return False
    if consent.withdrawn_at is not None:
        return True
    customer_id = consent.customer_id
    others = (
        select(Consent)
        .where(Consent.customer_id == customer_id, Consent.withdrawn_at.is_(None))
        .with_for_update()
    )
    for row in s.scalars(others).all() if customer_id else [consent]:
        row.withdrawn_at = at
        new_version(row, at)
    # a case's contact consent: the store may no longer call about it (its contact goes)
    for case in s.scalars(select(Case).where(Case.contact_consent_id == consent_id)).all():
        clear_case_contact(s, case, at, store_touch(at))
    customer = s.get(Customer, customer_id) if customer_id is not None else None
    if customer is not None:
        # every follow-up stops at once; with no consent left the client is forgotten
        # (contact details first), the same erasure as `kiosk customers forget`
        bump = store_touch(at)
        tasks = select(FollowupTask).where(
            FollowupTask.customer_id == customer.id, FollowupTask.completed_at.is_(None)
        )
        close_open_tasks(s, s.scalars(tasks).all(), at, WITHDRAWN_OUTCOME, bump)
        erase_rows(s, customer.store_id, customer.id, at, bump)
    return True


def now() -> dt.datetime:
    return utcnow()
