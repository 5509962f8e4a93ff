"""Dashboard figures against a store worked out by hand, on SQLite and a real PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import (
    FUNNEL,
    Period,
    StoreFigures,
    ces,
    end_of_today,
    funnel,
    median,
    nps,
)
from tests.insights.fixtures import EXPECTED, NOW, PARIS, STORE, build

# -- the pure arithmetic, by hand ---------------------------------------------------------------


def test_nps_is_promoters_minus_detractors_over_responses():
    split = nps([10, 9, 8, 7, 6, 0, 10])  # 3 promoters, 2 passives, 2 detractors of 7
    assert (split.promoters, split.passives, split.detractors) == (3, 2, 2)
    assert split.score == pytest.approx(100 * (3 - 2) / 7)  # 14.29, not (3-2) or 3/7
    assert split.share("passives") == pytest.approx(2 / 7)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),  # no responses: no score, never 0
        ([0, 3, 6, 6], -100.0),  # all detractors
        ([9, 10, 10], 100.0),  # all promoters
        ([7, 8, 8], 0.0),  # passives only: a real 0
        ([6], -100.0),  # one response
        ([9, 0], 0.0),
        ([9, 9, 9, 6], 50.0),
    ],
)
def test_nps_edge_cases(scores, expected):
    assert nps(scores).score == expected
    assert nps(scores).responses == len(scores)


def test_nps_without_responses_has_no_shares():
    assert nps([]).share("promoters") == 0.0


@pytest.mark.parametrize("bad", [-1, 11])
def test_nps_refuses_a_score_out_of_range(bad):
    with pytest.raises(ValueError, match="0 to 10"):
        nps([5, bad])


def test_ces_is_the_mean_of_one_to_seven():
    assert ces([]) is None
    assert ces([7]) == 7.0
    assert ces([1, 7, 5, 5]) == 4.5
    with pytest.raises(ValueError, match="1 to 7"):
        ces([0])


def test_funnel_shares_are_of_the_first_step():
    steps = funnel({"attract": 8, "greeting": 6, "needs": 2, "link_opened": 1})
    assert [s.stage for s in steps] == list(FUNNEL)
    assert [s.visits for s in steps] == [8, 6, 2, 0, 0, 0, 0, 1, 0, 0]
    assert [s.share for s in steps[1:4]] == [0.75, 0.25, 0.0]


def test_funnel_with_no_visit_has_no_shares_and_one_visit_has_whole_ones():
    assert all(s.share is None and s.visits == 0 for s in funnel({}))
    one = funnel({"attract": 1, "greeting": 1})
    assert [s.share for s in one[:3]] == [1.0, 1.0, 0.0]


def test_median():
    assert median([]) is None
    assert median([5]) == 5.0
    assert median([300, 30, 120, 105]) == 112.5


# -- periods in the store's time zone -----------------------------------------------------------


def test_periods_start_at_local_midnight():
    start, end = Period.TODAY.bounds(NOW, PARIS)
    assert start == dt.datetime(2026, 11, 24, 23, 0, tzinfo=dt.UTC)  # 00:00 in Paris
    assert end == NOW
    assert Period.WEEK.bounds(NOW, PARIS)[0] == dt.datetime(2026, 11, 18, 23, 0, tzinfo=dt.UTC)
    assert Period.MONTH.bounds(NOW, PARIS)[0] == dt.datetime(2026, 10, 26, 23, 0, tzinfo=dt.UTC)
    assert end_of_today(NOW, PARIS) == dt.datetime(2026, 11, 25, 23, 0, tzinfo=dt.UTC)


def test_thirty_days_across_the_change_of_time_still_start_at_midnight():
    # 30 days before 20 November reach back into summer time (UTC+2)
    now = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    assert Period.MONTH.bounds(now, PARIS)[0] == dt.datetime(2026, 10, 21, 22, 0, tzinfo=dt.UTC)


def test_without_a_zone_the_system_zone_is_used():
    start, _ = Period.TODAY.bounds(NOW)
    local = start.astimezone()
    assert (local.hour, local.minute) == (0, 0)
    assert local.date() == NOW.astimezone().date()


# -- the queries, on both databases -------------------------------------------------------------


def check(f: StoreFigures, expected: dict) -> None:  # type: ignore[type-arg]
    assert f.visits == expected["visits"]
    assert f.median_dwell_s == pytest.approx(expected["median_dwell_s"])
    assert [s.visits for s in f.funnel] == expected["funnel"]
    p, q, d, score = expected["nps"]
    assert (f.feedback.promoters, f.feedback.passives, f.feedback.detractors) == (p, q, d)
    assert f.nps == pytest.approx(score)
    assert (f.ces, f.ces_responses) == (pytest.approx(expected["ces"][0]), expected["ces"][1])
    assert [(t.key, t.visits, t.kept) for t in f.top_products] == expected["top_products"]
    assert [(t.key, t.visits) for t in f.top_looks] == expected["top_looks"]
    assert [(t.key, t.visits) for t in f.top_chapters] == expected["top_chapters"]
    assert (f.followups_due, f.followups_done) == expected["followups"]


def all_periods(engine) -> dict[str, StoreFigures]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return {p.value: figures(s, STORE, p, NOW, PARIS) for p in Period}


@pytest.fixture
def sqlite_engine(tmp_path):  # type: ignore[no-untyped-def]
    engine = open_local(tmp_path / "k.sqlite3")
    upgrade(engine)
    yield engine
    engine.dispose()


def test_figures_on_sqlite_match_the_hand_count(sqlite_engine):
    build(sqlite_engine)
    found = all_periods(sqlite_engine)
    for period, expected in EXPECTED.items():
        check(found[period], expected)


def test_an_empty_store_has_no_scores_and_no_shares(sqlite_engine):
    f = all_periods(sqlite_engine)["30d"]
    assert (f.visits, f.median_dwell_s, f.nps, f.ces, f.ces_responses) == (0, None, None, None, 0)
    assert all(s.visits == 0 and s.share is None for s in f.funnel)
    assert f.top_products == f.top_looks == f.top_chapters == ()
    assert (f.followups_due, f.followups_done) == (0, 0)


@pytest.mark.postgres
def test_postgres_gives_the_same_figures_as_sqlite(pg_url, sqlite_engine):
    engine = open_url(pg_url)
    upgrade(engine)
    build(engine)
    build(sqlite_engine)
    on_pg, on_sqlite = all_periods(engine), all_periods(sqlite_engine)
    for period, expected in EXPECTED.items():
        check(on_pg[period], expected)
        assert on_pg[period] == on_sqlite[period]
    engine.dispose()
