"""A kiosk database and the people and rows a case test needs, made through kiosk code."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.db.engine import open_local
from kiosk.db.models import Base, Case, Consent, FollowupTask, OutboxEntry
from kiosk.recovery.cases import CaseBook, CaseReport

STORE = "store-7"
T0 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
CATEGORIES = ("product", "service", "waiting", "delivery", "other")
TARGET = dt.timedelta(hours=24)


def local_engine(folder: Path) -> Engine:
    engine = open_local(folder / "kiosk.sqlite3")
    Base.metadata.create_all(engine)
    return engine


def book(engine: Engine, kiosk: str = "kiosk-1") -> CaseBook:
    return CaseBook(engine, STORE, kiosk, TARGET)


def associate(engine: Engine, name: str, role: str = "associate") -> uuid.UUID:
    return AssociateDirectory(engine, STORE).add(name, role, "482913").id


def waiting_with_contact(**changes: Any) -> CaseReport:
    report = CaseReport(
        category="waiting",
        description="Waited 40 minutes for the fitting room.",
        contact_name="Camille Durand",
        contact_phone="+33 6 12 34 56 78",
        consent=True,
        language="zh-Hans",
        score=3,
    )
    return CaseReport(**{**report.__dict__, **changes})


def counts(engine: Engine) -> dict[str, int]:
    """Rows of every table a case write touches: "nothing stored" compares these."""
    with Session(engine) as s:
        return {
            model.__tablename__: s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Case, Consent, FollowupTask, OutboxEntry)
        }


def snapshot(engine: Engine) -> list[tuple[Any, ...]]:
    """Every case row as stored, to show a refused change left it as it was."""
    with Session(engine) as s:
        return [tuple(r) for r in s.execute(select(Case.__table__)).all()]
