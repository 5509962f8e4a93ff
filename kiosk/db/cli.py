"""``kiosk db upgrade [--store] [--yes]``: migrate the local database, or the store's.

The local SQLite database is copied beside itself before a migration runs (kiosk.db.migrate).
The store database is PostgreSQL, shared by every kiosk and the follow-up page, and may be
large or on another machine, so this command does not copy it: it says what will change,
gives the ``pg_dump`` line to take a backup first and waits for store IT to type ``upgrade``
(``--yes`` for scripts that took the dump themselves). What PostgreSQL does allow is used:
the whole migration runs in one transaction (DDL included), so a failure leaves the schema
as it was, and an advisory lock makes a second migrator wait instead of racing. A database a
newer build wrote is refused on both sides before anything is touched.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from typing import Any, TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from kiosk.db.migrate import (
    current_revision,
    describe_database,
    head_revision,
    refuse_newer,
    upgrade,
)
from kiosk.errors import ConfigError, KioskError
from kiosk.station.config import Config

CONFIRM_WORD = "upgrade"


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="the local database, or with --store the store database")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_sub.add_parser("upgrade", help="apply migrations (a backup is taken first)")
    up.add_argument(
        "--store",
        action="store_true",
        help="migrate the store database (store_db_url) instead; asks to take a pg_dump first",
    )
    up.add_argument(
        "--yes", action="store_true", help="with --store: migrate without asking (scripts)"
    )
    up.set_defaults(handler=_db_upgrade)


def _db_upgrade(args: argparse.Namespace, config: Config) -> int:
    if args.store:
        return upgrade_store(config, args.yes)
    return upgrade_local(config, sys.stdout)


def upgrade_local(config: Config, out: TextIO) -> int:
    from kiosk.db.engine import open_local
    from kiosk.station.storage import preflight

    preflight(config.local_db_path, config.log_dir, min_free_mb=config.health_min_free_mb)
    engine = open_local(config.local_db_path)
    try:
        before = current_revision(engine)
        backup = upgrade(engine)
        after = current_revision(engine)
    finally:
        engine.dispose()
    where = describe_database(engine)
    if before == after:
        out.write(f"{where}: schema at revision {after} (the newest); nothing to do\n")
        return 0
    out.write(f"{where}: migrated from {before or 'none'}; schema at revision {after}\n")
    if backup is not None:
        out.write(f"the previous version is kept as {backup}\n")
    return 0


def _open_store(config: Config) -> Engine:
    from kiosk.sync.settings import SyncSettings
    from kiosk.sync.store import open_store

    if not config.store_db_url:
        raise ConfigError("store_db_url is not set: there is no store database to migrate")
    # A migration may rewrite big tables: no statement timeout, the connect timeout kept.
    settings = dataclasses.replace(SyncSettings.from_config(config), store_db_statement_timeout_s=0)
    name = f"kiosk-migrate {config.store_id}/{config.kiosk_id}"
    return open_store(config.store_db_url, config.store_db_password_file, settings, name)


def pg_dump_line(engine: Engine, head: str) -> str:
    """The backup command for store IT, with the address libpq reads and never a password."""
    url = engine.url.set(drivername="postgresql", password=None)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    address = url.render_as_string(hide_password=False)
    return f"pg_dump --format=custom --file=store-before-{head}-{stamp}.dump '{address}'"


def _confirmed(stdin: TextIO, out: TextIO) -> bool:
    if not stdin.isatty():
        raise KioskError(
            "no terminal to confirm on: take a pg_dump of the store database, then run "
            "`kiosk db upgrade --store --yes`"
        )
    out.write(f"Type '{CONFIRM_WORD}' once the backup is taken: ")
    out.flush()
    return stdin.readline().strip().lower() == CONFIRM_WORD


def upgrade_store(
    config: Config, assume_yes: bool, stdin: TextIO | None = None, out: TextIO | None = None
) -> int:
    from kiosk.db.migrate import _has_tables
    from kiosk.sync.errors import StoreUnavailable, describe
    from kiosk.sync.store import secrets_of

    stdin, out = stdin or sys.stdin, out or sys.stdout
    engine = _open_store(config)
    where = describe_database(engine)
    try:
        head = head_revision()
        try:
            current = current_revision(engine)
            holds_data = _has_tables(engine)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(
                f"{where} unreachable: {describe(exc, secrets_of(engine))}"
            ) from None
        if current == head:
            out.write(f"{where}: already at the newest schema {head}; nothing to do\n")
            return 0
        refuse_newer(engine, current, head)
        out.write(f"{where}: schema {current or 'none'} will be migrated to {head}\n")
        if holds_data and not assume_yes:
            out.write(
                "Every kiosk and the follow-up page use this database. Take a backup first:\n"
                f"  {pg_dump_line(engine, head)}\n"
                "The migration runs in one transaction: if it fails, nothing changes.\n"
            )
            if not _confirmed(stdin, out):
                out.write("not confirmed; nothing was changed\n")
                return 1
        try:
            upgrade(engine)
        except SQLAlchemyError as exc:
            raise KioskError(
                f"{where}: the migration to {head} failed and was rolled back, nothing "
                f"changed: {describe(exc, secrets_of(engine))}"
            ) from None
        out.write(f"{where}: migrated from {current or 'none'} to {head}\n")
        return 0
    finally:
        engine.dispose()
