"""Rows as a store's kiosks leave them in its database: ended visits with their summaries and
selections, a client with a note, a case, a purchase and a touchpoint score carrying personal
words. For the headquarters tests (tests/chain/test_replication.py) and the capacity bench."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from kiosk.db.models import (
    Case,
    Customer,
    Purchase,
    SelectionItem,
    TouchpointScore,
    Visit,
    VisitNote,
    VisitSummary,
)
from kiosk.ids import uuid7
from kiosk.insights.summary import GREETED, STAGE_BITS

NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=dt.UTC)
SECRET_WORDS = "Madame Lefebvre 06 12 34 56 78 lefebvre@example.org"
"""Personal words written into every personal column: none may ever appear at headquarters."""


def write_visits(
    engine: Engine,
    store_id: str,
    n: int,
    start: dt.datetime = NOW - dt.timedelta(hours=3),
    customer_id: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    """``n`` ended visits of ``store_id`` with their summaries, one a minute from ``start``:
    NPS and CES vary with the index, every visit views SKU-1 and every other one keeps it."""
    ids: list[uuid.UUID] = []
    with Session(engine) as s, s.begin():
        for i in range(n):
            at = start + dt.timedelta(minutes=i)
            vid = uuid7()
            nps, ces = (10, 6) if i % 3 else (4, 2)
            s.add(
                Visit(
                    id=vid,
                    store_id=store_id,
                    kiosk_id="kiosk-1",
                    started_at=at,
                    ended_at=at + dt.timedelta(minutes=4),
                    end_reason="completed",
                    stage="farewell",
                    customer_id=customer_id,
                    outcome="left",
                    nps=nps,
                    ces=ces,
                )
            )
            s.flush()
            kept = i % 2 == 0
            items = ["p:SKU-1", *(["k:SKU-1"] if kept else []), f"l:look/{i % 2}"]
            stages = GREETED | STAGE_BITS["story"] | (STAGE_BITS["selection"] if kept else 0)
            s.add(
                VisitSummary(
                    visit_id=vid,
                    store_id=store_id,
                    started_at=at,
                    dwell_us=240_000_000,
                    nps=nps,
                    ces=ces,
                    stages=stages,
                    items=items,
                )
            )
            if kept:
                s.add(SelectionItem(visit_id=vid, sku="SKU-1", added_at=at))
            ids.append(vid)
    return ids


def write_client(engine: Engine, store_id: str) -> uuid.UUID:
    """A client with a name, a note on a visit, a case, a purchase and a touchpoint score, every
    personal column filled with ``SECRET_WORDS``. Returns the client's id."""
    with Session(engine) as s, s.begin():
        client = Customer(
            store_id=store_id,
            full_name=SECRET_WORDS,
            phone="+33612345678",
            email="lefebvre@example.org",
            notes=SECRET_WORDS,
        )
        s.add(client)
        s.flush()
        cid = client.id
    (visit,) = write_visits(engine, store_id, 1, NOW - dt.timedelta(hours=5), customer_id=cid)
    with Session(engine) as s, s.begin():
        s.add(VisitNote(visit_id=visit, text=SECRET_WORDS))
        s.add(
            Case(
                store_id=store_id,
                visit_id=visit,
                customer_id=cid,
                opened_via="farewell",
                category="waiting",
                score=4,
                description=SECRET_WORDS,
                contact_name=SECRET_WORDS,
                contact_phone="+33612345678",
                contact_email="lefebvre@example.org",
                internal_note=SECRET_WORDS,
                customer_reply=SECRET_WORDS,
                escalation_reason=SECRET_WORDS,
                created_at=NOW - dt.timedelta(hours=4),
                acknowledged_at=NOW - dt.timedelta(hours=3),
            )
        )
        purchase = Purchase(
            store_id=store_id,
            visit_id=visit,
            customer_id=cid,
            order_ref="TILL-" + SECRET_WORDS[:20],
            items=[{"sku": "SKU-1", "qty": 1}],
            created_at=NOW - dt.timedelta(hours=4),
        )
        s.add(purchase)
        s.flush()
        s.add(
            TouchpointScore(
                store_id=store_id,
                touchpoint="purchase",
                purchase_id=purchase.id,
                customer_id=cid,
                score=9,
                comment=SECRET_WORDS,
                given_via="page",
                given_at=NOW - dt.timedelta(hours=2),
            )
        )
    return cid


def wait_for(condition: Callable[[], bool], what: str, timeout_s: float = 30.0) -> float:
    """Poll ``condition`` until true (replication is asynchronous); seconds it took."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout_s:
            raise AssertionError(f"{what}: not within {timeout_s:.0f} s")
        time.sleep(0.02)
    return time.monotonic() - start


def has_visit(engine: Engine, visit_id: uuid.UUID) -> bool:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM visits WHERE id = :v"), {"v": visit_id}).first()
        return found is not None
