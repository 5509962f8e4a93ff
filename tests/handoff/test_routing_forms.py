"""The page's contact and appointment forms, through the production server: the task goes to
the advisor of the visit's client (the form makes a customer record of its own, which has no
advisor), within the store's ``advisor_away_hours``; to the store when the advisor is away
longer and nobody served the visit."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from kiosk.associates.rules import APPOINTMENT, THANK_YOU
from kiosk.db.models import Associate, FollowupTask
from tests.handoff.test_in_store_page import hand_off_client

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FORM = {
    "name": "Héloïse Durand",
    "email": "heloise.d@example.org",
    "phone": "+33 6 12 34 56 78",
    "consent": "yes",
    "lang": "en",
}


def page_task(engine: Engine, visit_id: uuid.UUID, kind: str) -> FollowupTask:
    """The newest task of ``kind`` the page made for the visit."""
    with Session(engine) as s:
        return s.scalars(
            select(FollowupTask)
            .where(FollowupTask.visit_id == visit_id, FollowupTask.kind == kind)
            .order_by(FollowupTask.created_at.desc())
        ).first()


def away_for(engine: Engine, who: uuid.UUID, hours: int) -> None:
    """The advisor's absence, as the store database holds it once synced."""
    with Session(engine) as s, s.begin():
        until = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
        s.execute(update(Associate).where(Associate.id == who).values(away_until=until))


def test_the_pages_forms_reach_the_visits_clients_advisor(store, serve, tmp_path):
    handed = hand_off_client(tmp_path, store.url, f"http://127.0.0.1:{store.port}/f/")
    server = serve(KIOSK_ADVISOR_AWAY_HOURS="72")
    token = handed.link.token

    contact = server.get(f"/f/{token}").csrf("contact")
    assert server.post(f"/f/{token}/contact", {**FORM, "csrf": contact}).status == 303
    thanks = page_task(store.engine, handed.visit, THANK_YOU)
    assert thanks.customer_id != handed.customer  # the form's own record...
    assert thanks.assigned_to == handed.advisor  # ...routed by the visit's client

    away_for(store.engine, handed.advisor, 60)  # back within the store's 72 hours
    appointment = {
        **FORM,
        "csrf": server.get(f"/f/{token}").csrf("appointment"),
        "appointment": "private_viewing",
        "time_of_day": "morning",
    }
    assert server.post(f"/f/{token}/appointment", appointment).status == 303
    assert page_task(store.engine, handed.visit, APPOINTMENT).assigned_to == handed.advisor

    away_for(store.engine, handed.advisor, 24 * 5)  # away longer: nobody served, the store
    csrf = server.get(f"/f/{token}").csrf("contact")
    again = {**FORM, "email": "h.durand@example.org", "csrf": csrf}
    assert server.post(f"/f/{token}/contact", again).status == 303
    latest = page_task(store.engine, handed.visit, THANK_YOU)
    assert latest.id != thanks.id
    assert latest.assigned_to is None
