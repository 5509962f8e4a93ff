"""The store database's day counts (migration 0006): the visit summaries added up per store
and UTC day by PostgreSQL triggers, whoever writes, updates or deletes a summary, and filled
by the migration for the summaries already there. The dashboard reads a month's whole days
from them; its figures stay the hand-counted ones (``test_summaries``, ``test_store_figures``)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from kiosk.db.engine import open_url
from kiosk.db.migrate import upgrade
from kiosk.db.models import Visit, VisitDayCount, VisitSummary
from kiosk.insights.days import whole_days
from kiosk.insights.summary import write_summary
from tests.insights.fixtures import EXPECTED, build
from tests.insights.test_figures import all_periods, check
from tests.insights.test_summaries import migrate_to

pytestmark = pytest.mark.postgres

RECOUNT = """
SELECT r.store_id, CAST(r.started_at AT TIME ZONE 'UTC' AS date), k.key, SUM(k.n)
FROM visit_summaries AS r CROSS JOIN LATERAL (
    SELECT '#visits', 1
    UNION ALL SELECT '#greeting', 1 WHERE r.stages & 32 <> 0
    UNION ALL SELECT '#story', 1 WHERE r.stages & 2 <> 0
    UNION ALL SELECT '#promoters', 1 WHERE r.nps >= 9
    UNION ALL SELECT '#detractors', 1 WHERE r.nps <= 6
    UNION ALL SELECT '#ces_sum', r.ces WHERE r.ces IS NOT NULL
    UNION ALL SELECT e, 1 FROM jsonb_array_elements_text(r.items) AS e
) AS k (key, n)
GROUP BY 1, 2, 3
"""
"""A few of the figures and every item, counted afresh from the summaries."""


def counts(engine) -> dict[tuple[str, dt.date, str], int]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        kept = s.execute(select(VisitDayCount).where(VisitDayCount.n != 0)).scalars().all()
        return {(c.store_id, c.day, c.key): c.n for c in kept}


def recount(engine) -> dict[tuple[str, dt.date, str], int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {(a, b, c): int(n) for a, b, c, n in conn.execute(text(RECOUNT))}


def agree(engine) -> None:  # type: ignore[no-untyped-def]
    kept, fresh = counts(engine), recount(engine)
    assert fresh
    assert {k: kept.get(k, 0) for k in fresh} == fresh
    keys = {k for k in kept if k[2].startswith(("#visits", "#story", "p:", "k:", "l:", "c:"))}
    assert keys <= set(fresh)


@pytest.fixture
def engine(pg_url):  # type: ignore[no-untyped-def]
    made = open_url(pg_url)
    yield made
    made.dispose()


def test_the_migration_counts_the_summaries_already_there(engine):
    migrate_to(engine, "0004_cases")
    build(engine)
    migrate_to(engine, "0005_visit_summaries")  # summaries, before day counts existed
    assert recount(engine)
    upgrade(engine, backup=False)
    agree(engine)
    for period, found in all_periods(engine).items():
        check(found, EXPECTED[period])


def test_summaries_written_changed_and_deleted_keep_their_day_counts(engine):
    upgrade(engine, backup=False)
    build(engine)
    with Session(engine) as s, s.begin():  # as each visit's end writes its summary
        for visit in s.scalars(select(Visit).where(Visit.ended_at.is_not(None))):
            write_summary(s, visit)
    agree(engine)
    with Session(engine) as s, s.begin():
        first = s.scalars(select(VisitSummary).order_by(VisitSummary.started_at)).first()
        assert first is not None
        visit_id = first.visit_id
        s.execute(
            update(VisitSummary)
            .where(VisitSummary.visit_id == visit_id)
            .values(nps=10, ces=2, items=["p:changed"], stages=32)
        )
    agree(engine)
    with Session(engine) as s, s.begin():  # a visit erased: its summary goes with it
        s.execute(delete(Visit).where(Visit.id == visit_id))
    agree(engine)
    assert not any(key == "p:changed" for _store, _day, key in counts(engine))


def test_a_period_is_split_at_utc_midnights():
    paris = dt.timezone(dt.timedelta(hours=1))
    start = dt.datetime(2026, 11, 1, 0, 0, tzinfo=paris)  # 23:00 UTC the day before
    end = dt.datetime(2026, 11, 3, 12, 0, tzinfo=dt.UTC)
    assert whole_days(start, end) == (
        dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 3, tzinfo=dt.UTC),
    )
    assert whole_days(end - dt.timedelta(hours=20), end) is None
