"""The kiosk's own sweep at a visit's end makes outreach with the store's settings: its
key-date window and its time zone, not the defaults."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.db.models import utcnow
from kiosk.outreach.rules import KEY_DATE
from kiosk.station.runtime import start
from kiosk.visit.stages import EndReason
from tests.associates.tasks.helpers import client
from tests.outreach.helpers import clienteling, key_date, outreach
from tests.sync.helpers import kiosk_config


def test_the_visit_end_sweep_uses_the_stores_window_and_zone(tmp_path, seed_local_db):
    config = kiosk_config(
        tmp_path,
        "kiosk-a",
        KIOSK_OUTREACH_KEY_DATE_DAYS="3",
        KIOSK_STORE_TIMEZONE="America/New_York",
    )
    seed_local_db(config.local_db_path)
    rt = start(config)
    try:
        zone = ZoneInfo("America/New_York")
        today = utcnow().astimezone(zone).date()
        soon, later = today + dt.timedelta(days=2), today + dt.timedelta(days=10)
        camille = client(rt.engine)
        clienteling(rt.engine, camille, utcnow())
        key_date(rt.engine, camille, soon.month, soon.day)
        key_date(rt.engine, camille, later.month, later.day)  # outside the store's 3 days
        rt.journey.begin("en").result()
        rt.journey.end(EndReason.COMPLETED).result()
        rt.recorder.submit(lambda: None, background=True).result(timeout=30)  # the sweep
        (task,) = outreach(rt.engine)
        assert task.kind == KEY_DATE
        assert task.details["on"] == soon.isoformat()
        assert task.due_at.astimezone(zone) == dt.datetime.combine(soon, dt.time(9), zone)
    finally:
        rt.close()
