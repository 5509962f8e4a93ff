"""Known clients for associates: finding one, their profile, and attaching a visit with consent.

Reads take a session on whichever database answers (the store's, or this kiosk's when the
store is unreachable: see ``kiosk.db.reads``) and work the same on PostgreSQL and SQLite. A
visit is attached to a client only with the consent the customer gave on screen: the client
record, one consent row per purpose (with the wording version and language they read) and
the visit's ``customer_id`` are written in one local transaction with their outbox entries.
Nothing personal goes into the visit's events or the logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, has_active_consent
from kiosk.clients.lookup import (
    MIN_PHONE_DIGITS,
    find_query,
    looks_like_email,
    normalise_email,
    normalise_member,
    normalise_phone,
    parse_key,
)
from kiosk.clients.masking import masked_contact
from kiosk.db.models import (
    Associate,
    Consent,
    Customer,
    FollowupTask,
    NeedsAnswer,
    SelectionItem,
    Visit,
    VisitNote,
)
from kiosk.db.outbox import save
from kiosk.errors import KioskError
from kiosk.station.paths import assets_dir
from kiosk.visit.records import append_event, open_visit

FOLLOWUP_CONTACT = "followup_contact"
PURPOSES = (CLIENTELING, FOLLOWUP_CONTACT)

WORDING_VERSION = "clienteling-2026-11"
"""The version of the consent wording the customer reads (recorded with every consent)."""
WORDING_DIGEST = "42c1a75e01c96369"
"""The digest of that wording in every language (``wording_digest()``). A test fails when the
wording changes and this does not: change the text, bump the version, record the digest."""
WORDING_KEYS = (
    "clients.consent.wording",
    "clients.consent.contact_purpose",
)
"""The strings that make up the consent the customer agrees to (assets/i18n/clients.json)."""

MAX_NAME = 200
MAX_SEARCH_RESULTS = 20


class ClientError(KioskError):
    """A client or consent that cannot be recorded as given; nothing was written.

    ``code`` names the reason for the screen, which says it in the customer's language."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def wording_digest() -> str:
    """A digest of the consent wording in every language, as the kiosk shows it."""
    table = json.loads((assets_dir() / "i18n" / "clients.json").read_text(encoding="utf-8"))
    doc = json.dumps({k: table[k] for k in WORDING_KEYS}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()[:16]


# -- finding a client ------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientSummary:
    """One line of the search results: enough to recognise the client, contact masked."""

    id: uuid.UUID
    name: str
    masked_contact: str
    member_number: str | None
    last_visit: dt.datetime | None
    visit_count: int


def search(session: Session, store_id: str, typed: str) -> list[ClientSummary]:
    """Consented clients of the store matching what the associate typed (a phone number, an
    email or a member number, however written). Raises ClientLookupError for nonsense."""
    key = parse_key(typed)
    customers = session.scalars(find_query(store_id, key).limit(MAX_SEARCH_RESULTS)).all()
    if not customers:
        return []
    stats = dict(
        (cid, (n, last))
        for cid, n, last in session.execute(
            select(Visit.customer_id, func.count(Visit.id), func.max(Visit.started_at))
            .where(Visit.customer_id.in_([c.id for c in customers]))
            .group_by(Visit.customer_id)
        ).all()
    )
    return [
        ClientSummary(
            c.id,
            c.full_name or "",
            masked_contact(c),
            c.member_number,
            _aware(stats.get(c.id, (0, None))[1]),
            stats.get(c.id, (0, None))[0],
        )
        for c in customers
    ]


# -- the profile -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerCount:
    value: str  # the questionnaire's option id
    count: int
    last: dt.datetime


@dataclass(frozen=True)
class PastVisit:
    id: uuid.UUID
    started_at: dt.datetime
    kiosk_id: str
    associate: str | None  # display name
    outcome: str | None
    skus: tuple[str, ...]  # selected and not removed, in the order chosen
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ConsentView:
    purpose: str
    wording_version: str
    language: str
    given_at: dt.datetime
    given_via: str
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True)
class ClientProfile:
    id: uuid.UUID
    name: str
    phone: str | None
    email: str | None
    member_number: str | None
    since: dt.datetime
    preferences: dict[str, Any]  # the client record's own preferences
    answers: dict[str, tuple[AnswerCount, ...]]  # question id -> answers, most recent first
    visits: tuple[PastVisit, ...]  # most recent first
    consents: tuple[ConsentView, ...]  # most recent first
    open_tasks: int
    record: dict[str, Any] = field(default_factory=dict, repr=False)
    """The client row as read, column by column: a kiosk that has not pulled it yet keeps
    this copy when the visit is attached (see ``attach_existing``)."""


class ClientNotFound(ClientError):
    def __init__(self) -> None:
        super().__init__("this client is not known here, or has no active consent", "not_found")


def profile(session: Session, store_id: str, customer_id: uuid.UUID) -> ClientProfile:
    """Everything the store knows about a consented client, from the database read."""
    customer = session.scalars(
        select(Customer).where(
            Customer.id == customer_id,
            Customer.store_id == store_id,
            Customer.erased_at.is_(None),
            has_active_consent(),
        )
    ).first()
    if customer is None:
        raise ClientNotFound()
    visits = session.execute(
        select(Visit, Associate.display_name)
        .outerjoin(Associate, Associate.id == Visit.associate_id)
        .where(Visit.customer_id == customer_id)
        .order_by(Visit.started_at.desc(), Visit.id.desc())
    ).all()
    ids = [v.id for v, _ in visits]
    skus: dict[uuid.UUID, list[str]] = defaultdict(list)
    for visit_id, sku in session.execute(
        select(SelectionItem.visit_id, SelectionItem.sku)
        .where(SelectionItem.visit_id.in_(ids), SelectionItem.removed_at.is_(None))
        .order_by(SelectionItem.added_at, SelectionItem.id)
    ).all():
        skus[visit_id].append(sku)
    notes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for visit_id, text in session.execute(
        select(VisitNote.visit_id, VisitNote.text)
        .where(VisitNote.visit_id.in_(ids), VisitNote.erased_at.is_(None))
        .order_by(VisitNote.created_at, VisitNote.id)
    ).all():
        if text:
            notes[visit_id].append(text)
    answers = session.execute(
        select(NeedsAnswer.question_id, NeedsAnswer.answer, NeedsAnswer.answered_at).where(
            NeedsAnswer.visit_id.in_(ids), NeedsAnswer.skipped.is_(False)
        )
    ).all()
    consents = session.scalars(
        select(Consent)
        .where(Consent.customer_id == customer_id)
        .order_by(Consent.given_at.desc(), Consent.id)
    ).all()
    open_tasks = session.scalar(
        select(func.count(FollowupTask.id)).where(
            FollowupTask.customer_id == customer_id, FollowupTask.completed_at.is_(None)
        )
    )
    return ClientProfile(
        id=customer.id,
        name=customer.full_name or "",
        phone=customer.phone,
        email=customer.email,
        member_number=customer.member_number,
        since=customer.created_at,
        preferences=dict(customer.preferences or {}),
        answers=aggregate_answers((q, list(a or []), _at(t)) for q, a, t in answers),
        visits=tuple(
            PastVisit(
                v.id,
                _at(v.started_at),
                v.kiosk_id,
                who,
                v.outcome,
                tuple(skus[v.id]),
                tuple(notes[v.id]),
            )
            for v, who in visits
        ),
        consents=tuple(
            ConsentView(
                c.purpose,
                c.wording_version,
                c.language,
                _at(c.given_at),
                c.given_via,
                _aware(c.withdrawn_at),
            )
            for c in consents
        ),
        open_tasks=int(open_tasks or 0),
        record={c.key: getattr(customer, c.key) for c in Customer.__mapper__.column_attrs},
    )


def aggregate_answers(
    rows: Iterable[tuple[str, Sequence[str], dt.datetime]],
) -> dict[str, tuple[AnswerCount, ...]]:
    """Per question, each answer the client gave with how many visits gave it; the most
    recently given first. Questions are ordered by their most recent answer too."""
    seen: dict[str, dict[str, tuple[int, dt.datetime]]] = defaultdict(dict)
    for question, values, at in rows:
        for value in values:
            count, last = seen[question].get(value, (0, at))
            seen[question][value] = (count + 1, max(last, at))
    result = {
        q: tuple(
            AnswerCount(v, n, last)
            for v, (n, last) in sorted(
                by_value.items(), key=lambda i: (-i[1][1].timestamp(), -i[1][0], i[0])
            )
        )
        for q, by_value in seen.items()
    }
    return dict(sorted(result.items(), key=lambda i: -i[1][0].last.timestamp()))


def _at(value: dt.datetime) -> dt.datetime:
    """SQLite hands back UTC times; the model already makes them aware (kept for clarity)."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _at(value)


# -- attaching a visit, with consent ---------------------------------------------------------


@dataclass(frozen=True, repr=False)
class NewClient:
    """What the customer typed on the consent screen (never shown in a log or traceback)."""

    name: str
    phone: str = ""
    email: str = ""
    member_number: str = ""

    def __repr__(self) -> str:
        return "NewClient(…)"


@dataclass(frozen=True, repr=False)
class CleanClient:
    name: str
    phone: str | None
    email: str | None
    member_number: str | None

    def __repr__(self) -> str:
        return "CleanClient(…)"


def check_new_client(typed: NewClient) -> CleanClient:
    """The details made ready to store, or ClientError with the first thing to fix. Pure: a
    screen may call it on the GUI thread to answer at once."""
    name = re.sub(r"\s+", " ", typed.name).strip()
    if not name:
        raise ClientError("a name is needed", "name_required")
    if len(name) > MAX_NAME:
        raise ClientError(f"a name has at most {MAX_NAME} characters", "name_long")
    phone_raw, email_raw = typed.phone.strip(), typed.email.strip()
    if not phone_raw and not email_raw:
        raise ClientError("a phone number or an email is needed", "contact_required")
    email = normalise_email(email_raw) if email_raw else None
    if email is not None and (len(email) > 254 or not looks_like_email(email)):
        raise ClientError("that email is not complete (name@example.com)", "email")
    phone = None
    if phone_raw:
        if not re.fullmatch(r"[+\d\s\-./()]+", phone_raw):
            raise ClientError("a phone number has digits only", "phone")
        phone = normalise_phone(phone_raw)
        if len(phone.lstrip("+")) < MIN_PHONE_DIGITS or len(phone) > 20:
            raise ClientError(f"a phone number has at least {MIN_PHONE_DIGITS} digits", "phone")
    member = normalise_member(typed.member_number) if typed.member_number.strip() else None
    if member is not None and not re.fullmatch(r"[A-Z0-9\-]{4,40}", member):
        raise ClientError("a member number has letters and digits only, 4 or more", "member")
    return CleanClient(name, phone, email, member)


def _check_purposes(purposes: Sequence[str], wording_version: str, language: str) -> list[str]:
    chosen = [p for p in PURPOSES if p in purposes]
    unknown = set(purposes) - set(PURPOSES)
    if unknown or CLIENTELING not in chosen:
        raise ClientError("a client profile needs the clienteling consent", "purpose")
    if not wording_version or not language:
        raise ClientError("a consent records its wording version and language", "wording")
    return chosen


def enrol(
    session: Session,
    store_id: str,
    visit_id: uuid.UUID,
    contact: NewClient,
    member_number: str | None,
    purposes: Sequence[str],
    wording_version: str,
    language: str,
    at: dt.datetime,
) -> uuid.UUID:
    """A new client, with their consents, and this visit attached to them (one transaction
    in ``session``; the caller commits). Returns the new client's id."""
    if member_number is not None:
        contact = NewClient(contact.name, contact.phone, contact.email, member_number)
    clean = check_new_client(contact)
    chosen = _check_purposes(purposes, wording_version, language)
    visit = _attachable_visit(session, visit_id, None)
    matches = []
    if clean.phone:
        matches.append(Customer.phone == clean.phone)
    if clean.email:
        matches.append(Customer.email == clean.email)
    if clean.member_number:
        matches.append(func.upper(Customer.member_number) == clean.member_number)
    known = session.scalar(
        select(Customer.id).where(
            Customer.store_id == store_id, Customer.erased_at.is_(None), or_(*matches)
        )
    )
    if known is not None:
        raise ClientError("a client with these details is already known", "already_known")
    customer = Customer(
        store_id=store_id,
        full_name=clean.name,
        phone=clean.phone,
        email=clean.email,
        member_number=clean.member_number,
        preferences={},
        created_at=at,
    )
    save(session, customer)
    _consent_and_attach(session, visit, customer.id, chosen, wording_version, language, at, True)
    return customer.id


def attach_existing(
    session: Session,
    store_id: str,
    visit_id: uuid.UUID,
    customer_id: uuid.UUID,
    purposes: Sequence[str],
    wording_version: str,
    language: str,
    at: dt.datetime,
    record: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Attach this visit to a known client who agreed again on screen (one transaction in
    ``session``). ``record`` is the client row as the store database had it: a kiosk that
    has not pulled the client yet keeps that copy, as its next pull would have."""
    chosen = _check_purposes(purposes, wording_version, language)
    visit = _attachable_visit(session, visit_id, customer_id)
    customer = session.get(Customer, customer_id)
    if customer is None and record is not None and record.get("id") == customer_id:
        customer = Customer(**{k: v for k, v in record.items()})
        session.add(customer)  # a pulled copy: at the store's version, no outbox entry
        session.flush()
    if customer is None or customer.store_id != store_id or customer.erased_at is not None:
        raise ClientNotFound()
    _consent_and_attach(session, visit, customer.id, chosen, wording_version, language, at, False)
    return customer.id


def _attachable_visit(
    session: Session, visit_id: uuid.UUID, customer_id: uuid.UUID | None
) -> Visit:
    visit = open_visit(session, visit_id)
    if visit.customer_id is not None and visit.customer_id != customer_id:
        raise ClientError("this visit is already attached to another client", "visit_taken")
    return visit


def _consent_and_attach(
    session: Session,
    visit: Visit,
    customer_id: uuid.UUID,
    purposes: Sequence[str],
    wording_version: str,
    language: str,
    at: dt.datetime,
    new: bool,
) -> None:
    for purpose in purposes:
        save(
            session,
            Consent(
                customer_id=customer_id,
                visit_id=visit.id,
                purpose=purpose,
                wording_version=wording_version,
                language=language,
                given_via="kiosk",
                given_at=at,
            ),
        )
    visit.customer_id = customer_id
    # No name, contact or client id here: events feed statistics, which outlive an erasure.
    append_event(
        session,
        visit,
        "client_attached",
        {"new_client": new, "purposes": list(purposes), "wording_version": wording_version},
        at,
    )


@dataclass(frozen=True, repr=False)
class Attachment:
    """What the customer agreed to on the consent screen, ready to be written: a new client
    (``new``) or a known one (``customer_id``)."""

    purposes: tuple[str, ...]
    language: str
    wording_version: str = WORDING_VERSION
    customer_id: uuid.UUID | None = None
    new: NewClient | None = None
    record: dict[str, Any] | None = field(default=None, repr=False)

    def write(
        self, session: Session, store_id: str, visit_id: uuid.UUID, at: dt.datetime
    ) -> uuid.UUID:
        if self.customer_id is not None:
            return attach_existing(
                session,
                store_id,
                visit_id,
                self.customer_id,
                self.purposes,
                self.wording_version,
                self.language,
                at,
                self.record,
            )
        if self.new is None:
            raise ClientError("nothing to attach", "nothing")
        return enrol(
            session,
            store_id,
            visit_id,
            self.new,
            None,
            self.purposes,
            self.wording_version,
            self.language,
            at,
        )

    def __repr__(self) -> str:  # never a name or a number in a log line or a traceback
        kind = "existing" if self.customer_id else "new"
        return f"Attachment({kind}, purposes={self.purposes}, language={self.language})"
