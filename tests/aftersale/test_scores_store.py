"""Scores against a real store database: the page's answer is the one kept, whether a second
comes from the page at the same moment or from an associate's phone call on a kiosk."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import Future

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import ScoreError, Scores, offered, record_score
from kiosk.db.models import TouchpointScore
from kiosk.db.reads import StoreReader
from kiosk.db.versions import store_save
from kiosk.sync.pull import Puller
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    STORE,
    T0,
    count,
    local_engine,
    purchase,
    scores,
)

store = touch_fixtures.store  # the fixture, shared without a conftest

pytestmark = pytest.mark.postgres


def page_answer(store: Engine, sale, score: int, word: str = "") -> None:  # type: ignore[no-untyped-def]
    with Session(store) as s, s.begin():
        record_score(s, STORE, "purchase", sale, score, word, "page", None, T0, store_save)


def test_a_call_after_the_page_answered_is_refused_on_the_kiosk(tmp_path, store):
    sale = purchase(store, None, save_with=store_save)
    page_answer(store, sale, 10, "Parfait\x00 \ud800")  # PostgreSQL refuses a NUL
    kiosk = local_engine(tmp_path)
    Puller(kiosk, store, STORE).pull_all()  # the sale comes down; scores do not
    phone = Scores(kiosk, StoreReader(kiosk, lambda: store), STORE)
    assert phone.offered(sale, T0).value == ()  # the purchase answered on the page
    assert phone.offered(sale, T0 + dt.timedelta(days=60)).value == ("ninety_days",)

    with pytest.raises(ScoreError, match="already answered"):
        phone.record_by_phone("purchase", sale, 2, "", None, T0 + dt.timedelta(hours=1))
    assert count(kiosk, TouchpointScore) == 0
    assert [(r.score, r.comment) for r in scores(store)] == [(10, "Parfait")]


def test_two_page_answers_at_once_keep_the_first_and_tell_the_second(store):
    sale = purchase(store, None, save_with=store_save)
    first = Session(store)
    first.begin()
    record_score(first, STORE, "purchase", sale, 9, "", "page", None, T0, store_save)
    second: Future[str] = Future()

    def answer_again() -> None:  # blocks on the first's row until it commits
        try:
            with Session(store) as s, s.begin():
                record_score(s, STORE, "purchase", sale, 1, "", "page", None, T0, store_save)
            second.set_result("stored")
        except ScoreError as exc:
            second.set_result(str(exc))

    worker = threading.Thread(target=answer_again)
    worker.start()
    touch_fixtures.wait_for_a_lock_wait(store)  # the second's insert waits on the first's key
    first.commit()
    first.close()
    worker.join()
    assert second.result() == "the purchase was already answered"
    assert [r.score for r in scores(store)] == [9]
    with Session(store) as s:
        assert offered(s, sale, T0) == ()
