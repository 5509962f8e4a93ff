"""``kiosk content publish PACK``, ``kiosk content rollback``, ``kiosk content published``:
store IT's commands for the pack every kiosk of the store shows (see ``kiosk.content.publish``).

They need the kiosk configuration (``store_db_url``, ``store_id``) and talk only to the
store database. Exit codes: 0 done, 1 refused or failed (the store unchanged), 2 bad usage
or configuration (no store database configured: one line from the kiosk's command line).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy.exc import SQLAlchemyError

from kiosk.content.cli import ProgressLine, print_issues
from kiosk.content.errors import ContentError
from kiosk.content.publish.publisher import megabytes, publish, rollback, versions
from kiosk.sync.errors import describe

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kiosk.station.config import Config

NEEDS = "0010_content_publish"
"""The store schema that holds published content."""


def _store(config: Config, out: TextIO, doing: str) -> Engine | None:
    """The store database, checked to hold the content tables. Unreachable: said on ``out``
    and None (exit 1, like any failed publish); not configured or not migrated: SyncError
    (exit 2, one line from the kiosk's command line)."""
    from kiosk.sync.errors import StoreSchemaError, StoreUnavailable
    from kiosk.sync.store import check_store, open_store_from_config, shown_url

    store = open_store_from_config(config)
    try:
        revision = check_store(store)
    except StoreUnavailable as exc:
        store.dispose()
        out.write(f"{doing} failed, nothing changed in the store: {exc}\n")
        return None
    except StoreSchemaError:
        store.dispose()
        raise
    if revision < NEEDS:
        store.dispose()
        raise StoreSchemaError(
            f"store database {shown_url(store)} is at schema {revision}; published content "
            f"needs {NEEDS} or newer: run `kiosk db upgrade --store`"
        )
    return store


def _by(args: argparse.Namespace) -> str:
    if args.by:
        return str(args.by)[:120]
    try:
        return getpass.getuser()[:120]
    except (OSError, KeyError):
        return "unknown"


def cmd_publish(
    args: argparse.Namespace, config: Config, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    store = _store(config, out, "publish")
    if store is None:
        return 1
    try:
        result = publish(
            store,
            config.store_id,
            Path(args.path),
            _by(args),
            hashing=ProgressLine(err, "hashing"),
            sending=ProgressLine(err, "sending"),
        )
    except SQLAlchemyError as exc:
        out.write(f"publish failed, nothing changed in the store: {describe(exc)}\n")
        return 1
    except (OSError, ContentError) as exc:
        reason = f"{exc.strerror} ({exc.filename})" if isinstance(exc, OSError) else str(exc)
        out.write(f"publish failed, nothing changed in the store: {reason}\n")
        return 1
    finally:
        store.dispose()
    print_issues([i for i in result.issues if result.ok or i.is_error], out)
    out.write(result.message + "\n")
    return 0 if result.ok else 1


def cmd_rollback(
    args: argparse.Namespace, config: Config, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    store = _store(config, out, "rollback")
    if store is None:
        return 1
    try:
        ok, message = rollback(store, config.store_id, _by(args))
    except SQLAlchemyError as exc:
        out.write(f"rollback failed, nothing changed in the store: {describe(exc)}\n")
        return 1
    finally:
        store.dispose()
    out.write(message + "\n")
    return 0 if ok else 1


def cmd_published(
    args: argparse.Namespace, config: Config, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    store = _store(config, out, "listing")
    if store is None:
        return 1
    try:
        rows, current = versions(store, config.store_id)
    finally:
        store.dispose()
    if not rows:
        out.write(f"nothing is published for {config.store_id}\n")
        return 0
    for r in rows:
        mark = "*" if r.id == current else " "
        out.write(
            f"{mark} version {r.id:<4} {r.brand} {r.pack_version}: {r.files} files, "
            f"{megabytes(r.bytes)}, {r.published_at:%Y-%m-%d %H:%M} UTC by {r.published_by}\n"
        )
    out.write("* current: the kiosks of the store show it or are fetching it\n")
    return 0


def register(sub: Any) -> None:
    """Add ``publish``, ``rollback`` and ``published`` to ``kiosk content``'s subparsers."""
    by_help = "who publishes, as the store database keeps it (default: this user's login)"
    p = sub.add_parser(
        "publish",
        help="validate a pack and publish it to every kiosk of the store (store database)",
    )
    p.add_argument("path", help="the pack folder")
    p.add_argument("--by", help=by_help)
    p.set_defaults(handler=cmd_publish)
    p = sub.add_parser(
        "rollback", help="make the version published before the current one current again"
    )
    p.add_argument("--by", help=by_help)
    p.set_defaults(handler=cmd_rollback)
    p = sub.add_parser("published", help="list the versions published for this store")
    p.set_defaults(handler=cmd_published)
