"""A kiosk's client book for outreach tests, written through the paths a kiosk uses (rows and
outbox in one transaction), so they travel to the store database as real ones do."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.associates.rules import sweep
from kiosk.db.models import Customer, FollowupTask, KeyDate, Purchase
from kiosk.db.outbox import save
from kiosk.outreach.rules import OUTREACH_KINDS, DefaultOutreach
from kiosk.visit.records import VisitStore
from tests.associates.tasks.helpers import STORE, consent

ZONE = ZoneInfo("Asia/Shanghai")
"""A store eight hours ahead of UTC: 09:00 there is 01:00 UTC."""
NOW = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)  # 11:00 in the store, 5 December
SETTINGS = DefaultOutreach(outreach_key_date_days=14, outreach_lapsed_days=180)


def clienteling(engine: Engine, customer_id: uuid.UUID, at: dt.datetime = NOW) -> uuid.UUID:
    return consent(engine, customer_id, None, purpose="clienteling", at=at)


def key_date(
    engine: Engine,
    customer_id: uuid.UUID,
    month: int,
    day: int,
    kind: str = "birthday",
    year: int | None = None,
    at: dt.datetime = NOW - dt.timedelta(days=60),
) -> uuid.UUID:
    """A key date with its own key_dates consent, as the client book records it."""
    consent_id = consent(engine, customer_id, None, purpose="key_dates", at=at)
    with Session(engine) as s, s.begin():
        row = KeyDate(
            store_id=STORE,
            customer_id=customer_id,
            consent_id=consent_id,
            wording_version="key-dates-test",
            kind=kind,
            label="Ma fête" if kind == "other" else None,
            month=month,
            day=day,
            year=year,
            created_at=at,
        )
        save(s, row)
        return row.id


def purchase(
    engine: Engine, customer_id: uuid.UUID, at: dt.datetime, skus: tuple[str, ...] = ("MV-CO-OV60",)
) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        row = Purchase(
            store_id=STORE,
            kiosk_id="kiosk-a",
            customer_id=customer_id,
            items=[{"sku": sku, "quantity": 1} for sku in skus],
            created_at=at,
        )
        save(s, row)
        return row.id


def visit_with_answers(
    engine: Engine,
    customer_id: uuid.UUID,
    at: dt.datetime,
    answers: dict[str, list[str]] | None = None,
    kiosk: str = "kiosk-a",
) -> uuid.UUID:
    """A client's visit on a kiosk, with their needs answers, ended half an hour later."""
    store = VisitStore(engine, STORE, kiosk)
    visit_id = uuid.uuid4()
    store.start_visit(visit_id, "en", at)
    store.record_event(visit_id, "client_attached", {}, at, {"customer_id": customer_id})
    for question, values in (answers or {}).items():
        store.answer(visit_id, question, values, False, at + dt.timedelta(minutes=2))
    store.end_visit(visit_id, "completed", at + dt.timedelta(minutes=30))
    return visit_id


def set_advisor(engine: Engine, customer_id: uuid.UUID, advisor_id: uuid.UUID) -> None:
    with Session(engine) as s, s.begin():
        row = s.get(Customer, customer_id)
        assert row is not None
        row.advisor_id = advisor_id
        save(s, row)


def kiosk_sweep(engine: Engine, at: dt.datetime = NOW) -> dict[str, int]:
    """A kiosk's sweep at a visit's end: outreach from pulled rows (key dates, purchases)."""
    with Session(engine) as s, s.begin():
        made = sweep(s, STORE, at, zone=ZONE, outreach=SETTINGS).created
    return {k: n for k, n in made.items() if k in OUTREACH_KINDS}


def outreach(engine: Engine) -> list[FollowupTask]:
    with Session(engine) as s:
        query = (
            select(FollowupTask)
            .where(FollowupTask.kind.in_(OUTREACH_KINDS))
            .order_by(FollowupTask.kind, FollowupTask.id)
        )
        return list(s.scalars(query).all())
