"""Alembic environment: always run with a connection handed over by kiosk.db.migrate."""

from __future__ import annotations

from alembic import context

from kiosk.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from kiosk.db.engine import open_url

        engine = open_url(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Batch mode recreates tables; with foreign keys on, SQLite would cascade-delete
        # child rows while it does. The pragma is a no-op inside a transaction, so it is
        # set on the connection before the migration's own statements.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
    )
    context.run_migrations()
    if is_sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations()
