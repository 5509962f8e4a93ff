"""Push: the outbox reaches the store once, in order, idempotently; bad rows are quarantined."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text, update

from kiosk.db.models import OutboxEntry, Visit, VisitEvent
from kiosk.sync.push import Pusher, requeue_quarantined
from tests.sync.helpers import assert_store_matches, outbox_pending, play_visit

pytestmark = pytest.mark.postgres


def test_visits_reach_the_store_row_for_row_and_the_outbox_empties(make_kiosk, store):
    rt = make_kiosk()
    for n in range(5):
        play_visit(rt.journey, n)
    pending = outbox_pending(rt.engine)
    result = Pusher(rt.engine, store, batch_size=7).push_all()
    assert result.batches == -(-pending // 7)
    assert result.entries_cleared == pending
    assert result.entries_quarantined == 0
    assert outbox_pending(rt.engine) == 0
    counts = assert_store_matches([rt.engine], store)
    assert counts["visits"] == 5
    assert counts["visit_events"] > 5 * 10


def test_delivering_the_same_batch_twice_changes_nothing(make_kiosk, store):
    rt = make_kiosk()
    play_visit(rt.journey, 0)
    with rt.engine.connect() as conn:
        entries = conn.execute(select(OutboxEntry.__table__)).all()
    first = Pusher(rt.engine, store).push_all()
    with store.connect() as conn:
        before = conn.execute(text("SELECT id, xmin::text FROM visit_events ORDER BY id")).all()
    with rt.engine.begin() as conn:  # the acknowledgement was lost: the entries come back
        conn.execute(OutboxEntry.__table__.insert(), [e._asdict() for e in entries])
    second = Pusher(rt.engine, store).push_all()
    assert second.rows_sent == first.rows_sent > 0
    assert second.rows_applied == 0  # the version guard let nothing through
    with store.connect() as conn:
        after = conn.execute(text("SELECT id, xmin::text FROM visit_events ORDER BY id")).all()
    assert after == before  # not even rewritten
    assert_store_matches([rt.engine], store)


def test_a_late_replay_never_overwrites_a_newer_version(make_kiosk, store):
    rt = make_kiosk()
    rt.journey.begin("en").result()
    visit_id = rt.journey.state.visit_id
    Pusher(rt.engine, store).push_all()  # the store has version 1
    rt.journey.set_language("fr").result()  # version 2 locally
    Pusher(rt.engine, store).push_all()
    with store.begin() as conn:  # the store moves on (another writer, version 3)
        conn.execute(update(Visit).where(Visit.id == visit_id).values(version=3, language="de"))
    with rt.engine.begin() as conn:  # an old entry of version 2 is replayed
        conn.execute(
            OutboxEntry.__table__.insert().values(table_name="visits", row_id=visit_id, version=2)
        )
    result = Pusher(rt.engine, store).push_all()
    assert result.rows_sent == 1
    assert result.rows_applied == 0
    with store.connect() as conn:
        assert conn.execute(select(Visit.language).where(Visit.id == visit_id)).scalar() == "de"


def test_a_row_the_store_rejects_is_quarantined_and_the_rest_goes_through(make_kiosk, store):
    rt = make_kiosk()
    for n in range(4):
        play_visit(rt.journey, n)
    with rt.engine.begin() as conn:  # SQLite keeps what PostgreSQL's varchar(40) refuses
        bad_id = conn.execute(select(VisitEvent.id).where(VisitEvent.seq == 3)).scalars().first()
        conn.execute(update(VisitEvent).where(VisitEvent.id == bad_id).values(kind="x" * 41))
    result = Pusher(rt.engine, store, batch_size=500).push_all()
    assert result.entries_quarantined == 1
    with rt.engine.connect() as conn:
        q = conn.execute(
            select(OutboxEntry.row_id, OutboxEntry.last_error).where(
                OutboxEntry.quarantined_at.is_not(None)
            )
        ).all()
        assert [e.row_id for e in q] == [bad_id]
        assert "22001" in q[0].last_error
        assert "too long" in q[0].last_error
        assert "xxxx" not in q[0].last_error  # no data values in the reason
    with store.connect() as conn:
        n_store = conn.execute(select(func.count()).select_from(VisitEvent)).scalar()
    with rt.engine.connect() as conn:
        n_local = conn.execute(select(func.count()).select_from(VisitEvent)).scalar()
    assert n_store == n_local - 1
    # store IT fixes the row and requeues: it goes through
    with rt.engine.begin() as conn:
        conn.execute(update(VisitEvent).where(VisitEvent.id == bad_id).values(kind="fixed"))
    assert requeue_quarantined(rt.engine) == 1
    assert Pusher(rt.engine, store).push_all().entries_quarantined == 0
    assert_store_matches([rt.engine], store)


def test_children_of_a_rejected_parent_are_quarantined_too(make_kiosk, store):
    rt = make_kiosk()
    play_visit(rt.journey, 1)
    play_visit(rt.journey, 2)
    with rt.engine.begin() as conn:
        first = conn.execute(select(Visit.id).order_by(Visit.started_at)).scalars().first()
        conn.execute(update(Visit).where(Visit.id == first).values(end_reason="y" * 30))
        other_events = conn.execute(
            select(func.count()).select_from(VisitEvent).where(VisitEvent.visit_id != first)
        ).scalar()
    result = Pusher(rt.engine, store, batch_size=1000).push_all()
    assert result.entries_quarantined > 1
    with store.connect() as conn:
        assert conn.execute(select(Visit.id)).scalars().all() != [first]
        assert conn.execute(select(func.count()).select_from(Visit)).scalar() == 1
        stored_events = conn.execute(select(func.count()).select_from(VisitEvent)).scalar()
    assert stored_events == other_events  # the other visit arrived whole
    with rt.engine.connect() as conn:
        reasons = conn.execute(
            select(OutboxEntry.table_name, OutboxEntry.last_error).where(
                OutboxEntry.quarantined_at.is_not(None)
            )
        ).all()
    assert {t for t, _ in reasons} >= {"visits", "visit_events"}
    assert all("23503" in r for t, r in reasons if t != "visits")  # foreign key
