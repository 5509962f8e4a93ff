"""A form sent from the page is used once: a replay (a double tap, an old tab, a stranger
holding a copy) writes nothing, and a second request never rewrites what the first stored."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import Consent, Customer, FollowupTask
from tests.handoff.test_page import CONTACT

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

OTHER = {"name": "Someone Else", "email": "other@example.org", "phone": ""}


def _stored(store) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    """(client name, e-mail, purpose) of every consent, oldest first."""
    with Session(store.engine) as s:
        rows = s.execute(
            select(Customer.full_name, Customer.email, Consent.purpose)
            .join(Customer, Customer.id == Consent.customer_id)
            .order_by(Consent.given_at)
        ).all()
        return [tuple(row) for row in rows]


def test_a_replayed_contact_form_changes_nothing(store, serve):
    server = serve()
    token = store.links["valid"].token
    form = {**CONTACT, "consent": "yes", "csrf": server.get(f"/f/{token}").csrf("contact")}
    assert server.post(f"/f/{token}/contact", form).status == 303

    again = server.post(f"/f/{token}/contact", form)  # the very same form, once more
    assert again.status == 409
    assert "already received this form" in again.body
    replayed = server.post(f"/f/{token}/contact", {**form, **OTHER})  # its token, new details
    assert replayed.status == 409

    assert _stored(store) == [(CONTACT["name"], CONTACT["email"], "followup_contact")]
    with Session(store.engine) as s:
        assert s.scalars(select(Customer.version)).one() == 1  # never rewritten
        assert len(s.scalars(select(FollowupTask)).all()) == 1
    # the refusal's page carries a fresh form: sending it is a new, separate request
    fresh = server.post(
        f"/f/{token}/contact", {**OTHER, "consent": "yes", "csrf": replayed.csrf("contact")}
    )
    assert fresh.status == 303
    assert _stored(store) == [
        (CONTACT["name"], CONTACT["email"], "followup_contact"),
        (OTHER["name"], OTHER["email"], "followup_contact"),
    ]
    with Session(store.engine) as s:
        assert len(s.scalars(select(Customer)).all()) == 2
        assert len(s.scalars(select(FollowupTask)).all()) == 2


def test_the_same_details_sent_again_join_the_same_client(store, serve):
    server = serve()
    token = store.links["valid"].token
    for _ in range(2):
        form = {**CONTACT, "consent": "yes", "csrf": server.get(f"/f/{token}").csrf("contact")}
        assert server.post(f"/f/{token}/contact", form).status == 303
    with Session(store.engine) as s:
        assert len(s.scalars(select(Consent)).all()) == 2
        customer = s.scalars(select(Customer)).one()
        assert customer.version == 1


def test_one_form_sent_twice_at_the_same_moment_is_recorded_once(store, serve):
    server = serve()
    token = store.links["zh"].token
    wanted = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    form = {
        **CONTACT,
        "consent": "yes",
        "csrf": server.get(f"/f/{token}").csrf("appointment"),
        "appointment": "private_viewing",
        "preferred_date": wanted,
    }
    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(
            pool.map(lambda _: server.post(f"/f/{token}/appointment", form).status, range(4))
        )
    assert statuses == [303, 409, 409, 409]
    assert _stored(store) == [(CONTACT["name"], CONTACT["email"], "appointment")]
