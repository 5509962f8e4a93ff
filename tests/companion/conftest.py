"""The companion through its real server: uvicorn on 127.0.0.1 (in a thread of the test, so
its clock can be driven), real HTTP, a real PostgreSQL store database fed by real kiosks
through their outbox and pull."""

from __future__ import annotations

import datetime as dt
import http.client
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import uvicorn
from sqlalchemy import Engine

from kiosk.associates.directory import AssociateDirectory
from kiosk.companion.cli import build, server_options
from kiosk.companion.web import create_app
from kiosk.db.models import utcnow
from kiosk.station.runtime import Runtime, start
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from kiosk.sync.store import open_store
from tests.handoff.conftest import free_port
from tests.sync.helpers import kiosk_config

NAME, PIN = "Ana Lopez", "4827"
OTHER, OTHER_PIN = "Wei Chen", "5193"


class Clock:
    """The companion's time: now, moved on by the test (no sleeps)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def now(self) -> dt.datetime:
        return utcnow() + self.offset


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    cookies: list[str]  # each Set-Cookie as sent
    body: str

    def csrf(self, action: str = "") -> str:
        pattern = rf'action="[^"]*{action}".*?name="csrf" value="([^"]+)"'
        found = re.search(pattern, self.body, re.S)
        assert found, f"no {action or 'any'} form on the page"
        return found.group(1)


@dataclass
class Phone:
    """One phone's browser as far as the server can tell: its cookies, its requests."""

    port: int
    jar: dict[str, str] = field(default_factory=dict)
    sent: dict[str, str] = field(default_factory=dict)
    """Headers every request carries (what a proxy in front would add)."""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {**self.sent, "Cookie": "; ".join(f"{k}={v}" for k, v in self.jar.items())}
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(
            method, path, body=urlencode(form) if form is not None else None, headers=headers
        )
        response = conn.getresponse()
        raw_cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
        for raw in raw_cookies:
            for name, morsel in SimpleCookie(raw).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.jar[name] = morsel.value
                else:
                    self.jar.pop(name, None)
        reply = Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            raw_cookies,
            response.read().decode("utf-8", "replace"),
        )
        conn.close()
        return reply

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Reply:
        return self.request("POST", path, form)

    def sign_in(self, name: str = NAME, pin: str = PIN) -> Reply:
        page = self.get("/c/signin")
        return self.post("/c/signin", {"csrf": page.csrf("signin"), "name": name, "pin": pin})


@dataclass
class Shop:
    """The store database and kiosk A (where the associates were added and pushed)."""

    url: str
    engine: Engine
    kiosk: Runtime
    root: Path
    make_kiosk: Callable[[str], Runtime]

    def push(self, rt: Runtime | None = None) -> None:
        Pusher((rt or self.kiosk).engine, self.engine).push_all()

    def pull(self, rt: Runtime) -> None:
        Puller(rt.engine, self.engine, "store-7").pull_all()

    def directory(self, rt: Runtime | None = None) -> AssociateDirectory:
        return AssociateDirectory.of_kiosk(rt or self.kiosk)


@pytest.fixture
def shop(store_url: str, tmp_path: Path, seed_local_db: Callable[[Path], None]) -> Iterator[Shop]:
    started: list[Runtime] = []

    def make_kiosk(kiosk_id: str) -> Runtime:
        config = kiosk_config(tmp_path, kiosk_id, store_url)
        seed_local_db(config.local_db_path)
        rt = start(config)
        started.append(rt)
        return rt

    engine = open_store(store_url)
    shop = Shop(store_url, engine, make_kiosk("kiosk-a"), tmp_path, make_kiosk)
    shop.directory().add(NAME, "associate", PIN)
    shop.directory().add(OTHER, "associate", OTHER_PIN)
    shop.push()
    yield shop
    for rt in started:
        rt.close()
    engine.dispose()


@dataclass
class Companion:
    port: int
    clock: Clock
    server: uvicorn.Server

    def phone(self) -> Phone:
        return Phone(self.port)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/c/"


@pytest.fixture
def companion(shop: Shop, tmp_path: Path) -> Iterator[Callable[..., Companion]]:
    """Start the companion for ``shop``'s store (``secure``: as behind TLS)."""
    running: list[tuple[uvicorn.Server, threading.Thread, Engine]] = []

    def start_companion(secure: bool = False, **env: str) -> Companion:
        clock = Clock()
        config = kiosk_config(tmp_path, "companion", shop.url, **env)
        ctx = build(config, secure, clock.now)
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(ctx),
                host="127.0.0.1",
                port=port,
                # as ``kiosk companion serve`` runs it (the trusted proxies among them)
                **{**server_options(config), "lifespan": "off", "timeout_graceful_shutdown": 1},
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        running.append((server, thread, ctx.engine))
        deadline = time.monotonic() + 20
        while not server.started:
            assert thread.is_alive(), "the companion stopped"
            assert time.monotonic() < deadline, "the companion did not start"
            time.sleep(0.02)
        return Companion(port, clock, server)

    yield start_companion
    for server, thread, engine in running:
        server.should_exit = True
        thread.join(10)
        engine.dispose()
