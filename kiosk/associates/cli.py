"""``kiosk associates add|list|disable``: who may open associate mode on this store's kiosks.

Run on any kiosk of the store: the change goes through the outbox to the store database,
and every kiosk pulls it. A PIN is asked twice without echo, or read from standard input
with ``--pin-stdin`` for scripts; it is never an argument (it would sit in shell history and
in the process list).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

from kiosk.associates.directory import (
    ROLES,
    AssociateDirectory,
    AssociateError,
    AssociateInfo,
    check_pin,
)
from kiosk.db.models import utcnow
from kiosk.station.config import Config
from kiosk.station.runtime import open_database


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
        sys.stdout.write(f"{r.display_name:<{width}}  {r.role:<9}  {_status(r):<32}  {r.id}\n")
    return 0


def _disable(args: argparse.Namespace, config: Config) -> int:
    directory = _directory(config)
    try:
        info = directory.disable(directory.find(args.who).id)
    finally:
        directory.engine.dispose()
    sys.stdout.write(f"disabled {info.display_name}\n")
    return 0
