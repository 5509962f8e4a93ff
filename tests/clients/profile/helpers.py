"""A kiosk's journey, a client enrolled with consent, and rows counted: shared by the tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from kiosk.clients.attach import Attachment, NewClient
from kiosk.clients.consent import CLIENTELING
from kiosk.db.models import Consent, Customer, OutboxEntry, Visit, VisitEvent


def enrol(
    journey: Any,
    name: str = "Héloïse Durand",
    phone: str = "+33 6 12 34 56 78",
    email: str = "",
    member: str = "",
    purposes: tuple[str, ...] = (CLIENTELING,),
    language: str = "en",
) -> Any:
    """The current visit's customer agrees and becomes a client; returns their id."""
    attachment = Attachment(purposes, language, new=NewClient(name, phone, email, member))
    return journey.attach_client(attachment).result()


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Customer, Consent, Visit, VisitEvent, OutboxEntry)
        }
