"""The dashboard's "After the sale" view: a manager sees NPS at each touchpoint with its
answers (a dash where nobody answered), the share of the period's purchases that reached
each, and invitations sent and redeemed, on a store whose figures were worked out by hand.
Screenshots in both languages and portrait."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import score_id
from kiosk.db.models import Invitation, Purchase, ServiceBooking, TouchpointScore, Visit
from kiosk.insights.measures import Period
from tests.insights.fixtures import NOW, PARIS, STORE, at, build
from tests.ui.test_associate_mode import grab
from tests.ui.test_dashboard import figures_shown, open_home

OVEN = {"sku": "MV-CO-OV60", "quantity": 1, "finish": None, "delivery": True, "installation": True}

# Today (Paris) in the hand-counted store (tests/insights/fixtures.py) and, added here:
# - purchases today: P1 (in visit V1), P2, P3; not counted: P4 of another store, P5 voided
#   today, P6 a hundred days ago (its 90-day answer, given today, counts);
# - P1's delivery and installation done today, P2's delivery done, P3's delivery booked;
# - answers given today: purchase P1 10, P2 9, P3 6 -> 2 promoters, 1 detractor: +33 (3);
#   delivery P1 10, P2 3 -> 1 and 1: 0 (2); installation none: a dash; 90 days P6 8 ->
#   a passive: 0 (1); visit: the farewell's 10, 8 and 0 of V1, V2, V4: 0 (3);
# - reached, of the 3 purchases: visit 1 (33%), purchase 3 (100%), delivery 2 (67%),
#   installation 1 (33%), 90 days 0 (0%);
# - invitations: 3 made today, 1 made ten days ago; redeemed today: one of today's and the
#   old one -> sent 3, redeemed 2 (67% of those sent).
EXPECTED = {
    "visit": ("0", "3 answers", "Reached by 33% of purchases (1)"),
    "purchase": ("+33", "3 answers", "Reached by 100% of purchases (3)"),
    "delivery": ("0", "2 answers", "Reached by 67% of purchases (2)"),
    "installation": ("—", "No answers yet", "Reached by 33% of purchases (1)"),
    "ninety_days": ("0", "1 answer", "Reached by 0% of purchases (0)"),
}
TOTALS = {"purchases": "3", "sent": "3", "redeemed": "2"}


def build_after_sale(engine: Engine) -> None:
    """The hand-counted store's after-sale records (see above); run after ``build``."""
    with Session(engine) as s, s.begin():
        first = s.scalars(
            select(Visit)
            .where(Visit.store_id == STORE, Visit.started_at >= at(hours=-4, minutes=-1))
            .order_by(Visit.started_at)
        ).first()
        assert first is not None, "V1 of tests/insights/fixtures.py"

        def sale(when: dt.datetime, store: str = STORE, **extra: object) -> uuid.UUID:
            row = Purchase(store_id=store, items=[OVEN], language="en", created_at=when, **extra)
            s.add(row)
            s.flush()
            return row.id

        p1 = sale(at(hours=-3), visit_id=first.id, order_ref="T-1")
        p2, p3 = sale(at(hours=-2)), sale(at(hours=-1))
        sale(at(hours=-1), store="elsewhere")
        sale(at(hours=-1), cancelled_at=at(minutes=-30))
        p6 = sale(at(days=-100))
        for place, (pid, service, done) in enumerate(
            [
                (p1, "delivery", True),
                (p1, "installation", True),
                (p2, "delivery", True),
                (p3, "delivery", False),
            ]
        ):
            s.add(
                ServiceBooking(
                    store_id=STORE,
                    purchase_id=pid,
                    service=service,
                    day=NOW.date(),
                    slot="evening",  # apart from the services screen's own (screen states)
                    place=place,
                    status="done" if done else "booked",
                    booked_via="page",
                    created_at=at(days=-5),
                    done_at=at(minutes=-90) if done else None,
                )
            )
        answers = [
            (p1, "purchase", 10),
            (p2, "purchase", 9),
            (p3, "purchase", 6),
            (p1, "delivery", 10),
            (p2, "delivery", 3),
            (p6, "ninety_days", 8),
        ]
        for pid, touchpoint, score in answers:
            s.add(
                TouchpointScore(
                    id=score_id(touchpoint, pid),
                    store_id=STORE,
                    touchpoint=touchpoint,
                    purchase_id=pid,
                    score=score,
                    given_via="page",
                    given_at=at(minutes=-20),
                )
            )
        for n, (made, redeemed) in enumerate(
            [
                (at(hours=-3), at(hours=-1)),
                (at(hours=-3), None),
                (at(hours=-2), None),
                (at(days=-10), at(minutes=-10)),
            ]
        ):
            s.add(
                Invitation(
                    store_id=STORE,
                    purchase_id=p1,
                    token=f"token-{n}",
                    code=f"CODE{n}",
                    created_at=made,
                    expires_at=made + dt.timedelta(days=30),
                    redeemed_at=redeemed,
                    redeemed_via="page" if redeemed else None,
                )
            )


def open_after_sale(make_shell, qtbot, lang):  # type: ignore[no-untyped-def]
    shell = make_shell(store_id=STORE)
    build(shell.runtime.engine)
    build_after_sale(shell.runtime.engine)
    dashboard = shell.screens["dashboard"]
    dashboard.clock, dashboard.tz = (lambda: NOW), PARIS
    home = open_home(shell, qtbot, "manager")
    shell.set_language(lang)
    qtbot.mouseClick(home.findChild(QPushButton, "tool-dashboard"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.TODAY), timeout=10_000)
    view = dashboard.view_buttons["after_sale"]
    assert view.isVisible()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)
    return shell, dashboard


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_manager_sees_nps_at_every_touchpoint_and_the_invitations(
    make_shell, qtbot, screenshot_dir, lang
):
    shell, dashboard = open_after_sale(make_shell, qtbot, lang)
    card = dashboard.after_sale
    assert card.isVisible()
    assert not dashboard.funnel.isVisible()  # in the charts' place
    figures = {name: cell.figure.text() for name, cell in card.touchpoints.items()}
    assert figures == {name: shown[0] for name, shown in EXPECTED.items()}
    assert {name: cell.figure.text() for name, cell in card.totals.items()} == TOTALS
    if lang == "en":
        for name, (_, answers, reached) in EXPECTED.items():
            assert card.touchpoints[name].answers.text() == answers
            assert card.touchpoints[name].reached.text() == reached
        assert card.totals["redeemed"].answers.text() == "67% of those sent"
    else:
        assert card.touchpoints["installation"].answers.text() == "暂无回答"
        assert card.touchpoints["delivery"].reached.text() == "67% 的购买已到此环节（2 笔）"
    grab(shell, screenshot_dir, f"associate-dashboard-after-sale-{lang}")
    if lang == "en":
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "associate-dashboard-after-sale-portrait-en")
        shell.resize(QSize(1920, 1080))


def test_a_period_without_purchases_shows_dashes_not_zeros(make_shell, qtbot):
    """Two months on, the week before sold nothing: every share is a dash, not a 0%."""
    _shell, dashboard = open_after_sale(make_shell, qtbot, "en")
    dashboard.clock = lambda: NOW + dt.timedelta(days=60)
    dashboard.clear()
    dashboard.show_period(Period.WEEK)
    qtbot.waitUntil(lambda: figures_shown(dashboard, Period.WEEK), timeout=10_000)
    card = dashboard.after_sale
    assert card.totals["purchases"].figure.text() == "0"
    for cell in card.touchpoints.values():
        assert cell.figure.text() == "—"
        assert cell.reached.text() == "No purchase in the period"
    assert card.totals["redeemed"].answers.text() == "None sent yet"
