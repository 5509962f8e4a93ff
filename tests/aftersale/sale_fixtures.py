"""A kiosk with a store database, a sale recorded the way the consultation does, and the
rows a refusal must leave untouched. Imported by the sale, capacity and booking tests (this
is not a conftest: the folder is shared with the scores and referrals tests), which import
the fixtures by their function names (``kiosk_fixture``) and ask for them by theirs."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from kiosk.aftersale.capacity import Capacity, parse_capacity
from kiosk.aftersale.purchases import SaleLine
from kiosk.ids import uuid7
from kiosk.station.runtime import Runtime, start
from kiosk.sync.push import Pusher
from kiosk.sync.store import open_store
from tests.sync.helpers import kiosk_config

STORE = "store-7"
WEEK = (
    "mon-fri: morning 09:00-12:00 delivery 2 installation 1, "
    "afternoon 13:00-17:00 delivery 2 installation 1; sat: morning 09:00-12:00 delivery 1"
)
CLOSED = "2026-12-25"
CAPACITY: Capacity = parse_capacity(WEEK, CLOSED)
NOW = dt.datetime(2026, 12, 7, 9, 30).astimezone()  # a Monday morning, store-local
"""The moment of every test: aware, in the machine's zone like the store's day."""
MONDAY = NOW.date()
TUESDAY = MONDAY + dt.timedelta(days=1)
WEDNESDAY = MONDAY + dt.timedelta(days=2)
HORIZON = 60
CUTOFF = dt.timedelta(hours=24)

FRIDGE = SaleLine("MV-CL-FR75", 1, None, delivery=True, installation=True)
LAMP = SaleLine("MV-LT-TL1", 2, None, delivery=False, installation=False)


@pytest.fixture(name="store")
def store_fixture(store_url: str) -> Iterator[Engine]:
    engine = open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture(name="kiosk")
def kiosk_fixture(tmp_path: Path, seed_local_db: Any, store_url: str) -> Iterator[Runtime]:
    """A kiosk of store-7 with the test week as its capacity and a store database."""
    config = kiosk_config(
        tmp_path,
        "kiosk-1",
        store_url,
        KIOSK_SERVICE_CAPACITY=WEEK,
        KIOSK_SERVICE_CLOSED_DAYS=CLOSED,
    )
    seed_local_db(config.local_db_path)
    rt = start(config)
    yield rt
    rt.close()


def start_visit(rt: Runtime, language: str = "en") -> uuid.UUID:
    visit_id = uuid7()
    rt.store.start_visit(visit_id, language, NOW)
    return visit_id


def record_sale(
    rt: Runtime,
    lines: tuple[SaleLine, ...] = (FRIDGE, LAMP),
    order_ref: str = "TILL 2026/0042",
    customer_id: uuid.UUID | None = None,
    language: str = "en",
    visit_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """A sale recorded as the consultation does (on the recorder), in ``visit_id`` or in a
    visit started for it."""
    visit_id = visit_id or start_visit(rt, language)
    return rt.recorder.submit(
        lambda: rt.purchases.record(
            rt.pack, visit_id, customer_id, None, lines, order_ref, language, NOW
        )
    ).result()


def push(rt: Runtime, store: Engine) -> None:
    Pusher(rt.engine, store).push_all()


TABLES = ("purchases", "service_bookings", "sync_outbox")


def snapshot(engine: Engine, tables: tuple[str, ...] = TABLES) -> dict[str, list[Any]]:
    """Every row of the tables, row for row: a refusal must leave them exactly so."""
    out: dict[str, list[Any]] = {}
    with engine.connect() as conn:
        for table in tables:
            if engine.dialect.name != "sqlite" and table == "sync_outbox":
                continue
            out[table] = sorted(
                (tuple(map(str, r)) for r in conn.execute(text(f"SELECT * FROM {table}"))),
            )
    return out
