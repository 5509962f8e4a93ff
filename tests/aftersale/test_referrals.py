"""Private-viewing invitations: made from a link (at most five waiting), opaque, read back
with the hand-off code's forgiving rules, redeemed once; a kiosk counts wrong codes in its
own database and slows down past five a minute, across a restart."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.aftersale.referrals import (
    MAX_LIVE,
    REFERRED,
    InvitationStatus,
    RedeemResult,
    ReferralError,
    Referrals,
    create_invitation,
    invitation_for_token,
    invitations_for_link,
    redeem,
)
from kiosk.db.models import CodeMiss, Invitation, OutboxEntry, VisitEvent
from kiosk.db.outbox import save
from kiosk.db.reads import StoreReader
from kiosk.handoff.links import CODE_ALPHABET, TOKEN_RE, display_code
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import (
    STORE,
    T0,
    count,
    invitation,
    link,
    local_engine,
    open_visit,
    purchase,
    visit,
)

engine = touch_fixtures.engine  # the fixture, shared without a conftest

DAY = dt.timedelta(days=1)


def invite(engine: Engine, link_id: uuid.UUID, at: dt.datetime = T0, days: int = 30) -> Invitation:
    with Session(engine, expire_on_commit=False) as s, s.begin():
        return create_invitation(s, STORE, link_id, None, at, days, save)


def referrals(engine: Engine) -> Referrals:
    return Referrals(engine, StoreReader(engine, None), STORE, "kiosk-1")


def events(engine: Engine, visit_id: uuid.UUID) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    with Session(engine) as s:
        rows = s.scalars(
            select(VisitEvent).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
        ).all()
        return [(e.kind, dict(e.payload)) for e in rows]


def test_an_invitation_is_an_opaque_token_and_a_code_shaped_like_the_hand_off_code(engine):
    sent = link(engine, visit(engine))
    row = invite(engine, sent)
    assert TOKEN_RE.match(row.token)
    assert len(row.code) == 10
    assert set(row.code) <= set(CODE_ALPHABET)
    assert row.expires_at == T0 + 30 * DAY
    with Session(engine) as s:
        view = invitation_for_token(s, row.token, T0)
        assert view is not None
        assert view.status is InvitationStatus.OK
        assert view.code_for_display == display_code(row.code)
        assert invitation_for_token(s, row.token, T0 + 31 * DAY).status is (  # type: ignore[union-attr]
            InvitationStatus.EXPIRED
        )
        assert invitation_for_token(s, "A" * 32, T0) is None
        assert invitation_for_token(s, "../../etc/passwd", T0) is None


def test_at_most_five_invitations_wait_per_link(engine):
    sent = link(engine, visit(engine), days=90)
    first = invite(engine, sent)
    for _ in range(MAX_LIVE - 1):
        invite(engine, sent)
    with pytest.raises(ReferralError, match="5 invitations are waiting") as refused:
        invite(engine, sent)
    assert refused.value.code == "limit"
    assert count(engine, Invitation) == MAX_LIVE
    # one used: room for another
    friend = open_visit(engine, T0 + DAY)
    with Session(engine) as s, s.begin():
        redeem(s, first.id, "kiosk", friend, T0 + DAY, save)
    invite(engine, sent, T0 + DAY)
    # all expired: room again
    invite(engine, sent, T0 + 40 * DAY)
    with Session(engine) as s:
        assert len(invitations_for_link(s, sent, T0 + 40 * DAY)) == MAX_LIVE + 2


@pytest.mark.parametrize(
    ("days", "code", "message"),
    [(0, "days", "from 1 to 365"), (366, "days", "from 1 to 365")],
)
def test_a_bad_validity_is_refused(engine, days, code, message):  # type: ignore[no-untyped-def]
    sent = link(engine, visit(engine))
    with pytest.raises(ReferralError, match=message) as refused:
        invite(engine, sent, days=days)
    assert refused.value.code == code
    assert count(engine, Invitation) == 0


def test_an_unknown_expired_or_foreign_link_makes_no_invitation(engine):
    with pytest.raises(ReferralError, match="unknown") as refused:
        invite(engine, uuid.uuid4())
    assert refused.value.code == "link"
    old = link(engine, visit(engine), days=1)
    with pytest.raises(ReferralError, match="expired"):
        invite(engine, old, T0 + 2 * DAY)
    other_sale = purchase(engine, visit(engine))
    sent = link(engine, visit(engine))
    with Session(engine) as s, s.begin(), pytest.raises(ReferralError, match="not one of"):
        create_invitation(s, STORE, sent, other_sale, T0, 30, save)
    assert count(engine, Invitation) == 0


def test_a_typed_code_is_forgiven_case_spaces_dashes_and_look_alikes(engine):
    sent = link(engine, visit(engine))
    row = invite(engine, sent)
    # a code with a 0 and a 1, typed as O and l, in lower case with a space and a dash
    with Session(engine) as s, s.begin():
        stored = s.get(Invitation, row.id)
        assert stored is not None
        stored.code = "0A1BC-DE2F3".replace("-", "")
        save(s, stored)
    friend = open_visit(engine, T0 + DAY)
    typed = " oa lbc - de2f3 "
    assert referrals(engine).redeem_code(typed, friend, T0 + DAY) is RedeemResult.OK


def test_redeeming_a_code_refers_the_visit_once_through_the_outbox(engine):
    sent = link(engine, visit(engine))
    row = invite(engine, sent)
    friend = open_visit(engine, T0 + DAY)
    before = count(engine, OutboxEntry)

    assert referrals(engine).redeem_code(row.code, friend, T0 + DAY) is RedeemResult.OK

    used = invitation(engine, row.id)
    assert (used.redeemed_at, used.redeemed_via, used.redeemed_visit_id) == (
        T0 + DAY,
        "kiosk",
        friend,
    )
    assert events(engine, friend)[-1] == (REFERRED, {"invitation": str(row.id)})
    assert count(engine, OutboxEntry) == before + 2  # the invitation and the event

    later = open_visit(engine, T0 + 2 * DAY)
    assert referrals(engine).redeem_code(row.code, later, T0 + 2 * DAY) is RedeemResult.USED
    assert [kind for kind, _ in events(engine, later)] == ["visit_started"]
    assert count(engine, CodeMiss) == 0  # a real code, used: not a guess


def test_an_expired_code_is_told_as_expired_and_changes_nothing(engine):
    sent = link(engine, visit(engine))
    row = invite(engine, sent, days=7)
    friend = open_visit(engine, T0 + 8 * DAY)
    assert referrals(engine).redeem_code(row.code, friend, T0 + 8 * DAY) is RedeemResult.EXPIRED
    assert invitation(engine, row.id).redeemed_at is None
    assert count(engine, CodeMiss) == 0


def test_redeem_refuses_unknown_used_and_expired_invitations_storing_nothing(engine):
    sent = link(engine, visit(engine))
    row = invite(engine, sent, days=7)
    friend = open_visit(engine, T0 + DAY)
    with Session(engine) as s, s.begin(), pytest.raises(ReferralError, match="unknown"):
        redeem(s, uuid.uuid4(), "page", None, T0, save)
    with Session(engine) as s, s.begin(), pytest.raises(ReferralError, match="expired"):
        redeem(s, row.id, "page", None, T0 + 8 * DAY, save)
    with Session(engine) as s, s.begin():
        redeem(s, row.id, "page", None, T0 + DAY, save)
    with Session(engine) as s, s.begin(), pytest.raises(ReferralError, match="already used"):
        redeem(s, row.id, "kiosk", friend, T0 + DAY, save)
    assert invitation(engine, row.id).redeemed_via == "page"
    assert [kind for kind, _ in events(engine, friend)] == ["visit_started"]


def test_wrong_codes_slow_the_kiosk_down_after_five_a_minute_even_across_a_restart(tmp_path):
    engine = local_engine(tmp_path)
    sent = link(engine, visit(engine))
    row = invite(engine, sent)
    friend = open_visit(engine, T0 + DAY)
    at = T0 + DAY
    kiosk = referrals(engine)
    for n in range(5):
        wrong = "ZZZZZ-ZZZZ" + "0123456789"[n]
        assert kiosk.redeem_code(wrong, friend, at + dt.timedelta(seconds=n)) is (
            RedeemResult.UNKNOWN
        )
    assert kiosk.redeem_code("not a code", friend, at + dt.timedelta(seconds=5)) is (
        RedeemResult.SLOW
    )
    assert count(engine, CodeMiss) == 5
    engine.dispose()

    engine = local_engine(tmp_path)  # the kiosk restarted
    kiosk = referrals(engine)
    # even the right code waits: the kiosk does not look while slowed
    assert kiosk.redeem_code(row.code, friend, at + dt.timedelta(seconds=10)) is (RedeemResult.SLOW)
    assert kiosk.retry_after(at + dt.timedelta(seconds=10)) == 50
    assert invitation(engine, row.id).redeemed_at is None
    later = at + dt.timedelta(seconds=60)
    assert kiosk.retry_after(later) == 0
    assert kiosk.redeem_code(row.code, friend, later) is RedeemResult.OK
    engine.dispose()


def test_a_code_for_an_ended_visit_is_refused_and_stores_nothing(engine):
    sent = link(engine, visit(engine))
    row = invite(engine, sent)
    ended = visit(engine)
    with pytest.raises(ReferralError, match="already ended") as refused:
        referrals(engine).redeem_code(row.code, ended, T0 + DAY)
    assert refused.value.code == "visit"
    assert invitation(engine, row.id).redeemed_at is None
