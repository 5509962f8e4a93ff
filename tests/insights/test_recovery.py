"""The dashboard's service-recovery section against stores worked out by hand: no cases, all
overdue, all resolved at first contact, a mix; the NPS after a case compared only when both
sides have enough answers. On SQLite and a real PostgreSQL, through ``figures``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from sqlalchemy.orm import Session

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.db.models import Case, Customer, Visit
from kiosk.insights.cli import rows
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import Period
from kiosk.insights.recovery import MIN_TO_COMPARE, Recovery
from tests.insights.fixtures import NOW, PARIS, STORE, Builder, at

H = 3600.0


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        made = open_local(tmp_path / "k.sqlite3")
    else:
        made = open_url(request.getfixturevalue("pg_url"))
    upgrade(made, backup=False)
    yield made
    made.dispose()


def case(
    s: Session,
    created: dt.datetime,
    acknowledged: dt.timedelta | None = None,
    resolved: dt.timedelta | None = None,
    first_contact: bool | None = None,
    escalated: bool = False,
    customer: uuid.UUID | None = None,
    store: str = STORE,
) -> None:
    s.add(
        Case(
            store_id=store,
            opened_via="farewell",
            category="waiting",
            created_at=created,
            acknowledged_at=None if acknowledged is None else created + acknowledged,
            resolved_at=None if resolved is None else created + resolved,
            first_contact=first_contact,
            escalated=escalated,
            customer_id=customer,
        )
    )


def customer(s: Session) -> uuid.UUID:
    row = Customer(store_id=STORE, full_name="A client")
    s.add(row)
    s.flush()
    return row.id


def later_visit(s: Session, who: uuid.UUID, started: dt.datetime, score: int) -> None:
    s.add(
        Visit(
            store_id=STORE,
            kiosk_id="k1",
            started_at=started,
            ended_at=started + dt.timedelta(minutes=5),
            end_reason="completed",
            customer_id=who,
            nps=score,
        )
    )


def ten_visits_today(s: Session) -> None:
    b = Builder(s)
    for i in range(10):
        b.visit(at(hours=-1, minutes=-i), 60, [])


def section(engine: Any, period: Period) -> Recovery:
    with Session(engine) as s:
        found = figures(s, STORE, period, NOW, PARIS).recovery
    assert found is not None
    return found


def test_no_cases_no_complaints_and_no_shares(engine):
    with Session(engine) as s, s.begin():
        ten_visits_today(s)
    r = section(engine, Period.MONTH)
    assert (r.cases, r.per_100_visits, r.median_first_response_s, r.responded) == (0, 0.0, None, 0)
    assert (r.resolved, r.first_contact_share, r.escalated_share) == (0, None, None)
    assert (r.open_now, r.overdue_now, r.response_target_h) == (0, 0, 24.0)
    assert (r.after_resolved.responses, r.after_unresolved.responses, r.comparable) == (0, 0, False)


def test_all_overdue(engine):
    with Session(engine) as s, s.begin():
        ten_visits_today(s)
        for hours in (30, 48, 72):  # never answered, past the 24 h target
            case(s, at(hours=-hours))
    r = section(engine, Period.MONTH)
    assert (r.cases, r.per_100_visits) == (3, 30.0)  # 3 cases over 10 visits
    assert (r.median_first_response_s, r.responded, r.resolved) == (None, 0, 0)
    assert (r.first_contact_share, r.escalated_share) == (None, 0.0)
    assert (r.open_now, r.overdue_now) == (3, 3)
    today = section(engine, Period.TODAY)  # none opened today; open and overdue are now's
    assert (today.cases, today.open_now, today.overdue_now) == (0, 3, 3)
    with Session(engine) as s:  # a longer target: two of them are not overdue yet
        wider = figures(s, STORE, Period.MONTH, NOW, PARIS, dt.timedelta(hours=50)).recovery
    assert wider is not None
    assert (wider.overdue_now, wider.response_target_h) == (1, 50.0)


def test_all_resolved_at_first_contact(engine):
    with Session(engine) as s, s.begin():
        ten_visits_today(s)
        for i, minutes in enumerate((10, 20, 30, 40)):
            answer = dt.timedelta(minutes=minutes)
            case(s, at(hours=-5 + i), answer, answer, first_contact=True)
    r = section(engine, Period.TODAY)
    assert (r.cases, r.per_100_visits) == (4, 40.0)
    assert (r.median_first_response_s, r.responded) == (25 * 60.0, 4)  # 10, 20 | 30, 40 min
    assert (r.resolved, r.first_contact_share, r.escalated_share) == (4, 1.0, 0.0)
    assert (r.open_now, r.overdue_now) == (0, 0)


def test_a_mixed_month(engine):
    with Session(engine) as s, s.begin():
        ten_visits_today(s)
        x = customer(s)
        # C1 three days ago: answered in 2 h, resolved a day later, not at first contact,
        # escalated; its customer came back yesterday and gave a 9
        case(s, at(days=-3), dt.timedelta(hours=2), dt.timedelta(days=1), False, True, x)
        later_visit(s, x, at(days=-1), 9)
        case(s, at(hours=-2), dt.timedelta(minutes=30), dt.timedelta(hours=1), True)  # C2
        case(s, at(hours=-30))  # C3: never answered: overdue
        case(s, at(hours=-5), dt.timedelta(hours=4))  # C4: answered, not resolved, in time
        case(s, at(days=-10), None, dt.timedelta(hours=6), True)  # C7: resolved unanswered
        case(s, at(days=-40), dt.timedelta(hours=1), dt.timedelta(hours=1))  # before 30 days
        case(s, at(days=-3), store="elsewhere")  # another store's: never counted
    month = section(engine, Period.MONTH)
    assert month.cases == 5  # C1, C2, C3, C4, C7
    assert month.per_100_visits == pytest.approx(100 * 5 / 11)  # 10 today and C1's customer's
    assert (month.median_first_response_s, month.responded) == (3 * H, 4)  # 0.5, 2 | 4, 6 h
    assert (month.resolved, month.first_contact) == (3, 2)  # C1, C2, C7; C2 and C7
    assert month.first_contact_share == pytest.approx(2 / 3)
    assert month.escalated_share == pytest.approx(1 / 5)
    assert (month.open_now, month.overdue_now) == (2, 1)  # C3, C4; C3
    assert (month.after_resolved.promoters, month.after_resolved.responses) == (1, 1)
    assert month.after_unresolved.responses == 0
    assert not month.comparable  # one answer: too few to compare
    today = section(engine, Period.TODAY)  # C2 and C4
    assert (today.cases, today.per_100_visits) == (2, 20.0)
    assert (today.median_first_response_s, today.responded) == (2.25 * H, 2)  # 0.5 | 4 h
    assert (today.resolved, today.first_contact_share, today.escalated_share) == (1, 1.0, 0.0)


@pytest.mark.parametrize(("unresolved", "comparable"), [(MIN_TO_COMPARE, True), (9, False)])
def test_the_nps_after_a_case_is_compared_only_with_enough_answers(engine, unresolved, comparable):
    with Session(engine) as s, s.begin():
        for i in range(12):  # resolved within the hour; back two days later, a 10
            who = customer(s)
            case(
                s,
                at(days=-5, hours=-i),
                dt.timedelta(minutes=20),
                dt.timedelta(hours=1),
                True,
                customer=who,
            )
            later_visit(s, who, at(days=-3, hours=-i), 10)
        for i in range(unresolved):  # back while the case was still open (resolved after)
            who = customer(s)
            case(s, at(days=-6, hours=-i), None, dt.timedelta(days=5), customer=who)
            later_visit(s, who, at(days=-4, hours=-i), 3)
    r = section(engine, Period.MONTH)
    assert (r.after_resolved.responses, r.after_resolved.score) == (12, 100.0)
    assert (r.after_unresolved.responses, r.after_unresolved.score) == (unresolved, -100.0)
    assert r.comparable is comparable


def test_kiosk_report_gives_the_section_with_empty_values_not_zeros(engine):
    with Session(engine) as s, s.begin():
        ten_visits_today(s)
        case(s, at(hours=-30))  # one overdue case, never answered
    with Session(engine) as s:
        month = figures(s, STORE, Period.MONTH, NOW, PARIS)
    found = {name: value for _, section, name, value in rows(month) if section == "recovery"}
    assert found["cases"] == "1"
    assert found["per_100_visits"] == "10"
    assert found["median_first_response_seconds"] == ""  # no response yet: no median
    assert found["first_contact_percent"] == ""  # nothing resolved: no share
    assert found["escalated_percent"] == "0"
    assert (found["open_now"], found["overdue_now"], found["response_target_hours"]) == (
        "1",
        "1",
        "24",
    )
    assert found["nps_after_resolved"] == ""
    assert found["nps_after_compared"] == f"too few to compare (< {MIN_TO_COMPARE})"
