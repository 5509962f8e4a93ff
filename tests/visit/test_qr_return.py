"""A customer back days later shows their phone page's QR code to kiosk B's camera.

The decoded text goes through ``kiosk.visit.qr_return.QrReturn``: only this store's page
address with a well-formed token is looked up, by the typed code's path (the same answers,
misses and slowing); anything else is FOREIGN and counted as a miss. Real parts as in
tests/visit/test_returning.py: two kiosks' SQLite databases, a real store PostgreSQL reached
by the real push, the visits' own clocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.db.engine import open_url
from kiosk.db.models import FollowupLink
from kiosk.db.reads import StoreReader
from kiosk.handoff.links import link_url, new_token
from kiosk.visit.qr_return import QrReturn
from kiosk.visit.returning import Returning, ReturnStatus, restore
from tests.aftersale.touch_fixtures import STORE, T0
from tests.visit.test_returning import (
    BASE,
    DAYS_LATER,
    KEPT,
    at_the_store,
    handed_off,
    journey,
    kiosk,
    misses,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    engine = open_url(store_url)
    yield engine
    engine.dispose()


def camera_of(b: Engine, store: Engine) -> QrReturn:
    return QrReturn(Returning(b, StoreReader(b, lambda: store), STORE), BASE)


def kiosk_b_after_a_hand_off(tmp_path, store):  # type: ignore[no-untyped-def]
    """Kiosk A's hand-off at the store; kiosk B's database and its camera's look-up."""
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    _, link = handed_off(a)
    at_the_store(a, store)
    return b, link, camera_of(b, store)


def test_the_phone_pages_code_restores_the_selection_like_the_typed_code(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    first, link = handed_off(a)
    at_the_store(a, store)
    new = journey(b, "kiosk-b", DAYS_LATER)
    new.begin("en")

    result = camera_of(b, store).look_up(link.url, DAYS_LATER)
    assert result.status is ReturnStatus.OK
    assert result.kept is not None
    assert result.kept.visit_id == first
    assert result.kept.selection == tuple(KEPT)
    restore(new, result.kept).result()
    state = new.state
    assert state is not None
    assert state.selection == KEPT
    assert state.needs == {"purpose": ["new-home"], "household": []}
    assert misses(b) == 0


def test_a_code_that_is_no_page_of_ours_is_refused_and_counted(tmp_path, store):
    b, link, camera = kiosk_b_after_a_hand_off(tmp_path, store)

    foreign = camera.look_up("https://elsewhere.example/f/" + link.token, DAYS_LATER)
    assert (foreign.status, foreign.kept) == (ReturnStatus.FOREIGN, None)
    assert misses(b) == 1, "a foreign code is a miss, like a wrong typed one"
    unknown = camera.look_up(link_url(BASE, new_token()), DAYS_LATER)
    assert unknown.status is ReturnStatus.UNKNOWN
    assert misses(b) == 2
    assert camera.look_up(link.url + "?lang=en", DAYS_LATER).status is ReturnStatus.FOREIGN
    assert misses(b) == 3


def test_expired_and_revoked_pages_answer_as_the_typed_code(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    _, old = handed_off(a, T0 - dt.timedelta(days=40))
    _, withdrawn = handed_off(a)
    at_the_store(a, store)
    with Session(store) as s, s.begin():
        row = s.scalars(select(FollowupLink).where(FollowupLink.token == withdrawn.token)).one()
        row.revoked_at = T0 + dt.timedelta(days=1)
    camera = camera_of(b, store)
    assert camera.look_up(old.url, DAYS_LATER).status is ReturnStatus.EXPIRED
    assert camera.look_up(withdrawn.url, DAYS_LATER).status is ReturnStatus.REVOKED
    assert misses(b) == 0


def test_foreign_codes_are_slowed_like_wrong_codes_and_then_even_ours_waits(tmp_path, store):
    b, link, camera = kiosk_b_after_a_hand_off(tmp_path, store)
    answers = [
        camera.look_up(f"https://poster.example/{n}", DAYS_LATER + dt.timedelta(seconds=n))
        for n in range(7)
    ]
    assert [r.status for r in answers] == [ReturnStatus.FOREIGN] * 5 + [ReturnStatus.SLOW] * 2
    assert misses(b) == 5, "a slowed code is not even counted"
    right = camera.look_up(link.url, DAYS_LATER + dt.timedelta(seconds=10))
    assert right.status is ReturnStatus.SLOW
    typed = camera.returning.look_up(link.fallback_code, DAYS_LATER + dt.timedelta(seconds=10))
    assert typed.status is ReturnStatus.SLOW, "one count for the keyboard and the camera"
    later = camera.look_up(link.url, DAYS_LATER + dt.timedelta(seconds=70))
    assert later.status is ReturnStatus.OK


def test_offline_a_page_of_this_kiosk_is_found_here_and_another_is_not_a_miss(tmp_path, store):
    a, b = kiosk(tmp_path, "a"), kiosk(tmp_path, "b")
    _, elsewhere = handed_off(a)
    at_the_store(a, store)
    _, here = handed_off(b)  # kiosk B's own hand-off, not yet pushed
    down = StoreReader(b, lambda: open_url("postgresql://kiosk@127.0.0.1:9/none"))
    offline = QrReturn(Returning(b, down, STORE), BASE)
    assert offline.look_up(here.url, DAYS_LATER).status is ReturnStatus.OK
    assert offline.look_up(elsewhere.url, DAYS_LATER).status is ReturnStatus.UNAVAILABLE
    assert misses(b) == 0, "the store's silence is not the customer's mistake"
    down.close()
