"""``kiosk services day [DATE]``: the day's deliveries and installations for store IT and the
logistics manager, slot by slot, with the places left.

Read from the store database when it answers, else from this kiosk's pulled copy (it says
so). Nothing personal on the terminal: the slot, the service, its state, the items and the
booking's id; never the client, nor the till's order reference (which leads to the client).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import Any

from kiosk.errors import KioskError
from kiosk.station.config import Config


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "services",
        help="deliveries and installations: the day's bookings per slot",
        description="The store's delivery and installation bookings (service_capacity).",
    )
    sub = p.add_subparsers(dest="services_command", metavar="ACTION", required=True)
    day = sub.add_parser("day", help="one day's bookings, slot by slot, with the places left")
    day.add_argument("date", nargs="?", help="YYYY-MM-DD (default: today, store-local)")
    day.set_defaults(handler=_day)


def _day(args: argparse.Namespace, config: Config) -> int:
    from kiosk.aftersale.bookings import day_list, local_day
    from kiosk.aftersale.capacity import capacity_from
    from kiosk.db.models import utcnow
    from kiosk.db.reads import Scope, reader_for
    from kiosk.station.place import store_zone
    from kiosk.station.runtime import open_database

    try:
        today = local_day(utcnow(), store_zone(config))  # the store's, not the machine's
        day = dt.date.fromisoformat(args.date) if args.date else today
    except ValueError:
        raise KioskError(f"'{args.date}' is not a date (YYYY-MM-DD)") from None
    capacity = capacity_from(config)
    engine = open_database(config)
    reader = reader_for(engine, config)
    try:
        read = reader.read(lambda s: day_list(s, config.store_id, day, capacity))
    finally:
        reader.close()
        engine.dispose()
    out = sys.stdout
    if read.scope is not Scope.STORE and config.store_db_url:
        out.write("(this kiosk's copy only: the store database did not answer)\n")
    out.write(f"{day.isoformat()} ({day.strftime('%A')})\n")
    if capacity.is_closed(day):
        out.write("no delivery or installation: the store's service is closed that day\n")
    listed = read.value
    for slot in capacity.slots_on(day):
        for service, places in slot.places.items():
            booked = [b for b, _ in listed if (b.slot, b.service) == (slot.name, service)]
            when = f"{slot.start:%H:%M}-{slot.end:%H:%M}"
            out.write(f"{slot.name:<12} {when}  {service:<12} {len(booked)}/{places} booked\n")
    for booking, purchase in listed:
        items = ", ".join(f"{i.sku} x{i.quantity}" for i in purchase.items)
        out.write(
            f"  {booking.slot:<12} {booking.service:<12} {booking.status:<7} {items}  "
            f"{booking.id}\n"
        )
    if not listed:
        out.write("no bookings\n")
    return 0
