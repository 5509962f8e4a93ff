"""What the dashboard's "Stores" view reads (``kiosk.insights.chain.ChainReader``) on a real
headquarters PostgreSQL: each store's figures exactly as ``chain_figures`` (the chain report)
counts them; a headquarters that does not answer is one clear error naming the server, never
the password; ``hq_db_url`` takes PostgreSQL only. The headquarters database here is a
store-schema database with two stores' rows written directly (as replication leaves them);
replication itself is tested in test_replication.py."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kiosk.errors import KioskError
from kiosk.insights.chain import ChainReader, HqUnreachable, chain_figures
from kiosk.insights.measures import Period
from kiosk.station.config import load_config
from tests.chain.replication_data import NOW, write_visits
from tests.pg import _free_port

PARIS = ZoneInfo("Europe/Paris")


def test_the_reader_gives_each_store_what_the_chain_report_counts(store_url: str) -> None:
    engine = create_engine(store_url)
    write_visits(engine, "paris", 4)
    write_visits(engine, "milan", 2, NOW - dt.timedelta(days=3))  # in the week, not today
    reader = ChainReader(store_url)
    try:
        for period in (Period.TODAY, Period.WEEK):
            read = reader.figures(period, NOW, PARIS)
            with Session(engine) as s:
                assert read == chain_figures(s, [period], NOW, PARIS)
            visits = {store: f.visits for store, f in read}
            assert visits == {"milan": 0 if period is Period.TODAY else 2, "paris": 4}
    finally:
        reader.close()
        engine.dispose()


def test_an_unreachable_headquarters_is_one_clear_error() -> None:
    port = _free_port()
    reader = ChainReader(f"postgresql://reader:s3cret@127.0.0.1:{port}/chain")
    started = time.monotonic()
    with pytest.raises(HqUnreachable) as refused:
        reader.figures(Period.TODAY, NOW, PARIS)
    assert time.monotonic() - started < 30  # the connect timeout, not a hang
    said = str(refused.value)
    assert said.startswith(f"headquarters (127.0.0.1:{port}/chain): ")
    assert "s3cret" not in said
    reader.close()


@pytest.mark.parametrize(
    "url", ["sqlite:///hq.db", "hq-db/chain", "mysql://reader@hq/chain"], ids=str
)
def test_hq_db_url_takes_postgresql_only(url: str) -> None:
    with pytest.raises(KioskError, match=r"hq_db_url.*PostgreSQL URL"):
        load_config(env={}, overrides={"hq_db_url": url})
    good = load_config(env={}, overrides={"hq_db_url": "postgresql://reader@hq-db/chain"})
    assert good.hq_db_url == "postgresql://reader@hq-db/chain"
