"""My follow-ups for today on the companion: the kiosk's due list (mine, today), its outcomes,
recorded store side and pulled by the kiosks; the client's name only in the page body."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk.db.models import FollowupTask
from kiosk.sync.pull import Puller
from tests.companion.conftest import NAME, OTHER, Shop
from tests.companion.helpers import CLIENT, task_for


def test_today_mine_is_listed_and_its_outcome_reaches_the_kiosks(shop: Shop, companion):
    mine = task_for(shop, NAME, dt.timedelta(minutes=-5))
    theirs = task_for(shop, OTHER, dt.timedelta(minutes=-5))
    later = task_for(shop, NAME, dt.timedelta(days=3))
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/tasks")
    assert page.status == 200
    assert str(mine) in page.body
    assert str(theirs) not in page.body  # a colleague's
    assert str(later) not in page.body  # not today
    assert CLIENT in page.body  # as in associate mode
    assert CLIENT not in page.body.split("</title>")[0]  # never in the title
    assert "<h3>Thank-you</h3>" in page.body  # the kiosk's own words for the kind
    assert '<option value="reached">Reached</option>' in page.body
    form = {"csrf": page.csrf("tasks"), "id": str(mine), "outcome": "reached", "channel": "call"}
    done = phone.post("/c/tasks", form)
    assert done.status == 303
    assert done.headers["location"] == "/c/tasks?done=1"
    assert str(mine) not in phone.get("/c/tasks").body
    with Session(shop.engine) as s:
        row = s.get(FollowupTask, mine)
        assert row is not None
        assert row.outcome == "reached"
        assert row.channel == "call"
        assert row.completed_by == shop.directory().find(NAME).id
    kiosk_b = shop.make_kiosk("kiosk-b")
    Puller(kiosk_b.engine, shop.engine, "store-7").pull_all()
    with Session(kiosk_b.engine) as s:
        pulled = s.get(FollowupTask, mine)
        assert pulled is not None
        assert pulled.outcome == "reached"


def test_an_outcome_the_kind_has_not_is_refused_and_nothing_written(shop: Shop, companion):
    mine = task_for(shop, NAME)
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/tasks?lang=zh-Hans")
    form = {"csrf": page.csrf("tasks"), "id": str(mine), "outcome": "booked", "channel": ""}
    refused = phone.post("/c/tasks", form)
    assert refused.status == 422
    assert "无法记录" in refused.body
    assert phone.post("/c/tasks", {**form, "csrf": "1.0.x", "outcome": "reached"}).status == 403
    with Session(shop.engine) as s:
        row = s.get(FollowupTask, mine)
        assert row is not None
        assert row.completed_at is None
