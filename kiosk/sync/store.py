"""Connecting to the store database so that a dead network can never hang the worker.

Every connection has a connect timeout, a statement timeout, TCP keepalives and a TCP user
timeout, and runs in UTC. The password comes from the URL or from ``store_db_password_file``
and is never rendered: logs and messages use the URL with the password hidden.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kiosk.sync.errors import StoreSchemaError, StoreUnavailable, SyncError, describe
from kiosk.sync.settings import SyncSettings

if TYPE_CHECKING:
    from kiosk.station.config import Config

REQUIRED_REVISION = "0009_client_book"
"""The oldest store schema this kiosk can sync with: its pull reads key dates and advisors
(0009). A kiosk updated before its store says so, and keeps every visit until the store is
migrated. Revisions compare as text (their names start with a zero-padded number)."""


def store_url(url: str, password_file: Path | None = None) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SyncError("store_db_url is not a valid database URL") from None
    if parsed.get_backend_name() != "postgresql":
        raise SyncError(
            "the store database must be PostgreSQL (store_db_url postgresql+psycopg://)"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if password_file is not None:
        try:
            password = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SyncError(
                f"store_db_password_file {password_file} cannot be read: {exc.strerror}"
            ) from None
        parsed = parsed.set(password=password)
    return parsed


def connect_args(settings: SyncSettings, application_name: str) -> dict[str, Any]:
    statement_ms = settings.store_db_statement_timeout_s * 1000
    return {
        "connect_timeout": settings.store_db_connect_timeout_s,
        "options": f"-c statement_timeout={statement_ms} -c TimeZone=UTC",
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        # unacknowledged data (a write into a dead link) gives up after this long
        "tcp_user_timeout": statement_ms + 10_000,
        "application_name": application_name[:63],
    }


def open_store(
    url: str,
    password_file: Path | None = None,
    settings: SyncSettings | None = None,
    application_name: str = "kiosk-sync",
    max_overflow: int = 1,
) -> Engine:
    """An engine for the store database; nothing is connected until first use. One
    connection is kept; ``max_overflow`` more are opened while that many are in use at once
    (the associate reads': ``kiosk.db.reads.reader_for``), and closed as they come back."""
    settings = settings or SyncSettings()
    return create_engine(
        store_url(url, password_file),
        connect_args=connect_args(settings, application_name),
        pool_size=1,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        pool_recycle=1800,
        hide_parameters=True,  # statements' parameters are customer data
    )


def open_store_from_config(config: Config) -> Engine:
    if not config.store_db_url:
        raise SyncError("store_db_url is not set: this kiosk works alone and keeps its outbox")
    return open_store(
        config.store_db_url,
        config.store_db_password_file,
        SyncSettings.from_config(config),
        f"kiosk-sync {config.store_id}/{config.kiosk_id}",
    )


def shown_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def secrets_of(engine: Engine) -> tuple[str | None, ...]:
    return (engine.url.password if isinstance(engine.url.password, str) else None,)


def check_store(engine: Engine) -> str:
    """Connect and check the schema; returns the store's revision or raises a SyncError."""
    try:
        with engine.connect() as conn:
            has_version = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
            revision = (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if has_version
                else None
            )
    except SQLAlchemyError as exc:
        raise StoreUnavailable(
            f"store database {shown_url(engine)} unreachable: {describe(exc, secrets_of(engine))}"
        ) from None
    if revision is None or str(revision) < REQUIRED_REVISION:
        raise StoreSchemaError(
            f"store database {shown_url(engine)} is at schema {revision or 'none'}; this kiosk "
            f"needs {REQUIRED_REVISION} or newer: run the migrations against it "
            "(`kiosk db upgrade --store`)"
        )
    return str(revision)
