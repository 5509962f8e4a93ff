"""The store database's day counts (migration 0006): the visit summaries added up per store
and UTC day by PostgreSQL triggers, whoever writes, updates or deletes a summary, and filled
by the migration for the summaries already there. The dashboard reads a month's whole days
from them; its figures stay the hand-counted ones (``test_summaries``, ``test_store_figures``)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from alembic import command
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session

from kiosk.db.engine import open_url
from kiosk.db.migrate import _alembic_config, upgrade
from kiosk.db.models import Consent, FollowupLink, Visit, VisitDayCount, VisitSummary
from kiosk.insights.days import whole_days
from kiosk.insights.summary import write_summary
from tests.insights.fixtures import EXPECTED, STORE, build
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
    UNION ALL SELECT '#link_opened', 1 WHERE r.later & 1 <> 0
    UNION ALL SELECT '#consent', 1 WHERE r.later & 2 <> 0
    UNION ALL SELECT '#appointment', 1 WHERE r.later & 4 <> 0
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
    named = ("#visits", "#story", "#link_opened", "#consent", "#appointment", "p:", "k:", "c:")
    keys = {k for k in kept if k[2].startswith(named)}
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
    with Session(engine) as s:
        assert s.scalar(select(func.count(VisitSummary.id))) == 9
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


def test_a_link_opened_or_a_consent_after_the_summary_is_counted(engine):
    """The phone page's records come after the visit's summary: the store sets the summary's
    later stages again, and the dashboard's funnel shows them."""
    upgrade(engine, backup=False)
    build(engine)
    with Session(engine) as s, s.begin():
        for visit in s.scalars(select(Visit).where(Visit.ended_at.is_not(None))):
            write_summary(s, visit)
    before = all_periods(engine)["30d"].funnel
    with Session(engine) as s, s.begin():
        quiet = s.scalars(
            select(VisitSummary).where(VisitSummary.later == 0, VisitSummary.store_id == STORE)
        ).first()
        assert quiet is not None
        visit_id, started = quiet.visit_id, quiet.started_at
        s.add(
            FollowupLink(
                visit_id=visit_id,
                token=uuid.uuid4().hex,
                fallback_code=uuid.uuid4().hex[:10],
                created_at=started,
                expires_at=started + dt.timedelta(days=30),
            )
        )
        s.add(
            Consent(
                visit_id=visit_id,
                purpose="appointment",
                wording_version="v1",
                language="en",
                given_via="page",
                given_at=started + dt.timedelta(minutes=5),
            )
        )
    with Session(engine) as s, s.begin():  # the link opened on the phone
        s.execute(
            update(FollowupLink)
            .where(FollowupLink.visit_id == visit_id)
            .values(first_opened_at=started + dt.timedelta(minutes=3))
        )
    agree(engine)
    after = all_periods(engine)["30d"].funnel
    grew = {bar.stage: bar.visits - was.visits for bar, was in zip(after, before, strict=True)}
    assert grew == {**{name: 0 for name in grew}, "link_opened": 1, "consent": 1, "appointment": 1}
    with Session(engine) as s, s.begin():
        s.execute(delete(Consent).where(Consent.visit_id == visit_id))
    agree(engine)
    with Session(engine) as s:
        assert s.scalar(select(VisitSummary.later).where(VisitSummary.visit_id == visit_id)) == 1


def test_the_migration_goes_back_and_forth(engine):
    """Downgrading to 0005 takes the counts, the column and the triggers away; upgrading
    again counts the summaries afresh."""
    upgrade(engine, backup=False)
    build(engine)
    with Session(engine) as s, s.begin():
        for visit in s.scalars(select(Visit).where(Visit.ended_at.is_not(None))):
            write_summary(s, visit)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_visit_summaries")
    upgrade(engine, backup=False)
    agree(engine)


def test_a_link_opened_while_the_summary_arrives_is_not_lost(engine):
    """A kiosk's summary being written (a sync batch, not yet committed) while the phone page
    opens the visit's link: the page waits for the summary, then sets its later stage, rather
    than neither seeing the other and the funnel missing the link for good."""
    upgrade(engine, backup=False)
    build(engine)
    with Session(engine) as s, s.begin():
        visit = s.scalars(
            select(Visit).where(Visit.ended_at.is_not(None), Visit.store_id == STORE)
        ).first()
        assert visit is not None
        visit_id, started = visit.id, visit.started_at
        s.execute(delete(FollowupLink).where(FollowupLink.visit_id == visit_id))
        s.add(
            FollowupLink(
                visit_id=visit_id,
                token=uuid.uuid4().hex,
                fallback_code=uuid.uuid4().hex[:10],
                created_at=started,
                expires_at=started + dt.timedelta(days=30),
            )
        )
    opened: list[BaseException | None] = []

    def open_on_the_phone() -> None:
        try:
            with Session(engine) as s, s.begin():
                s.execute(
                    update(FollowupLink)
                    .where(FollowupLink.visit_id == visit_id)
                    .values(first_opened_at=started + dt.timedelta(minutes=3))
                )
            opened.append(None)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            opened.append(exc)

    phone = threading.Thread(target=open_on_the_phone)
    with Session(engine) as kiosk, kiosk.begin():
        arriving = kiosk.get(Visit, visit_id)
        assert arriving is not None
        write_summary(kiosk, arriving)
        kiosk.flush()
        phone.start()
        # the page's transaction waits on the summary's; each look in its own transaction,
        # as pg_stat_activity is read once per transaction (one snapshot would never show
        # the phone waiting, and the test hung until its timeout under load)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watch:
            while phone.is_alive() and not watch.execute(text(WAITING)).scalar():
                phone.join(0.01)
    phone.join()
    assert opened == [None]
    with Session(engine) as s:
        later = s.scalar(select(VisitSummary.later).where(VisitSummary.visit_id == visit_id))
    assert later is not None
    assert later & 1
    agree(engine)


WAITING = (
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


# kiosks sharing one store database, for the test through the kiosk's real push below
from tests.sync.conftest import make_kiosk  # noqa: E402, F401


def test_a_link_opened_before_the_summary_arrives_from_the_kiosk_is_counted(  # type: ignore[no-untyped-def]
    make_kiosk,  # noqa: F811 - the fixture imported above
    store_url,
):
    """Through the kiosk's real push: the visit and its link reach the store, the customer
    opens the link on the phone, and only then does the visit end and its summary arrive
    (its ``later`` is 0 on the kiosk, which never sees the page's records). The store's
    summary and the day's funnel count the opened link; the kiosk never sends ``later``, so
    its copy and the store's agree on everything the kiosk writes."""
    from kiosk.db.models import utcnow
    from kiosk.handoff.records import resolve
    from kiosk.sync import open_store
    from kiosk.sync.wire import wires
    from kiosk.visit.journey import EndReason
    from tests.sync.helpers import sync_once, table_rows

    kiosk = make_kiosk("kiosk-1", store_url)
    kiosk.journey.begin("en").result()
    state = kiosk.journey.state
    assert state is not None
    visit_id = state.visit_id
    link = kiosk.journey.issue_link("https://maison.example/f/").result()
    sync_once(kiosk.engine, store_url)
    store = open_store(store_url)
    try:
        with Session(store) as s, s.begin():  # the phone page opens the link
            assert resolve(s, link.token, utcnow()).visit_id == visit_id
        kiosk.journey.end(EndReason.COMPLETED).result()
        sync_once(kiosk.engine, store_url)
        with Session(store) as s:
            summary = s.scalars(select(VisitSummary).where(VisitSummary.visit_id == visit_id)).one()
            assert summary.later & 1
            day = summary.started_at.date()
            opened = s.scalar(
                select(VisitDayCount.n).where(
                    VisitDayCount.day == day, VisitDayCount.key == "#link_opened"
                )
            )
        assert opened == 1
        agree(store)
        summaries = VisitSummary.__table__
        assert table_rows(kiosk.engine, summaries) == table_rows(store, summaries)
    finally:
        store.dispose()
    assert "later" not in wires()["visit_summaries"].column_names
