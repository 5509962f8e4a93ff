"""The follow-up page through its real server: uvicorn in a subprocess on 127.0.0.1, a real
PostgreSQL store database migrated with the project's migrations, seeded by a real kiosk
whose visits reached the store through the outbox."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine, create_engine

from kiosk.handoff.links import IssuedLink
from kiosk.station.runtime import Runtime, start
from kiosk.sync.push import Pusher
from kiosk.visit.stages import EndReason
from tests.sync.helpers import kiosk_config

REPO = Path(__file__).resolve().parents[2]
SELECTED = ("MV-CO-OV60", "MV-CO-IN80")
OTHER_VISIT = ("MV-CO-HD90",)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def csrf(self, kind: str) -> str:
        found = re.search(rf'action="[^"]*/{kind}".*?name="csrf" value="([^"]+)"', self.body, re.S)
        assert found, f"no {kind} form on the page"
        return found.group(1)


@dataclass
class Server:
    port: int
    log_dir: Path
    output: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/f/"

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        body = urlencode(form) if form is not None else None
        sent = {"Content-Type": "application/x-www-form-urlencoded"} if form else {}
        conn.request(method, path, body=body, headers={**sent, **(headers or {})})
        response = conn.getresponse()
        reply = Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read().decode("utf-8", "replace"),
        )
        conn.close()
        return reply

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self.request("GET", path, headers=headers)

    def raw(self, request: bytes) -> Reply:
        """Send ``request`` as it is (http.client refuses what an attacker would send)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(request)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
        return Reply(int(status_line.split(" ")[1]), headers, body.decode("utf-8", "replace"))

    def post(self, path: str, form: dict[str, str]) -> Reply:
        return self.request("POST", path, form)

    def logs(self) -> str:
        files = [self.output, *self.log_dir.glob("*.log")]
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


@dataclass
class Store:
    url: str
    engine: Engine
    root: Path
    port: int
    links: dict[str, IssuedLink] = field(default_factory=dict)

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "KIOSK_STORE_DB_URL": self.url,
            "KIOSK_STORE_ID": "store-7",
            "KIOSK_LOG_DIR": str(self.root / "page-logs"),
            "KIOSK_SECRET_KEY_FILE": str(self.root / "page" / "secret.key"),
            "KIOSK_LOCAL_DB_PATH": str(self.root / "page" / "unused.sqlite3"),
            "KIOSK_FOLLOWUP_BASE_URL": f"http://127.0.0.1:{self.port}/f/",
            **extra,
        }


def play(
    rt: Runtime,
    base: str,
    skus: tuple[str, ...],
    language: str = "en",
    valid_for: dt.timedelta = dt.timedelta(days=30),
) -> IssuedLink:
    j = rt.journey
    j.begin(language).result()
    for sku in skus:
        j.set_selected(sku, True).result()
    j.set_selected("MV-CO-OV45", True).result()
    j.set_selected("MV-CO-OV45", False).result()  # taken out again: not on the page
    link = j.issue_link(base, valid_for).result()
    j.end(EndReason.HANDED_OFF).result()
    return link


@pytest.fixture
def store(store_url: str, tmp_path: Path, seed_local_db: Callable[[Path], None]) -> Iterator[Store]:
    """A migrated store database with three synced visits: a valid link (English), one
    in Chinese, and one already expired."""
    engine = create_engine(store_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}/f/"
    config = kiosk_config(tmp_path, "entrance", store_url, KIOSK_FOLLOWUP_BASE_URL=base)
    seed_local_db(config.local_db_path)
    rt = start(config)
    s = Store(store_url, engine, tmp_path, port)
    s.links["valid"] = play(rt, base, SELECTED)
    s.links["zh"] = play(rt, base, SELECTED + OTHER_VISIT, "zh-Hans")
    s.links["expired"] = play(rt, base, OTHER_VISIT, valid_for=dt.timedelta(seconds=-1))
    s.links["other"] = play(rt, base, OTHER_VISIT)
    Pusher(rt.engine, engine).push_all()
    rt.close()
    yield s
    engine.dispose()


def run_cli(store: Store, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        env={**os.environ, **store.env(**env)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def serve(store: Store) -> Iterator:  # type: ignore[type-arg]
    """Start ``kiosk followup serve`` (uvicorn) for ``store``; stopped after the test."""
    started: list[Server] = []

    def start_server(**env: str) -> Server:
        server = Server(store.port, store.root / "page-logs", store.root / "page-output.txt")
        with server.output.open("wb") as out:
            server.process = subprocess.Popen(
                [
                    sys.executable,
                    str(REPO / "main.py"),
                    "followup",
                    "serve",
                    "--port",
                    str(store.port),
                ],
                env={**os.environ, **store.env(**env)},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(server)
        deadline = time.monotonic() + 30
        while True:
            try:
                if server.get("/healthz").status == 200:
                    return server
            except OSError:
                pass
            if server.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the page server did not start:\n{server.logs()}")
            time.sleep(0.1)

    yield start_server
    for server in started:
        assert server.process is not None
        server.process.terminate()
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.process.kill()
            server.process.wait()
