"""A kiosk's records for follow-up tests, written through the same paths a kiosk uses."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.db.engine import open_local
from kiosk.db.models import Base, Consent, Customer, FollowupTask, OutboxEntry
from kiosk.db.outbox import save
from kiosk.ids import uuid7
from kiosk.visit.records import VisitStore

STORE = "store-7"
T0 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def local_engine(folder: Path) -> Engine:
    engine = open_local(folder / "kiosk.sqlite3")
    Base.metadata.create_all(engine)
    return engine


def associate(engine: Engine, name: str = "Élise Martin", store: str = STORE) -> uuid.UUID:
    return AssociateDirectory(engine, store).add(name, "associate", "482913").id


def client(engine: Engine, name: str = "Camille Durand", at: dt.datetime = T0) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        row = Customer(store_id=STORE, full_name=name, email="c@example.com", created_at=at)
        save(s, row)
        return row.id


def consent(
    engine: Engine,
    customer_id: uuid.UUID | None,
    visit_id: uuid.UUID | None,
    purpose: str = "followup_contact",
    at: dt.datetime = T0,
    via: str = "kiosk",
) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        row = Consent(
            customer_id=customer_id,
            visit_id=visit_id,
            purpose=purpose,
            wording_version="v1",
            language="en",
            given_via=via,
            given_at=at,
        )
        save(s, row)
        return row.id


def withdraw(engine: Engine, consent_id: uuid.UUID, at: dt.datetime) -> None:
    with Session(engine) as s, s.begin():
        row = s.get(Consent, consent_id)
        row.withdrawn_at = at
        save(s, row)


def visit(
    engine: Engine,
    at: dt.datetime = T0,
    customer_id: uuid.UUID | None = None,
    associate_id: uuid.UUID | None = None,
    outcomes: tuple[tuple[str, dt.timedelta], ...] = (),
    ended: bool = True,
    skus: tuple[str, ...] = ("MV-CO-OV60",),
) -> uuid.UUID:
    """A visit as the journey records it: started, a client attached, outcomes, ended."""
    store = VisitStore(engine, STORE, "kiosk-1")
    visit_id = uuid7()
    store.start_visit(visit_id, "en", at)
    changes = {"customer_id": customer_id, "associate_id": associate_id}
    store.record_event(visit_id, "client_attached", {}, at, changes)
    for outcome, after in outcomes:
        by = str(associate_id) if associate_id else None
        payload = {"outcome": outcome, "skus": list(skus), "associate_id": by}
        store.record_event(visit_id, "outcome_recorded", payload, at + after, {"outcome": outcome})
    if ended:
        store.end_visit(visit_id, "completed", at + dt.timedelta(minutes=30))
    return visit_id


def tasks(engine: Engine) -> list[FollowupTask]:
    with Session(engine) as s:
        return list(s.scalars(select(FollowupTask).order_by(FollowupTask.due_at)).all())


def outbox_count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count(OutboxEntry.id))) or 0)
