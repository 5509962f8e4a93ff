"""``kiosk followup serve|revoke``: the follow-up page's server, and revoking a link.

``serve`` runs the page with uvicorn (one process; the guessing brake lives in it) against
the store database (``store_db_url``) and the content pack (``content_dir``, installed from
``content_pack_path`` on a first start). It refuses to start, with one line, when the store
database is unreachable or not migrated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from typing import Any

from sqlalchemy import Engine, create_engine, select

from kiosk.errors import ConfigError, KioskError
from kiosk.station.config import Config

log = logging.getLogger(__name__)


def register(sub: Any) -> None:
    group = sub.add_parser("followup", help="the follow-up page customers open from the QR code")
    actions = group.add_subparsers(dest="followup_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="serve the follow-up page (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on")
    serve.set_defaults(handler=_serve)
    revoke = actions.add_parser("revoke", help="revoke a hand-off link (its code or its id)")
    revoke.add_argument("link", help="the typed code (XXXXX-XXXXX) or the id at the URL's end")
    revoke.set_defaults(handler=_revoke)


def open_page_store(config: Config) -> Engine:
    from kiosk.sync.settings import SyncSettings
    from kiosk.sync.store import check_store, connect_args, store_url

    if not config.store_db_url:
        raise ConfigError("setting 'store_db_url' is empty: the follow-up page reads the store")
    engine = create_engine(
        store_url(config.store_db_url, config.store_db_password_file),
        connect_args=connect_args(SyncSettings.from_config(config), "followup-page"),
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=True,
        pool_recycle=1800,
        hide_parameters=True,  # parameters are customer data
    )
    check_store(engine)
    return engine


def _log_to_stderr() -> None:
    from kiosk.station.logs import dress

    handler = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(dress(handler, "%(asctime)s %(levelname)s %(name)s %(message)s"))


def run_on_store_clocks(config: Config) -> None:
    """Set this process's local zone to the store's (``store_timezone``): the page reads
    "today", slot days and shown dates with ``astimezone()``, so in the page's own server
    process the machine's zone becomes the store's, and a page served from a UTC host
    shows a Shanghai client Shanghai dates. Not for the kiosk process, whose tests share it."""
    import os
    import time

    os.environ["TZ"] = config.store_timezone
    if hasattr(time, "tzset"):  # POSIX; Windows reads its own zone (serve runs on Linux)
        time.tzset()


def _serve(args: argparse.Namespace, config: Config) -> int:
    import uvicorn

    from kiosk.aftersale.capacity import capacity_from
    from kiosk.handoff.context import PageContext
    from kiosk.handoff.protocol import PageH11Protocol
    from kiosk.handoff.security import MissLimiter, Signer, load_or_create_key
    from kiosk.handoff.storecard import StoreCard
    from kiosk.handoff.web import base_path, create_app
    from kiosk.station.logs import setup_logging
    from kiosk.station.runtime import open_packs

    run_on_store_clocks(config)
    setup_logging(config.log_dir)
    _log_to_stderr()
    engine = open_page_store(config)
    ctx = PageContext(
        engine=engine,
        packs=open_packs(config),
        signer=Signer(load_or_create_key(config.secret_key_file)),
        limiter=MissLimiter(config.followup_misses_per_minute),
        base_path=base_path(config.followup_base_url),
        store=StoreCard.from_config(config),
        capacity=capacity_from(config) if config.service_capacity.strip() else None,
        cutoff=dt.timedelta(hours=config.service_cutoff_hours),
        horizon_days=config.service_booking_days,
        invitation_base=config.followup_base_url,
        areas=config.store_areas,
        away_limit=dt.timedelta(hours=config.advisor_away_hours),
    )
    log.info(
        "follow-up page on http://%s:%d%s (pack %s)",
        args.host,
        args.port,
        ctx.base_path,
        ctx.packs.current().info.version,
    )
    proxies = list(config.followup_trusted_proxies)
    try:
        uvicorn.run(
            create_app(ctx),
            host=args.host,
            port=args.port,
            log_config=None,
            access_log=False,  # ours masks the link ids
            server_header=False,
            http=PageH11Protocol,  # its own 400s carry the page's headers too
            # X-Forwarded-For only from the proxies named in the setting; uvicorn's default
            # would trust it from 127.0.0.1 (and FORWARDED_ALLOW_IPS), so any local client
            # could slip past the guessing brake with a new address per request
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies,
        )
    finally:
        engine.dispose()
    return 0


def _revoke(args: argparse.Namespace, config: Config) -> int:
    from sqlalchemy.orm import Session

    from kiosk.db.models import FollowupLink, utcnow
    from kiosk.db.versions import new_version
    from kiosk.handoff.links import looks_like_token, normalize_code

    code = normalize_code(args.link)
    if code is None and not looks_like_token(args.link):
        raise KioskError("not a hand-off code (XXXXX-XXXXX) nor a link id")
    engine = open_page_store(config)
    try:
        with Session(engine) as s, s.begin():
            column = FollowupLink.fallback_code if code else FollowupLink.token
            row = s.scalars(select(FollowupLink).where(column == (code or args.link))).first()
            if row is None:
                raise KioskError("no such hand-off link in the store database")
            if row.revoked_at is None:
                now = utcnow()
                row.revoked_at = now
                new_version(row, now)
    finally:
        engine.dispose()
    sys.stdout.write("revoked: the link and its code now answer 410\n")
    return 0
