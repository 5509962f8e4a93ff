"""``kiosk companion serve``: the associates' companion on the store network (uvicorn).

It reads and writes the store database (``store_db_url``), like the follow-up page, and
refuses to start, with one line, when that database is unreachable or not migrated. Behind
the store's TLS proxy, name the proxy in ``followup_trusted_proxies``: its X-Forwarded-Proto
(and X-Forwarded-For, for the guessing brake) is believed from that address only, so a
request the proxy received over https gets Secure cookies and HSTS. ``--secure`` forces both
for every request (TLS in front, but the proxy says nothing). Sessions end after
``companion_idle_minutes`` without a request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.station.config import Config

if TYPE_CHECKING:
    from kiosk.content.model import CaseCategory

log = logging.getLogger(__name__)
SESSIONS_FILE = "companion-sessions.sqlite3"
"""Signed-in sessions (their ids' hashes), kept across a restart, beside ``secret_key_file``."""


def register(sub: Any) -> None:
    group = sub.add_parser("companion", help="the associates' companion on their phones")
    actions = group.add_subparsers(dest="companion_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve the companion (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8090, help="port to listen on")
    serve.add_argument(
        "--secure",
        action="store_true",
        help="always served behind TLS: Secure cookies and HSTS on every answer (without it, "
        "on the answers a trusted proxy says came over https)",
    )
    serve.set_defaults(handler=_serve)


def build(config: Config, secure: bool, clock: Callable[[], dt.datetime] | None = None) -> Any:
    """The companion's context for ``config``: the store database opened and checked;
    ``clock``: the time it lives by (tests drive it)."""
    from zoneinfo import ZoneInfo

    from kiosk.companion.board import Board
    from kiosk.companion.context import CompanionContext
    from kiosk.companion.sessions import SessionTable
    from kiosk.companion.signin import StoreSignIn
    from kiosk.db.models import utcnow
    from kiosk.handoff.cli import open_page_store
    from kiosk.handoff.security import MissLimiter, Signer, load_or_create_key

    engine = open_page_store(config)
    clock = clock or utcnow
    return CompanionContext(
        engine=engine,
        signin=StoreSignIn(engine, config.store_id, clock),
        board=Board(engine, config.store_id, dt.timedelta(hours=config.case_response_hours), clock),
        sessions=SessionTable(
            dt.timedelta(minutes=config.companion_idle_minutes),
            clock,
            config.secret_key_file.with_name(SESSIONS_FILE),  # beside the key: private
        ),
        signer=Signer(load_or_create_key(config.secret_key_file)),
        limiter=MissLimiter(config.followup_misses_per_minute),
        clock=clock,
        zone=ZoneInfo(config.store_timezone),
        brand=config.store_name or "Maison",
        secure=secure,
        case_categories=case_categories(config),
    )


def case_categories(config: Config) -> tuple[CaseCategory, ...]:
    """The installed pack's case categories (``content_dir``, as the kiosks and the follow-up
    page on this machine have it), read without writing; the built-in ones when no pack is
    installed here or it cannot be read (said once in the log)."""
    from kiosk.content.model import DEFAULT_CASE_CATEGORIES
    from kiosk.content.snapshot import load_prepared
    from kiosk.content.store import PackStore
    from kiosk.errors import KioskError

    store = PackStore(config.content_dir)
    try:
        name = store.installed_name()
        if name is None:
            return DEFAULT_CASE_CATEGORIES
        return load_prepared(store.packs / name, rewrite=False).case_categories
    except (KioskError, OSError) as exc:
        log.warning("companion: case categories from the built-in list (%s)", exc)
        return DEFAULT_CASE_CATEGORIES


def server_options(config: Config) -> dict[str, Any]:
    """How uvicorn serves the companion (the command and the tests alike)."""
    from kiosk.handoff.protocol import PageH11Protocol

    proxies = list(config.followup_trusted_proxies)
    return {
        "log_config": None,
        "access_log": False,  # the page's own access log leaves query values out
        "server_header": False,
        "http": PageH11Protocol,
        # X-Forwarded-Proto and -For believed only from the proxies named in the setting
        # (uvicorn's default trusts 127.0.0.1): the proxy's "https" makes cookies Secure
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies,
        "timeout_graceful_shutdown": 3,  # open live lists do not hold a restart
    }


def _serve(args: argparse.Namespace, config: Config) -> int:
    import uvicorn

    from kiosk.companion.web import create_app
    from kiosk.handoff.cli import _log_to_stderr, run_on_store_clocks
    from kiosk.station.logs import setup_logging

    run_on_store_clocks(config)
    setup_logging(config.log_dir)
    _log_to_stderr()
    ctx = build(config, args.secure)
    log.info(
        "companion on http://%s:%d/c/ (secure cookies: %s; trusted proxies: %d)",
        args.host,
        args.port,
        "always" if args.secure else "when a trusted proxy says https",
        len(config.followup_trusted_proxies),
    )
    try:
        uvicorn.run(create_app(ctx), host=args.host, port=args.port, **server_options(config))
    finally:
        ctx.engine.dispose()
    return 0
