"""The 90-day satisfaction call now asks a score: completing the task with the client's
answer records a ``ninety_days`` score given by phone, in the same transaction, or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import score_id
from kiosk.associates.rules import SATISFACTION, sweep
from kiosk.associates.tasks import FollowupError, FollowupTasks
from kiosk.db.models import FollowupTask, OutboxEntry, TouchpointScore
from kiosk.db.reads import StoreReader
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    STORE,
    T0,
    associate,
    client,
    consent,
    count,
    purchase,
    scores,
    visit,
)
from tests.associates.tasks.helpers import tasks

engine = touch_fixtures.engine  # the fixture, shared without a conftest

DAY = dt.timedelta(days=1)


def bought(engine, with_sale: bool = True):  # type: ignore[no-untyped-def]
    """A client who consented and bought: the visit, its sale, its satisfaction task."""
    me = associate(engine)
    camille = client(engine)
    visit_id = visit(
        engine,
        customer_id=camille,
        associate_id=me,
        outcomes=(("purchased", dt.timedelta(minutes=20)),),
    )
    consent(engine, camille, visit_id)
    sale = purchase(engine, visit_id, T0, camille, me) if with_sale else None
    with Session(engine) as s, s.begin():
        sweep(s, STORE, T0 + DAY)
    [task] = [t for t in tasks(engine) if t.kind == SATISFACTION]
    return me, camille, sale, task


def ops(engine) -> FollowupTasks:  # type: ignore[no-untyped-def]
    return FollowupTasks(engine, StoreReader(engine, None), STORE)


def test_completing_the_call_with_a_score_records_it_with_the_task(engine):
    me, camille, sale, task = bought(engine)
    before = count(engine, OutboxEntry)
    at = task.due_at + dt.timedelta(hours=2)

    done = ops(engine).complete(task.id, me, "reached", at, score=9, comment="Cooks beautifully")

    assert done.outcome == "reached"
    [row] = scores(engine)
    assert row.id == score_id("ninety_days", sale)
    assert (row.touchpoint, row.score, row.comment, row.given_via) == (
        "ninety_days",
        9,
        "Cooks beautifully",
        "phone",
    )
    assert (row.recorded_by, row.customer_id, row.given_at) == (me, camille, at)
    with Session(engine) as s:
        stored = s.get(FollowupTask, task.id)
        assert stored is not None
        assert stored.outcome == "reached"
    assert count(engine, OutboxEntry) == before + 2  # the score and the task, together


def test_a_call_without_a_score_completes_as_before(engine):
    me, _, _, task = bought(engine)
    ops(engine).complete(task.id, me, "no_answer", task.due_at)
    assert count(engine, TouchpointScore) == 0


@pytest.mark.parametrize(
    ("outcome", "score", "comment", "code", "message"),
    [
        ("reached", 11, "", "score", "from 0 to 10"),
        ("reached", 8, "x" * 281, "comment", "at most 280"),
        ("no_answer", 8, "", "score", "when the client was reached"),
        ("reached", None, "a word alone", "score", "give the score too"),
    ],
)
def test_a_bad_score_leaves_the_task_open_and_stores_nothing(
    engine, outcome, score, comment, code, message
):  # type: ignore[no-untyped-def]
    me, _, _, task = bought(engine)
    before = count(engine, OutboxEntry)
    with pytest.raises(FollowupError, match=message) as refused:
        ops(engine).complete(task.id, me, outcome, task.due_at, score=score, comment=comment)
    assert refused.value.code == code
    assert count(engine, TouchpointScore) == 0
    assert count(engine, OutboxEntry) == before
    with Session(engine) as s:
        assert s.get(FollowupTask, task.id).completed_at is None  # type: ignore[union-attr]


def test_a_score_already_given_refuses_the_second_and_the_task_stays_open(engine):
    me, _, sale, task = bought(engine)
    from kiosk.aftersale.scores import Scores

    Scores(engine, StoreReader(engine, None), STORE).record_by_phone(
        "ninety_days", sale, 10, "", me, task.due_at
    )
    with pytest.raises(FollowupError, match="already answered") as refused:
        ops(engine).complete(task.id, me, "reached", task.due_at, score=4)
    assert refused.value.code == "answered"
    assert [r.score for r in scores(engine)] == [10]
    # without the score, the call is still recorded
    ops(engine).complete(task.id, me, "reached", task.due_at)


def test_a_task_that_asks_no_score_refuses_one(engine):
    me, _, _, _ = bought(engine)
    thank_you = next(t for t in tasks(engine) if t.kind == "thank_you")
    with pytest.raises(FollowupError, match="takes no score"):
        ops(engine).complete(thank_you.id, me, "reached", T0 + 2 * DAY, score=9)
    assert count(engine, TouchpointScore) == 0


def test_a_visit_recorded_purchased_before_sales_were_records_keeps_its_answer(engine):
    me, _, _, task = bought(engine, with_sale=False)
    ops(engine).complete(task.id, me, "reached", task.due_at, score=6)
    [row] = scores(engine)
    assert row.id == score_id("ninety_days", task.visit_id)  # type: ignore[arg-type]
    assert (row.purchase_id, row.visit_id, row.score) == (None, task.visit_id, 6)


def test_the_task_decides_when_the_ninety_day_call_is_made(engine):
    """A satisfaction task worked early (it shows a month ahead; or a visit recorded
    "purchased" long before its sale was entered) still takes the client's answer."""
    me, _, sale, task = bought(engine)
    early = T0 + 5 * DAY
    ops(engine).complete(task.id, me, "reached", early, score=7)
    [row] = scores(engine)
    assert (row.touchpoint, row.purchase_id, row.given_at) == ("ninety_days", sale, early)
