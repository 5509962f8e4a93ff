"""A kiosk database with associates and consented clients, for the client book's tests:
written through the outbox as a kiosk writes them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, KEY_DATES
from kiosk.clients.key_dates import give_key_dates_consent
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Associate, Consent, Customer, FollowupTask, OutboxEntry, Visit
from kiosk.db.outbox import save

STORE = "store-7"
T0 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def person(
    engine: Engine,
    name: str,
    role: str = "associate",
    store: str = STORE,
    disabled: bool = False,
    away_until: dt.datetime | None = None,
) -> uuid.UUID:
    """An associate (written directly: the PIN plays no part here)."""
    with Session(engine) as s, s.begin():
        row = Associate(
            store_id=store,
            display_name=name,
            role=role,
            pin_hash="x",
            disabled_at=T0 if disabled else None,
            away_until=away_until,
        )
        save(s, row)
        return row.id


def client(
    engine: Engine,
    name: str = "Camille Durand",
    phone: str | None = "+33612345678",
    email: str | None = None,
    member: str | None = None,
    purposes: Sequence[str] = (CLIENTELING,),
    advisor: uuid.UUID | None = None,
    at: dt.datetime = T0,
) -> uuid.UUID:
    """A client with consents for ``purposes`` (key dates through the associate's path)."""
    with Session(engine) as s, s.begin():
        row = Customer(
            store_id=STORE,
            full_name=name,
            phone=phone,
            email=email,
            member_number=member,
            advisor_id=advisor,
            created_at=at,
        )
        save(s, row)
        for purpose in purposes:
            if purpose == KEY_DATES:
                give_key_dates_consent(s, STORE, row.id, None, "en", at)
                continue
            consent = Consent(
                store_id=STORE,
                customer_id=row.id,
                purpose=purpose,
                wording_version="clienteling-2026-11",
                language="en",
                given_via="kiosk",
                given_at=at,
            )
            save(s, consent)
        return row.id


def visit(engine: Engine, customer_id: uuid.UUID, at: dt.datetime) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        row = Visit(
            store_id=STORE, kiosk_id="k1", language="en", started_at=at, customer_id=customer_id
        )
        save(s, row)
        return row.id


def task(
    engine: Engine, customer_id: uuid.UUID, kind: str = "manual", rule: str | None = None
) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        row = FollowupTask(
            store_id=STORE,
            customer_id=customer_id,
            kind=kind,
            due_at=T0 + dt.timedelta(days=3),
            details={"rule": rule or kind, "note": "Call about the walnut bureau"},
        )
        save(s, row)
        return row.id


def count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def written(engine: Engine) -> tuple[int, ...]:
    """How many rows each table a client book write touches holds (refusals change none)."""
    return tuple(count(engine, m) for m in (KeyDate, Consent, Customer, Associate, OutboxEntry))
