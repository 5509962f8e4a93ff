"""Every page and stream of the companion against each role, through the real server: an
associate and a manager see the store's requests, their follow-ups and clients; only a
manager sees the team's outreach; store IT sees the store's health and no client data
anywhere (pages, forms, the live stream, the lookup)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from kiosk.db.models import FollowupTask
from kiosk.db.versions import store_save
from tests.companion.conftest import NAME, OTHER, Shop
from tests.companion.helpers import CLIENT, Stream, case_opened, customer_asks, task_for
from tests.companion.test_clients import PHONE, client

MANAGER, MANAGER_PIN = "Claire Dubois", "3619"
IT, IT_PIN = "Sam Keller", "6284"
HQ, HQ_PIN = "Hana Mori", "5093"


def staffed(shop: Shop) -> None:
    shop.directory().add(MANAGER, "manager", MANAGER_PIN)
    shop.directory().add(IT, "store_it", IT_PIN)
    shop.directory().add(HQ, "headquarters", HQ_PIN)  # issue 20: compares stores, no client
    shop.push()


def outreach_done(shop: Shop, task_id, channel: str) -> None:
    with Session(shop.engine) as s, s.begin():
        row = s.get(FollowupTask, task_id)
        assert row is not None
        row.completed_at, row.outcome, row.channel = row.due_at, "reached", channel
        store_save(s, row)


def test_only_a_manager_sees_the_team_outreach_due_and_done(shop: Shop, companion):
    staffed(shop)
    done = task_for(shop, NAME, dt.timedelta(hours=-2), kind="lapsed")
    task_for(shop, NAME, dt.timedelta(hours=-1), kind="lapsed")
    task_for(shop, OTHER, dt.timedelta(days=-2), kind="key_date")
    task_for(shop, OTHER, dt.timedelta(days=-9), kind="key_date")  # before the week
    outreach_done(shop, done, "letter")
    server = companion()
    manager = server.phone()
    assert manager.sign_in(MANAGER, MANAGER_PIN).status == 303
    listing = manager.get("/c/")
    assert 'href="/c/team"' in listing.body
    team = manager.get("/c/team")
    assert team.status == 200
    rows = team.body.split("data-team-row")[1:]
    assert len(rows) == 2  # by name: Ana, then Wei
    assert NAME in rows[0]
    assert "1 of 2 done" in rows[0]
    assert "Letter 1" in rows[0]
    assert OTHER in rows[1]
    assert "0 of 1 done" in rows[1]
    assert CLIENT not in team.body  # figures, never a client
    assert "团队" in manager.get("/c/team?lang=zh-Hans").body
    # a manager is an associate too: the list, follow-ups and clients are theirs
    for path in ("/c/tasks", "/c/clients"):
        assert manager.get(path).status == 200
    for name, pin in ((NAME, "4827"), (IT, IT_PIN), (HQ, HQ_PIN)):
        other = server.phone()
        other.sign_in(name, pin)
        assert 'href="/c/team"' not in other.get("/c/").body
        refused = other.get("/c/team")
        assert (refused.status, refused.headers["location"]) == (303, "/c/")


@pytest.mark.parametrize("who", [(IT, IT_PIN), (HQ, HQ_PIN)], ids=["store_it", "headquarters"])
def test_store_it_gets_no_client_data_anywhere(shop: Shop, companion, who):
    staffed(shop)
    customer_asks(shop)
    case_opened(shop)
    task_for(shop, NAME, dt.timedelta(minutes=-5))
    known = client(shop, "Élise Martin", PHONE, consented=True)
    server = companion()
    associate = server.phone()
    associate.sign_in()
    token = associate.get("/c/clients").csrf("clients")  # a real token, of someone else
    it = server.phone()
    assert it.sign_in(*who).status == 303
    health = it.get("/c/")
    assert "never client data" in health.body
    assert "<title>Store health · " in health.body
    assert 'id="status"' not in health.body  # nothing live on this page
    for secret in (CLIENT, "Élise", PHONE, NAME, "delivery"):
        assert secret not in health.body
    for path in ("/c/tasks", "/c/clients", "/c/team"):
        assert it.get(path).headers["location"] == "/c/"
    for path, form in (
        ("/c/clients", {"csrf": token, "q": PHONE}),
        ("/c/clients", {"csrf": token, "action": "open", "id": str(known)}),
        ("/c/tasks", {"csrf": token, "id": str(known), "outcome": "reached"}),
        ("/c/answer", {"csrf": token, "kind": "request", "id": str(known), "action": "ack"}),
    ):
        refused = it.post(path, form)
        assert refused.status == 403, path
        assert "Élise" not in refused.body
        assert PHONE not in refused.body
    stream = Stream(it.port, it.jar)
    assert stream.status == 401
    stream.close()


def test_an_associate_sees_the_live_list_tasks_and_clients(shop: Shop, companion):
    asked = customer_asks(shop)
    mine = task_for(shop, NAME, dt.timedelta(minutes=-5))
    phone = companion().phone()
    phone.sign_in()
    assert str(asked) in phone.get("/c/").body
    assert str(mine) in phone.get("/c/tasks").body
    assert phone.get("/c/clients").status == 200
    stream = Stream(phone.port, phone.jar)
    try:
        assert stream.status == 200
        assert str(asked) in stream.next_event()[1]
    finally:
        stream.close()
