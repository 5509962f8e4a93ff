"""Visit summaries: written with the visit's end (idle, "I'm done", crash recovery), rebuilt
by migration 0005 for the visits made before it, and what the dashboard reads: its figures
over summaries are the hand-counted ones, on SQLite and a real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from alembic import command
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import _alembic_config, upgrade
from kiosk.db.models import OutboxEntry, Visit, VisitEvent, VisitSummary
from kiosk.insights.summary import GREETED, STAGE_BITS
from kiosk.visit import records
from kiosk.visit.records import VisitStore
from tests.insights.fixtures import EXPECTED, STORE, A, B, build
from tests.insights.test_figures import all_periods, check

T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def migrate_to(engine, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        made = open_local(tmp_path / "k.sqlite3")
    else:
        made = open_url(request.getfixturevalue("pg_url"))
    yield made
    made.dispose()


def test_the_migration_summarizes_the_visits_made_before_it(engine):
    migrate_to(engine, "0004_cases")
    build(engine)  # the hand-counted store, recorded before summaries existed
    upgrade(engine, backup=False)
    with Session(engine) as s:
        ended = s.scalar(select(func.count()).where(Visit.ended_at.is_not(None)))
        assert s.scalar(select(func.count()).select_from(VisitSummary)) == ended == 9
    found = all_periods(engine)
    for period, expected in EXPECTED.items():
        check(found[period], expected)


def test_the_dashboard_reads_the_summaries_not_the_events(engine):
    migrate_to(engine, "0004_cases")
    build(engine)
    upgrade(engine, backup=False)
    with Session(engine) as s, s.begin():  # the ended visits' events: no longer read
        ended = select(Visit.id).where(Visit.ended_at.is_not(None))
        s.execute(delete(VisitEvent).where(VisitEvent.visit_id.in_(ended)))
    found = all_periods(engine)
    for period, expected in EXPECTED.items():
        check(found[period], expected)


@pytest.mark.postgres
def test_summaries_give_the_same_figures_on_postgres_and_sqlite(tmp_path, pg_url):
    found = []
    for engine in (open_local(tmp_path / "k.sqlite3"), open_url(pg_url)):
        migrate_to(engine, "0004_cases")
        build(engine)
        upgrade(engine, backup=False)
        found.append(all_periods(engine))
        engine.dispose()
    assert found[0] == found[1]


# -- written by the visit's end ----------------------------------------------------------------


@pytest.fixture
def store(tmp_path):  # type: ignore[no-untyped-def]
    engine = open_local(tmp_path / "k.sqlite3")
    upgrade(engine)
    yield VisitStore(engine, STORE, "k1")
    engine.dispose()


def journey(store: VisitStore) -> uuid.UUID:
    vid = uuid.uuid4()
    store.start_visit(vid, "en", T0)
    steps = [
        ("path_chosen", {"path": "browse"}),
        ("stage_entered", {"stage": "story"}),
        ("product_viewed", {"sku": A, "source": "recommendations"}),
        ("chapter_read", {"sku": A, "chapter": "heritage", "ms": 5000}),
        ("product_viewed", {"sku": A, "source": "selection"}),
        ("look_viewed", {"lookbook": "evening-living", "scene": "salon"}),
    ]
    for i, (kind, payload) in enumerate(steps, start=1):
        store.record_event(vid, kind, payload, T0 + dt.timedelta(seconds=i))
    store.set_selected(vid, B, True, T0 + dt.timedelta(seconds=10))
    store.record_event(
        vid,
        "feedback_given",
        {"question": "nps", "score": 9},
        T0 + dt.timedelta(seconds=20),
        visit_changes={"nps": 9, "ces": 6},
    )
    return vid


def summary_of(store: VisitStore, vid: uuid.UUID) -> VisitSummary | None:
    with store.session() as s:
        return s.scalar(select(VisitSummary).where(VisitSummary.visit_id == vid))


JOURNEY_ITEMS = [f"c:{A}/heritage", f"k:{B}", "l:evening-living/salon", f"p:{A}"]
JOURNEY_STAGES = GREETED | STAGE_BITS["story"] | STAGE_BITS["selection"]


@pytest.mark.parametrize("reason", ["idle", "completed"])  # the idle timeout, "I'm done"
def test_a_visit_ends_with_its_summary_queued_for_the_store(store, reason):
    vid = journey(store)
    assert summary_of(store, vid) is None  # an open visit has none yet
    store.end_visit(vid, reason, T0 + dt.timedelta(seconds=95, microseconds=250))
    summary = summary_of(store, vid)
    assert summary is not None
    assert (summary.store_id, summary.started_at, summary.dwell_us) == (STORE, T0, 95_000_250)
    assert (summary.nps, summary.ces, summary.stages) == (9, 6, JOURNEY_STAGES)
    assert summary.items == JOURNEY_ITEMS
    with store.session() as s:
        queued = s.scalars(
            select(OutboxEntry.version).where(
                OutboxEntry.table_name == "visit_summaries", OutboxEntry.row_id == summary.id
            )
        ).all()
    assert queued == [1]  # synced like the visit


def test_crash_recovery_at_start_up_summarizes_the_visits_it_closes(store):
    vid = journey(store)
    assert store.recover_open_visits() == [vid]
    summary = summary_of(store, vid)
    assert summary is not None
    assert summary.dwell_us == 20_000_000  # ended at its last record, as the visit
    assert (summary.stages, summary.items) == (JOURNEY_STAGES, JOURNEY_ITEMS)


def test_an_end_whose_summary_cannot_be_written_is_not_written_either(store, monkeypatch):
    vid = journey(store)

    def power_cut(*_args: object) -> None:
        raise OSError("the power went while the summary was being written")

    monkeypatch.setattr(records, "write_summary", power_cut)
    with pytest.raises(OSError, match="power"):
        store.end_visit(vid, "completed", T0 + dt.timedelta(seconds=30))
    with store.session() as s:
        visit = s.get(Visit, vid)
        assert visit is not None
        assert visit.ended_at is None  # one transaction: the end and its summary, or neither
        kinds = s.scalars(select(VisitEvent.kind).where(VisitEvent.visit_id == vid)).all()
        assert "visit_ended" not in kinds
    monkeypatch.undo()
    assert store.recover_open_visits() == [vid]  # the next start closes it, with its summary
    assert summary_of(store, vid) is not None


def test_a_kiosk_queues_the_rebuilt_summaries_of_visits_not_yet_sent(tmp_path):
    engine = open_local(tmp_path / "k.sqlite3")
    migrate_to(engine, "0004_cases")
    build(engine)  # fixture rows, never queued: as if already sent
    old = VisitStore(engine, STORE, "k1")
    vid = uuid.uuid4()
    old.start_visit(vid, "en", T0)  # recorded by the old kiosk, still in the outbox
    with old.session() as s, s.begin():
        visit = s.get(Visit, vid)
        assert visit is not None
        visit.ended_at = T0 + dt.timedelta(seconds=40)
    upgrade(engine, backup=False)
    with Session(engine) as s:
        summary = s.scalar(select(VisitSummary).where(VisitSummary.visit_id == vid))
        assert summary is not None
        queued = s.scalars(
            select(OutboxEntry.row_id).where(OutboxEntry.table_name == "visit_summaries")
        ).all()
    assert queued == [summary.id]  # only the one whose visit the store has not had yet
    engine.dispose()
