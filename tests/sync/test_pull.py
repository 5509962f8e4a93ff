"""Pull: what associates need comes down to every kiosk, without re-entering the outbox and
without overwriting newer local changes; late writers are never skipped."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, insert, select, update

from kiosk.db.models import (
    Associate,
    Case,
    Customer,
    OutboxEntry,
    ServiceRequest,
    SyncState,
    utcnow,
)
from kiosk.db.outbox import save
from kiosk.ids import uuid7
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from tests.sync.helpers import outbox_pending, play_visit

pytestmark = pytest.mark.postgres


def add_associate(store, name="Ada", store_id="store-7", **extra):
    row_id = uuid7()
    with store.begin() as conn:
        conn.execute(
            insert(Associate).values(
                id=row_id,
                version=1,
                updated_at=utcnow(),
                store_id=store_id,
                display_name=name,
                role="associate",
                pin_hash="x",
                failed_attempts=0,
                created_at=utcnow(),
                **extra,
            )
        )
    return row_id


def local_value(engine, column, row_id):
    with engine.connect() as conn:
        return conn.execute(select(column).where(column.table.c.id == row_id)).scalar()


def test_store_data_comes_down_once_and_never_into_the_outbox(make_kiosk, store):
    a, b = make_kiosk("kiosk-a"), make_kiosk("kiosk-b")
    ada = add_associate(store, "Ada")
    add_associate(store, "Other store", store_id="store-9")
    with store.begin() as conn:
        conn.execute(
            insert(Customer).values(
                id=uuid7(),
                version=1,
                updated_at=utcnow(),
                store_id="store-7",
                full_name="Client",
                preferences={"style": "quiet"},
                created_at=utcnow(),
            )
        )
    for n in range(3):  # kiosk b's customers ask for an associate (n == 0)
        play_visit(b.journey, n)
    Pusher(b.engine, store).push_all()

    puller = Puller(a.engine, store, "store-7")
    assert puller.pull_all() == 3  # one associate, one customer, one service request
    assert outbox_pending(a.engine) == 0
    assert local_value(a.engine, Associate.display_name, ada) == "Ada"
    with a.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Associate)).scalar() == 1
        assert conn.execute(select(ServiceRequest.kiosk_id)).scalars().all() == ["kiosk-b"]
        assert conn.execute(select(Customer.preferences)).scalar() == {"style": "quiet"}
        cursors = conn.execute(select(SyncState.name, SyncState.high_water_txid)).all()
    assert {name for name, _ in cursors} >= {"pull:associates", "pull:service_requests"}
    assert all(txid for _, txid in cursors)
    assert puller.pull_all() == 0  # nothing changed since


def test_a_newer_local_version_is_kept_until_the_store_has_a_newer_one(make_kiosk, store):
    rt = make_kiosk()
    ada = add_associate(store, "Ada")
    puller = Puller(rt.engine, store, "store-7")
    puller.pull_all()
    with rt.store.session() as s, s.begin():  # changed here, not yet pushed (version 2)
        row = s.get(Associate, ada)
        row.display_name = "Ada L."
        save(s, row)
    with store.begin() as conn:  # the store's row is touched but still at version 1
        conn.execute(update(Associate).where(Associate.id == ada).values(role="manager"))
    puller.pull_all()
    assert local_value(rt.engine, Associate.display_name, ada) == "Ada L."
    assert outbox_pending(rt.engine) == 1
    with store.begin() as conn:  # another kiosk's version 3 wins
        conn.execute(
            update(Associate).where(Associate.id == ada).values(version=3, display_name="A. L.")
        )
    assert puller.pull_all() == 1
    assert local_value(rt.engine, Associate.display_name, ada) == "A. L."
    assert local_value(rt.engine, Associate.version, ada) == 3


def test_a_writer_still_in_flight_during_a_pull_is_picked_up_by_the_next(make_kiosk, store):
    rt = make_kiosk()
    puller = Puller(rt.engine, store, "store-7")
    slow = store.connect()
    slow_tx = slow.begin()
    late = uuid7()
    slow.execute(
        insert(Associate).values(  # its clock says yesterday, too
            id=late,
            version=1,
            updated_at=utcnow() - dt.timedelta(days=1),
            store_id="store-7",
            display_name="Late",
            role="associate",
            pin_hash="x",
            failed_attempts=0,
            created_at=utcnow(),
        )
    )
    early = add_associate(store, "Early")  # commits after the late writer started
    puller.pull_all()
    assert local_value(rt.engine, Associate.display_name, early) is None  # held back
    slow_tx.commit()
    slow.close()
    puller.pull_all()
    assert local_value(rt.engine, Associate.display_name, late) == "Late"
    assert local_value(rt.engine, Associate.display_name, early) == "Early"


def test_first_pull_takes_open_and_recent_requests_and_erasures_come_down(make_kiosk, store):
    rt = make_kiosk()
    old = utcnow() - dt.timedelta(days=40)
    ids = {}
    with store.begin() as conn:
        for name, created, resolved in [
            ("open_old", old, None),
            ("closed_old", old, old),
            ("closed_new", utcnow(), utcnow()),
        ]:
            ids[name] = uuid7()
            conn.execute(
                insert(ServiceRequest).values(
                    id=ids[name],
                    version=1,
                    updated_at=created,
                    store_id="store-7",
                    kiosk_id="kiosk-z",
                    kind="associate",
                    created_at=created,
                    resolved_at=resolved,
                )
            )
        client = uuid7()
        conn.execute(
            insert(Customer).values(
                id=client,
                version=1,
                updated_at=utcnow(),
                store_id="store-7",
                full_name="Client",
                email="c@example.org",
                preferences={},
                created_at=utcnow(),
            )
        )
    puller = Puller(rt.engine, store, "store-7")
    puller.pull_all()
    with rt.engine.connect() as conn:
        pulled = set(conn.execute(select(ServiceRequest.id)).scalars())
    assert pulled == {ids["open_old"], ids["closed_new"]}
    with store.begin() as conn:  # the old open one is resolved now: that change comes down
        conn.execute(
            update(ServiceRequest)
            .where(ServiceRequest.id == ids["open_old"])
            .values(version=2, resolved_at=utcnow())
        )
        conn.execute(
            update(Customer)
            .where(Customer.id == client)
            .values(  # forgotten
                version=2, full_name=None, email=None, erased_at=utcnow()
            )
        )
    assert puller.pull_all() == 2
    assert local_value(rt.engine, ServiceRequest.resolved_at, ids["open_old"]) is not None
    assert local_value(rt.engine, Customer.email, client) is None
    with rt.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(OutboxEntry)).scalar() == 0


def test_first_pull_takes_open_and_lately_resolved_cases_not_every_case_ever(make_kiosk, store_url):
    """A new kiosk's first pull brings the cases associate mode lists (open, or resolved in
    the last 14 days), not the store's whole history of cases."""
    from kiosk.associates.directory import AssociateDirectory
    from tests.recovery.helpers import CATEGORIES, waiting_with_contact
    from tests.sync.helpers import sync_once

    a = make_kiosk("kiosk-a", store_url)
    elise = AssociateDirectory(a.engine, "store-7").add("Élise Martin", "manager", "482913").id
    now = utcnow()
    ids = {}
    for name, opened, resolved in [
        ("open_old", 60, None),
        ("resolved_long_ago", 60, 20),
        ("resolved_lately", 30, 2),
    ]:
        at = now - dt.timedelta(days=opened)
        ids[name] = a.cases.open_case(waiting_with_contact(), CATEGORIES, at=at)
        if resolved is not None:
            assert a.cases.resolve(
                ids[name],
                elise,
                now - dt.timedelta(days=resolved),
                internal_note="",
                customer_reply="",
                first_contact=True,
            )
    sync_once(a.engine, store_url)
    b = make_kiosk("kiosk-b", store_url)  # new in the store
    sync_once(b.engine, store_url)
    with b.engine.connect() as conn:
        pulled = set(conn.execute(select(Case.id)).scalars())
    assert pulled == {ids["open_old"], ids["resolved_lately"]}
    # the new kiosk's associate home lists what the old one lists
    assert [c.id for c in b.cases.list_for(elise, True, now)] == [
        c.id for c in a.cases.list_for(elise, True, now)
    ]
