"""Records for the touchpoint, rule and referral tests, written as their makers write them:
a kiosk's visits through ``VisitStore`` (the journey's store), sales and bookings as rows
with their outbox entries (the shape ``kiosk.aftersale.purchases`` and ``bookings`` store).

Not a conftest (another helper's tests share this folder): import what you use.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.db.engine import open_local
from kiosk.db.models import (
    Base,
    CodeMiss,
    FollowupLink,
    Invitation,
    OutboxEntry,
    Purchase,
    ServiceBooking,
    Synced,
    TouchpointScore,
)
from kiosk.db.outbox import save
from kiosk.ids import uuid7
from kiosk.visit.records import VisitStore
from tests.associates.tasks.helpers import STORE, T0, associate, client, consent, visit

__all__ = [
    "STORE",
    "T0",
    "associate",
    "booking",
    "client",
    "consent",
    "count",
    "link",
    "local_engine",
    "open_visit",
    "purchase",
    "visit",
]

OVEN = "MV-CO-OV60"
SOFA = "MV-LI-SF3"


def local_engine(folder: Path) -> Engine:
    engine = open_local(folder / "kiosk.sqlite3")
    Base.metadata.create_all(engine)
    return engine


def open_visit(engine: Engine, at: dt.datetime = T0) -> uuid.UUID:
    """A visit that has just begun on this kiosk (the greeting)."""
    visit_id = uuid7()
    VisitStore(engine, STORE, "kiosk-1").start_visit(visit_id, "en", at)
    return visit_id


def purchase(
    engine: Engine,
    visit_id: uuid.UUID | None,
    at: dt.datetime = T0,
    customer_id: uuid.UUID | None = None,
    associate_id: uuid.UUID | None = None,
    items: Sequence[dict[str, Any]] | None = None,
    store: str = STORE,
    cancelled: bool = False,
    save_with: Any = save,
) -> uuid.UUID:
    """A sale: an oven to deliver and install and a sofa to deliver, unless ``items``."""
    lines = items or [
        {"sku": OVEN, "quantity": 1, "finish": None, "delivery": True, "installation": True},
        {"sku": SOFA, "quantity": 1, "finish": None, "delivery": True, "installation": False},
    ]
    with Session(engine) as s, s.begin():
        row = Purchase(
            store_id=store,
            kiosk_id="kiosk-1",
            visit_id=visit_id,
            customer_id=customer_id,
            associate_id=associate_id,
            order_ref="T-1001",
            items=[dict(line) for line in lines],
            language="en",
            created_at=at,
            cancelled_at=at if cancelled else None,
        )
        save_with(s, row)
        return row.id


def booking(
    engine: Engine,
    purchase_id: uuid.UUID,
    service: str,
    day: dt.date,
    slot: str = "morning",
    created: dt.datetime = T0,
    done_at: dt.datetime | None = None,
    save_with: Any = save,
) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        places = s.scalar(
            select(func.count()).where(
                ServiceBooking.day == day,
                ServiceBooking.slot == slot,
                ServiceBooking.service == service,
            )
        )
        row = ServiceBooking(
            store_id=STORE,
            purchase_id=purchase_id,
            service=service,
            day=day,
            slot=slot,
            place=int(places or 0),
            status="done" if done_at else "booked",
            booked_via="associate",
            created_at=created,
            done_at=done_at,
        )
        save_with(s, row)
        return row.id


def change_booking(engine: Engine, booking_id: uuid.UUID, **changes: Any) -> None:
    with Session(engine) as s, s.begin():
        row = s.get(ServiceBooking, booking_id)
        assert row is not None
        for name, value in changes.items():
            setattr(row, name, value)
        save(s, row)


def link(
    engine: Engine,
    visit_id: uuid.UUID,
    at: dt.datetime = T0,
    days: int = 30,
    save_with: Any = save,
) -> uuid.UUID:
    """The visit's hand-off link (as ``kiosk.handoff.links.issue_link`` makes it)."""
    from kiosk.handoff.links import new_code, new_token

    with Session(engine) as s, s.begin():
        row = FollowupLink(
            visit_id=visit_id,
            token=new_token(),
            fallback_code=new_code(),
            created_at=at,
            expires_at=at + dt.timedelta(days=days),
        )
        save_with(s, row)
        return row.id


def count(engine: Engine, model: type[Synced] | type[CodeMiss] | type[OutboxEntry]) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def scores(engine: Engine) -> list[TouchpointScore]:
    with Session(engine) as s:
        return list(s.scalars(select(TouchpointScore).order_by(TouchpointScore.given_at)).all())


def invitation(engine: Engine, invitation_id: uuid.UUID) -> Invitation:
    with Session(engine) as s:
        row = s.get(Invitation, invitation_id)
        assert row is not None
        return row
