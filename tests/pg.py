"""A real, throwaway PostgreSQL server for the test session.

Started from Debian's packages on 127.0.0.1 only, in a temporary folder, touching no system
configuration. initdb and pg_ctl refuse to run as root, so as root they run as ``postgres``.
Set KIOSK_TEST_PG_URL to use a server of your own instead (a database per test is created in it).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class PgServer:
    admin_url: str  # postgresql+psycopg URL of the maintenance database

    def url_for(self, dbname: str) -> str:
        return self.admin_url.rsplit("/", 1)[0] + "/" + dbname


def _bin_dir() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found:
        pytest.fail(
            "PostgreSQL server binaries not found (Debian package 'postgresql'); "
            "`make test` installs them"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


LOGICAL = {
    "wal_level": "logical",
    "max_replication_slots": "60",
    "max_wal_senders": "64",
    "max_logical_replication_workers": "64",
    "max_worker_processes": "80",
    "max_sync_workers_per_subscription": "1",
    "wal_retrieve_retry_interval": "200ms",
    "shared_buffers": "16MB",
}
"""Options for a server that publishes or subscribes (tests/chain/test_replication*.py): room
for 50 subscriptions, and a quick retry after a store comes back instead of the default 5 s."""


def start_cluster(root: Path, port: int, options: dict[str, str] | None = None) -> None:
    bin_dir = _bin_dir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    restart_cluster(root, port, options)


def restart_cluster(root: Path, port: int, options: dict[str, str] | None = None) -> None:
    """Start an initialised (or stopped) cluster again, on the same port."""
    data = root / "data"
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off"
    opts += "".join(f" -c {k}={v}" for k, v in (options or {}).items())
    subprocess.run(
        _as_postgres(
            [
                str(_bin_dir() / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )


def stop_cluster(root: Path) -> None:
    subprocess.run(
        _as_postgres(
            [str(_bin_dir() / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "-w", "stop"]
        ),
        check=False,
        capture_output=True,
    )


@dataclass
class OwnServer(PgServer):
    root: Path | None = None
    port: int = 0
    options: dict[str, str] | None = None

    def stop(self) -> None:
        assert self.root is not None, "a server given by KIOSK_TEST_PG_URL is not ours to stop"
        stop_cluster(self.root)

    def start(self) -> None:
        assert self.root is not None
        restart_cluster(self.root, self.port, self.options)


@contextmanager
def own_server(options: dict[str, str] | None = None) -> Iterator[OwnServer]:
    """A server of its own in a temporary folder (or KIOSK_TEST_PG_URL's), stopped at the end;
    ``options`` are server settings (``LOGICAL`` for replication)."""
    external = os.environ.get("KIOSK_TEST_PG_URL")
    if external and options is None:
        yield OwnServer(external)
        return
    root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    root.chmod(0o755)
    port = _free_port()
    start_cluster(root, port, options)
    try:
        yield OwnServer(
            f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", root, port, options
        )
    finally:
        stop_cluster(root)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    with own_server() as server:
        yield server


@contextmanager
def _database(server: PgServer, template: str | None = None) -> Iterator[str]:
    """A new database on ``server`` (a copy of ``template`` if given), dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = "t_" + uuid.uuid4().hex[:12]
    copy_of = f' TEMPLATE "{template}"' if template else ""
    admin = create_engine(server.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{copy_of}'))
    try:
        yield server.url_for(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty database on the session's server; dropped after the test."""
    with _database(pg_server) as url:
        yield url


@pytest.fixture(scope="session")
def pg_migrated_template(pg_server: PgServer) -> Iterator[str]:
    """The name of a database migrated to the newest schema once for the session. Nobody
    connects to it afterwards: PostgreSQL copies a database only while it has no sessions."""
    from kiosk.db.engine import open_url
    from kiosk.db.migrate import upgrade

    with _database(pg_server) as url:
        engine = open_url(url)
        upgrade(engine)
        engine.dispose()
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def store_url(pg_server: PgServer, pg_migrated_template: str) -> Iterator[str]:
    """A fresh store database at the newest schema: a copy of the migrated template, made in
    milliseconds where migrating takes a few hundred (the migrations on PostgreSQL are
    tested on their own in tests/db/test_migrations.py)."""
    with _database(pg_server, template=pg_migrated_template) as url:
        yield url
