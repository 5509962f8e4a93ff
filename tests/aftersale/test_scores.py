"""A score at every touchpoint: asked when the touchpoint is reached, answered once, and every
bad answer refused with a message and nothing stored."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import (
    MAX_COMMENT,
    ScoreError,
    Scores,
    offered,
    record_score,
    score_id,
)
from kiosk.db.models import OutboxEntry, TouchpointScore
from kiosk.db.outbox import save
from kiosk.db.reads import StoreReader
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    STORE,
    T0,
    associate,
    booking,
    change_booking,
    client,
    count,
    purchase,
    scores,
    visit,
)

engine = touch_fixtures.engine  # the fixture, shared without a conftest

DAY = dt.timedelta(days=1)


def _offered(engine, purchase_id, now, via="page"):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return offered(s, purchase_id, now, via)


def _phone(engine):  # type: ignore[no-untyped-def]
    return Scores(engine, StoreReader(engine, None), STORE)


def test_each_touchpoint_is_offered_once_it_is_reached_and_until_it_is_answered(engine):
    sale = purchase(engine, visit(engine))
    delivery = booking(engine, sale, "delivery", (T0 + 3 * DAY).date())
    booking(engine, sale, "installation", (T0 + 4 * DAY).date())
    assert _offered(engine, sale, T0) == ("purchase",)
    # the delivery booked is not a delivery made
    assert _offered(engine, sale, T0 + 3 * DAY) == ("purchase",)
    change_booking(engine, delivery, status="done", done_at=T0 + 3 * DAY)
    assert _offered(engine, sale, T0 + 3 * DAY) == ("purchase", "delivery")
    assert _offered(engine, sale, T0 + 89 * DAY) == ("purchase", "delivery")
    assert _offered(engine, sale, T0 + 90 * DAY) == ("purchase", "delivery", "ninety_days")

    phone = _phone(engine)
    phone.record_by_phone("delivery", sale, 8, "", None, T0 + 4 * DAY)
    assert _offered(engine, sale, T0 + 90 * DAY) == ("purchase", "ninety_days")


def test_nothing_is_offered_for_an_unknown_or_voided_sale(engine):
    voided = purchase(engine, None, cancelled=True)
    assert _offered(engine, voided, T0 + 100 * DAY) == ()
    assert _offered(engine, uuid.uuid4(), T0) == ()


def test_a_phone_score_is_stored_once_with_its_outbox_entry_and_a_second_is_refused(engine):
    me = associate(engine)
    camille = client(engine)
    sale = purchase(engine, visit(engine, customer_id=camille), customer_id=camille)
    before = count(engine, OutboxEntry)

    sid = _phone(engine).record_by_phone("purchase", sale, 9, "  Lovely   oven ", me, T0)

    assert sid == score_id("purchase", sale)
    [row] = scores(engine)
    assert (row.touchpoint, row.score, row.comment, row.given_via) == (
        "purchase",
        9,
        "Lovely oven",
        "phone",
    )
    assert (row.purchase_id, row.customer_id, row.recorded_by) == (sale, camille, me)
    assert count(engine, OutboxEntry) == before + 1

    with pytest.raises(ScoreError, match="already answered") as refused:
        _phone(engine).record_by_phone("purchase", sale, 3, "", me, T0 + DAY)
    assert refused.value.field == "touchpoint"
    [kept] = scores(engine)
    assert kept.score == 9
    assert count(engine, OutboxEntry) == before + 1


@pytest.mark.parametrize(
    ("touchpoint", "score", "comment", "field", "message"),
    [
        ("purchase", 11, "", "score", "from 0 to 10"),
        ("purchase", -1, "", "score", "from 0 to 10"),
        ("purchase", True, "", "score", "whole number"),
        ("purchase", 7.5, "", "score", "whole number"),
        ("purchase", 7, "x" * (MAX_COMMENT + 1), "comment", f"at most {MAX_COMMENT}"),
        ("visit", 7, "", "touchpoint", "unknown touchpoint"),
        ("delivery", 7, "", "touchpoint", "delivery is not done yet"),
    ],
)
def test_bad_answers_are_refused_with_a_message_and_nothing_stored(
    engine, touchpoint, score, comment, field, message
):  # type: ignore[no-untyped-def]
    sale = purchase(engine, visit(engine))
    booking(engine, sale, "delivery", (T0 + 3 * DAY).date())
    before = count(engine, OutboxEntry)
    with pytest.raises(ScoreError, match=message) as refused:
        _phone(engine).record_by_phone(touchpoint, sale, score, comment, None, T0)
    assert refused.value.field == field
    assert count(engine, TouchpointScore) == 0
    assert count(engine, OutboxEntry) == before


def test_a_comment_of_exactly_the_limit_is_kept(engine):
    sale = purchase(engine, visit(engine))
    _phone(engine).record_by_phone("purchase", sale, 0, "é" * MAX_COMMENT, None, T0)
    assert scores(engine)[0].comment == "é" * MAX_COMMENT


def test_an_unknown_or_voided_purchase_is_refused(engine):
    with pytest.raises(ScoreError, match="no purchase") as refused:
        _phone(engine).record_by_phone("purchase", uuid.uuid4(), 8, "", None, T0)
    assert refused.value.field == "purchase"
    other_store = purchase(engine, None, store="another-store")
    with pytest.raises(ScoreError, match="no purchase"):
        _phone(engine).record_by_phone("purchase", other_store, 8, "", None, T0)
    voided = purchase(engine, None, cancelled=True)
    with pytest.raises(ScoreError, match="voided"):
        _phone(engine).record_by_phone("purchase", voided, 8, "", None, T0)
    assert count(engine, TouchpointScore) == 0


def test_the_page_waits_ninety_days_but_a_call_may_take_the_answer_on_its_due_day(engine):
    sale = purchase(engine, visit(engine))
    with Session(engine) as s, s.begin(), pytest.raises(ScoreError, match="ninety days"):
        record_score(s, STORE, "ninety_days", sale, 9, "", "page", None, T0 + 89 * DAY, save)
    # a call is not a 90-day check on day 10 ...
    with pytest.raises(ScoreError, match="ninety days"):
        _phone(engine).record_by_phone("ninety_days", sale, 9, "", None, T0 + 10 * DAY)
    assert _offered(engine, sale, T0 + 59 * DAY, "phone") == ("purchase",)
    # ... but the satisfaction task shows a month ahead and may be worked then
    assert _offered(engine, sale, T0 + 60 * DAY, "phone") == ("purchase", "ninety_days")
    _phone(engine).record_by_phone("ninety_days", sale, 9, "", None, T0 + 89 * DAY)
    assert [r.touchpoint for r in scores(engine)] == ["ninety_days"]


def test_a_cancelled_delivery_is_not_a_delivery_to_score(engine):
    sale = purchase(engine, visit(engine))
    done = booking(engine, sale, "delivery", (T0 + 3 * DAY).date(), done_at=T0 + 3 * DAY)
    change_booking(engine, done, status="cancelled", cancelled_at=T0 + 3 * DAY)
    assert _offered(engine, sale, T0 + 4 * DAY) == ("purchase",)
    with pytest.raises(ScoreError, match="not done yet"):
        _phone(engine).record_by_phone("delivery", sale, 9, "", None, T0 + 4 * DAY)


def test_the_score_names_the_done_booking_it_is_about(engine):
    sale = purchase(engine, visit(engine))
    done = booking(engine, sale, "installation", (T0 + 3 * DAY).date(), done_at=T0 + 3 * DAY)
    _phone(engine).record_by_phone("installation", sale, 10, "", None, T0 + 4 * DAY)
    assert scores(engine)[0].booking_id == done


def test_control_characters_are_dropped_from_the_word_and_lines_folded(engine):
    sale = purchase(engine, visit(engine))
    typed = "Very\x00 good\u200b\n\tservice\ud800 "
    _phone(engine).record_by_phone("purchase", sale, 9, typed, None, T0)
    assert scores(engine)[0].comment == "Very good service"
