"""The right to be forgotten against a real store database with two kiosks.

After forgetting, no table of either kiosk or of the store database holds the client's name,
phone, email, member number or any note about them, nor the words and contact of their
service-recovery cases; the visits are still counted, with their outcome and scores, and the
cases with their category, score, times and flags.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.erasure import ERASED_VERSION_STEP
from kiosk.clients.forgetting import forget
from kiosk.db.after_sale_rows import Purchase, TouchpointScore
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Case, Consent, Customer, FollowupTask, VisitNote, utcnow
from kiosk.db.outbox import save
from kiosk.recovery.cases import CaseReport
from kiosk.sync import open_store
from tests.clients.privacy.helpers import (
    CASE_TEXT,
    KEY_LABEL,
    NOTE_A,
    NOTE_B,
    STORE_ID,
    case_facts,
    case_for,
    client_visit,
    enrol,
    found,
    key_date_for,
    needles,
    page_score,
    page_task,
    raw_hits,
    sale_facts,
    sale_for,
    sync,
    visit_stats,
)

pytestmark = pytest.mark.postgres


def setup_client(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    """Kiosks A and B; the client enrolled on A, a visit with a note on each, a task from the
    follow-up page, a case from B's farewell about B's visit and one an associate opened on A
    for the client in person and resolved, a sale in B's visit (scored on the page) and one
    at A in person, each with its till reference, a booked delivery and a phone score with
    the customer's word; all synced."""
    a = make_kiosk("kiosk-a", store_url)
    b = make_kiosk("kiosk-b", store_url)
    client = enrol(a)
    va = client_visit(a, client, NOTE_A, nps=9, outcome="reserved")
    sync(a, store_url)
    sync(b, store_url)  # B knows the client now (customers are pulled)
    vb = client_visit(b, client, NOTE_B, nps=4, outcome="purchased")
    key_date_for(b, client)  # a key date and an advisor, set on B (A pulls them)
    case_for(b, None, vb)
    case_for(a, client, None, resolve=True)
    page_task(store_url, client, va)
    sync(b, store_url)
    page_score(store_url, client, sale_for(b, client, vb))  # bought in B's visit
    sale_for(a, client, None)  # and in person at A, with no visit
    for k in (b, a, b):
        sync(k, store_url)
    return a, b, client, [va, vb]


def engines(a, b, store):  # type: ignore[no-untyped-def]
    return {"kiosk-a": a.engine, "kiosk-b": b.engine, "store": store}


def test_forget_with_the_store_reachable_leaves_no_trace_anywhere(make_kiosk, store_url):
    a, b, client, visits = setup_client(make_kiosk, store_url)
    store = open_store(store_url)
    every = engines(a, b, store)
    assert found(every, needles())  # the scan does find the data before the erasure
    assert len(found(every, [KEY_LABEL])) == 3  # the key date is in all three
    before = visit_stats(store, visits)
    assert sorted((r[1], r[2]) for r in before) == [("purchased", 4), ("reserved", 9)]
    cases_before = case_facts(store)
    assert len(cases_before) == 2
    sales_before = sale_facts(store)
    assert len(sales_before) == 2 + 2 + 3  # purchases, bookings, scores (two by phone)

    result = forget(a.engine, store, STORE_ID, client.id, utcnow(), "test")
    assert result.store is not None
    assert result.store_error is None
    assert result.here is not None
    assert result.here.customer
    assert result.here.notes == 1
    assert result.store.notes == 2  # B's note too, erased in the store database directly
    for k in (a, b, a):
        sync(k, store_url)

    assert found(every, needles()) == []
    assert raw_hits(a, needles()) == []  # nor in the files' free pages or write-ahead logs
    assert raw_hits(b, needles()) == []
    assert visit_stats(store, visits) == before  # anonymous statistics intact
    assert sale_facts(store) == sales_before  # items, bookings and scores stay, anonymous
    assert result.here.purchases == 2  # B's sale pulled here, and A's own
    with Session(store) as s:
        assert {(p.customer_id, p.order_ref) for p in s.scalars(select(Purchase))} == {(None, None)}
        assert {(x.customer_id, x.comment) for x in s.scalars(select(TouchpointScore))} == {
            (None, None)
        }
    for engine in (store, a.engine, b.engine):
        assert case_facts(engine) == cases_before  # every kiosk holds both (cases are pulled)
        with Session(engine) as s:
            assert {c.erased_at is not None for c in s.scalars(select(Case))} == {True}
    assert visit_stats(a.engine, visits) + visit_stats(b.engine, visits) == sorted(
        before, key=lambda r: r[0] != visits[0]
    )
    with Session(store) as s:
        row = s.get(Customer, client.id)
        assert row is not None
        assert row.erased_at is not None
        assert row.version > ERASED_VERSION_STEP
        tasks = s.scalars(select(FollowupTask)).all()  # the page's, and the rules' thank-you
        assert len(tasks) >= 2
        assert {(t.outcome, str(t.details)) for t in tasks} == {("erased", "{}")}
        assert all(c.withdrawn_at for c in s.scalars(select(Consent)))
        assert {n.erased_at is not None for n in s.scalars(select(VisitNote))} == {True}
        assert s.scalar(select(Customer.advisor_id).where(Customer.id == client.id)) is None
    for engine in (store, a.engine, b.engine):  # the key date B made: emptied everywhere
        with Session(engine) as s:
            row = s.scalars(select(KeyDate)).one()
            assert (row.label, row.month, row.day, row.year) == (None, None, None, None)
            assert row.erased_at is not None
            assert row.version > ERASED_VERSION_STEP
    with Session(b.engine) as s:  # B erased its own note itself, through its outbox
        note = s.scalars(select(VisitNote)).one()
        assert note.text is None
        assert note.erased_at is not None
    store.dispose()


def test_forget_with_the_store_down_reaches_the_store_and_the_other_kiosk_later(
    make_kiosk, store_url
):
    a, b, client, visits = setup_client(make_kiosk, store_url)
    dead = open_store(store_url.rsplit("@", 1)[0] + "@127.0.0.1:9/" + store_url.rsplit("/", 1)[1])
    result = forget(a.engine, dead, STORE_ID, client.id, utcnow(), "test")
    dead.dispose()
    assert result.store is None
    assert result.store_error == "the store database did not answer"
    assert result.here is not None
    assert result.here.customer
    store = open_store(store_url)
    every = engines(a, b, store)
    assert found({"kiosk-a": a.engine}, needles()) == []  # erased here at once
    assert found({"store": store}, [NOTE_B])  # still in the store until A syncs

    sync(a, store_url)  # the tombstone arrives: the push applies the store's share
    assert found({"store": store}, needles()) == []
    sync(b, store_url)  # B pulls the tombstone, erases its own rows, pushes them
    sync(a, store_url)
    assert found(every, needles()) == []
    assert raw_hits(a, needles()) + raw_hits(b, needles()) == []
    assert len(visit_stats(store, visits)) == 2
    store.dispose()


def test_an_old_version_waiting_on_another_kiosk_does_not_bring_the_data_back(
    make_kiosk, store_url
):
    a, b, client, visits = setup_client(make_kiosk, store_url)
    store = open_store(store_url)
    forget(a.engine, store, STORE_ID, client.id, utcnow(), "test")
    # B has not heard yet: it edits its (older, un-erased) copy and writes a new note, later
    # than the erasure, so only the version can tell which one is the truth
    with Session(b.engine) as s, s.begin():
        row = s.get(Customer, client.id)
        assert row is not None
        assert row.erased_at is None
        row.notes = "Prefers the ochre swatches"
        save(s, row)
        save(s, VisitNote(visit_id=visits[1], text="Husband's birthday is in ochre May"))
    sync(b, store_url)  # pushes its old version first, then pulls the tombstone
    every = engines(a, b, store)
    assert found({"store": store}, [*needles(), "ochre"]) == []
    sync(a, store_url)
    sync(b, store_url)
    assert found(every, [*needles(), "ochre", "birthday"]) == []
    with Session(store) as s:
        row = s.get(Customer, client.id)
        assert row is not None
        assert row.erased_at is not None
        assert row.notes is None
    store.dispose()


def test_a_note_written_after_the_erasure_is_erased_on_arrival_and_at_its_kiosk(
    make_kiosk, store_url
):
    a, b, client, visits = setup_client(make_kiosk, store_url)
    store = open_store(store_url)
    forget(a.engine, store, STORE_ID, client.id, utcnow(), "test")
    sync(b, store_url)  # B holds the tombstone now
    late = "Late note: her sister in ochre"
    with Session(b.engine) as s, s.begin():  # e.g. the visit was still open on B
        save(s, VisitNote(visit_id=visits[1], text=late))
    sync(b, store_url)
    assert found({"store": store, "kiosk-b": b.engine}, [late]) == []
    assert raw_hits(b, [late]) == []
    sync(b, store_url)  # B's erased note travels; nothing more moves after that
    from tests.sync.helpers import outbox_pending

    sync(b, store_url)
    assert outbox_pending(b.engine) == 0
    store.dispose()


def test_withdrawing_on_the_follow_up_page_forgets_the_client_on_every_kiosk(make_kiosk, store_url):
    from kiosk.handoff.records import withdraw

    a, b, _client, visits = setup_client(make_kiosk, store_url)
    store = open_store(store_url)
    with Session(store) as s, s.begin():
        consent = s.scalars(select(Consent).where(Consent.visit_id == visits[0])).one()
        assert withdraw(s, consent.id, utcnow())
    assert found({"store": store}, needles()) == []  # the page's own transaction did it all
    for k in (a, b, a, b):
        sync(k, store_url)
    assert found(engines(a, b, store), needles()) == []
    with Session(store) as s:
        tasks = s.scalars(select(FollowupTask)).all()
        assert tasks
        assert {t.outcome for t in tasks} == {"consent_withdrawn"}
    store.dispose()


def test_a_case_written_on_a_kiosk_that_had_not_heard_of_the_erasure_is_erased_on_arrival(
    make_kiosk, store_url
):
    """Issue 15: B, offline while the client was forgotten, records the client's complaint at
    farewell; the store erases its words and contact as it arrives, B erases its own copy
    when the tombstone comes down, and the case is still counted everywhere."""
    a, b, client, visits = setup_client(make_kiosk, store_url)
    store = open_store(store_url)
    forget(a.engine, store, STORE_ID, client.id, utcnow(), "test")
    # B has not synced since; "just let the manager know": no contact, no call-back task,
    # so the case arrives alone and must be recognised as the forgotten client's by itself
    late = b.cases.open_case(
        CaseReport("delivery", CASE_TEXT, score=4), ["delivery"], at=utcnow(), visit_id=visits[1]
    )
    sync(b, store_url)  # the case arrives: erased in the push's own transaction
    with Session(store) as s:
        case = s.get(Case, late)
        assert case is not None
        assert case.erased_at is not None
        assert (case.category, case.score) == ("delivery", 4)
    assert found({"store": store}, needles()) == []
    for k in (a, b, a):
        sync(k, store_url)
    assert found(engines(a, b, store), needles()) == []
    assert raw_hits(b, needles()) == []
    assert late in [row[0] for row in case_facts(a.engine)]  # pulled to A, anonymous
    store.dispose()


def test_a_sale_recorded_on_a_kiosk_that_had_not_heard_of_the_erasure_is_erased_on_arrival(
    make_kiosk, store_url
):
    """Issue 16: B, offline while the client was forgotten, records a sale in the client's
    visit with the till's reference; the store empties it as it arrives and B its own copy
    when the tombstone comes down; the sale is still counted, with its items."""
    from kiosk.aftersale.purchases import SaleLine

    a, b, client, visits = setup_client(make_kiosk, store_url)
    store = open_store(store_url)
    forget(a.engine, store, STORE_ID, client.id, utcnow(), "test")
    late_ref = "ORD-LATE 2026/88120"
    lamp = SaleLine("MV-LT-TL1", 1, None, delivery=False, installation=False)
    late = b.recorder.submit(
        lambda: b.purchases.record(b.pack, visits[1], None, None, [lamp], late_ref, "en", utcnow())
    ).result()
    sync(b, store_url)  # the sale arrives: erased in the push's own transaction
    with Session(store) as s:
        row = s.get(Purchase, late)
        assert row is not None
        assert (row.order_ref, row.customer_id, row.items[0]["sku"]) == (None, None, lamp.sku)
        assert row.erased_at is not None
    for k in (a, b, a):
        sync(k, store_url)
    assert found(engines(a, b, store), [*needles(), late_ref, "88120"]) == []
    assert raw_hits(b, [*needles(), late_ref]) == []
    store.dispose()
