"""My follow-ups for today on the companion: the kiosk's due list (mine, today), its outcomes,
recorded store side and pulled by the kiosks; the client's name only in the page body."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING
from kiosk.db.models import Consent, FollowupTask, utcnow
from kiosk.db.versions import store_save
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
    assert '<h2 class="what">Thank-you</h2>' in page.body  # the kiosk's own words for the kind
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


def test_an_outreach_needs_its_channel_as_on_the_kiosk(shop: Shop, companion):
    """An outreach (here a lapsed client) is recorded with how the client was reached: the
    form asks for it, and without it nothing is written."""
    lapsed = task_for(shop, NAME, dt.timedelta(minutes=-5), kind="lapsed")
    with Session(shop.engine) as s, s.begin():  # outreach only with clienteling consent
        task = s.get(FollowupTask, lapsed)
        assert task is not None
        store_save(s, consent_of(task.customer_id))
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/tasks")
    form_html = page.body.split(f'value="{lapsed}"')[1].split("</form>")[0]
    assert 'name="channel" required' in form_html
    assert "(not said)" not in form_html
    for channel in ("Call", "Message", "In the store", "Letter"):
        assert f">{channel}</option>" in form_html
    form = {"csrf": page.csrf("tasks"), "id": str(lapsed), "outcome": "reached", "channel": ""}
    assert phone.post("/c/tasks", form).status == 422
    with Session(shop.engine) as s:
        row = s.get(FollowupTask, lapsed)
        assert row is not None
        assert row.completed_at is None
    assert phone.post("/c/tasks", {**form, "channel": "in_store"}).status == 303
    with Session(shop.engine) as s:
        row = s.get(FollowupTask, lapsed)
        assert row is not None
        assert (row.outcome, row.channel) == ("reached", "in_store")


def consent_of(customer_id) -> Consent:
    return Consent(
        store_id="store-7",
        customer_id=customer_id,
        purpose=CLIENTELING,
        wording_version="v1",
        language="en",
        given_via="kiosk",
        given_at=utcnow(),
    )
