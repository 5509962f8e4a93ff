"""``kiosk customers forget``: the right to be forgotten, from a terminal.

The client is found by phone, email or member number (written any way: they are normalised
as the kiosk stores them) or by id, in the store database when it answers (so a client of
any kiosk is found), else in this kiosk's copy. Nothing is erased before the person at the
terminal has seen what will be (counts, and the client masked) and confirmed, or gave
``--yes``. The client's contact details are never printed, not even the ones typed.

Exit status: 0 erased (or already forgotten), 1 no such client or several (nothing
changed), 2 a bad input or setting (nothing changed).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import Any, TextIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.clients.forgetting import (
    ErasureError,
    ErasurePlan,
    ErasureResult,
    StoreShare,
    find_plans,
    forget,
    look_up,
    plan,
)
from kiosk.clients.lookup import ClientKey, KeyKind, parse_key
from kiosk.db.models import utcnow
from kiosk.db.reads import Scope, reader_for
from kiosk.station.config import Config
from kiosk.station.runtime import open_database

KINDS = {"phone": KeyKind.PHONE, "email": KeyKind.EMAIL, "member": KeyKind.MEMBER}
WHAT = {"phone": "phone number", "email": "email", "member": "member number"}


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "customers",
        help="known clients: the right to be forgotten",
        description="Known clients of this store.",
    )
    sub = p.add_subparsers(dest="customers_command", metavar="ACTION", required=True)
    forget_p = sub.add_parser(
        "forget",
        help="erase a client's personal data on this kiosk and in the store database",
        description="Erases the client's name, contact details, member number, preferences, "
        "notes and follow-up notes on this kiosk and in the store database (other kiosks "
        "erase their copies at their next sync). Visits stay as anonymous statistics.",
    )
    who = forget_p.add_mutually_exclusive_group(required=True)
    who.add_argument("--phone", help="the client's phone number, written any way")
    who.add_argument("--email", help="the client's email")
    who.add_argument("--member", help="the client's member number")
    who.add_argument("--id", dest="customer_id", help="the client's id (when several match)")
    forget_p.add_argument("--yes", action="store_true", help="erase without asking")
    forget_p.set_defaults(handler=_forget)


def _key(args: argparse.Namespace) -> ClientKey:
    for option, kind in KINDS.items():
        raw = getattr(args, option)
        if raw is None:
            continue
        key = parse_key(raw)  # a ClientLookupError says what is wrong
        if key.kind is not kind:
            raise ErasureError(f"--{option}: that is not a {WHAT[option]}")
        return key
    raise ErasureError("give --phone, --email, --member or --id")  # pragma: no cover


def _matches(s: Session, store_id: str, args: argparse.Namespace) -> list[ErasurePlan]:
    """Every client matching, with the plan of what forgetting them does (this database)."""
    if args.customer_id is not None:
        try:
            ids = [uuid.UUID(args.customer_id)]
        except ValueError:
            raise ErasureError("--id: not a client id (a UUID)") from None
        plans = (plan(s, store_id, cid) for cid in ids)
        return [p for p in plans if p is not None]
    return find_plans(s, store_id, _key(args))


def describe(p: ErasurePlan) -> str:
    return (
        f"client {p.name} ({p.contact}), id {p.customer_id}\n"
        f"  erased: name, contact details, member number, preferences, profile notes\n"
        f"  {p.notes} associate note(s) emptied\n"
        f"  {p.tasks} follow-up task(s) emptied of their notes, {p.open_tasks} open one(s) "
        f"closed\n"
        f"  {p.consents} consent(s) withdrawn\n"
        f"  {p.cases} service-recovery case(s) emptied of their words and contact\n"
        f"  {p.purchases} purchase(s) emptied of their order reference (items kept)\n"
        f"  {p.scores} touchpoint score(s) emptied of their words (scores kept)\n"
        f"  {p.key_dates} key date(s) erased, and the advisor unassigned\n"
        f"  {p.visits} visit(s) kept as anonymous statistics\n"
    )


def confirm(stdin: TextIO, stdout: TextIO) -> bool:
    if not stdin.isatty():
        raise ErasureError("no terminal to confirm on; check the client, then add --yes")
    stdout.write("This cannot be undone. Type 'forget' to erase: ")
    stdout.flush()
    return stdin.readline().strip().lower() == "forget"


def report(result: ErasureResult) -> str:
    lines = []
    if result.here is not None:
        lines.append("erased on this kiosk")
    if result.store is not None:
        lines.append(
            "erased in the store database; other kiosks erase their copies at their next sync"
        )
    elif result.share is StoreShare.NONE:
        lines.append(
            "no store database is set: the erasure reaches it when one is set and this kiosk syncs"
        )
    else:
        lines.append(
            f"{result.store_error}; the erasure reaches the store database when this kiosk "
            "next syncs (it waits in the outbox)"
        )
    return "\n".join(lines) + "\n"


def _forget(args: argparse.Namespace, config: Config) -> int:
    engine = open_database(config)
    reader = reader_for(engine, config)
    try:
        return run_forget(args, config, engine, reader.store, lambda f: look_up(reader, f))
    finally:
        reader.close()
        engine.dispose()


def run_forget(
    args: argparse.Namespace,
    config: Config,
    engine: Engine,
    store: Engine | None,
    read: Any,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    store_id = config.store_id
    looked = read(lambda s: _matches(s, store_id, args))
    where = "the store database" if looked.scope is Scope.STORE else "this kiosk"
    if looked.scope is Scope.KIOSK and store is not None:
        stdout.write("the store database did not answer: searched this kiosk's copy only\n")
    matches = looked.value
    if not matches:
        stdout.write(f"no client matches in {where} (store {store_id}); nothing was changed\n")
        return 1
    if len(matches) > 1:
        stdout.write(f"{len(matches)} clients match; give the one to forget with --id:\n")
        for p in matches:
            since = f"{p.created_at:%Y-%m-%d}"
            stdout.write(f"  {p.customer_id}  {p.name:<10} {p.contact:<16} since {since}\n")
        return 1
    chosen = matches[0]
    if chosen.erased:
        stdout.write(f"client {chosen.customer_id} was already forgotten; nothing to do\n")
        return 0
    stdout.write(describe(chosen))
    if not args.yes and not confirm(stdin, stdout):
        stdout.write("not confirmed; nothing was changed\n")
        return 1
    result = forget(engine, store, store_id, chosen.customer_id, utcnow(), "command line")
    stdout.write(report(result))
    return 0
