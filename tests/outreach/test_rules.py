"""The outreach rules on one kiosk's database: whom they pick, when tasks fall due on the
store's clock, to whom they go, what they say, and whom they leave alone."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.associates.due import due_list
from kiosk.associates.rules import sweep
from kiosk.clients.erasure import withdraw_consent
from kiosk.db.models import Associate, Consent, FollowupTask, KeyDate, Purchase
from kiosk.db.outbox import save
from kiosk.outreach.rules import (
    ANNIVERSARY,
    KEY_DATE,
    LAPSED,
    NEW_ARRIVAL,
    key_date_task,
    next_date,
    outreach_id,
)
from kiosk.station.place import at_local
from tests.associates.tasks.helpers import STORE, associate, client, consent
from tests.outreach.helpers import (
    NOW,
    SETTINGS,
    ZONE,
    clienteling,
    key_date,
    kiosk_sweep,
    outreach,
    purchase,
    set_advisor,
    visit_with_answers,
)


def test_a_key_date_in_the_window_makes_one_task_due_at_nine_in_the_store(engine):
    elise = associate(engine)
    camille = client(engine)
    clienteling(engine, camille)
    set_advisor(engine, camille, elise)
    birthday = key_date(engine, camille, 12, 15)  # ten days ahead
    key_date(engine, camille, 12, 20)  # fifteen days ahead: not yet

    assert kiosk_sweep(engine) == {KEY_DATE: 1}
    assert kiosk_sweep(engine) == {}  # made once
    (task,) = outreach(engine)
    assert task.id == outreach_id(KEY_DATE, birthday, 2026)
    assert task.due_at == dt.datetime(2026, 12, 15, 1, 0, tzinfo=dt.UTC)  # 09:00 in Shanghai
    assert task.due_at.astimezone(ZONE).time() == dt.time(9)
    assert task.assigned_to == elise  # the client's advisor first
    assert task.details == {
        "rule": KEY_DATE,
        "key_date": str(birthday),
        "date_kind": "birthday",
        "on": "2026-12-15",
    }
    # five days later the second date is in the window; the first is not made again
    assert kiosk_sweep(engine, NOW + dt.timedelta(days=5)) == {KEY_DATE: 1}


def test_a_key_date_says_its_kind_and_date_never_the_clients_own_words(engine):
    camille = client(engine)
    clienteling(engine, camille)
    key_date(engine, camille, 12, 9, kind="other")  # labelled "Ma fête"
    kiosk_sweep(engine)
    (task,) = outreach(engine)
    shown = repr(task.details)
    assert "fête" not in shown
    assert "Camille" not in shown
    assert "example.com" not in shown
    assert task.details["date_kind"] == "other"


def test_the_29th_of_february_is_the_28th_in_a_common_year():
    assert next_date(2, 29, dt.date(2027, 2, 1)) == dt.date(2027, 2, 28)
    assert next_date(2, 29, dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert next_date(12, 1, dt.date(2026, 12, 5)) == dt.date(2027, 12, 1)
    row = KeyDate(
        store_id=STORE,
        customer_id=outreach_id("test", 1),
        kind="birthday",
        month=2,
        day=29,
        created_at=NOW,
    )
    task = key_date_task(row, dt.date(2027, 2, 20), 14, ZONE)
    assert task is not None
    assert task.due_at.astimezone(ZONE) == dt.datetime(2027, 2, 28, 9, 0, tzinfo=ZONE)


def test_nine_in_the_store_holds_across_a_daylight_saving_change():
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    row = KeyDate(
        store_id=STORE,
        customer_id=outreach_id("test", 2),
        kind="anniversary",
        month=4,
        day=2,
        created_at=NOW,
    )
    task = key_date_task(row, dt.date(2027, 3, 25), 14, paris)  # summer time from 28 March
    assert task is not None
    assert task.due_at == dt.datetime(2027, 4, 2, 7, 0, tzinfo=dt.UTC)


def test_a_purchase_anniversary_comes_each_year_and_not_for_a_voided_sale(engine):
    camille = client(engine)
    clienteling(engine, camille)
    first = purchase(engine, camille, NOW - dt.timedelta(days=365 - 3))
    second = purchase(engine, camille, NOW - dt.timedelta(days=2 * 365 - 6))
    voided = purchase(engine, camille, NOW - dt.timedelta(days=365 - 2))
    with Session(engine) as s, s.begin():
        row = s.get(Purchase, voided)
        assert row is not None
        row.cancelled_at = NOW - dt.timedelta(days=300)
        save(s, row)
    recent = purchase(engine, camille, NOW - dt.timedelta(days=30))

    assert kiosk_sweep(engine) == {ANNIVERSARY: 2}
    by_id = {t.id: t for t in outreach(engine)}
    one, two = by_id[outreach_id(ANNIVERSARY, first, 1)], by_id[outreach_id(ANNIVERSARY, second, 2)]
    assert one.details["years"] == 1
    assert two.details["years"] == 2
    assert one.details["skus"] == ["MV-CO-OV60"]
    assert one.due_at.astimezone(ZONE).time() == dt.time(9)
    assert not any(str(recent) == t.details.get("purchase") for t in by_id.values())
    assert kiosk_sweep(engine) == {}


def test_lapsed_clients_and_new_arrivals_wait_for_the_store_wide_sweep(engine, content_dir):
    from kiosk.content.store import PackStore

    pack = PackStore(content_dir).current()
    camille = client(engine)
    clienteling(engine, camille)
    last = visit_with_answers(
        engine, camille, NOW - dt.timedelta(days=200), {"rooms": ["living", "kitchen"]}
    )
    purchase(engine, camille, NOW - dt.timedelta(days=200), ("MV-CO-WD14",))  # the new drawer
    assert kiosk_sweep(engine) == {}  # a kiosk does not know every visit
    with Session(engine) as s, s.begin():
        made = sweep(s, STORE, NOW, zone=ZONE, outreach=SETTINGS, pack=pack, store_wide=True)
    assert made.created == {LAPSED: 1, NEW_ARRIVAL: 1}
    lapsed = next(t for t in outreach(engine) if t.kind == LAPSED)
    assert lapsed.id == outreach_id(LAPSED, camille, last)
    assert lapsed.details == {"rule": LAPSED, "last_visit_on": "2026-05-19", "days": 200}
    assert lapsed.due_at.astimezone(ZONE) == dt.datetime(2026, 12, 5, 9, 0, tzinfo=ZONE)
    arrival = next(t for t in outreach(engine) if t.kind == NEW_ARRIVAL)
    assert arrival.details == {
        "rule": NEW_ARRIVAL,
        "sku": "MV-LI-SF3",  # the sofa; the drawer (kitchen: cooking) they bought already
        "category": "living",
        "question": "rooms",
        "answer": "living",
    }


def test_nobody_without_a_clienteling_consent_or_erased_gets_outreach(engine):
    contact_only = client(engine, "Ana Costa")
    consent(engine, contact_only, None, purpose="followup_contact", at=NOW)
    key_date(engine, contact_only, 12, 10)
    purchase(engine, contact_only, NOW - dt.timedelta(days=364))
    forgotten = client(engine, "Zoé Blanc")
    clienteling(engine, forgotten)
    key_date(engine, forgotten, 12, 10)
    with Session(engine) as s, s.begin():
        withdraw_consent(s, STORE, forgotten, NOW - dt.timedelta(hours=1))  # every one: erased
    assert kiosk_sweep(engine) == {}
    assert outreach(engine) == []


def test_outreach_of_a_client_who_withdrew_clienteling_is_never_listed_and_stops(engine):
    camille = client(engine)
    contact = consent(engine, camille, None, purpose="followup_contact", at=NOW)
    yes = clienteling(engine, camille)
    key_date(engine, camille, 12, 10)
    kiosk_sweep(engine)
    (task,) = outreach(engine)
    with Session(engine) as s:
        listed = [i for i in due_list(s, STORE, NOW.astimezone(ZONE)) if i.kind == KEY_DATE]
    assert [i.id for i in listed] == [task.id]
    assert listed[0].reason is not None
    assert listed[0].reason.date_kind == "birthday"
    assert listed[0].reason.on == dt.date(2026, 12, 10)
    assert listed[0].reason.key_date_id == uuid.UUID(task.details["key_date"])
    assert listed[0].channel is None

    # the withdrawal as it arrives from another kiosk or the page: the consent row only
    with Session(engine) as s, s.begin():
        row = s.get(Consent, yes)
        assert row is not None
        row.withdrawn_at = NOW
        save(s, row)
    with Session(engine) as s:
        kinds = {i.kind for i in due_list(s, STORE, NOW.astimezone(ZONE))}
    assert KEY_DATE not in kinds
    assert "thank_you" in kinds
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, NOW, zone=ZONE, outreach=SETTINGS).stopped == 1
    (stopped,) = outreach(engine)
    assert stopped.outcome == "consent_withdrawn"
    assert stopped.completed_by is None
    with Session(engine) as s:
        assert s.get(Consent, contact) is not None


def test_a_removed_key_date_cancels_its_open_outreach(engine):
    camille = client(engine)
    clienteling(engine, camille)
    birthday = key_date(engine, camille, 12, 10)
    kiosk_sweep(engine)
    with Session(engine) as s, s.begin():
        row = s.get(KeyDate, birthday)
        assert row is not None
        row.removed_at = NOW
        save(s, row)
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, NOW, zone=ZONE, outreach=SETTINGS).stopped == 1
    (task,) = outreach(engine)
    assert task.outcome == "cancelled"


def test_an_advisor_away_for_long_sends_the_outreach_to_the_store(engine):
    elise = associate(engine)
    camille = client(engine)
    clienteling(engine, camille)
    set_advisor(engine, camille, elise)
    with Session(engine) as s, s.begin():
        row = s.get(Associate, elise)
        assert row is not None
        row.away_until = NOW + dt.timedelta(days=10)  # longer than 48 hours
        save(s, row)
    key_date(engine, camille, 12, 10)
    kiosk_sweep(engine)
    (task,) = outreach(engine)
    assert task.assigned_to is None
    with Session(engine) as s:
        assert s.scalar(select(FollowupTask.assigned_to).where(FollowupTask.id == task.id)) is None
    assert at_local(dt.date(2026, 12, 10), dt.time(9), ZONE) == task.due_at


def test_the_reason_facts_read_back_for_one_line_and_malformed_ones_are_dropped():
    from kiosk.outreach.reasons import reason_of

    lapsed = reason_of(LAPSED, {"rule": LAPSED, "last_visit_on": "2026-05-19", "days": 200})
    assert lapsed is not None
    assert (lapsed.last_visit_on, lapsed.days) == (dt.date(2026, 5, 19), 200)
    arrival = reason_of(
        NEW_ARRIVAL,
        {"sku": "MV-LI-SF3", "category": "living", "question": "rooms", "answer": "living"},
    )
    assert arrival is not None
    assert (arrival.skus, arrival.question, arrival.answer) == (("MV-LI-SF3",), "rooms", "living")
    odd = reason_of(ANNIVERSARY, {"years": "two", "on": "someday", "purchase": "x", "skus": 3})
    assert odd == type(odd)(rule=ANNIVERSARY)  # nothing shown rather than nonsense
    assert reason_of("thank_you", {"rule": "thank_you"}) is None
