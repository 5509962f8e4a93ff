"""The associates' command line: ``kiosk associates add|list|disable|away`` (who may open
associate mode on this store's kiosks, and who is away) and ``kiosk followups
sweep|due|complete`` (follow-up tasks).

Associates: run on any kiosk of the store, the change goes through the outbox to the store
database, and every kiosk pulls it. A PIN is asked twice without echo, or read from standard
input with ``--pin-stdin`` for scripts; it is never an argument (it would sit in shell history
and in the process list).

Follow-up tasks: ``sweep`` makes the tasks the rules call for from this kiosk's records (as
every visit's end does), or with ``--store`` from the whole store database (the page's and
every kiosk's consents): deterministic ids make running both harmless. ``due`` lists what is
due, store-wide when the store answers; it prints no client's name (a terminal's scrollback is
no place for personal data): open the task in associate mode for that. ``complete`` records an
outcome through this kiosk's outbox.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
import uuid
from typing import Any, TextIO

from sqlalchemy.orm import Session

from kiosk.associates.directory import (
    ROLES,
    AssociateDirectory,
    AssociateError,
    AssociateInfo,
    check_pin,
)
from kiosk.associates.due import HORIZON, read_due
from kiosk.associates.rules import BOOKED, sweep
from kiosk.associates.tasks import OUTCOMES, FollowupError, complete
from kiosk.db.client_book_rows import CHANNELS
from kiosk.db.models import utcnow
from kiosk.db.versions import store_save
from kiosk.station.config import Config
from kiosk.station.place import store_zone
from kiosk.station.runtime import open_database

ALL_OUTCOMES = sorted({o for kind in OUTCOMES.values() for o in kind})


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "associates",
        help="add, list and disable the associates who may open associate mode",
        description="Associates sign in to associate mode with a 4-8 digit PIN.",
    )
    sub = p.add_subparsers(dest="associates_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="add an associate (the PIN is asked twice, not echoed)")
    add.add_argument("name", help="the name colleagues know them by, shown when they sign in")
    add.add_argument("--role", choices=ROLES, default="associate", help="default: associate")
    add.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from the first line of stdin"
    )
    add.set_defaults(handler=_add)
    ls = sub.add_parser("list", help="the store's associates, with lockouts")
    ls.add_argument("--all", action="store_true", help="include disabled associates")
    ls.set_defaults(handler=_list)
    dis = sub.add_parser("disable", help="nobody signs in as this associate any more")
    dis.add_argument("who", help="the associate's name or id")
    dis.set_defaults(handler=_disable)
    away = sub.add_parser(
        "away",
        help="an associate away (holiday, training), or back",
        description="While an advisor is away for longer than advisor_away_hours, their "
        "clients' requests and tasks go to the whole store.",
    )
    away.add_argument("who", help="the associate's name or id")
    when = away.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--until", metavar="YYYY-MM-DD", help="their last day away (back the next morning)"
    )
    when.add_argument("--back", action="store_true", help="they are back: no longer away")
    away.set_defaults(handler=_away)


def _directory(config: Config) -> AssociateDirectory:
    return AssociateDirectory(open_database(config), config.store_id)


def read_pin(args: argparse.Namespace, stdin: TextIO | None = None) -> str:
    stdin = stdin or sys.stdin
    if args.pin_stdin:
        return stdin.readline().rstrip("\r\n")
    if not stdin.isatty():
        raise AssociateError("no terminal to ask the PIN on; give it with --pin-stdin")
    first = getpass.getpass("PIN (4-8 digits): ")
    check_pin(first)  # say what is wrong before asking again
    if getpass.getpass("The same PIN again: ") != first:
        raise AssociateError("the two PINs differ; nothing was changed")
    return first


def _add(args: argparse.Namespace, config: Config) -> int:
    pin = read_pin(args)
    directory = _directory(config)
    try:
        info = directory.add(args.name, args.role, pin)
    finally:
        directory.engine.dispose()
    sys.stdout.write(f"added {info.display_name} ({info.role}), id {info.id}\n")
    return 0


def _status(info: AssociateInfo) -> str:
    if info.disabled:
        return "disabled"
    if info.locked_until is not None and info.locked_until > utcnow():
        return f"locked until {info.locked_until:%H:%M:%S} UTC"
    if info.failed_attempts:
        return f"active, {info.failed_attempts} failed attempt(s)"
    return "active"


def _list(args: argparse.Namespace, config: Config) -> int:
    directory = _directory(config)
    try:
        rows = directory.associates(include_disabled=args.all)
    finally:
        directory.engine.dispose()
    if not rows:
        sys.stdout.write(f"no associates in store {config.store_id}\n")
        return 0
    width = max(len(r.display_name) for r in rows)
    for r in rows:
        sys.stdout.write(f"{r.display_name:<{width}}  {r.role:<12}  {_status(r):<32}  {r.id}\n")
    return 0


def _disable(args: argparse.Namespace, config: Config) -> int:
    directory = _directory(config)
    try:
        info = directory.disable(directory.find(args.who).id)
    finally:
        directory.engine.dispose()
    sys.stdout.write(f"disabled {info.display_name}\n")
    return 0


def _away(args: argparse.Namespace, config: Config) -> int:
    """Through this kiosk's outbox, as ``disable``: the store and every kiosk pull it."""
    from kiosk.clients.book import set_away
    from kiosk.db.outbox import save
    from kiosk.station.place import at_local

    back: dt.date | None = None
    if args.until is not None:
        try:
            back = dt.date.fromisoformat(args.until.strip()) + dt.timedelta(days=1)
        except ValueError:
            raise AssociateError(
                f"--until {args.until!r} is not a date: give the last day away as YYYY-MM-DD"
            ) from None
    zone = store_zone(config)
    until = None if back is None else at_local(back, dt.time(0), zone)
    directory = _directory(config)
    try:
        info = directory.find(args.who)
        if info.disabled:
            raise AssociateError(f"{info.display_name} is disabled: no absence to set")
        with Session(directory.engine) as s, s.begin():
            set_away(s, info.id, until, None, utcnow(), save)
    finally:
        directory.engine.dispose()
    if back is None:
        sys.stdout.write(f"{info.display_name} is back\n")
    else:
        sys.stdout.write(f"{info.display_name} is away until {args.until.strip()}, back {back}\n")
    return 0


# -- kiosk followups ------------------------------------------------------------------------------


def register_tasks(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "followups",
        help="follow-up tasks: make the rules' tasks, list what is due, complete one",
        description="Follow-up tasks for associates (thank-yous, appointments, "
        "satisfaction checks, manual follow-ups).",
    )
    sub = p.add_subparsers(dest="followups_command", metavar="ACTION", required=True)
    sw = sub.add_parser("sweep", help="make the tasks the rules call for (idempotent)")
    sw.add_argument(
        "--store",
        action="store_true",
        help="sweep the store database itself (every kiosk's and the page's records)",
    )
    sw.set_defaults(handler=_sweep)
    due = sub.add_parser("due", help="what is due: overdue, today, upcoming")
    due.add_argument("--associate", metavar="WHO", help="name or id: theirs and unassigned")
    due.add_argument(
        "--days", type=int, default=HORIZON.days, help=f"how far ahead (default {HORIZON.days})"
    )
    due.set_defaults(handler=_due)
    done = sub.add_parser("complete", help="complete a task with an outcome")
    done.add_argument("task", help="the task's id (from 'due')")
    done.add_argument("--associate", metavar="WHO", required=True, help="name or id")
    done.add_argument("--outcome", required=True, choices=ALL_OUTCOMES)
    done.add_argument("--date", help="for 'booked': the appointment's date, YYYY-MM-DD")
    done.add_argument(
        "--channel", choices=CHANNELS, help="how the client was contacted (an outreach needs it)"
    )
    done.set_defaults(handler=_complete)


def _associate_id(config: Config, who: str) -> uuid.UUID:
    from kiosk.associates.directory import AssociateDirectory

    directory = AssociateDirectory(open_database(config), config.store_id)
    try:
        return directory.find(who).id
    finally:
        directory.engine.dispose()


def _sweep(args: argparse.Namespace, config: Config) -> int:
    pack = None
    if args.store:
        from kiosk.handoff.cli import open_page_store
        from kiosk.outreach.rules import store_pack

        engine = open_page_store(config)
        saver = store_save
        pack = store_pack(config.content_dir)  # new arrivals: the store-wide sweep's
    else:
        from kiosk.db.outbox import save

        engine, saver = open_database(config), save
    try:
        with Session(engine) as s, s.begin():
            target = dt.timedelta(hours=config.case_response_hours)
            zone = store_zone(config)
            result = sweep(
                s,
                config.store_id,
                utcnow(),
                saver,
                case_response=target,
                zone=zone,
                outreach=config,
                pack=pack,
                store_wide=args.store,
            )
    finally:
        engine.dispose()
    made = ", ".join(f"{n} {kind}" for kind, n in sorted(result.created.items())) or "none"
    where = "the store database" if args.store else "this kiosk"
    moved = f"; to the store: {result.released}" if result.released else ""  # advisor gone
    sys.stdout.write(f"{where}: tasks made: {made}; stopped: {result.stopped}{moved}\n")
    return 0


def _due(args: argparse.Namespace, config: Config) -> int:
    from kiosk.db.reads import Scope, reader_for

    if args.days < 0 or args.days > 400:
        raise FollowupError("--days is from 0 to 400")
    who = _associate_id(config, args.associate) if args.associate else None
    engine = open_database(config)
    reader = reader_for(engine, config)
    try:
        now = utcnow().astimezone(store_zone(config))  # the store's clock decides "today"
        days = dt.timedelta(days=args.days + 1)
        read = read_due(reader, engine, config.store_id, now, who, days, store_zone(config))
    finally:
        reader.close()
        engine.dispose()
    if read.scope is not Scope.STORE:
        sys.stdout.write("(this kiosk's tasks only: the store database did not answer)\n")
    if not read.value:
        sys.stdout.write("nothing due\n")
    for item in read.value:
        due = item.due_at.astimezone(store_zone(config)).strftime("%Y-%m-%d %H:%M")
        assignee = item.assignee_name or "unassigned"
        client = "client" if item.customer_id else "visit"
        sys.stdout.write(
            f"{item.group:<8}  {due}  {item.kind:<20}  {client:<6}  {assignee:<24}  {item.id}\n"
        )
    return 0


def _complete(args: argparse.Namespace, config: Config) -> int:
    from kiosk.db.outbox import save

    try:
        task_id = uuid.UUID(args.task)
    except ValueError:
        raise FollowupError(f"{args.task!r} is not a task id") from None
    if args.date and args.outcome != BOOKED:
        raise FollowupError("--date goes with --outcome booked")
    who = _associate_id(config, args.associate)
    details = {"booked_for": args.date} if args.date else None
    engine = open_database(config)
    try:
        with Session(engine) as s, s.begin():
            zone = store_zone(config)
            done = complete(
                s,
                task_id,
                who,
                args.outcome,
                utcnow(),
                details,
                save,
                zone=zone,
                channel=args.channel,
                away_limit=dt.timedelta(hours=config.advisor_away_hours),
            )
    finally:
        engine.dispose()
    how = f" ({args.channel})" if args.channel else ""
    sys.stdout.write(f"completed {done.task_id}: {done.outcome}{how}\n")
    if done.reminder_id:
        sys.stdout.write(f"reminder {done.reminder_id} due the day before {args.date}\n")
    return 0
