"""One booker of the race test, run as its own process: ``python -m tests.aftersale.sale_race
URL PURCHASE_ID``. It books the delivery of its purchase in Tuesday's morning slot through
``kiosk.aftersale.bookings.book`` (as the page does, in its own store transaction) and
prints what happened as one JSON line.

Two gates held by the test (PostgreSQL advisory locks) make the race real, not a matter of
luck: both processes start booking at once (START), and each holds its transaction open
after ``book`` until COMMIT opens, so the second insert meets the first one's uncommitted
row in the unique index and waits for it; the test opens COMMIT once it sees exactly that.
"""

from __future__ import annotations

import json
import sys
import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk.aftersale.bookings import SlotTaken, book
from kiosk.sync.store import open_store
from tests.aftersale.sale_fixtures import CAPACITY, HORIZON, NOW, STORE, TUESDAY

START, COMMIT = 160_001, 160_002


def main(url: str, purchase_id: uuid.UUID) -> dict[str, object]:
    engine = open_store(url, application_name=f"race-{purchase_id}")
    try:
        with Session(engine) as s, s.begin():
            s.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": START})
            booked = book(
                s, STORE, CAPACITY, purchase_id, "delivery", TUESDAY, "morning",
                "page", None, NOW, HORIZON,
            )  # fmt: skip
            s.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": COMMIT})
        return {"won": str(booked.id)}
    except SlotTaken as exc:
        return {
            "taken": str(exc),
            "alternatives": [[c.day.isoformat(), c.slot, c.free] for c in exc.alternatives],
        }
    finally:
        engine.dispose()


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], uuid.UUID(sys.argv[2]))), flush=True)
