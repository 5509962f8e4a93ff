"""Known clients for associates: finding one, and their profile.

Reads take a session on whichever database answers (the store's, or this kiosk's when the
store is unreachable: see ``kiosk.db.reads``) and work the same on PostgreSQL and SQLite.
Attaching a visit to a client, with consent, is ``kiosk.clients.attach``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clients.consent import has_active_consent
from kiosk.clients.key_dates import KeyDateView, key_dates_of
from kiosk.clients.lookup import find_query, parse_key
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
from kiosk.db.reads import Read
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.station.runtime import Runtime

MAX_SEARCH_RESULTS = 20


class ClientError(KioskError):
    """A client or consent that cannot be recorded as given; nothing was written.

    ``code`` names the reason for the screen, which says it in the customer's language."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


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


def find_clients(runtime: Runtime, typed: str) -> Read[list[ClientSummary]]:
    """The associate's search (``search``), store-wide when the store database answers, else
    this kiosk's clients (the result's scope says which). Run it off the GUI thread."""
    store_id = runtime.config.store_id
    return runtime.reader.read(lambda s: search(s, store_id, typed))


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
    advisor_id: uuid.UUID | None = None  # the client's one advisor (kiosk.clients.book)
    advisor_name: str | None = None
    key_dates: tuple[KeyDateView, ...] = ()  # shared with the key dates consent, next first


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
        advisor_id=customer.advisor_id,
        advisor_name=_name_of(session, customer.advisor_id),
        key_dates=tuple(key_dates_of(session, customer_id)),
    )


def _name_of(session: Session, associate_id: uuid.UUID | None) -> str | None:
    if associate_id is None:
        return None
    return session.scalar(select(Associate.display_name).where(Associate.id == associate_id))


def load_profile(runtime: Runtime, customer_id: uuid.UUID) -> Read[ClientProfile]:
    """A client's profile (``profile``), with every kiosk's visits when the store database
    answers, else this kiosk's. ``ClientNotFound`` for an unknown or erased client, or one
    without an active consent. Run it off the GUI thread."""
    store_id = runtime.config.store_id
    return runtime.reader.read(lambda s: profile(s, store_id, customer_id))


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
