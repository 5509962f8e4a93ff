"""The thank-you for a friend's invitation goes to the inviting client's advisor first, like
every follow-up, whoever makes it: the page's redemption at once, the store's sweep for a code
typed on a kiosk that does not know the inviting link, or the kiosk that issued that link as
the code is typed there. The associate of the inviting visit takes it when the advisor is away
longer than the setting, or disabled, or the client has no clienteling consent. Against the
real store database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.aftersale.referrals import RedeemResult, Referrals, create_invitation, redeem
from kiosk.aftersale.rules import REFERRAL_THANKS
from kiosk.associates.rules import rule_id, sweep
from kiosk.db.reads import StoreReader
from kiosk.db.versions import store_save
from kiosk.sync.push import Pusher
from tests.aftersale import touch_fixtures
from tests.aftersale.touch_fixtures import STORE, link, local_engine, open_visit, visit
from tests.associates.routing_fixtures import (
    LIMIT,
    NOW,
    SETTINGS,
    assigned,
    away,
    disable,
    people,
)

store = touch_fixtures.store  # the fixture, shared without a conftest

pytestmark = pytest.mark.postgres
DAY = dt.timedelta(days=1)


def kiosk(tmp_path, name: str) -> Engine:  # type: ignore[no-untyped-def]
    folder = tmp_path / name
    folder.mkdir()
    return local_engine(folder)


@pytest.mark.parametrize("redeemed_on", ["page", "kiosk", "inviting_kiosk"])
@pytest.mark.parametrize("case", ["advisor", "back_soon", "away", "disabled", "no_clienteling"])
def test_the_referral_thanks_goes_to_the_inviting_clients_advisor_first(
    tmp_path, store, case, redeemed_on
):
    a = kiosk(tmp_path, "a")
    p = people(a, clienteling=case != "no_clienteling")
    if case == "back_soon":  # within the store's setting (72 hours), beyond the default 48
        away(a, p.advisor, NOW + dt.timedelta(hours=60))
    elif case == "away":
        away(a, p.advisor, NOW + 5 * DAY)
    elif case == "disabled":
        disable(a, p.advisor)
    sent = link(a, visit(a, NOW, p.client, p.served_by), NOW)
    Pusher(a, store).push_all()
    with Session(store, expire_on_commit=False) as s, s.begin():
        invitation = create_invitation(s, STORE, sent, None, NOW, 30)

    at = NOW + dt.timedelta(hours=2)
    made_in = store
    if redeemed_on == "inviting_kiosk":  # it holds the link: the thank-you is made there
        cards = Referrals(a, StoreReader(a, lambda: store), STORE, "kiosk-a", LIMIT)
        assert cards.redeem_code(invitation.code, open_visit(a, at), at) is RedeemResult.OK
        made_in = a
    elif redeemed_on == "page":
        with Session(store) as s, s.begin():
            redeem(s, invitation.id, "page", None, at, store_save, LIMIT)
    else:
        b = kiosk(tmp_path, "b")
        cards = Referrals(b, StoreReader(b, lambda: store), STORE, "kiosk-b")
        assert cards.redeem_code(invitation.code, open_visit(b, at), at) is RedeemResult.OK
        Pusher(b, store).push_all()
        with Session(store) as s, s.begin():
            made = sweep(s, STORE, at, store_save, outreach=SETTINGS).created
        assert made.get(REFERRAL_THANKS) == 1
        b.dispose()

    expected = p.advisor if case in ("advisor", "back_soon") else p.served_by
    assert assigned(made_in, rule_id(REFERRAL_THANKS, invitation.id)) == expected
    a.dispose()
