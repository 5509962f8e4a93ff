"""The command line: one entry point with a subcommand per job.

``run`` (the kiosk window, the default) lives in ``ui`` and is handed over by ``main.py``;
every other job is here, so it works on a machine with no display. Subcommand modules are
imported only when chosen, which keeps the kiosk's own start-up fast.
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

LAZY_GROUPS = {
    "content": ("kiosk.content.cli", "validate, prepare and install content packs"),
    "sync": ("kiosk.sync.cli", "send the outbox to the store database and bring back its data"),
    "followup": ("kiosk.handoff.cli", "serve the follow-up page; revoke a hand-off link"),
    "associates": ("kiosk.associates.cli", "add, list and disable associates (associate mode)"),
    "followups": (
        "kiosk.associates.tasks_cli",
        "follow-up tasks: make the rules' tasks, list, complete",
    ),
    "report": ("kiosk.insights.cli", "the store dashboard's figures as CSV"),
    "customers": ("kiosk.clients.cli", "forget a client: erase their personal data everywhere"),
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

    cfg = sub.add_parser("config", help="the configuration")
    cfg_sub = cfg.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = cfg_sub.add_parser("show", help="each effective setting and where it came from")
    show.set_defaults(handler=_config_show)
    ref = cfg_sub.add_parser("reference", help="print the configuration reference (Markdown)")
    ref.set_defaults(handler=_config_reference, needs_config=False)

    check = sub.add_parser(
        "check",
        help="health of this kiosk for store IT and monitoring (exit 1: needs attention)",
    )
    check.add_argument("--json", action="store_true", help="one JSON document (stable keys)")
    check.set_defaults(handler=_check)

    # Command groups whose modules load heavy libraries (Pillow, SQLAlchemy) are added only when
    # asked for: the kiosk itself must not pay for them before its first paint.
    wanted = set(argv)
    for name, (module, summary) in LAZY_GROUPS.items():
        if wanted & {name, "-h", "--help"}:
            importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=summary)
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    argv = list(argv or [])
    args = build_parser(argv).parse_args(argv)
    if args.command is None:  # no subcommand: run the kiosk with run's defaults
        args.command, args.windowed, args.exit_after_first_paint = "run", False, False
    return args


def load(args: argparse.Namespace, overrides: dict[str, Any] | None = None) -> Config:
    files = list(args.config) or config_files_from_env()
    return load_config(files, overrides=overrides)


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


def _db_upgrade(args: argparse.Namespace, config: Config) -> int:
    from kiosk.db.cli import upgrade_local, upgrade_store

    if args.store:
        return upgrade_store(config, args.yes)
    return upgrade_local(config, sys.stdout)


def _config_show(args: argparse.Namespace, config: Config) -> int:
    rows = config.describe()
    width = max(len(name) for name, _, _ in rows)
    for name, value, source in rows:
        sys.stdout.write(f"{name:<{width}}  {value}    [{source}]\n")
    return 0


def _config_reference(args: argparse.Namespace) -> int:
    from kiosk.station.config import reference_markdown

    sys.stdout.write(reference_markdown())
    return 0


def _check(args: argparse.Namespace, config: Config) -> int:
    from kiosk.station.health import render_text, run_checks

    report = run_checks(config)
    if args.json:
        import json

        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(render_text(report))
    return 0 if report["status"] == "ok" else 1
