"""``kiosk chain``: headquarters' subscriptions to the stores (docs/chain.md).

Run at headquarters by IT, with no kiosk configuration: ``add-store`` publishes a store's
anonymous facts and subscribes headquarters to them (again: brings both up to date),
``status`` shows each store's state and lag, ``remove-store`` stops following one.
Exit codes: 0 done (status: every store streaming), 1 refused or failed (one line says why),
2 bad usage (no headquarters database given).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

HQ_HELP = "the headquarters database, a PostgreSQL URL (default: KIOSK_HQ_URL)"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "chain",
        help="headquarters: subscribe to each store's anonymous facts, see their lag",
        description="Headquarters rolls every store up by PostgreSQL logical replication: "
        "each store publishes its anonymous facts (never personal data), headquarters "
        "subscribes. See docs/chain.md.",
    )
    sub = p.add_subparsers(dest="chain_command", metavar="ACTION", required=True)
    add = sub.add_parser("add-store", help="publish a store's facts and subscribe to them")
    add.add_argument("name", help="the store's name at headquarters (a-z, 0-9, _)")
    add.add_argument("--store-url", required=True, metavar="URL", help="the store database")
    add.add_argument(
        "--hq-url", default=os.environ.get("KIOSK_HQ_URL"), metavar="URL", help=HQ_HELP
    )
    add.set_defaults(handler=_add, needs_config=False)
    status = sub.add_parser("status", help="each store's subscription: state and lag")
    status.add_argument(
        "--hq-url", default=os.environ.get("KIOSK_HQ_URL"), metavar="URL", help=HQ_HELP
    )
    status.set_defaults(handler=_status, needs_config=False)
    remove = sub.add_parser("remove-store", help="stop following a store (its rows stay)")
    remove.add_argument("name")
    remove.add_argument(
        "--hq-url", default=os.environ.get("KIOSK_HQ_URL"), metavar="URL", help=HQ_HELP
    )
    remove.set_defaults(handler=_remove, needs_config=False)


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _hq(args: argparse.Namespace) -> str | None:
    if not args.hq_url:
        sys.stderr.write("kiosk chain: give the headquarters database (--hq-url or KIOSK_HQ_URL)\n")
    return str(args.hq_url) if args.hq_url else None


def _add(args: argparse.Namespace) -> int:
    from kiosk.chain.hq import ChainError, add_store

    hq = _hq(args)
    if hq is None:
        return 2
    try:
        added = add_store(args.name, args.store_url, hq)
    except ChainError as exc:
        sys.stderr.write(f"kiosk chain add-store: {exc}\n")
        return 1
    _say(added.line())
    return 0


def _status(args: argparse.Namespace) -> int:
    from kiosk.chain.hq import ChainError
    from kiosk.chain.status import chain_status

    hq = _hq(args)
    if hq is None:
        return 2
    try:
        states = chain_status(hq)
    except ChainError as exc:
        sys.stderr.write(f"kiosk chain status: {exc}\n")
        return 1
    if not states:
        _say("no store subscribed yet (kiosk chain add-store)")
    for state in states:
        _say(state.line())
    return 0 if all(s.healthy for s in states) else 1


def _remove(args: argparse.Namespace) -> int:
    from kiosk.chain.hq import ChainError, remove_store

    hq = _hq(args)
    if hq is None:
        return 2
    try:
        removed = remove_store(args.name, hq)
    except ChainError as exc:
        sys.stderr.write(f"kiosk chain remove-store: {exc}\n")
        return 1
    _say(f"store {args.name}: " + ("subscription dropped" if removed else "was not subscribed"))
    return 0
