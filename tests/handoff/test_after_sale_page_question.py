"""The touchpoint question on the page after a purchase: 0-10 and an optional word, one
answer per touchpoint, thanks after; through the production server and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.after_sale_rows import ServiceBooking, TouchpointScore
from kiosk.db.versions import store_save
from tests.handoff.after_sale_helpers import HOB, OVEN, count, form_fields, page_env, sell, text_of

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _scores(store) -> list[TouchpointScore]:  # type: ignore[no-untyped-def]
    with Session(store.engine) as s:
        return list(s.scalars(select(TouchpointScore).order_by(TouchpointScore.given_at)))


def _delivered(store, purchase_id) -> None:  # type: ignore[no-untyped-def]
    """The delivery took place today, marked done by the store."""
    now = dt.datetime.now(dt.UTC)
    with Session(store.engine) as s, s.begin():
        row = ServiceBooking(
            store_id="store-7",
            purchase_id=purchase_id,
            service="delivery",
            day=now.astimezone().date(),
            slot="morning",
            place=0,
            status="done",
            booked_via="associate",
            created_at=now - dt.timedelta(days=2),
            done_at=now,
        )
        store_save(s, row)


def test_the_purchase_question_is_answered_once_and_thanked(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    assert "How was your purchase with us?" in text_of(page.body)
    assert page.body.count('name="score" value=') == 11  # 0 to 10
    fields = form_fields(page.body, "score")
    for bad, message in (
        ({"score": "11"}, "Please choose a number from 0 to 10."),
        ({"score": ""}, "Please choose a number from 0 to 10."),
        ({"score": "-1"}, "Please choose a number from 0 to 10."),
        ({"score": "7", "comment": "x" * 281}, "Please keep your word to 280 characters."),
    ):
        refused = server.post(f"/f/{token}/score", {**fields, **bad})
        assert refused.status == 422, bad
        assert message in text_of(refused.body)
    assert _scores(store) == []

    sent = server.post(f"/f/{token}/score", {**fields, "score": "9", "comment": " Lovely  team "})
    assert sent.status == 303
    after = server.get(sent.headers["location"])
    assert "Thank you for telling us." in text_of(after.body)
    assert "How was your purchase with us?" not in text_of(after.body)
    [answer] = _scores(store)
    assert (answer.touchpoint, answer.score, answer.comment) == ("purchase", 9, "Lovely team")
    assert answer.given_via == "page"
    # the same form again (a second tap, an old tab): refused politely, nothing added
    again = server.post(f"/f/{token}/score", {**fields, "score": "3"})
    assert again.status == 409
    assert "We already have your answer to this question. Thank you." in text_of(again.body)
    assert [s.score for s in _scores(store)] == [9]


def test_the_delivery_question_comes_once_the_delivery_is_done(store, serve):
    token = store.links["zh"].token
    purchase = sell(store.engine, token, OVEN)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    assert "您对本次配送满意吗？" not in text_of(page.body)
    fields = form_fields(page.body, "score")
    early = server.post(f"/f/{token}/score", {**fields, "touchpoint": "delivery", "score": "8"})
    assert early.status == 404
    assert "此问题已关闭。" in text_of(early.body)
    assert count(store.engine, TouchpointScore) == 0

    _delivered(store, purchase)
    page = server.get(f"/f/{token}")
    seen = text_of(page.body)
    assert "您对本次配送满意吗？" in seen
    assert "已完成" in seen  # the delivery, done
    delivery = form_fields(page.body, "score", 1)
    assert delivery["touchpoint"] == "delivery"
    sent = server.post(f"/f/{token}/score", {**delivery, "score": "10", "comment": "准时，细心"})
    assert sent.status == 303
    assert "感谢您的反馈。" in text_of(server.get(sent.headers["location"]).body)
    [answer] = _scores(store)
    assert (answer.touchpoint, answer.score, answer.comment) == ("delivery", 10, "准时，细心")
    assert answer.booking_id is not None


def test_a_question_for_another_customers_purchase_is_refused(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    theirs = sell(store.engine, store.links["zh"].token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    fields = {**form_fields(page.body, "score"), "purchase": str(theirs), "score": "0"}
    refused = server.post(f"/f/{token}/score", fields)
    assert refused.status == 404
    assert count(store.engine, TouchpointScore) == 0
