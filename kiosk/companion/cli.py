"""``kiosk companion serve``: the associates' companion on the store network (uvicorn).

It reads and writes the store database (``store_db_url``), like the follow-up page, and
refuses to start, with one line, when that database is unreachable or not migrated. Run it
behind the store's TLS proxy with ``--secure`` (cookies marked Secure, HSTS sent); sessions
end after ``companion_idle_minutes`` without a request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from kiosk.station.config import Config

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    group = sub.add_parser("companion", help="the associates' companion on their phones")
    actions = group.add_subparsers(dest="companion_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve the companion (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8090, help="port to listen on")
    serve.add_argument(
        "--secure", action="store_true", help="served behind TLS: Secure cookies and HSTS"
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
        sessions=SessionTable(dt.timedelta(minutes=config.companion_idle_minutes), clock),
        signer=Signer(load_or_create_key(config.secret_key_file)),
        limiter=MissLimiter(config.followup_misses_per_minute),
        clock=clock,
        zone=ZoneInfo(config.store_timezone),
        brand=config.store_name or "Maison",
        secure=secure,
    )


def _serve(args: argparse.Namespace, config: Config) -> int:
    import uvicorn

    from kiosk.companion.web import create_app
    from kiosk.handoff.cli import _log_to_stderr, run_on_store_clocks
    from kiosk.handoff.protocol import PageH11Protocol
    from kiosk.station.logs import setup_logging

    run_on_store_clocks(config)
    setup_logging(config.log_dir)
    _log_to_stderr()
    ctx = build(config, args.secure)
    log.info("companion on http://%s:%d/c/ (secure cookies: %s)", args.host, args.port, args.secure)
    proxies = list(config.followup_trusted_proxies)
    try:
        uvicorn.run(
            create_app(ctx),
            host=args.host,
            port=args.port,
            log_config=None,
            access_log=False,  # the page's own access log leaves query values out
            server_header=False,
            http=PageH11Protocol,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies,
            timeout_graceful_shutdown=3,  # open live lists do not hold a restart
        )
    finally:
        ctx.engine.dispose()
    return 0
