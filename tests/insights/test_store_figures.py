"""``store_figures``, the dashboard screen's read: the store's figures when the store answers,
this kiosk's own (said so by the scope) when it does not. Real SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.db.reads import Scope, StoreReader
from kiosk.insights.dashboard import store_figures
from kiosk.insights.measures import Period
from tests.insights.fixtures import EXPECTED, NOW, PARIS, STORE, build
from tests.insights.test_figures import check

UNREACHABLE = "postgresql://kiosk@127.0.0.1:9/none"


@pytest.fixture
def local(tmp_path):  # type: ignore[no-untyped-def]
    engine = open_local(tmp_path / "k.sqlite3")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_the_store_answers_with_the_whole_store(local, store_url):
    store = open_url(store_url)
    build(store)  # this kiosk holds nothing: every figure is the store's
    reader = StoreReader(local, lambda: store)
    for period in Period:
        read = store_figures(reader, STORE, period, NOW, PARIS)
        assert read.scope is Scope.STORE
        check(read.value, EXPECTED[period.value])
    reader.close()


def test_without_the_store_the_figures_are_this_kiosks_and_say_so(local):
    build(local)
    reader = StoreReader(local, lambda: open_url(UNREACHABLE))
    read = store_figures(reader, STORE, Period.WEEK, NOW, PARIS)
    assert read.scope is Scope.KIOSK
    check(read.value, EXPECTED["7d"])
    reader.close()


def test_another_stores_id_reads_nothing_of_this_one(local):
    build(local)
    read = store_figures(StoreReader(local, None), "another-store", Period.MONTH, NOW, PARIS)
    assert (read.scope, read.value.visits, read.value.followups_due) == (Scope.KIOSK, 0, 0)
