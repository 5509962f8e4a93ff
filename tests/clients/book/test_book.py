"""My clients, a client's advisor and an associate's absence on a kiosk's own database:
what an associate sees and every refusal, with nothing written when refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.clients.book import SORTS, BookError, my_clients, set_advisor, set_away
from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT, KEY_DATES
from kiosk.clients.erasure import withdraw_consent
from kiosk.clients.key_dates import add_key_date
from kiosk.clients.lookup import ClientLookupError
from kiosk.db.models import Associate, Customer
from kiosk.db.reads import Scope
from tests.clients.book.helpers import STORE, T0, client, person, task, visit, written
from tests.clients.privacy.helpers import found

TODAY = T0.date()  # 20 November 2026


def mine(engine: Engine, who, sort="next_key_date", typed=""):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return my_clients(s, STORE, who, TODAY, sort, typed)


def date_for(engine: Engine, customer_id, kind, month, day, label=None):  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        add_key_date(s, STORE, customer_id, kind, month, day, None, label, None, T0)


@pytest.fixture
def book(db):  # type: ignore[no-untyped-def]
    """Élise's three clients, a client of Marc's, and one of hers who withdrew."""
    elise, marc = person(db, "Élise Martin"), person(db, "Marc Weber")
    both = (CLIENTELING, KEY_DATES)
    ana = client(db, "Ana Lima", "+33611111101", purposes=both, advisor=elise)
    bo = client(
        db, "bo Chen", None, email="bo.chen@example.com", member="MV20240381", advisor=elise
    )
    cy = client(db, "Cyrille Faure", "+33611111103", purposes=both, advisor=elise)
    client(db, "Dana Roy", "+33611111104", advisor=marc)
    gone = client(
        db, "Eve Noir", "+33611111105", purposes=(CLIENTELING, FOLLOWUP_CONTACT), advisor=elise
    )
    with Session(db) as s, s.begin():
        withdraw_consent(s, STORE, gone, T0, CLIENTELING)
    date_for(db, ana, "birthday", 3, 2)
    date_for(db, cy, "other", 12, 1, "Opening night")
    date_for(db, cy, "anniversary", 6, 9)
    visit(db, ana, T0 - dt.timedelta(days=40))
    visit(db, bo, T0 - dt.timedelta(days=3))
    visit(db, bo, T0 - dt.timedelta(days=90))
    task(db, cy)
    task(db, cy)
    task(db, bo)
    return {"elise": elise, "marc": marc, "ana": ana, "bo": bo, "cy": cy}


def test_my_clients_are_those_i_advise_with_their_next_date_visit_and_tasks(db, book):
    rows = mine(db, book["elise"])
    assert [r.name for r in rows] == ["Cyrille Faure", "Ana Lima", "bo Chen"]  # next date first
    cy, ana, bo = rows
    assert (cy.next_key_date, cy.next_key_kind, cy.open_tasks) == (dt.date(2026, 12, 1), "other", 2)
    assert (ana.next_key_date, ana.last_visit) == (dt.date(2027, 3, 2), T0 - dt.timedelta(days=40))
    assert (bo.next_key_date, bo.last_visit, bo.open_tasks) == (None, T0 - dt.timedelta(days=3), 1)
    # shown masked until opened: never the whole phone or e-mail in the list
    assert (ana.masked_contact, bo.masked_contact) == ("+33 … 01", "b…@example.com")
    assert [r.name for r in mine(db, book["marc"])] == ["Dana Roy"]


@pytest.mark.parametrize(
    ("sort", "names"),
    [
        ("name", ["Ana Lima", "bo Chen", "Cyrille Faure"]),  # letters, not case
        ("last_visit", ["bo Chen", "Ana Lima", "Cyrille Faure"]),  # most recent, never last
        ("open_tasks", ["Cyrille Faure", "bo Chen", "Ana Lima"]),
        ("next_key_date", ["Cyrille Faure", "Ana Lima", "bo Chen"]),
    ],
)
def test_my_clients_sort_each_way(db, book, sort, names):
    assert sort in SORTS
    assert [r.name for r in mine(db, book["elise"], sort)] == names


def test_my_clients_search_as_the_client_search_does(db, book):
    elise = book["elise"]
    assert [r.name for r in mine(db, elise, typed="06 11 11 11 03")] == ["Cyrille Faure"]
    assert [r.name for r in mine(db, elise, typed=" BO.chen@Example.com ")] == ["bo Chen"]
    assert [r.name for r in mine(db, elise, typed="mv 2024 0381")] == ["bo Chen"]
    assert mine(db, elise, typed="+33 6 11 11 11 04") == []  # Marc's client, not mine
    assert mine(db, elise, typed="+33 6 11 11 11 05") == []  # withdrew: gone from the book
    with pytest.raises(ClientLookupError, match="not complete"):
        mine(db, elise, typed="bo@")
    with pytest.raises(BookError, match="unknown order 'age'"):
        mine(db, elise, "age")


def test_an_advisor_is_set_changed_and_cleared(db, book):
    marc, ana = book["marc"], book["ana"]
    with Session(db) as s, s.begin():
        set_advisor(s, ana, marc, book["elise"], T0)
    assert [r.name for r in mine(db, marc)] == ["Ana Lima", "Dana Roy"]
    before = written(db)
    with Session(db) as s, s.begin():
        set_advisor(s, ana, marc, marc, T0)  # unchanged: nothing travels
    assert written(db) == before
    with Session(db) as s, s.begin():
        set_advisor(s, ana, None, marc, T0)
    assert [r.name for r in mine(db, marc)] == ["Dana Roy"]


@pytest.mark.parametrize(
    ("case", "code", "says"),
    [
        ("no_consent", "consent", "no client profile consent"),
        ("disabled", "advisor", "no longer works here"),
        ("other_store", "advisor", "not an associate of this store"),
        ("store_it", "advisor", "an associate or a manager"),
        ("unknown_client", "unknown", "not known here"),
        ("disabled_actor", "refused", "only an active associate"),
    ],
)
def test_an_advisor_is_refused_with_the_reason_and_nothing_is_written(db, book, case, code, says):
    import uuid

    by, customer, advisor = book["elise"], book["ana"], book["marc"]
    if case == "no_consent":
        customer = client(db, "Fay Ng", "+33611111107", purposes=(FOLLOWUP_CONTACT,))
    elif case == "disabled":
        advisor = person(db, "Old Hand", disabled=True)
    elif case == "other_store":
        advisor = person(db, "Far Away", store="store-9")
    elif case == "store_it":
        advisor = person(db, "IT Desk", role="store_it")
    elif case == "unknown_client":
        customer = uuid.uuid4()
    else:
        by = person(db, "Left Us", disabled=True)
    before = written(db)
    with pytest.raises(BookError, match=says) as refused, Session(db) as s, s.begin():
        set_advisor(s, customer, advisor, by, T0)
    assert refused.value.code == code
    assert written(db) == before
    with Session(db) as s:
        row = s.get(Customer, book["ana"])
        assert row is not None
        assert row.advisor_id == book["elise"]


def away(engine: Engine, who, until, by):  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        set_away(s, who, until, by, T0)
    with Session(engine) as s:
        row = s.get(Associate, who)
        assert row is not None
        return row.away_until


def test_an_associate_sets_their_own_absence_and_a_manager_anyones(db, book):
    elise, marc = book["elise"], book["marc"]
    boss = person(db, "Claire Dumas", role="manager")
    until = T0 + dt.timedelta(days=10)
    assert away(db, elise, until, elise) == until
    assert away(db, elise, None, elise) is None
    assert away(db, marc, until, boss) == until
    assert away(db, marc, None, None) is None  # the store's command line


@pytest.mark.parametrize(
    ("by", "until", "code", "says"),
    [
        ("marc", dt.timedelta(days=3), "refused", "only a manager"),
        ("elise", -dt.timedelta(hours=1), "date", "in the future"),
        ("elise", dt.timedelta(days=400), "date", "a year at most"),
        ("left", dt.timedelta(days=3), "refused", "only an active associate"),
    ],
)
def test_an_absence_is_refused_with_the_reason_and_nothing_is_written(
    db, book, by, until, code, says
):
    actor = person(db, "Left Us", role="manager", disabled=True) if by == "left" else book[by]
    before = written(db)
    with pytest.raises(BookError, match=says) as refused, Session(db) as s, s.begin():
        set_away(s, book["elise"], T0 + until, actor, T0)
    assert refused.value.code == code
    assert written(db) == before
    naive = dt.datetime(2026, 12, 1, 9, 0)
    with pytest.raises(BookError, match="time zone"), Session(db) as s, s.begin():
        set_away(s, book["elise"], naive, book["elise"], T0)


def test_the_profile_names_the_advisor_and_lists_the_key_dates(db, book):
    from kiosk.clients.profile import profile

    with Session(db) as s:
        shown = profile(s, STORE, book["cy"])
        plain = profile(s, STORE, book["bo"])
    assert (shown.advisor_id, shown.advisor_name) == (book["elise"], "Élise Martin")
    assert sorted((d.kind, d.label) for d in shown.key_dates) == [
        ("anniversary", None),
        ("other", "Opening night"),
    ]
    assert plain.key_dates == ()  # no key dates consent: none, and nothing to show


def test_the_client_book_withdraws_key_dates_on_a_kiosk_without_a_store(make_kiosk):
    a = make_kiosk("kiosk-a")
    elise = person(a.engine, "Élise Martin")
    who = client(a.engine, purposes=(CLIENTELING, KEY_DATES), advisor=elise)
    a.client_book.add_key_date(
        who, "other", 6, 1, None, "Opening night at the Orangerie", elise, T0
    )
    assert a.client_book.withdraw_key_dates(who, T0) == 1
    assert a.client_book.key_dates(who).value == []
    assert found({"kiosk-a": a.engine}, ["Opening night at the Orangerie"]) == []
    assert a.client_book.withdraw_key_dates(who, T0) == 0  # nothing left to withdraw
    mine = a.client_book.mine(elise, T0.date())
    assert mine.scope is Scope.KIOSK
    assert [(r.customer_id, r.next_key_date) for r in mine.value] == [(who, None)]
