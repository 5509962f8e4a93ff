"""The live list over real HTTP: what the store's kiosks and phone pages asked for, mine
first; "On my way" and "Done" recorded store side and seen on another kiosk after its pull;
new requests pushed down the open stream; the stream ended once the session is."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy.orm import Session

from kiosk.associates.desk import ServiceDesk
from kiosk.db.models import Case, ServiceRequest
from kiosk.db.versions import store_save
from tests.companion.conftest import NAME, Shop
from tests.companion.helpers import Stream, case_opened, client_in_store, customer_asks


def test_mine_first_then_the_longest_wait_with_what_and_where(shop: Shop, companion):
    ana = shop.directory().find(NAME).id
    walk_in = customer_asks(shop)
    mine = client_in_store(shop, ana, "Salon")
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/")
    ids = re.findall(r'data-id="([0-9a-f-]{36})"', page.body)
    assert ids == [str(mine), str(walk_in)]  # mine first, though it came later
    assert "For you" in page.body
    assert "A client is in the store" in page.body
    assert "Salon" in page.body
    assert "kiosk-a" in page.body  # where the walk-in customer is
    assert "An advisor, please" in page.body
    chinese = phone.get("/c/?lang=zh-Hans")
    assert "需要顾问" in chinese.body
    assert "您的客户" in chinese.body
    assert 'lang="zh-Hans"' in phone.get("/c/").body  # the choice is remembered


def test_on_my_way_and_done_reach_kiosk_b_at_its_pull(shop: Shop, companion):
    asked = customer_asks(shop)
    phone = companion().phone()
    phone.sign_in()
    csrf = phone.get("/c/").csrf("answer")
    form = {"csrf": csrf, "kind": "request", "id": str(asked), "action": "ack"}
    assert phone.post("/c/answer", form).status == 303
    with Session(shop.engine) as s:
        row = s.get(ServiceRequest, asked)
        assert row is not None
        assert row.acknowledged_at is not None
        acknowledged_version = row.version
    kiosk_b = shop.make_kiosk("kiosk-b")
    shop.pull(kiosk_b)
    seen = ServiceDesk(kiosk_b.engine, "store-7").open_requests()
    assert [(r.id, r.acknowledged_by) for r in seen] == [(asked, NAME)]
    assert f"{NAME} is on the way" in phone.get("/c/").body
    assert phone.post("/c/answer", {**form, "action": "done"}).status == 303
    with Session(shop.engine) as s:
        row = s.get(ServiceRequest, asked)
        assert row is not None
        assert row.resolved_at is not None
        assert row.version > acknowledged_version
    shop.pull(kiosk_b)
    assert ServiceDesk(kiosk_b.engine, "store-7").open_requests() == []
    assert str(asked) not in phone.get("/c/").body


def test_a_forged_answer_changes_nothing(shop: Shop, companion):
    asked = customer_asks(shop)
    phone = companion().phone()
    phone.sign_in()
    form = {"csrf": "1.0.forged", "kind": "request", "id": str(asked), "action": "done"}
    assert phone.post("/c/answer", form).status == 403
    with Session(shop.engine) as s:
        row = s.get(ServiceRequest, asked)
        assert row is not None
        assert row.resolved_at is None


def test_a_new_request_comes_down_the_open_stream(shop: Shop, companion):
    phone = companion().phone()
    phone.sign_in()
    stream = Stream(phone.port, phone.jar)
    try:
        assert stream.status == 200
        assert "content-type: text/event-stream" in stream.headers
        name, first = stream.next_event()
        assert name == "list"
        assert "No customer is waiting" in first
        asked = customer_asks(shop)
        while True:  # the next list that changed carries it
            name, data = stream.next_event()
            assert name == "list"
            if str(asked) in data:
                break
        assert "An advisor, please" in data
    finally:
        stream.close()


def test_the_stream_ends_when_the_associate_is_disabled(shop: Shop, companion):
    phone = companion().phone()
    phone.sign_in()
    stream = Stream(phone.port, phone.jar)
    try:
        assert stream.next_event()[0] == "list"
        directory = shop.directory()
        directory.disable(directory.find(NAME).id)
        shop.push()
        while (event := stream.next_event())[0] == "list":
            pass
        assert event == ("end", "signin")
    finally:
        stream.close()
    refused = Stream(phone.port, phone.jar)
    assert refused.status == 401
    refused.close()


def test_a_case_is_listed_without_its_words_and_acknowledged_not_closed(shop: Shop, companion):
    case = case_opened(shop)
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/")
    assert "Open cases" in page.body
    assert str(case) in page.body
    assert "delivery delay" in page.body
    assert "week late" not in page.body  # the customer's words stay on the kiosk
    form = {"csrf": page.csrf("answer"), "kind": "case", "id": str(case), "action": "done"}
    assert phone.post("/c/answer", form).status == 303
    assert phone.post("/c/answer", {**form, "action": "ack"}).status == 303
    with Session(shop.engine) as s:
        row = s.get(Case, case)
        assert row is not None
        assert row.acknowledged_at is not None
        assert row.resolved_at is None  # closed on a kiosk, with its note and reply
    listed = phone.get("/c/").body
    assert "Cases are closed on a kiosk" in listed  # the page says where it is closed
    assert "Yours" in listed  # answered by me: mine now


def test_store_it_sees_the_store_health_and_never_the_list(shop: Shop, companion):
    asked = customer_asks(shop)
    shop.directory().add("Sam IT", "store_it", "6284")
    shop.push()
    phone = companion().phone()
    phone.sign_in("Sam IT", "6284")
    page = phone.get("/c/")
    assert page.status == 200
    assert "never client data" in page.body
    assert str(asked) not in page.body
    assert "1 open requests, 0 open cases" in page.body
    assert "<dt>kiosk-a</dt>" in page.body  # its newest change reached the store
    assert "Schema 00" in page.body
    assert "app.js" not in page.body
    stream = Stream(phone.port, phone.jar)
    assert stream.status == 401
    stream.close()
    form = {"csrf": "", "kind": "request", "id": str(asked), "action": "ack"}
    assert phone.post("/c/answer", form).status == 403
    # and no other page of the associates either
    assert phone.get("/c/tasks").headers["location"] == "/c/"
    assert phone.get("/c/clients").headers["location"] == "/c/"


def test_my_cases_come_first_with_where_and_how_long(shop: Shop, companion):
    """A case I answered (on a kiosk) comes before an older one nobody has taken."""
    older = case_opened(shop, "product_quality")
    mine = case_opened(shop)
    directory = shop.directory()
    ana = directory.find(NAME).id
    with Session(shop.engine) as s, s.begin():
        row = s.get(Case, mine)
        assert row is not None
        row.created_at = row.created_at + dt.timedelta(seconds=5)
        row.acknowledged_by, row.acknowledged_at = ana, row.created_at
        store_save(s, row)
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/").body
    ids = re.findall(r'data-id="([0-9a-f-]{36})"', page)
    assert ids == [str(mine), str(older)]
    first = page[page.index(str(mine)) - 300 :]
    assert "Yours" in first.split(str(older))[0]
    assert "kiosk-a" in page  # where
    assert "just now" in page  # how long
    chinese = phone.get("/c/?lang=zh-Hans").body
    assert "由您跟进" in chinese
    assert "个案请在展厅屏幕上结案" in chinese


def test_a_case_is_about_what_the_pack_calls_it_in_the_phone_language(shop: Shop, companion):
    """The category in the kiosk's words (the installed pack's), in English and Chinese."""
    case_opened(shop, "delivery")
    phone = companion().phone()
    phone.sign_in()
    assert "kiosk-a · A delivery" in phone.get("/c/").body
    assert "kiosk-a · 配送" in phone.get("/c/?lang=zh-Hans").body
