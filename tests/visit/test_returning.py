"""A customer back days later: their hand-off code typed on another kiosk of the store.

Real parts: two kiosks' own SQLite databases, a real store PostgreSQL (tests/pg.py) the visits
reach by the real push, journeys writing through ``VisitStore``; time is the visits' own
(``Journey(clock=...)``) and the ``at`` each look-up is given, so "days later" costs nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.db.engine import open_url
from kiosk.db.models import CodeMiss, FollowupLink, NeedsAnswer, SelectionItem, VisitEvent
from kiosk.db.reads import StoreReader
from kiosk.handoff.links import IssuedLink
from kiosk.station.runtime import start
from kiosk.sync.push import Pusher
from kiosk.visit.journey import Journey
from kiosk.visit.records import VisitStore
from kiosk.visit.returning import RETURNED, Returning, ReturnStatus, restore
from kiosk.visit.stages import EndReason
from tests.aftersale.touch_fixtures import STORE, T0, local_engine
from tests.sync.helpers import kiosk_config

pytestmark = pytest.mark.postgres
DAYS_LATER = T0 + dt.timedelta(days=5)
KEPT = ["MV-LI-SF3", "MV-LT-FL1"]
REMOVED = "MV-LI-AC1"
BASE = "https://maison.example/f/"


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    engine = open_url(store_url)
    yield engine
    engine.dispose()


def kiosk(tmp_path, name: str) -> Engine:  # type: ignore[no-untyped-def]
    folder = tmp_path / name
    folder.mkdir()
    return local_engine(folder)


def journey(engine: Engine, name: str, at: dt.datetime) -> Journey:
    return Journey(VisitStore(engine, STORE, name), clock=lambda: at)


def handed_off(
    engine: Engine, at: dt.datetime = T0, days: int = 30
) -> tuple[uuid.UUID, IssuedLink]:
    """Kiosk A's visit: two answers, three pieces kept and one put back, the hand-off."""
    visit = journey(engine, "kiosk-a", at)
    visit.begin("zh-Hans")
    visit.answer("purpose", ["new-home"])
    visit.answer("household", [], skipped=True)
    for sku in (KEPT[0], REMOVED, KEPT[1]):
        visit.set_selected(sku, True)
    visit.set_selected(REMOVED, False)
    link = visit.issue_link(BASE, dt.timedelta(days=days)).result()
    state = visit.state
    assert state is not None
    visit.end(EndReason.COMPLETED)
    return state.visit_id, link


def at_the_store(a: Engine, store: Engine) -> None:
    Pusher(a, store).push_all()


def misses(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(CodeMiss)) or 0)


def test_the_selection_kept_on_kiosk_a_comes_back_on_kiosk_b_days_later(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    first, link = handed_off(a)
    at_the_store(a, store)
    returning = Returning(b, StoreReader(b, lambda: store), STORE)
    new = journey(b, "kiosk-b", DAYS_LATER)
    new.begin("en")

    typed = link.code_for_display.lower().replace("0", "o")  # as a customer may type it
    result = returning.look_up(typed, DAYS_LATER)
    assert result.status is ReturnStatus.OK
    assert result.kept is not None
    assert result.kept.visit_id == first
    assert result.kept.selection == tuple(KEPT), "the piece put back stays put back"
    restore(new, result.kept).result()

    state = new.state
    assert state is not None
    assert state.selection == KEPT
    assert state.needs == {"purpose": ["new-home"], "household": []}
    with Session(b) as s:
        kept = s.scalars(
            select(SelectionItem.sku).where(
                SelectionItem.visit_id == state.visit_id, SelectionItem.removed_at.is_(None)
            )
        ).all()
        answers = {
            row.question_id: (row.answer, row.skipped)
            for row in s.scalars(select(NeedsAnswer).where(NeedsAnswer.visit_id == state.visit_id))
        }
        returned = s.scalars(
            select(VisitEvent).where(
                VisitEvent.visit_id == state.visit_id, VisitEvent.kind == RETURNED
            )
        ).one()
    assert sorted(kept) == sorted(KEPT)
    assert answers == {"purpose": (["new-home"], False), "household": ([], True)}
    assert returned.payload == {"from_visit": str(first)}, "where it came from, nothing personal"
    assert misses(b) == 0
    with Session(b) as s:  # the link stays at the store: a kiosk keeps no copy of it
        assert s.scalar(select(func.count()).select_from(FollowupLink)) == 0


def test_expired_and_revoked_codes_restore_nothing_and_count_no_miss(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    _, old = handed_off(a, T0 - dt.timedelta(days=40))
    _, withdrawn = handed_off(a)
    at_the_store(a, store)
    with Session(store) as s, s.begin():
        row = s.scalars(
            select(FollowupLink).where(FollowupLink.fallback_code == withdrawn.fallback_code)
        ).one()
        row.revoked_at = T0 + dt.timedelta(days=1)
    returning = Returning(b, StoreReader(b, lambda: store), STORE)

    expired = returning.look_up(old.fallback_code, DAYS_LATER)
    revoked = returning.look_up(withdrawn.fallback_code, DAYS_LATER)
    assert (expired.status, expired.kept) == (ReturnStatus.EXPIRED, None)
    assert (revoked.status, revoked.kept) == (ReturnStatus.REVOKED, None)
    assert misses(b) == 0


def test_ten_wrong_codes_in_a_minute_are_slowed_and_a_restart_forgives_nothing(
    tmp_path, store, store_url
):
    a = kiosk(tmp_path, "a")
    _, link = handed_off(a)
    at_the_store(a, store)
    config = kiosk_config(tmp_path, "kiosk-b", store_url, KIOSK_STORE_ID=STORE)
    runtime = start(config)
    try:
        answers = [
            runtime.returning.look_up(f"ZZZZZ9999{n}", DAYS_LATER + dt.timedelta(seconds=n))
            for n in range(10)
        ]
    finally:
        runtime.close()
    assert [r.status for r in answers] == [ReturnStatus.UNKNOWN] * 5 + [ReturnStatus.SLOW] * 5
    assert all(r.retry_after > 0 for r in answers[5:])

    again = start(config)  # the kiosk restarted: the misses are in its database
    try:
        at = DAYS_LATER + dt.timedelta(seconds=20)
        assert misses(again.engine) == 5, "a slowed code is not even looked at"
        right = again.returning.look_up(link.fallback_code, at)
        assert right.status is ReturnStatus.SLOW, "even the right code waits"
        assert 0 < right.retry_after <= 60
        later = again.returning.look_up(link.fallback_code, at + dt.timedelta(seconds=61))
        assert later.status is ReturnStatus.OK
        # the invitation codes are slowed on their own count
        assert again.referrals.retry_after(at) == 0
    finally:
        again.close()


def test_offline_a_code_of_this_kiosk_is_found_here_and_another_is_not_a_miss(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    _, elsewhere = handed_off(a)
    at_the_store(a, store)
    _, here = handed_off(b)  # kiosk B's own hand-off, not yet pushed
    online = Returning(b, StoreReader(b, lambda: store), STORE)
    assert online.look_up(here.fallback_code, DAYS_LATER).status is ReturnStatus.OK

    down = StoreReader(b, lambda: open_url("postgresql://kiosk@127.0.0.1:9/none"))
    offline = Returning(b, down, STORE)
    assert offline.look_up(here.fallback_code, DAYS_LATER).status is ReturnStatus.OK
    result = offline.look_up(elsewhere.fallback_code, DAYS_LATER)
    assert result.status is ReturnStatus.UNAVAILABLE
    assert misses(b) == 0, "the store's silence is not the customer's mistake"
    down.close()


def test_a_code_of_another_store_is_unknown_here(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    _, link = handed_off(a)
    at_the_store(a, store)
    other = Returning(b, StoreReader(b, lambda: store), "store-elsewhere")
    assert other.look_up(link.fallback_code, DAYS_LATER).status is ReturnStatus.UNKNOWN
    assert misses(b) == 1
