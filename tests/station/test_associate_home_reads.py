"""What the associate home asks the runtime for (``Runtime.desk``, ``Runtime.health``): the
store's open service requests and their answers, this kiosk's disk and failed writes, and
the store sync's status, with or without a sync worker. Real SQLite; real PostgreSQL where
a worker talks to a store."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from kiosk.associates.desk import ServiceDeskError
from kiosk.clock import utcnow
from kiosk.db.models import ServiceRequest
from kiosk.station.runtime import Runtime, start
from tests.associates.tasks.helpers import associate
from tests.sync.helpers import kiosk_config

UNREACHABLE = "postgresql://kiosk@127.0.0.1:9/none"


@pytest.fixture
def rt(tmp_path):  # type: ignore[no-untyped-def]
    runtime = start(kiosk_config(tmp_path, "kiosk-a"))
    yield runtime
    runtime.close()


def answers(rt: Runtime) -> list[tuple[uuid.UUID | None, uuid.UUID | None]]:
    with rt.store.session() as s:
        rows = s.scalars(select(ServiceRequest).order_by(ServiceRequest.created_at)).all()
        return [(r.acknowledged_by, r.resolved_by) for r in rows]


def test_a_request_is_listed_acknowledged_once_and_resolved(rt):
    elise, marc = associate(rt.engine), associate(rt.engine, "Marc Lefèvre")
    rt.journey.begin("en").result()
    request_id = rt.journey.request_service("refreshment").result()
    (listed,) = rt.desk.open_requests()
    assert (listed.id, listed.kind, listed.kiosk_id, listed.acknowledged_at) == (
        request_id,
        "refreshment",
        "kiosk-a",
        None,
    )
    assert rt.desk.acknowledge(request_id, elise, utcnow()) is True
    assert rt.desk.acknowledge(request_id, marc, utcnow()) is False  # Élise was first
    assert rt.desk.open_requests()[0].acknowledged_by == "Élise Martin"
    assert rt.desk.resolve(request_id, marc, utcnow()) is True
    assert rt.desk.open_requests() == []
    assert answers(rt) == [(elise, marc)]


def test_an_unknown_request_is_refused_with_a_clear_message_and_nothing_changes(rt):
    elise = associate(rt.engine)
    rt.journey.begin("en").result()
    rt.journey.request_service("associate").result()
    for answer in (rt.desk.acknowledge, rt.desk.resolve):
        with pytest.raises(ServiceDeskError, match=r"no service request .* in store store-7"):
            answer(uuid.uuid4(), elise, utcnow())
    assert answers(rt) == [(None, None)]
    assert len(rt.desk.open_requests()) == 1


def test_without_a_store_the_sync_is_disabled_and_the_disk_is_told(rt):
    health = rt.health
    assert not health.syncs
    status = health.sync_status()
    assert (status.state, status.quarantined) == ("disabled", 0)
    storage = health.storage()
    assert storage.min_free_mb == rt.config.health_min_free_mb
    assert storage.free_mb > 0
    assert storage.failure is None

    def full() -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        rt.writes.run("service request answer", full)
    failure = rt.health.storage().failure
    assert failure is not None
    assert failure.what == "service request answer"


def test_a_store_without_a_running_worker_is_stopped(tmp_path):
    rt = start(kiosk_config(tmp_path, "kiosk-b", UNREACHABLE))  # the command line's way
    try:
        assert not rt.health.syncs
        assert rt.health.sync_status().state == "stopped"
    finally:
        rt.close()


@pytest.mark.postgres
def test_with_a_worker_the_status_is_its_own_and_follows_the_runtime(tmp_path, store_url):
    rt = start(kiosk_config(tmp_path, "kiosk-c", store_url), sync=True)
    try:
        health = rt.health
        assert health.syncs
        assert rt.sync is not None
        rt.sync.run_pass()
        assert health.sync_status() == rt.sync.status()
        assert health.sync_status().last_success_at is not None
        worker, rt.sync = rt.sync, None  # a health asked for now knows the worker is gone
        assert not rt.health.syncs
        assert rt.health.sync_status().state == "stopped"
        rt.sync = worker
    finally:
        rt.close()
