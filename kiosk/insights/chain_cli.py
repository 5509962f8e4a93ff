"""``kiosk report --chain``: the chain dashboard as CSV, read from the headquarters database.

One row per store and figure: ``store, period, section, name, value``, the values written as
``kiosk report`` writes a store's (``kiosk.insights.cli.rows``). Exit 1 when headquarters does
not answer, 2 when no headquarters database is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kiosk.db.models import utcnow
from kiosk.errors import KioskError
from kiosk.insights.chain import chain_figures, to_chain_csv
from kiosk.insights.measures import Period
from kiosk.station.config import Config
from kiosk.station.place import store_zone


def run_chain(
    args: argparse.Namespace,
    config: Config,
    periods: Sequence[Period],
    output: Path | None,
    err: TextIO,
) -> int:
    from kiosk.chain.hq import engine_for, reason, shown
    from kiosk.insights.cli import write_report

    if not args.hq_url:
        raise KioskError("give the headquarters database for --chain (--hq-url or KIOSK_HQ_URL)")
    zones = store_zones(args.store_zone)
    now = args.now or utcnow()
    target = dt.timedelta(hours=config.case_response_hours)
    engine = engine_for(args.hq_url, autocommit=False)
    try:
        with Session(engine) as s:
            found = chain_figures(s, periods, now, store_zone(config), target, zones)
    except DBAPIError as exc:
        err.write(f"kiosk report --chain: headquarters ({shown(args.hq_url)}): {reason(exc)}\n")
        return 1
    finally:
        engine.dispose()
    text = to_chain_csv(found)
    write_report(text, output)
    stores = len({store for store, _ in found})
    err.write(f"kiosk report --chain: {stores} stores, {len(text.splitlines()) - 1} figures\n")
    return 0


def store_zones(given: Sequence[str]) -> dict[str, ZoneInfo]:
    """``--store-zone STORE=AREA/CITY`` options, checked: a wrong one is bad usage (exit 2)."""
    zones: dict[str, ZoneInfo] = {}
    for item in given:
        store, _, name = item.partition("=")
        try:
            zones[store] = ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            raise KioskError(
                f"--store-zone {item}: give STORE=AREA/CITY, e.g. paris=Europe/Paris"
            ) from None
    return zones
