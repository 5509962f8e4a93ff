"""A private-viewing invitation: made on the client's page after a purchase, opened by a
friend at /f/i/{token}, a viewing booked from it (consent, the store's task, the invitation
redeemed). Nothing about either person on the page or in the log; misses are slowed down."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.db.after_sale_rows import Invitation
from kiosk.db.models import Consent, Customer, FollowupTask, Visit
from kiosk.db.versions import store_save
from kiosk.handoff.links import display_code
from tests.handoff.after_sale_helpers import (
    HOB,
    count,
    form_fields,
    invitation_rows,
    page_env,
    sell,
    text_of,
    visit_of,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

FRIEND = {"name": "Ines Moreau", "email": "ines.moreau@example.org", "phone": ""}


def _invite(store, server, token: str) -> Invitation:  # type: ignore[no-untyped-def]
    page = server.get(f"/f/{token}")
    sent = server.post(f"/f/{token}/invite", form_fields(page.body, "invite"))
    assert sent.status == 303
    return invitation_rows(store.engine)[-1]


def test_a_client_makes_an_invitation_and_sees_its_link_and_code(store, serve):
    token = store.links["valid"].token
    purchase = sell(store.engine, token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    assert "Invite a friend to a private viewing" in text_of(page.body)
    form = form_fields(page.body, "invite")
    sent = server.post(f"/f/{token}/invite", form)
    assert sent.status == 303
    twice = server.post(f"/f/{token}/invite", form)  # a double tap makes one, not two
    assert twice.status == 303
    [invitation] = invitation_rows(store.engine)
    assert invitation.purchase_id == purchase
    assert invitation.link_id is not None
    shown = server.get(sent.headers["location"])
    seen = text_of(shown.body)
    assert "Your invitation is ready to share." in seen
    assert f"{server.base}i/{invitation.token}" in seen
    assert display_code(invitation.code) in seen
    # shared through the phone's own apps (the page runs no script): the link, nothing else
    assert 'href="sms:?&amp;body=You%20are%20invited' in shown.body
    sms = re.search(r'href="(sms:[^"]+)"', shown.body)
    assert sms is not None
    assert f"/f/i/{invitation.token}%20" in sms.group(1)
    assert token not in f"{server.base}i/{invitation.token}"


def _known_client(store, token: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """The visit's client, recorded with a consent to be called back (as a kiosk does)."""
    visit_id = visit_of(store.engine, token).id
    with Session(store.engine) as s, s.begin():
        client = Customer(store_id="store-7", full_name="Client", preferences={})
        store_save(s, client)
        consent = Consent(
            customer_id=client.id,
            visit_id=visit_id,
            purpose="followup_contact",
            wording_version="contact-v1",
            language="en",
            given_via="kiosk",
        )
        store_save(s, consent)
        visit = s.get(Visit, visit_id)
        assert visit is not None
        visit.customer_id = client.id
        store_save(s, visit)
        return client.id


def test_the_friend_books_a_private_viewing_and_the_invitation_is_used(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    client = _known_client(store, token)
    server = serve(**page_env())
    invitation = _invite(store, server, token)
    path = f"/f/i/{invitation.token}"
    page = server.get(path)
    assert page.status == 200
    seen = text_of(page.body)
    assert "<title>A private viewing · Maison Velle</title>" in page.body
    assert "A private viewing" in seen
    assert "+33 1 42 00 00 00" in seen  # the store card
    # nothing about the client who passed it on: not their pieces, not their link
    for private in ("Rive 80", "Atelier 60", token, invitation.code):
        assert private not in page.body
    chinese = server.get(path, headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "私享鉴赏" in text_of(chinese.body)

    fields = form_fields(page.body, f"i/{invitation.token}")
    refused = server.post(path, {**fields, **FRIEND})  # no consent ticked
    assert refused.status == 422
    assert "Please tick the box" in text_of(refused.body)
    assert count(store.engine, Customer) == 1  # the client only
    tomorrow = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    sent = server.post(
        path,
        {
            **fields,
            **FRIEND,
            "consent": "yes",
            "preferred_date": tomorrow,
            "time_of_day": "evening",
        },
    )
    assert sent.status == 303
    assert sent.headers["location"] == f"{path}?done=viewing&lang=en"
    thanks = server.get(sent.headers["location"])
    assert thanks.status == 200
    assert "An advisor will confirm your private viewing shortly." in text_of(thanks.body)

    with Session(store.engine) as s:
        friend = s.scalars(select(Customer).where(Customer.id != client)).one()
        assert friend.full_name == FRIEND["name"]
        consent = s.scalars(select(Consent).where(Consent.customer_id == friend.id)).one()
        assert consent.visit_id is None
        assert consent.wording_version.startswith("viewing-v1-en-")
        task = s.scalars(select(FollowupTask).where(FollowupTask.kind == "appointment")).one()
        assert task.customer_id == friend.id
        assert task.details["appointment"] == "private_viewing"
        assert task.details["requested_via"] == "invitation"
        assert task.details["preferred_date"] == tomorrow
        row = s.get(Invitation, invitation.id)
        assert row is not None
        assert row.redeemed_via == "page"
        # the inviting client's advisor is asked to thank them (the client, not the friend)
        thanks_task = s.scalars(
            select(FollowupTask).where(FollowupTask.kind == "referral_thanks")
        ).one()
        assert thanks_task.customer_id == client
    # the same invitation again: used, politely, and nothing more stored
    again = server.post(path, {**fields, **FRIEND, "consent": "yes"})
    assert again.status == 410
    assert "This invitation has already been used" in text_of(again.body)
    assert server.get(path).status == 410
    assert count(store.engine, Customer) == 2  # the client and the friend, no one else


def test_unknown_and_ended_invitations_answer_like_links_and_count_as_misses(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    server = serve(**page_env(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="4"))
    invitation = _invite(store, server, token)
    with Session(store.engine) as s, s.begin():
        s.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    ended = server.get(f"/f/i/{invitation.token}")
    assert ended.status == 410
    assert "This invitation has come to an end" in text_of(ended.body)
    assert server.get("/f/i/" + "Q" * 32).status == 404
    assert server.get("/f/i/short").status == 404
    posted = server.post("/f/i/" + "R" * 32, {**FRIEND, "consent": "yes"})
    assert posted.status == 404
    assert "could not find this page" in text_of(posted.body)
    slowed = server.get(f"/f/{token}")  # four misses: even a good link waits a minute
    assert slowed.status == 429


def test_no_invitation_token_code_or_friend_in_the_log(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    server = serve(**page_env())
    invitation = _invite(store, server, token)
    path = f"/f/i/{invitation.token}"
    fields = form_fields(server.get(path).body, f"i/{invitation.token}")
    assert server.post(path, {**fields, **FRIEND, "consent": "yes"}).status == 303
    server.process.terminate()
    server.process.wait(10)
    logs = server.logs()
    assert re.search(r"GET /f/i/<invitation> 200", logs)
    assert "POST /f/<link>/invite 303" in logs
    for secret in (invitation.token, invitation.code, token, FRIEND["name"], FRIEND["email"]):
        assert secret not in logs, secret
