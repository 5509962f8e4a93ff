"""A full disk under a running kiosk, on a real 4 MB tmpfs: a visit whose write fails does not
go on as if recorded, the failure is told to store IT (`kiosk check`), and the kiosk records
visits again, whole, once space returns. A busy database is tried again instead."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from kiosk.db.models import SelectionItem, Visit, VisitEvent
from kiosk.station.config import load_config
from kiosk.station.health import run_checks
from kiosk.station.runtime import start
from kiosk.visit.journey import Journey
from kiosk.visit.stages import EndReason, Stage
from kiosk.visit.writes import VisitNotRecorded

SKU = "MV-BAG-001"
FULL = "database or disk is full"


@pytest.fixture
def disk_config(kiosk_env, small_disk):  # type: ignore[no-untyped-def]
    db = small_disk.path / "data" / "kiosk.sqlite3"
    return load_config(env={**kiosk_env, "KIOSK_LOCAL_DB_PATH": str(db)})


def events(rt, visit_id):  # type: ignore[no-untyped-def]
    with rt.store.session() as s:
        return s.scalars(
            select(VisitEvent.kind).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
        ).all()


def test_a_visit_whose_first_write_fails_does_not_go_on(disk_config, small_disk):
    rt = start(disk_config)
    try:
        failures: list = []
        rt.journey.on_write_failed(failures.append)
        small_disk.fill()
        with pytest.raises(OperationalError, match=FULL):
            rt.journey.begin("en").result(timeout=30)
        assert [(f.what, f.cause) for f in failures] == [("visit start", FULL)]
        assert rt.journey.state is not None
        assert rt.journey.state.unrecorded
        # Nothing more is tried for it: no "visit ... does not exist" cascade.
        with pytest.raises(VisitNotRecorded):
            rt.journey.set_selected(SKU, True).result(timeout=30)
        assert len(failures) == 1
        rt.journey.end(EndReason.ERROR).result(timeout=30)  # nothing to end, no error

        report = run_checks(disk_config)
        writes = report["checks"]["writes"]
        assert not writes["ok"]
        assert (writes["what"], writes["cause"]) == ("visit start", FULL)
        assert writes["visits_ended"] == 1
        assert writes["recovered_at"] is None
        assert any(p.startswith("writes: nothing can be recorded") for p in report["problems"])

        small_disk.free()
        rt.journey.begin("en").result(timeout=30)
        rt.journey.set_selected(SKU, True).result(timeout=30)
        rt.journey.end(EndReason.COMPLETED).result(timeout=30)
        with rt.store.session() as s:
            visits = s.scalars(select(Visit)).all()
        assert [v.end_reason for v in visits] == ["completed"]  # the new one, whole
        writes = run_checks(disk_config)["checks"]["writes"]
        assert writes["ok"]
        assert writes["recovered_at"] is not None
        assert FULL in writes["detail"]  # what happened stays readable
    finally:
        small_disk.free()
        rt.close()


def test_a_write_that_fails_mid_visit_ends_it_and_its_end_is_written_when_space_returns(
    disk_config, small_disk
):
    rt = start(disk_config)
    try:
        rt.journey.begin("en").result(timeout=30)
        first = rt.journey.state
        assert first is not None
        small_disk.fill()
        with pytest.raises(OperationalError, match=FULL):
            rt.journey.set_selected(SKU, True).result(timeout=30)
        assert first.failed == "selection"
        with pytest.raises(VisitNotRecorded):  # the record is not continued with a hole in it
            rt.journey.enter_stage(Stage.SELECTION).result(timeout=30)
        with pytest.raises(OperationalError, match=FULL):
            rt.journey.end(EndReason.ERROR).result(timeout=30)  # still full: kept for later

        small_disk.free()
        rt.journey.begin("en").result(timeout=30)  # the old end is written first
        with rt.store.session() as s:
            old = s.get(Visit, first.visit_id)
            assert old is not None
            assert old.ended_at is not None
            assert old.end_reason == "error"
            assert s.scalars(select(SelectionItem)).all() == []
        assert events(rt, first.visit_id) == ["visit_started", "visit_ended"]
        rt.journey.end(EndReason.COMPLETED).result(timeout=30)
    finally:
        small_disk.free()
        rt.close()


def busy_for_others(rt) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    """Another process holding the database's write lock; the kiosk waits 50 ms, not 5 s."""
    event.listen(rt.engine, "connect", lambda conn, _r: conn.execute("PRAGMA busy_timeout=50"))
    rt.engine.dispose()
    holder = sqlite3.connect(rt.config.local_db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_a_busy_database_is_tried_again_rather_than_losing_the_visit(runtime):
    holder = busy_for_others(runtime)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        holder.execute("ROLLBACK")  # the other process is done

    runtime.store.pause = pause
    journey = Journey(runtime.store)
    journey.begin("en").result()
    assert pauses == [0.25]
    assert events(runtime, journey.state.visit_id) == ["visit_started"]
    holder.close()


def test_a_database_that_stays_busy_fails_after_three_attempts(runtime):
    holder = busy_for_others(runtime)
    pauses: list[float] = []
    runtime.store.pause = pauses.append
    journey = Journey(runtime.store)
    with pytest.raises(OperationalError, match="database is locked"):
        journey.begin("en").result()
    assert pauses == [0.25, 1.0]
    assert journey.state is not None
    assert journey.state.failed == "visit start"
    holder.close()
