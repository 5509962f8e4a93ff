"""A sale as the store database holds it once the kiosk's outbox has delivered it, and the
page's after-sale forms read back from its HTML, for the after-purchase page tests."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.after_sale_rows import Invitation, Purchase, ServiceBooking
from kiosk.db.models import Associate, FollowupLink, Visit
from kiosk.db.versions import store_save

# every day open, so the tests do not depend on the weekday they run on
CAPACITY = (
    "mon-sun: morning 08:00-12:00 delivery 1 installation 1, "
    "afternoon 13:00-18:00 delivery 2 installation 1"
)
OVEN = {
    "sku": "MV-CO-OV60",
    "quantity": 1,
    "finish": "bronze",
    "delivery": True,
    "installation": True,
}
HOB = {"sku": "MV-CO-IN80", "quantity": 2, "finish": None, "delivery": True, "installation": False}


def page_env(**extra: str) -> dict[str, str]:
    return {"KIOSK_SERVICE_CAPACITY": CAPACITY, "KIOSK_STORE_PHONE": "+33 1 42 00 00 00", **extra}


def visit_of(engine: Any, token: str) -> Visit:
    with Session(engine) as s:
        link = s.scalars(select(FollowupLink).where(FollowupLink.token == token)).one()
        visit = s.get(Visit, link.visit_id)
        assert visit is not None
        return visit


def sell(
    engine: Any, token: str, *items: dict[str, Any], at: dt.datetime | None = None
) -> uuid.UUID:
    """A purchase for the link's visit, as the kiosk's outbox writes it to the store."""
    visit = visit_of(engine, token)
    with Session(engine) as s, s.begin():
        row = Purchase(
            store_id=visit.store_id,
            kiosk_id="entrance",
            visit_id=visit.id,
            order_ref="T-1001",
            items=[dict(i) for i in items],
            language=visit.language,
            created_at=at or dt.datetime.now(dt.UTC),
        )
        store_save(s, row)
        return row.id


def associate(engine: Any) -> uuid.UUID:
    with Session(engine) as s, s.begin():
        row = Associate(store_id="store-7", display_name="Camille", role="associate", pin_hash="x")
        store_save(s, row)
        return row.id


def bookings(engine: Any, purchase_id: uuid.UUID) -> list[ServiceBooking]:
    with Session(engine) as s:
        return list(
            s.scalars(
                select(ServiceBooking)
                .where(ServiceBooking.purchase_id == purchase_id)
                .order_by(ServiceBooking.created_at)
            )
        )


def live_bookings(engine: Any, purchase_id: uuid.UUID) -> list[ServiceBooking]:
    return [b for b in bookings(engine, purchase_id) if b.cancelled_at is None]


def count(engine: Any, model: Any) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def invitation_rows(engine: Any) -> list[Invitation]:
    with Session(engine) as s:
        return list(s.scalars(select(Invitation).order_by(Invitation.created_at)))


def form_fields(body: str, action: str, index: int = 0) -> dict[str, str]:
    """The hidden fields of the ``index``-th form posting to ``.../{action}``."""
    forms = re.findall(
        rf'<form[^>]*action="[^"]*/{action}(?:#[^"]*)?"[^>]*>(.*?)</form>', body, re.S
    )
    assert len(forms) > index, f"no {action} form #{index} on the page"
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', forms[index]))


def choices(body: str, action: str, index: int = 0) -> list[str]:
    """The slot values offered by the ``index``-th ``action`` form, in page order."""
    forms = re.findall(
        rf'<form[^>]*action="[^"]*/{action}(?:#[^"]*)?"[^>]*>(.*?)</form>', body, re.S
    )
    assert len(forms) > index, f"no {action} form #{index} on the page"
    return re.findall(r'name="choice" value="([^"]+)"', forms[index])


def beyond_cutoff(values: list[str], days: int = 2) -> list[str]:
    """The offered slots at least ``days`` days ahead: clear of the page's default cut-off
    (24 h) whatever the time of day the test runs. Tomorrow morning's slot is less than a
    day away from 08:00 on, and a booking there can no longer be moved or cancelled."""
    first_day = dt.datetime.now().astimezone().date() + dt.timedelta(days=days)
    return [v for v in values if dt.date.fromisoformat(v.split("/")[0]) >= first_day]


def text_of(body: str) -> str:
    """The page's words without tags, spaces collapsed (what a reader sees)."""
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())
