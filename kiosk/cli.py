"""The command line: one entry point with a subcommand per job.

``run`` (the kiosk window, the default) lives in ``ui`` and is handed over by ``main.py``;
every other job is its package's command line (``kiosk/<package>/cli.py``), dispatched from
here, so it works on a machine with no display. Those modules are imported only when chosen,
which keeps the kiosk's own start-up fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.errors import KioskError
from kiosk.station.config import Config, config_files_from_env, load_config

Handler = Callable[[argparse.Namespace, Config], int]

# Every command but ``run``: its package's command line (``<package>/cli.py``), as
# "module" (its ``register``) or "module:function", with the summary shown while it is not
# loaded. In the order ``kiosk --help`` lists them.
COMMANDS = {
    "db": ("kiosk.db.cli", "the local database, or with --store the store database"),
    "config": ("kiosk.station.cli:register_config", "the configuration"),
    "check": (
        "kiosk.station.cli:register_check",
        "health of this kiosk for store IT and monitoring (exit 1: needs attention)",
    ),
    "content": ("kiosk.content.cli", "validate, prepare and install content packs"),
    "sync": ("kiosk.sync.cli", "send the outbox to the store database and bring back its data"),
    "followup": ("kiosk.handoff.cli", "serve the follow-up page; revoke a hand-off link"),
    "associates": ("kiosk.associates.cli", "add, list and disable associates (associate mode)"),
    "followups": (
        "kiosk.associates.cli:register_tasks",
        "follow-up tasks: make the rules' tasks, list, complete",
    ),
    "report": ("kiosk.insights.cli", "the store dashboard's figures as CSV"),
    "customers": ("kiosk.clients.cli", "forget a client: erase their personal data everywhere"),
    "cases": ("kiosk.recovery.cli", "service-recovery cases: list them with their state and age"),
    "services": (
        "kiosk.aftersale.cli",
        "deliveries and installations: the day's bookings per slot",
    ),
    "companion": ("kiosk.companion.cli", "serve the associates' companion (their phones)"),
    "chain": ("kiosk.chain.cli", "headquarters: subscribe to each store's facts, see their lag"),
}


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Maison kiosk: the in-store experience touchscreen."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config",
        action="append",
        type=Path,
        default=[],
        metavar="FILE",
        help="a TOML config file; repeat to layer chain, store and kiosk files in that order",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="check that this build works (migrate a new database in a temporary folder, "
        "load the content pack, render the attract screen offscreen) and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the kiosk (the default)")
    run.add_argument("--windowed", action="store_true", help="a normal window, not full screen")
    run.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)
    run.add_argument("--exit-when-attract-complete", action="store_true", help=argparse.SUPPRESS)

    # Command groups whose modules load heavy libraries (Pillow, SQLAlchemy) are added only when
    # asked for: the kiosk itself must not pay for them before its first paint. Starting the
    # kiosk, the others are not even named: each parser looks its words up in gettext's
    # catalogues on the disk (eight paths each, none cached), 4 ms for the fifteen.
    wanted = set(argv)
    starting = not argv or ("run" in wanted and not wanted & {"-h", "--help"})
    for name, (target, summary) in COMMANDS.items():
        if wanted & {name, "-h", "--help"}:
            module, _, function = target.partition(":")
            getattr(importlib.import_module(module), function or "register")(sub)
        elif not starting:
            sub.add_parser(name, help=summary)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    argv = list(argv or [])
    args = build_parser(argv).parse_args(argv)
    if args.command is None:  # no subcommand: run the kiosk with run's defaults
        args.command, args.windowed, args.exit_after_first_paint = "run", False, False
        args.exit_when_attract_complete = False
    return args


def load(args: argparse.Namespace, overrides: dict[str, Any] | None = None) -> Config:
    from kiosk.clients.phones import use_store_country

    files = list(args.config) or config_files_from_env()
    config = load_config(files, overrides=overrides)
    use_store_country(config.store_country)  # phone numbers are read as the store's
    return config


def dispatch(args: argparse.Namespace) -> int:
    """Run a non-UI subcommand; every expected failure becomes one clear line and exit 2."""
    config: Config | None = None
    try:
        if not getattr(args, "needs_config", True):
            return int(args.handler(args))
        handler: Handler = args.handler
        config = load(args)
        return handler(args, config)
    except KioskError as exc:
        fail(str(exc))
        return 2
    except Exception as exc:
        message = _local_write_failure(exc, config)
        if message is None:
            raise
        fail(message)
        return 2


def _local_write_failure(exc: Exception, config: Config | None) -> str | None:
    """A write to this kiosk's SQLite database that failed (a full disk while the kiosk runs
    beside the command): one line, not a traceback; its transaction was rolled back whole."""
    import sqlite3

    if not isinstance(getattr(exc, "orig", None), sqlite3.Error):
        return None
    from kiosk.station.local_writes import cause
    from kiosk.station.storage import free_mb

    message = f"the local database could not be written, nothing was changed: {cause(exc)}"
    if config is not None:
        folder = config.local_db_path.parent
        free = free_mb(folder)
        if free < config.health_min_free_mb:
            message += f" ({folder}: its disk has {free} MB free)"
    return message


def fail(message: str) -> None:
    sys.stderr.write(f"kiosk: {message}\n")
