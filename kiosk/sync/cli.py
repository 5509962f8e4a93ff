"""``kiosk sync``: one pass from the command line (``--once``), or sync until Ctrl-C.

Exit codes: 0 done, 2 the store database is unreachable or not usable (the message says
why, without the password), 3 configuration missing (no store_db_url).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any, TextIO

from kiosk.station.config import Config
from kiosk.station.runtime import open_database
from kiosk.sync.errors import SyncError
from kiosk.sync.push import requeue_quarantined
from kiosk.sync.settings import SyncSettings
from kiosk.sync.state import read_status
from kiosk.sync.store import open_store_from_config, shown_url
from kiosk.sync.worker import SyncWorker

EXIT_OK, EXIT_UNREACHABLE, EXIT_NOT_CONFIGURED = 0, 2, 3


def register(subparsers: Any) -> None:
    """Add the ``sync`` subcommand; its handler is ``args.handler(args, config) -> int``."""
    p = subparsers.add_parser(
        "sync",
        help="send this kiosk's records to the store database and fetch shared data",
        description="Push the local outbox to the store database, then pull associates, "
        "clients, service requests and follow-up tasks of this store.",
    )
    p.add_argument("--once", action="store_true", help="one pass (push, then pull), then exit")
    p.add_argument("--status", action="store_true", help="show the sync status and exit")
    p.add_argument(
        "--retry-quarantined",
        action="store_true",
        help="give changes the store refused another try (after fixing the cause)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, config: Config, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    local = open_database(config)
    try:
        if args.status:
            _print(out, read_status(local).lines())
            return EXIT_OK
        if args.retry_quarantined:
            _print(out, [f"requeued {requeue_quarantined(local)} quarantined change(s)"])
        try:
            store = open_store_from_config(config)
        except SyncError as exc:
            _print(out, [f"sync: {exc}"])
            return EXIT_NOT_CONFIGURED
        try:
            worker = SyncWorker(local, store, config.store_id, SyncSettings.from_config(config))
            if args.once:
                return _once(worker, store, out)
            return _forever(worker, out)
        finally:
            store.dispose()
    finally:
        local.dispose()


def _once(worker: SyncWorker, store: Any, out: TextIO) -> int:
    try:
        result = worker.run_pass()
    except SyncError as exc:
        worker.record_failure(str(exc))  # kept in the local sync state, for `kiosk check`
        _print(out, [f"sync failed: {exc}", *worker.status().lines()[1:3]])
        return EXIT_UNREACHABLE
    push = result.push
    _print(
        out,
        [
            f"store database: {shown_url(store)}",
            f"pushed {push.rows_sent} row(s) in {push.batches} batch(es) "
            f"({push.rows_applied} new or changed in the store)",
            f"quarantined {push.entries_quarantined} change(s) the store refused",
            f"pulled {result.pulled} row(s)",
            *worker.status().lines()[1:3],
        ],
    )
    return EXIT_OK


def _forever(worker: SyncWorker, out: TextIO) -> int:
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    worker.start()
    _print(out, ["syncing until Ctrl-C"])
    last = ""
    try:
        while not stop.wait(1.0):
            status = worker.status()
            line = f"{status.state}: {status.pending} pending, {status.quarantined} quarantined"
            if line != last:
                _print(out, [line])
                last = line
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        worker.stop()
    return EXIT_OK


def _print(out: TextIO, lines: list[str]) -> None:
    out.write("".join(line + "\n" for line in lines))
    out.flush()
