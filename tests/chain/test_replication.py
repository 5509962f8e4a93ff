"""Headquarters rolls up three stores by PostgreSQL logical replication (kiosk/chain/).

Four real servers on this machine, started once for the module: three stores and
headquarters, each at wal_level=logical. Each store is migrated, written to as its kiosks
would leave it, and subscribed with ``kiosk chain add-store``. Rows arrive asynchronously:
every check waits on the rows themselves, with a deadline.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from kiosk.chain.publication import HELD_BACK, PERSONAL, PUBLICATION, PUBLISHED
from kiosk.clients.erasure import CASE_PERSONAL_FIELDS
from kiosk.clients.forgetting import erase_in_store
from kiosk.db.migrate import upgrade
from kiosk.insights.chain import STORE_ONLY_SECTIONS
from kiosk.insights.cli import rows
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import Period
from kiosk.station.config import load_config
from kiosk.station.place import store_zone
from main import main
from tests.chain.replication_data import (
    NOW,
    has_visit,
    wait_for,
    write_client,
    write_visits,
)
from tests.pg import LOGICAL, OwnServer, own_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

STORES = ("paris", "tokyo", "milan")


@dataclass
class Chain:
    servers: dict[str, OwnServer]
    urls: dict[str, str]  # store name (and "hq") -> database URL
    engines: dict[str, Engine]
    clients: dict[str, uuid.UUID]

    def add(self, name: str) -> int:
        return main(
            [
                "chain",
                "add-store",
                name,
                "--store-url",
                self.urls[name],
                "--hq-url",
                self.urls["hq"],
            ]
        )

    @property
    def hq(self) -> Engine:
        return self.engines["hq"]


@pytest.fixture(scope="module")
def chain() -> Iterator[Chain]:
    with ExitStack() as stack:
        servers = {n: stack.enter_context(own_server(LOGICAL)) for n in (*STORES, "hq")}
        urls, engines = {}, {}
        for name, server in servers.items():
            admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            urls[name] = server.url_for(name)
            engines[name] = create_engine(urls[name])
        clients = {}
        for name in STORES:
            upgrade(engines[name], backup=False)
            write_visits(engines[name], name, 12)
            clients[name] = write_client(engines[name], name)
        made = Chain(servers, urls, engines, clients)
        for name in STORES:
            assert made.add(name) == 0
        yield made
        for engine in engines.values():
            engine.dispose()


def hq_visits(chain: Chain, store: str) -> int:
    with chain.hq.connect() as conn:
        return int(
            conn.execute(
                text("SELECT count(*) FROM visits WHERE store_id = :s"), {"s": store}
            ).scalar_one()
        )


def arrived(chain: Chain) -> None:
    """Every store's rows so far are at headquarters (initial copies included)."""
    for name in STORES:
        with chain.engines[name].connect() as conn:
            want = conn.execute(text("SELECT count(*) FROM visits")).scalar_one()
        wait_for(
            lambda n=name, w=want: hq_visits(chain, n) == w, f"{name}'s visits at headquarters"
        )


# -- what is published -------------------------------------------------------------------------
def personal_columns() -> dict[str, set[str]]:
    """The personal columns, as the erasure knows them (kiosk/clients/erasure.py and
    sale_erasure.py empty these), reviewed against the publication's own classification."""
    return {
        "cases": set(CASE_PERSONAL_FIELDS) | {"contact_consent_id"},
        "purchases": {"order_ref", "customer_id"},
        "touchpoint_scores": {"comment", "customer_id"},
        "customers": {"full_name", "phone", "email", "member_number", "preferences", "notes"},
        "visit_notes": {"text"},
        "key_dates": {"label", "month", "day", "year"},
    }


def test_every_column_of_a_published_table_is_classified() -> None:
    from kiosk.db.models import Base

    for table, published in PUBLISHED.items():
        columns = set(Base.metadata.tables[table].columns.keys())
        held = set(HELD_BACK[table])
        assert not set(published) & held, table
        assert columns == set(published) | held, (
            f"{table}: classify {columns ^ (set(published) | held)}"
        )


def test_the_publication_lists_no_personal_column(chain: Chain) -> None:
    with chain.engines["paris"].connect() as conn:
        found = {
            r.tablename: set(r.attnames)
            for r in conn.execute(
                text("SELECT tablename, attnames FROM pg_publication_tables WHERE pubname = :p"),
                {"p": PUBLICATION},
            )
        }
    assert found == {t: set(c) for t, c in PUBLISHED.items()}
    for table, personal in personal_columns().items():
        assert not found.get(table, set()) & personal, table
        assert personal <= {
            c for c, why in HELD_BACK.get(table, {}).items() if why == PERSONAL
        } or (table not in found), table


def test_rows_written_at_each_store_arrive_and_nothing_personal_does(chain: Chain) -> None:
    arrived(chain)
    fresh = {
        name: write_visits(chain.engines[name], name, 3, NOW - dt.timedelta(minutes=30))
        for name in STORES
    }
    for name, ids in fresh.items():
        wait_for(lambda i=ids: all(has_visit(chain.hq, v) for v in i), f"{name}'s new visits")
    with chain.hq.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar_one() == 3
        assert conn.execute(text("SELECT count(*) FROM touchpoint_scores")).scalar_one() == 3
        for table in ("customers", "visit_notes", "consents", "followup_tasks", "visit_events"):
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table
        for table, columns in HELD_BACK.items():
            for column in columns:
                n = conn.execute(
                    text(f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL")
                ).scalar_one()
                assert n == 0, f"{table}.{column} arrived at headquarters"
        # and the words themselves are nowhere in headquarters' database
        tables = ("cases", "purchases", "touchpoint_scores")
        dump = "".join(
            conn.execute(
                text(f"SELECT coalesce(string_agg(to_jsonb(x)::text, ''), '') FROM {t} x")
            ).scalar_one()
            for t in tables
        )
    assert "Lefebvre" not in dump
    assert "lefebvre" not in dump
    assert "+3361" not in dump


def test_adding_a_store_again_changes_nothing_and_says_so(
    chain: Chain, capsys: pytest.CaptureFixture[str]
) -> None:
    assert chain.add("tokyo") == 0
    assert "publication updated, subscription refreshed" in capsys.readouterr().out
    arrived(chain)
    wait_for(lambda: status(chain)[0] == 0, "every store streaming")
    _code, out = status(chain)
    assert [line.split()[1] for line in out.splitlines()] == sorted(STORES)
    assert all(" streaming, lag " in line for line in out.splitlines()), out


def status(chain: Chain) -> tuple[int, str]:
    import contextlib

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["chain", "status", "--hq-url", chain.urls["hq"]])
    return code, buffer.getvalue()


def test_a_store_offline_for_a_while_catches_up(chain: Chain) -> None:
    arrived(chain)
    milan = chain.servers["milan"]
    milan.stop()  # the store's server is down: headquarters says so
    code, out = status(chain)
    assert code == 1
    assert "milan" in out
    assert "store not reachable" in out.split("milan", 1)[1].splitlines()[0]
    milan.start()
    chain.engines["milan"].dispose()
    # the line to headquarters is cut while the store goes on: its visits wait in its slot
    with chain.hq.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ALTER SUBSCRIPTION hq_milan DISABLE"))
    ids = write_visits(chain.engines["milan"], "milan", 20, NOW - dt.timedelta(minutes=50))
    code, out = status(chain)
    line = next(x for x in out.splitlines() if " milan " in x)
    assert code == 1
    assert "disabled" in line, line
    assert not any(has_visit(chain.hq, v) for v in ids)
    with chain.hq.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ALTER SUBSCRIPTION hq_milan ENABLE"))
    wait_for(lambda: all(has_visit(chain.hq, v) for v in ids), "milan's visits after the cut")
    wait_for(lambda: status(chain)[0] == 0, "milan streaming again")


def snapshot(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {
            table: sorted(conn.execute(text(f"SELECT to_jsonb(x)::text FROM {table} x")).scalars())
            for table in PUBLISHED
        }


def test_a_stores_erasure_changes_nothing_at_headquarters(chain: Chain) -> None:
    arrived(chain)
    before = snapshot(chain.hq)
    report_before = chain_report(chain)
    counts = erase_in_store(chain.engines["paris"], "paris", chain.clients["paris"], NOW, "test")
    assert counts is not None
    assert counts.cases == 1
    assert counts.notes == 1
    assert counts.customer
    # a later row of the same store: once it is here, so is everything the erasure changed
    (marker,) = write_visits(chain.engines["paris"], "paris", 1, NOW - dt.timedelta(days=40))
    wait_for(lambda: has_visit(chain.hq, marker), "paris's marker visit")
    after = snapshot(chain.hq)
    for table in PUBLISHED:
        gained = [r for r in after[table] if r not in before[table]]
        assert all(str(marker) in r or "2026-10-16" in r for r in gained), (table, gained)
        assert all(r in after[table] for r in before[table]), table
    assert chain_report(chain) == report_before
    with chain.engines["paris"].connect() as conn:  # the store itself did erase
        assert conn.execute(text("SELECT description FROM cases")).scalar_one() is None


def chain_report(chain: Chain, period: str = "7d", *more: str) -> list[dict[str, str]]:
    import contextlib

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(
            [
                "report",
                "--chain",
                "--hq-url",
                chain.urls["hq"],
                "--now",
                NOW.isoformat(),
                "--period",
                period,
                *more,
            ]
        )
    assert code == 0
    return list(csv.DictReader(io.StringIO(buffer.getvalue())))


def test_the_chain_report_is_each_stores_own_dashboard(chain: Chain) -> None:
    arrived(chain)
    found = chain_report(chain)
    assert sorted({r["store"] for r in found}) == sorted(STORES)
    for name in STORES:
        with Session(chain.engines[name]) as s:
            own = figures(s, name, Period.WEEK, NOW, store_zone(load_config()))
        expected = [r for r in rows(own) if r[1] not in STORE_ONLY_SECTIONS]
        at_hq = [
            (r["period"], r["section"], r["name"], r["value"]) for r in found if r["store"] == name
        ]
        assert at_hq == expected, name
    visits = {r["store"]: int(r["value"]) for r in found if r["section"] == "visits"}
    assert min(visits.values()) >= 13  # the 12 written at start and the client's


def test_add_store_refuses_a_store_without_logical_wal(
    store_url: str, chain: Chain, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["chain", "add-store", "plain", "--store-url", store_url, "--hq-url", chain.urls["hq"]]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "wal_level is 'replica'; set wal_level = logical" in err, err


def test_add_store_refuses_an_unreachable_store(
    chain: Chain, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.pg import _free_port

    url = f"postgresql+psycopg://postgres@127.0.0.1:{_free_port()}/nowhere"
    code = main(["chain", "add-store", "gone", "--store-url", url, "--hq-url", chain.urls["hq"]])
    err = capsys.readouterr().err
    assert code == 1
    assert "store gone (127.0.0.1:" in err, err
    assert "cannot connect" in err, err
    assert len(err.strip().splitlines()) == 1


def test_add_store_refuses_a_user_that_may_not_replicate(
    chain: Chain, capsys: pytest.CaptureFixture[str]
) -> None:
    with chain.engines["tokyo"].connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP ROLE IF EXISTS reader; CREATE ROLE reader LOGIN"))
    url = chain.urls["tokyo"].replace("postgres@", "reader@")
    code = main(
        ["chain", "add-store", "tokyo_reader", "--store-url", url, "--hq-url", chain.urls["hq"]]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "user reader may not replicate; run ALTER ROLE reader REPLICATION" in err, err
    with chain.hq.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_subscription")).scalar_one() == len(
            STORES
        )


def test_add_store_refuses_a_store_id_that_already_arrives(
    chain: Chain, capsys: pytest.CaptureFixture[str]
) -> None:
    server = chain.servers["tokyo"]  # a second database given tokyo's store_id by mistake
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('CREATE DATABASE "copy"'))
    admin.dispose()
    copy = create_engine(server.url_for("copy"))
    upgrade(copy, backup=False)
    write_visits(copy, "tokyo", 1)
    copy.dispose()
    url = server.url_for("copy")
    code = main(["chain", "add-store", "copy", "--store-url", url, "--hq-url", chain.urls["hq"]])
    err = capsys.readouterr().err
    assert code == 1
    assert "store_id tokyo already arrives at headquarters from another store" in err, err
    with chain.hq.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_subscription")).scalar_one() == 3


def test_each_store_s_days_are_its_own_in_the_chain_report(
    chain: Chain, capsys: pytest.CaptureFixture[str]
) -> None:
    """At 15:00 UTC it is already tomorrow in Tokyo: its "today" has no visit yet, while
    Paris's has; each as its own dashboard says."""
    arrived(chain)
    found = chain_report(chain, "today", "--store-zone", "tokyo=Asia/Tokyo")
    for name, zone in (("tokyo", ZoneInfo("Asia/Tokyo")), ("paris", store_zone(load_config()))):
        with Session(chain.engines[name]) as s:
            own = figures(s, name, Period.TODAY, NOW, zone)
        expected = [r for r in rows(own) if r[1] not in STORE_ONLY_SECTIONS]
        at_hq = [
            (r["period"], r["section"], r["name"], r["value"]) for r in found if r["store"] == name
        ]
        assert at_hq == expected, name
    visits = {r["store"]: int(r["value"]) for r in found if r["section"] == "visits"}
    assert visits["tokyo"] == 0
    assert visits["paris"] > 0
    code = main(
        ["report", "--chain", "--hq-url", chain.urls["hq"], "--store-zone", "tokyo=Mars/Base"]
    )
    assert code == 2
    assert "--store-zone tokyo=Mars/Base: give STORE=AREA/CITY" in capsys.readouterr().err
