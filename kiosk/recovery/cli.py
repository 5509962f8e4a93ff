"""``kiosk cases list``: the store's service-recovery cases for store IT and the manager.

Read from the store database when it answers (every kiosk's cases), else from this kiosk's
copy (cases are pulled to every kiosk). What a terminal shows carries nothing personal: the
category, the state and times, who answered; never the words or the contact (associate mode
shows those, to an associate who signed in).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.associates.desk import short_age
from kiosk.db.models import utcnow
from kiosk.recovery.cases import CaseBook, CaseSummary
from kiosk.station.config import Config
from kiosk.station.place import store_zone

ANYONE = uuid.UUID(int=0)  # the manager's view lists every case: no associate needed


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "cases",
        help="service-recovery cases: list them with their state and age",
        description="The store's service-recovery cases (complaints): unresolved ones first, "
        "overdue first, then those resolved in the last 14 days.",
    )
    sub = p.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="every case of the store, as a manager sees them")
    listing.add_argument("--open", action="store_true", help="unresolved cases only")
    listing.set_defaults(handler=_list)


def _list(args: argparse.Namespace, config: Config) -> int:
    from kiosk.db.reads import Scope, reader_for
    from kiosk.station.runtime import open_database

    target = dt.timedelta(hours=config.case_response_hours)
    now = utcnow()

    def query(s: Session) -> list[CaseSummary]:
        bind = s.get_bind()
        assert isinstance(bind, Engine)
        return CaseBook(bind, config.store_id, config.kiosk_id, target).list_for(ANYONE, True, now)

    engine = open_database(config)
    reader = reader_for(engine, config)
    try:
        read = reader.read(query)
    finally:
        reader.close()
        engine.dispose()
    if read.scope is not Scope.STORE and config.store_db_url:
        sys.stdout.write("(this kiosk's copy only: the store database did not answer)\n")
    cases = [c for c in read.value if not (args.open and c.resolved_at is not None)]
    if not cases:
        sys.stdout.write("no cases\n")
    for case in cases:
        sys.stdout.write(line(case, now, store_zone(config)) + "\n")
    return 0


def line(case: CaseSummary, now: dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """One case on one line: state, whether overdue, category, opened (on the store's clocks,
    ``zone``; None: the machine's), age, who answered."""
    number, unit = short_age(case.age(now))
    opened = case.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    flag = "OVERDUE" if case.overdue else ""
    by = case.acknowledged_by or "-"
    contact = "contact" if case.has_contact else "-"
    return (
        f"{case.state:<12}  {flag:<7}  {case.category:<12}  {opened}  {number:>3} {unit:<3}  "
        f"{by:<24}  {contact:<7}  {case.kiosk_id or '-':<12}  {case.id}"
    )
