"""Answers made on two kiosks at once, through the real store database: a resolution of a
service request, or a completed follow-up, made on one kiosk is never undone by a later
offline change another kiosk made on its older copy (an acknowledgement, a reassignment)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.db.models import FollowupTask, ServiceRequest, utcnow
from kiosk.db.outbox import save
from kiosk.station.runtime import Runtime
from kiosk.sync import open_store
from tests.sync.helpers import sync_once

pytestmark = pytest.mark.postgres
STORE = "store-7"


def sync(kiosk: Runtime, store_url: str) -> None:
    sync_once(kiosk.engine, store_url, STORE)


def everywhere(
    read: Callable[[Engine], tuple[object, ...]], *kiosks: Runtime
) -> tuple[object, ...]:
    """The row as the store and every kiosk hold it, once they agree (asserted)."""
    store = open_store(kiosks[0].config.store_db_url or "")
    try:
        copies = {read(e) for e in (store, *(k.engine for k in kiosks))}
    finally:
        store.dispose()
    assert len(copies) == 1, copies
    return copies.pop()


def request_row(engine: Engine, request_id: uuid.UUID) -> tuple[object, ...]:
    with Session(engine) as s:
        r = s.get(ServiceRequest, request_id)
        assert r is not None
        return (r.version, r.acknowledged_by, r.resolved_by, r.resolved_at)


def task_row(engine: Engine, task_id: uuid.UUID) -> tuple[object, ...]:
    with Session(engine) as s:
        t = s.get(FollowupTask, task_id)
        assert t is not None
        return (t.version, t.completed_by, t.completed_at, t.outcome)


def two_kiosks(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    a, b = make_kiosk("kiosk-a", store_url), make_kiosk("kiosk-b", store_url)
    people = AssociateDirectory(a.engine, STORE)
    elise = people.add("Élise Martin", "manager", "482913").id
    marc = people.add("Marc Petit", "manager", "582913").id
    a.journey.begin("en").result()
    assert a.journey.state is not None
    return a, b, elise, marc, a.journey.state.visit_id


def test_a_late_offline_acknowledgement_never_reopens_a_resolved_request(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    a, b, elise, marc, _visit = two_kiosks(make_kiosk, store_url)
    request_id = a.journey.request_service("associate").result()
    sync(a, store_url)
    sync(b, store_url)
    assert [r.id for r in b.desk.open_requests()] == [request_id]
    # both offline: A resolves, then B (on its older copy) says "I'm coming"
    assert a.desk.resolve(request_id, elise, utcnow())
    assert b.desk.acknowledge(request_id, marc, utcnow())
    for kiosk in (b, a, b):
        sync(kiosk, store_url)
    assert everywhere(lambda e: request_row(e, request_id), a, b)[2] == elise
    for kiosk in (a, b):  # no longer on anyone's list of waiting customers
        assert kiosk.desk.open_requests() == []


def test_a_late_offline_reassignment_never_undoes_a_completed_task(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    a, b, elise, marc, visit_id = two_kiosks(make_kiosk, store_url)
    now = utcnow()
    task_id = a.followups.add(
        visit_id,
        due_at=now + dt.timedelta(hours=1),
        assigned_to=None,
        note="",
        created_by=elise,
        at=now,
    )
    sync(a, store_url)
    sync(b, store_url)
    # both offline: A completes the task, then B hands its older copy to Marc
    assert a.followups.complete(task_id, elise, "done", utcnow()).outcome == "done"
    with Session(b.engine) as s, s.begin():
        task = s.get(FollowupTask, task_id)
        assert task is not None
        assert task.completed_at is None
        task.assigned_to = marc
        save(s, task)
    for kiosk in (b, a, b):
        sync(kiosk, store_url)
    row = everywhere(lambda e: task_row(e, task_id), a, b)
    assert (row[1], row[3]) == (elise, "done")


@pytest.mark.parametrize("completed_first", [True, False])
def test_a_stop_on_withdrawal_outranks_an_offline_completion(  # type: ignore[no-untyped-def]
    make_kiosk, store_url, completed_first
):
    """The client withdraws consent (their open follow-ups stop, the note goes) while another
    kiosk, offline, completes the same follow-up on its older copy a moment before or after:
    once both have synced, the note stays gone everywhere."""
    from kiosk.associates.tasks import add_task, stop_for_customer
    from kiosk.db.models import Customer

    a, b, elise, _marc, _visit = two_kiosks(make_kiosk, store_url)
    now = utcnow()
    with Session(a.engine) as s, s.begin():
        client = Customer(store_id=STORE, full_name="Camille Durand", preferences={})
        save(s, client)
        task_id = add_task(
            s,
            STORE,
            customer_id=client.id,
            due_at=now + dt.timedelta(hours=1),
            note="Call about the ring",
            at=now,
        )
        client_id = client.id
    sync(a, store_url)
    sync(b, store_url)
    if completed_first:
        assert b.followups.complete(task_id, elise, "reached", utcnow()).outcome == "reached"
    with Session(a.engine) as s, s.begin():
        assert stop_for_customer(s, client_id, utcnow()) == 1
    if not completed_first:
        assert b.followups.complete(task_id, elise, "reached", utcnow()).outcome == "reached"
    for kiosk in (b, a, b):
        sync(kiosk, store_url)

    def note(engine: Engine) -> tuple[object, ...]:
        with Session(engine) as s:
            task = s.get(FollowupTask, task_id)
            assert task is not None
            return (task.version, (task.details or {}).get("note"))

    assert everywhere(note, a, b)[1] is None
