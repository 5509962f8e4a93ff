"""The last place of a slot, booked from two processes at once against the real PostgreSQL:
one wins, the other is told the slot is taken and offered slots that are really free.

The gates of ``tests.aftersale.sale_race`` make the race certain: both bookers are inside
``book`` together, and the second insert waits on the first one's uncommitted row in the
unique index; the test lets the first commit only once it sees that wait in ``pg_locks``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.orm import Session

from kiosk.aftersale.bookings import book, free_slots
from kiosk.db.after_sale_rows import Purchase, ServiceBooking
from kiosk.db.versions import store_save
from kiosk.sync.store import open_store
from tests.aftersale.sale_fixtures import (
    CAPACITY,
    HORIZON,
    NOW,
    STORE,
    TUESDAY,
    store_fixture,  # noqa: F401 - fixture
)
from tests.aftersale.sale_race import COMMIT, START

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]
UNGRANTED = (
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :k AND NOT granted"
)
WAITING_ON_ROW = "SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"


def store_purchase(store: Engine) -> uuid.UUID:
    """A sale of one fridge needing delivery, as it is once it reached the store."""
    with Session(store) as s, s.begin():
        row = Purchase(
            store_id=STORE,
            order_ref="TILL 1",
            items=[{"sku": "MV-CL-FR75", "quantity": 1, "finish": None, "delivery": True}],
        )
        store_save(s, row)
        return row.id


def book_tuesday_morning(store: Engine, purchase_id: uuid.UUID) -> uuid.UUID:
    with Session(store) as s, s.begin():
        args = (STORE, CAPACITY, purchase_id, "delivery", TUESDAY, "morning", "page", None)
        return book(s, *args, NOW, HORIZON).id


def waiting(conn: Connection, sql: str, **params: int) -> int:
    return int(conn.execute(text(sql), params).scalar_one())


def wait_until(condition: Callable[[], bool], procs: list[subprocess.Popen[str]]) -> None:
    """Until ``condition()``; a booker that died meanwhile fails the test with its error."""
    deadline = time.monotonic() + 60
    while not condition():
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"a booker ended early: {p.communicate()}")
        assert time.monotonic() < deadline, "the bookers never reached the gate"
        time.sleep(0.005)  # polling the lock table, not waiting for "long enough"


def live_in_slot(store: Engine) -> list[tuple[int, uuid.UUID]]:
    with Session(store) as s:
        rows = s.execute(
            select(ServiceBooking.place, ServiceBooking.purchase_id).where(
                ServiceBooking.day == TUESDAY,
                ServiceBooking.slot == "morning",
                ServiceBooking.cancelled_at.is_(None),
            )
        ).all()
    return sorted((place, pid) for place, pid in rows)


def test_two_processes_booking_the_last_place_one_wins_the_other_gets_free_alternatives(
    store, store_url
):
    first = store_purchase(store)
    book_tuesday_morning(store, first)  # place 0 of 2: one left
    rivals = [store_purchase(store), store_purchase(store)]
    with store.connect().execution_options(isolation_level="AUTOCOMMIT") as gate:
        gate.execute(
            text("SELECT pg_advisory_lock(:s), pg_advisory_lock(:c)"), {"s": START, "c": COMMIT}
        )
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.aftersale.sale_race", store_url, str(pid)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for pid in rivals
        ]
        wait_until(lambda: waiting(gate, UNGRANTED, k=START) == 2, procs)
        gate.execute(text("SELECT pg_advisory_unlock(:s)"), {"s": START})  # both book now
        # one booked and waits to commit; the other's insert waits on that uncommitted row
        wait_until(
            lambda: waiting(gate, UNGRANTED, k=COMMIT) == 1 and waiting(gate, WAITING_ON_ROW) == 1,
            procs,
        )
        gate.execute(text("SELECT pg_advisory_unlock(:c)"), {"c": COMMIT})
        outs = [p.communicate(timeout=60) for p in procs]
    results = [json.loads(out) for out, _ in outs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]

    won = [r for r, pid in zip(results, rivals, strict=True) if "won" in r]
    lost = [(r, pid) for r, pid in zip(results, rivals, strict=True) if "taken" in r]
    assert len(won) == 1, results
    assert len(lost) == 1, results
    (loser, loser_id), winner_id = lost[0], next(p for p in rivals if p != lost[0][1])
    assert loser["taken"] == f"the morning slot of {TUESDAY.isoformat()} has no delivery place left"
    assert live_in_slot(store) == [(0, first), (1, winner_id)]  # one booking per place
    offered = [tuple(a) for a in loser["alternatives"]]
    assert offered[0] == (TUESDAY.isoformat(), "afternoon", 2)  # the next slot first
    assert len(offered) == 3
    with Session(store) as s:
        free = {
            (c.day.isoformat(), c.slot, c.free)
            for c in free_slots(s, STORE, CAPACITY, "delivery", TUESDAY, HORIZON, NOW)
        }
        assert set(offered) <= free  # really free, as many places as said
        assert (
            s.scalar(select(ServiceBooking).where(ServiceBooking.purchase_id == loser_id)) is None
        )


def test_a_place_taken_a_moment_ago_by_someone_else_gives_the_next_place_of_the_slot(
    store, store_url
):
    """Two bookers aim at place 0 of an empty slot of two: the second waits on the first's
    row, and when it commits takes place 1 instead of giving up (the retry)."""
    mine, theirs = store_purchase(store), store_purchase(store)
    other = open_store(store_url)  # the second booker's own connection, as another kiosk's
    with Session(store) as first, first.begin():
        args = (STORE, CAPACITY, theirs, "delivery", TUESDAY, "morning", "page", None)
        assert book(first, *args, NOW, HORIZON).id  # place 0, not committed yet
        second: Future[tuple[str, int]] = Future()

        def book_mine() -> None:
            try:
                with Session(other) as s, s.begin():
                    args = (STORE, CAPACITY, mine, "delivery", TUESDAY, "morning", "page", None)
                    view = book(s, *args, NOW, HORIZON)
                second.set_result((view.slot, view.day.day))
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                second.set_exception(exc)

        thread = threading.Thread(target=book_mine)
        thread.start()
        with store.connect() as probe:
            wait_until(lambda: waiting(probe, WAITING_ON_ROW) == 1, [])
    assert second.result(timeout=60) == ("morning", TUESDAY.day)
    thread.join()
    other.dispose()
    assert live_in_slot(store) == sorted([(0, theirs), (1, mine)])


def test_a_booking_cancelled_on_the_page_while_an_associate_moves_it_stays_cancelled(
    store, store_url
):
    """The page cancels and, before it commits, an associate moves the same booking: the
    move waits for the cancellation and is then refused, rather than booking anew a
    delivery the customer has just cancelled."""
    from kiosk.aftersale.bookings import BookingError, cancel, move
    from tests.aftersale.sale_fixtures import CUTOFF, WEDNESDAY

    pid = store_purchase(store)
    with Session(store) as s, s.begin():  # Wednesday: beyond the page's cut-off
        args = (STORE, CAPACITY, pid, "delivery", WEDNESDAY, "morning", "page", None)
        booking = book(s, *args, NOW, HORIZON).id
    other = open_store(store_url)
    with Session(store) as page, page.begin():
        assert cancel(page, booking, "page", None, NOW, CUTOFF, CAPACITY).status == "cancelled"
        moved: Future[object] = Future()

        def associate_moves() -> None:
            try:
                with Session(other) as s, s.begin():
                    args = (STORE, CAPACITY, booking, WEDNESDAY, "afternoon", "associate", None)
                    moved.set_result(move(s, *args, NOW, None, HORIZON))
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                moved.set_exception(exc)

        thread = threading.Thread(target=associate_moves)
        thread.start()
        with store.connect() as probe:
            wait_until(lambda: waiting(probe, WAITING_ON_ROW) == 1, [])
    with pytest.raises(BookingError, match="this booking was cancelled: it cannot be moved"):
        moved.result(timeout=60)
    thread.join()
    other.dispose()
    with Session(store) as s:
        live = s.scalars(
            select(ServiceBooking).where(
                ServiceBooking.purchase_id == pid, ServiceBooking.cancelled_at.is_(None)
            )
        ).all()
    assert live == []
