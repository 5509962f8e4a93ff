"""Attaching a visit to a client, with the consent the customer gave on screen.

A visit is attached to a client only with that consent: the client record, one consent row
per purpose (with the wording version and language they read) and the visit's
``customer_id`` are written in one local transaction with their outbox entries. Nothing
personal goes into the visit's events or the logs.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, PURPOSES, WORDING_VERSION
from kiosk.clients.lookup import (
    MIN_PHONE_DIGITS,
    looks_like_email,
    normalise_email,
    normalise_member,
    normalise_phone,
)
from kiosk.clients.phones import phone_forms
from kiosk.clients.profile import ClientError, ClientNotFound
from kiosk.db.models import Consent, Customer, Visit
from kiosk.db.outbox import save
from kiosk.visit.records import append_event, open_visit

MAX_NAME = 200


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
    matches: list[ColumnElement[bool]] = []
    if clean.phone:
        matches.append(Customer.phone.in_(phone_forms(contact.phone)))
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
                store_id=visit.store_id,
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
