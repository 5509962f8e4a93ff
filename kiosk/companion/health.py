"""What store IT sees on the companion: the store database's health and each kiosk's sync,
never a client, a request or a name of a customer.

A kiosk's sync is judged by the newest change of its visits that reached the store (every
kiosk pushes its visits through the outbox as they happen): a kiosk whose line stops moving
during opening hours has stopped pushing. Counts only; no id leaves this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Case, ServiceRequest, Visit
from kiosk.sync.store import check_store


@dataclass(frozen=True)
class KioskSync:
    kiosk_id: str
    last_change: dt.datetime


@dataclass(frozen=True)
class StoreHealth:
    schema: str
    kiosks: tuple[KioskSync, ...]  # newest change first
    open_requests: int
    open_cases: int


def store_health(engine: Engine, store_id: str) -> StoreHealth:
    """The store database's schema (``check_store``: raises when it does not answer), the
    newest change each kiosk pushed, and how many requests and cases are open."""
    schema = check_store(engine)
    with Session(engine) as s:
        kiosks = s.execute(
            select(Visit.kiosk_id, func.max(Visit.updated_at))
            .where(Visit.store_id == store_id)
            .group_by(Visit.kiosk_id)
            .order_by(func.max(Visit.updated_at).desc())
        ).all()
        requests = s.scalar(
            select(func.count(ServiceRequest.id)).where(
                ServiceRequest.store_id == store_id, ServiceRequest.resolved_at.is_(None)
            )
        )
        cases = s.scalar(
            select(func.count(Case.id)).where(Case.store_id == store_id, Case.resolved_at.is_(None))
        )
    return StoreHealth(
        schema,
        tuple(KioskSync(k, at) for k, at in kiosks if at is not None),
        int(requests or 0),
        int(cases or 0),
    )
