"""Invitations across the real store database: made on the page, typed on a kiosk that has
not pulled them yet, redeemed once whichever side is first, and the inviting client's
associate thanked by the store's sweep (only the store knows the inviting link)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import Future

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.aftersale.referrals import (
    MAX_LIVE,
    RedeemResult,
    ReferralError,
    Referrals,
    create_invitation,
    invitations_for_link,
    redeem,
)
from kiosk.aftersale.rules import REFERRAL_THANKS
from kiosk.associates.rules import rule_id, sweep
from kiosk.db.engine import open_url
from kiosk.db.models import FollowupTask, Invitation, Visit, VisitEvent
from kiosk.db.reads import StoreReader
from kiosk.db.versions import store_save
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    STORE,
    T0,
    associate,
    client,
    consent,
    link,
    local_engine,
    open_visit,
    visit,
)

store = touch_fixtures.store  # the fixture, shared without a conftest

pytestmark = pytest.mark.postgres
DAY = dt.timedelta(days=1)


def kiosk(tmp_path, name: str) -> Engine:  # type: ignore[no-untyped-def]
    folder = tmp_path / name
    folder.mkdir()
    return local_engine(folder)


def page_invitation(store: Engine, tmp_path) -> tuple[Invitation, object, object]:  # type: ignore[no-untyped-def]
    """Kiosk A's visit (a consenting client, an associate, a link) at the store, and an
    invitation made from its link on the page."""
    a = kiosk(tmp_path, "a")
    me = associate(a)
    camille = client(a)
    inviting = visit(a, customer_id=camille, associate_id=me)
    consent(a, camille, inviting)
    sent = link(a, inviting)
    Pusher(a, store).push_all()
    a.dispose()
    with Session(store, expire_on_commit=False) as s, s.begin():
        row = create_invitation(s, STORE, sent, None, T0, 30)
    return row, me, camille


def test_a_code_made_on_the_page_minutes_ago_is_found_on_a_kiosk(tmp_path, store):
    row, me, camille = page_invitation(store, tmp_path)
    b = kiosk(tmp_path, "b")  # has pulled nothing
    friend = open_visit(b, T0 + DAY)
    referrals = Referrals(b, StoreReader(b, lambda: store), STORE, "kiosk-b")

    assert referrals.redeem_code(row.code.lower(), friend, T0 + DAY) is RedeemResult.OK

    Pusher(b, store).push_all()
    with Session(store) as s:
        used = s.get(Invitation, row.id)
        assert used is not None
        assert (used.redeemed_via, used.redeemed_visit_id) == ("kiosk", friend)
        referred = s.scalars(
            select(VisitEvent.payload).where(
                VisitEvent.visit_id == friend, VisitEvent.kind == "referred"
            )
        ).all()
        assert referred == [{"invitation": str(row.id)}]
    # the kiosk did not know the inviting link: the store's sweep thanks the client
    with Session(store) as s, s.begin():
        made = sweep(s, STORE, T0 + DAY, store_save)
    assert made.created.get(REFERRAL_THANKS) == 1
    with Session(store) as s:
        task = s.get(FollowupTask, rule_id(REFERRAL_THANKS, row.id))
        assert task is not None
        assert (task.assigned_to, task.customer_id) == (me, camille)
    b.dispose()


def test_a_code_used_on_the_page_is_told_used_on_a_kiosk_with_a_stale_copy(tmp_path, store):
    row, _, _ = page_invitation(store, tmp_path)
    b = kiosk(tmp_path, "b")
    Puller(b, store, STORE).pull_all()  # the kiosk's copy: not yet used
    with Session(store) as s, s.begin():
        redeem(s, row.id, "page", None, T0 + DAY, store_save)
        # the page's redemption thanks the client at once: the store knows the link
        assert s.get(FollowupTask, rule_id(REFERRAL_THANKS, row.id)) is not None
    friend = open_visit(b, T0 + 2 * DAY)
    referrals = Referrals(b, StoreReader(b, lambda: store), STORE, "kiosk-b")
    assert referrals.redeem_code(row.code, friend, T0 + 2 * DAY) is RedeemResult.USED
    with Session(b) as s:
        assert s.get(Visit, friend) is not None
        assert s.scalars(select(VisitEvent.kind).where(VisitEvent.visit_id == friend)).all() == [
            "visit_started"
        ]
    b.dispose()


def test_the_page_redeems_once_even_when_asked_twice(tmp_path, store):
    row, _, _ = page_invitation(store, tmp_path)
    with Session(store) as s, s.begin():
        redeem(s, row.id, "page", None, T0 + DAY, store_save)
    with Session(store) as s, s.begin(), pytest.raises(ReferralError, match="already used"):
        redeem(s, row.id, "page", None, T0 + DAY, store_save)
    with Session(store) as s:
        assert s.get(Invitation, row.id).version == 2  # type: ignore[union-attr]


def test_offline_a_kiosk_answers_from_its_own_copy(tmp_path, store):
    row, _, _ = page_invitation(store, tmp_path)
    b = kiosk(tmp_path, "b")
    Puller(b, store, STORE).pull_all()
    friend = open_visit(b, T0 + DAY)

    def unreachable() -> Engine:
        return open_url("postgresql+psycopg://nobody@127.0.0.1:1/none")

    referrals = Referrals(b, StoreReader(b, unreachable), STORE, "kiosk-b")
    assert referrals.redeem_code(row.code, friend, T0 + DAY) is RedeemResult.OK
    b.dispose()


def test_two_taps_at_once_on_the_fifth_invitation_make_five_not_six(tmp_path, store):
    row, _, _ = page_invitation(store, tmp_path)
    assert row.link_id is not None
    for _ in range(MAX_LIVE - 2):
        with Session(store) as s, s.begin():
            create_invitation(s, STORE, row.link_id, None, T0, 30)
    first = Session(store)
    first.begin()
    create_invitation(first, STORE, row.link_id, None, T0, 30)  # the fifth, not committed
    second: Future[str] = Future()

    def tap_again() -> None:  # waits on the link the first holds, then counts five
        try:
            with Session(store) as s, s.begin():
                create_invitation(s, STORE, row.link_id, None, T0, 30)  # type: ignore[arg-type]
            second.set_result("made")
        except ReferralError as exc:
            second.set_result(exc.code)

    worker = threading.Thread(target=tap_again)
    worker.start()
    touch_fixtures.wait_for_a_lock_wait(store)
    first.commit()
    first.close()
    worker.join()
    assert second.result() == "limit"
    with Session(store) as s:
        assert len(invitations_for_link(s, row.link_id, T0)) == MAX_LIVE
