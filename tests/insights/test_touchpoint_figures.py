"""After the sale on the dashboard and in ``kiosk report``: NPS per touchpoint with its
answers, a dash (None, an empty CSV value) where nobody answered, the share of the period's
purchases that reached each touchpoint, invitations sent and redeemed; against a store
counted by hand (tests/insights/after_sale_fixtures.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import Period, StoreFigures
from kiosk.insights.touchpoints import AfterSaleFigures, after_sale_figures
from tests.insights.after_sale_fixtures import (
    AFTER_SALE_EXPECTED,
    WINDOW_120_DAYS,
    build_after_sale,
)
from tests.insights.fixtures import NOW, PARIS, STORE, Builder, at


@pytest.fixture
def sqlite_engine(tmp_path):  # type: ignore[no-untyped-def]
    engine = open_local(tmp_path / "k.sqlite3")
    upgrade(engine)
    yield engine
    engine.dispose()


def dashboards(engine) -> dict[str, StoreFigures]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return {p.value: figures(s, STORE, p, NOW, PARIS) for p in Period}


def check(a: AfterSaleFigures | None, expected: dict) -> None:  # type: ignore[type-arg]
    assert a is not None
    assert a.purchases == expected["purchases"]
    for t in a.touchpoints:
        if t.touchpoint in expected:
            assert (t.answers, t.nps, t.reached, t.share) == pytest.approx(
                expected[t.touchpoint]
            ), t.touchpoint
    if "invitations" in expected:
        assert (a.invitations_sent, a.invitations_redeemed) == expected["invitations"]


def test_the_dashboard_counts_after_the_sale_as_by_hand(sqlite_engine):
    build_after_sale(sqlite_engine)
    found = dashboards(sqlite_engine)
    for period, expected in AFTER_SALE_EXPECTED.items():
        check(found[period].after_sale, expected)
        # the visit touchpoint is the dashboard's own NPS, not another count of it
        visit = found[period].after_sale.touchpoint("visit")  # type: ignore[union-attr]
        assert (visit.nps, visit.answers) == (
            found[period].nps,
            found[period].feedback.responses,
        )


def test_the_touchpoints_come_in_the_order_of_the_journey(sqlite_engine):
    a = dashboards(sqlite_engine)["30d"].after_sale
    assert a is not None
    assert [t.touchpoint for t in a.touchpoints] == [
        "visit",
        "purchase",
        "delivery",
        "installation",
        "ninety_days",
    ]


def test_a_store_without_a_sale_has_dashes_not_zeros(sqlite_engine):
    a = dashboards(sqlite_engine)["30d"].after_sale
    assert a is not None
    assert a.purchases == 0
    assert all(t.nps is None and t.share is None and t.answers == 0 for t in a.touchpoints)
    assert (a.invitations_sent, a.invitations_redeemed) == (0, 0)


def test_a_long_window_sees_the_purchase_that_reached_its_ninety_days(sqlite_engine):
    build_after_sale(sqlite_engine)
    with Session(sqlite_engine) as s:
        a = after_sale_figures(s, STORE, NOW - dt.timedelta(days=120), NOW)
    check(a, WINDOW_120_DAYS)


@pytest.mark.postgres
def test_postgres_counts_the_same(pg_url, sqlite_engine):
    engine = open_url(pg_url)
    upgrade(engine)
    build_after_sale(engine)
    build_after_sale(sqlite_engine)
    on_pg, on_sqlite = dashboards(engine), dashboards(sqlite_engine)
    for period, expected in AFTER_SALE_EXPECTED.items():
        check(on_pg[period].after_sale, expected)
        assert on_pg[period].after_sale == on_sqlite[period].after_sale
    engine.dispose()


def test_a_delivery_confirmation_closed_by_its_cancelled_booking_is_not_a_follow_up_done(
    sqlite_engine,
):  # type: ignore[no-untyped-def]
    with Session(sqlite_engine) as s, s.begin():
        b = Builder(s)
        b.task(at(hours=-3), completed=at(hours=-2), outcome="confirmed", kind="delivery_confirm")
        b.task(at(hours=-3), completed=at(hours=-1), outcome="cancelled", kind="delivery_confirm")
    assert dashboards(sqlite_engine)["today"].followups_done == 1
