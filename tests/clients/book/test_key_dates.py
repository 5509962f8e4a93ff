"""Key dates rest on their own consent: none without it, each refusal says why and writes
nothing, and withdrawing that consent erases the dates."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT, KEY_DATES
from kiosk.clients.erasure import withdraw_consent
from kiosk.clients.key_dates import (
    KEY_DATES_WORDING_DIGEST,
    KEY_DATES_WORDING_VERSION,
    KeyDateError,
    KeyDateView,
    add_key_date,
    give_key_dates_consent,
    key_dates_of,
    key_dates_wording_digest,
    remove_key_date,
)
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Consent, Customer, FollowupTask
from tests.clients.book.helpers import STORE, T0, client, person, task, written


def add(engine: Engine, customer_id, kind="birthday", month=5, day=17, year=None, label=None):  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        return add_key_date(s, STORE, customer_id, kind, month, day, year, label, None, T0)


def dates(engine: Engine, customer_id):  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return key_dates_of(s, customer_id, T0.date())


def test_the_key_dates_wording_and_its_version_move_together():
    assert key_dates_wording_digest() == KEY_DATES_WORDING_DIGEST, (
        "the key dates wording changed: bump KEY_DATES_WORDING_VERSION and record the digest"
    )
    assert KEY_DATES_WORDING_VERSION.startswith("key-dates-")


@pytest.mark.parametrize(
    ("month", "day", "today", "expected"),
    [
        (5, 17, dt.date(2026, 5, 17), dt.date(2026, 5, 17)),  # today counts
        (5, 17, dt.date(2026, 5, 18), dt.date(2027, 5, 17)),
        (2, 29, dt.date(2026, 1, 10), dt.date(2026, 2, 28)),  # a common year
        (2, 29, dt.date(2027, 3, 1), dt.date(2028, 2, 29)),  # the next leap year has it
        (1, 2, dt.date(2026, 12, 31), dt.date(2027, 1, 2)),
    ],
)
def test_a_date_comes_round_on_its_next_day(month, day, today, expected):
    view = KeyDateView(uuid.uuid4(), "birthday", None, month, day, None, "v")
    assert view.next_on(today) == expected


def test_a_date_is_kept_with_the_consent_it_rests_on_and_listed_next_first(db):
    who = client(db, purposes=(CLIENTELING, KEY_DATES))
    add(db, who, "birthday", 2, 29, 1988)
    add(db, who, "other", 11, 30, None, "  Vernissage   at the Orangerie ")
    add(db, who, "move_in", 1, 15, 2027)
    shown = dates(db, who)
    assert [(d.kind, d.month, d.day) for d in shown] == [
        ("other", 11, 30),
        ("move_in", 1, 15),
        ("birthday", 2, 29),
    ]
    assert shown[0].label == "Vernissage at the Orangerie"  # one line, as typed
    assert {d.wording_version for d in shown} == {KEY_DATES_WORDING_VERSION}
    with Session(db) as s:
        consent = s.scalars(select(Consent).where(Consent.purpose == KEY_DATES)).one()
        assert (consent.given_via, consent.wording_version) == (
            "associate",
            KEY_DATES_WORDING_VERSION,
        )
        assert {k.consent_id for k in s.scalars(select(KeyDate))} == {consent.id}


def test_the_consent_is_recorded_once(db):
    who = client(db)
    with Session(db) as s, s.begin():
        first = give_key_dates_consent(s, STORE, who, None, "zh-Hans", T0)
    with Session(db) as s, s.begin():
        assert give_key_dates_consent(s, STORE, who, None, "en", T0) == first


@pytest.mark.parametrize(
    ("purposes", "says"),
    [
        ((CLIENTELING,), "not agreed to share key dates"),
        ((FOLLOWUP_CONTACT,), "no client profile consent"),
    ],
)
def test_no_key_date_without_its_consent(db, purposes, says):
    who = client(db, purposes=purposes)
    before = written(db)
    with pytest.raises(KeyDateError, match=says) as refused:
        add(db, who)
    assert refused.value.field == "consent"
    assert written(db) == before


def test_no_key_dates_consent_without_a_profile(db):
    who = client(db, purposes=(FOLLOWUP_CONTACT,))
    before = written(db)
    with (
        pytest.raises(KeyDateError, match="no client profile consent"),
        Session(db) as s,
        s.begin(),
    ):
        give_key_dates_consent(s, STORE, who, None, "en", T0)
    assert written(db) == before


@pytest.mark.parametrize(
    ("kind", "month", "day", "year", "label", "field", "says"),
    [
        ("wedding", 5, 17, None, None, "kind", "unknown kind of date 'wedding'"),
        ("birthday", 13, 1, None, None, "date", "month is from 1 to 12"),
        ("birthday", 2, 30, None, None, "date", "that month has 29 days"),
        ("anniversary", 2, 29, 2023, None, "date", "that month has 28 days"),
        ("birthday", 4, 31, None, None, "date", "that month has 30 days"),
        ("birthday", 5, 17, 1850, None, "date", "the year is from 1900"),
        ("birthday", 12, 24, 2026, None, "date", "birthday cannot be in the future"),
        ("move_in", 3, 1, 2031, None, "date", "the year is from 1900 to 2028"),
        ("other", 6, 1, None, None, "label", "needs a name"),
        ("other", 6, 1, None, " \u200b\u2060 ", "label", "needs a name"),
        ("other", 6, 1, None, "x" * 81, "label", "at most 80 characters"),
    ],
)
def test_a_bad_date_is_refused_with_the_reason_and_nothing_is_written(
    db, kind, month, day, year, label, field, says
):
    who = client(db, purposes=(CLIENTELING, KEY_DATES))
    before = written(db)
    with pytest.raises(KeyDateError, match=says) as refused:
        add(db, who, kind, month, day, year, label)
    assert refused.value.field == field
    assert written(db) == before


def test_one_birthday_and_no_twin_dates(db):
    who = client(db, purposes=(CLIENTELING, KEY_DATES))
    add(db, who, "birthday", 5, 17)
    add(db, who, "anniversary", 6, 20, 2015)
    before = written(db)
    with pytest.raises(KeyDateError, match="already has a birthday"):
        add(db, who, "birthday", 7, 1)
    with pytest.raises(KeyDateError, match="already has this date"):
        add(db, who, "anniversary", 6, 20, 2015)
    assert written(db) == before
    add(db, who, "anniversary", 9, 2, 2019)  # another anniversary is another date


def test_an_erased_client_gets_no_date(db):
    who = client(db, purposes=(CLIENTELING, KEY_DATES))
    with Session(db) as s, s.begin():
        row = s.get(Customer, who)
        assert row is not None
        row.erased_at = T0
    with pytest.raises(KeyDateError, match="forgotten"):
        add(db, who)


def test_a_removed_date_keeps_nothing_and_is_removed_once(db):
    who = client(db, purposes=(CLIENTELING, KEY_DATES))
    kept = add(db, who, "other", 3, 8, None, "Her mother's name day")
    with Session(db) as s, s.begin():
        remove_key_date(s, kept, None, T0)
    assert dates(db, who) == []
    with Session(db) as s:
        row = s.get(KeyDate, kept)
        assert row is not None
        assert (row.label, row.month, row.day, row.year) == (None, None, None, None)
        assert row.removed_at is not None
    before = written(db)
    with pytest.raises(KeyDateError, match="already removed"), Session(db) as s, s.begin():
        remove_key_date(s, kept, None, T0)
    assert written(db) == before


def test_withdrawing_the_key_dates_consent_erases_the_dates_and_their_outreach_only(db):
    advisor = person(db, "Élise Martin")
    who = client(db, purposes=(CLIENTELING, KEY_DATES), advisor=advisor)
    add(db, who, "other", 3, 8, None, "Her mother's name day")
    outreach = task(db, who, "key_date")
    thanks = task(db, who, "manual")
    with Session(db) as s, s.begin():
        assert withdraw_consent(s, STORE, who, T0, KEY_DATES) == 1
    assert dates(db, who) == []
    with Session(db) as s:
        row = s.scalars(select(KeyDate)).one()
        assert (row.label, row.month, row.day, row.erased_at) == (None, None, None, T0)
        assert s.get(FollowupTask, outreach).outcome == "consent_withdrawn"  # type: ignore[union-attr]
        assert s.get(FollowupTask, thanks).completed_at is None  # type: ignore[union-attr]
        customer = s.get(Customer, who)
        assert customer is not None
        assert (customer.advisor_id, customer.erased_at) == (advisor, None)  # the profile stands
    with pytest.raises(KeyDateError, match="not agreed"):
        add(db, who)


def test_withdrawing_clienteling_clears_the_advisor_erases_dates_and_stops_all_outreach(db):
    advisor = person(db, "Élise Martin")
    who = client(db, purposes=(CLIENTELING, FOLLOWUP_CONTACT, KEY_DATES), advisor=advisor)
    add(db, who, "birthday", 5, 17, 1980)
    kinds = ("key_date", "lapsed", "purchase_anniversary", "new_arrival", "thank_you")
    ids = [task(db, who, kind) for kind in kinds]
    with Session(db) as s, s.begin():
        withdraw_consent(s, STORE, who, T0, CLIENTELING)
    with Session(db) as s:
        customer = s.get(Customer, who)
        assert customer is not None
        assert customer.advisor_id is None
        assert customer.erased_at is None  # the contact consent still stands
        stopped = [s.get(FollowupTask, i) for i in ids]
        assert {(t.outcome, "note" in t.details) for t in stopped if t} == {
            ("consent_withdrawn", False)
        }
        assert {
            c.purpose for c in s.scalars(select(Consent).where(Consent.withdrawn_at.is_(None)))
        } == {FOLLOWUP_CONTACT}
        assert s.scalars(select(KeyDate)).one().month is None


def test_a_client_this_kiosk_has_not_pulled_yet_is_refused_with_the_reason(db):
    before = written(db)
    with pytest.raises(KeyDateError, match="not reached this kiosk yet") as refused:
        add(db, uuid.uuid4())
    assert refused.value.field == "consent"
    assert written(db) == before
