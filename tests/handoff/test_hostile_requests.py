"""The follow-up page faces the internet: what a stranger's requests can and cannot do to it,
through the production server (uvicorn) and its log file."""

from __future__ import annotations

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kiosk.content.store import PackStore
from tests.conftest import REPO
from tests.handoff.conftest import SELECTED, Reply

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

SECURITY_HEADERS = {
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
}


def assert_dressed(reply: Reply, cached: bool = False) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert reply.headers.get(name) == value, (reply.status, name)
    assert "default-src 'none'" in reply.headers.get("content-security-policy", "")
    if not cached:
        assert "no-store" in reply.headers.get("cache-control", ""), reply.status
    assert "Traceback" not in reply.body


def get_line(target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def page_lines(server) -> list[str]:  # type: ignore[no-untyped-def]
    """The page's own lines in its log file (stderr holds the same ones)."""
    text = (server.log_dir / "kiosk.log").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if "kiosk.followup.page" in line]


def test_an_over_long_request_line_is_refused_at_once_and_logged_short(store, serve):
    server = serve()
    refused = server.raw(get_line("/f/" + "ab/" * 4000))  # 12 KB, well within h11's limit
    assert refused.status == 414
    assert_dressed(refused)
    assert server.get("/healthz").status == 200
    logged = [line for line in page_lines(server) if " 414 " in line]
    assert len(logged) == 1
    assert "GET /f/ab/ab/ab/" in logged[0]
    assert "…(+" in logged[0]  # cut, saying by how much
    assert len(logged[0]) < 400


def test_link_ids_never_reach_the_log_whatever_follows_them(store, serve):
    server = serve()
    token = store.links["valid"].token
    for target in (
        f"/f/{token}?lang=zh-Hans",
        f"/f/{token}?done=contact&lang=en",
        f"/f/{token}/img/0/thumb?lang=en",
        f"/f/{token}#top",
        f"/f/?next={token}",
        f"/f/{token};x",
        f"/f/x{token}",
    ):
        server.get(target, headers={"Referer": f"https://example.org/f/{token}?lang=en"})
    logs = server.logs()
    assert token not in logs
    assert token[:20] not in logs
    assert "GET /f/<link>?lang=zh-Hans 200" in logs
    assert "GET /f/<link>?done=contact&lang=en 200" in logs


def test_a_line_break_in_the_path_cannot_forge_a_log_line(store, serve):
    server = serve()
    forged = "FORGED INFO kiosk.followup.page admin signed in"
    target = "/f/%0a" + forged.replace(" ", "%20") + "%0d%0a%e2%80%a8x"
    assert server.get(target).status == 404
    lines = server.logs().splitlines()  # splits at \r, \n and \u2028 alike
    assert not any(line.startswith("FORGED") for line in lines)
    assert not any(line.startswith("x 404") for line in lines)
    logged = [line for line in page_lines(server) if "admin signed in" in line]
    assert len(logged) == 1
    assert "\\nadmin" not in logged[0]
    assert "GET /f/\\nFORGED INFO" in logged[0]
    assert "\\r\\n\\u2028x 404" in logged[0]


def test_every_response_carries_the_security_headers(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="3")
    token = store.links["valid"].token
    page = server.get(f"/f/{token}")
    assert_dressed(page)
    assert_dressed(server.get(f"/f/{token}/img/0/thumb"), cached=True)
    assert_dressed(server.get("/f/page.css"), cached=True)
    assert_dressed(server.get("/healthz"))
    not_allowed = server.get(f"/f/{token}/contact")
    assert not_allowed.status == 405
    assert_dressed(not_allowed)
    redirect = server.get(f"/f/?code={store.links['valid'].fallback_code}")
    assert redirect.status == 303
    assert_dressed(redirect)
    too_large = server.post(f"/f/{token}/contact", {"note": "x" * 20_000})
    assert too_large.status == 413
    assert_dressed(too_large)
    assert_dressed(server.get(f"/f/{store.links['expired'].token}"))  # 410
    for n in range(3):
        assert_dressed(server.get(f"/f/{'G' * 31}{n}"))  # 404
    slow = server.get(f"/f/{token}")
    assert slow.status == 429
    assert_dressed(slow)


def test_even_the_servers_own_refusal_of_a_malformed_request_carries_them(store, serve):
    server = serve()
    malformed = server.raw(b"GET /f/ HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n")
    assert malformed.status == 400
    assert_dressed(malformed)
    unfinished = server.raw(b"GET /f/" + b"a" * 20_000)  # no line end: a head that never ends
    assert unfinished.status == 400  # refused past h11's 16 KiB, never reaching the page
    assert_dressed(unfinished)
    assert server.get("/healthz").status == 200


def test_when_the_store_database_fails_the_customer_gets_a_calm_500(store, serve):
    server = serve()
    token = store.links["valid"].token
    assert server.get(f"/f/{token}").status == 200
    name = store.engine.url.database
    admin = create_engine(store.engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # the store goes away under the running page
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        try:
            for target in (f"/f/{token}", "/healthz"):
                failed = server.get(target)
                assert failed.status == 500, target
                assert_dressed(failed)
                assert "psycopg" not in failed.body
            assert "Something went wrong" in server.get(f"/f/{token}").body
        finally:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
    admin.dispose()
    assert server.get(f"/f/{token}").status == 200  # and it recovers by itself
    logged = server.logs()
    assert "Traceback" in logged  # the server's log tells store IT what happened
    assert token not in logged


@pytest.fixture
def broken_pack(tmp_path: Path) -> Path:
    """A content folder whose pack's first selected product has a picture that cannot be
    decoded: cut short on disk after installation."""
    folder = tmp_path / "broken-content"
    packs = PackStore(folder)
    assert packs.install(REPO / "data" / "demo-pack", renditions=False).ok
    product = packs.current().product(SELECTED[0])
    assert product is not None
    picture = product.gallery[0].read_bytes()
    product.gallery[0].write_bytes(picture[: len(picture) // 3])  # its header still reads
    return folder


def test_an_undecodable_picture_gives_a_calm_placeholder(store, serve, broken_pack):
    server = serve(KIOSK_CONTENT_DIR=str(broken_pack))
    token = store.links["valid"].token
    for size in ("thumb", "screen"):
        picture = server.get(f"/f/{token}/img/0/{size}")
        assert picture.status == 200
        assert picture.headers["content-type"].startswith("image/svg+xml")
        assert_dressed(picture)
        assert "<svg" in picture.body
    assert server.get(f"/f/{token}/img/1/thumb").headers["content-type"] == "image/jpeg"
    assert server.get(f"/f/{token}").status == 200
    logs = server.logs()
    assert "picture not shown on the follow-up page" in logs  # the content team's clue
    assert "Traceback" not in logs


def test_forwarded_addresses_count_only_from_a_trusted_proxy(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="5")
    for n in range(14):  # a new made-up address each time, from the same machine
        reply = server.get(f"/f/{'G' * 31}{n % 10}", {"X-Forwarded-For": f"198.51.100.{n}"})
        assert reply.status == (404 if n < 5 else 429), n


def test_a_burst_of_simultaneous_guesses_gets_no_more_tries_than_the_limit(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="5")
    guesses = [f"/f/{'G' * 30}{n:02d}" for n in range(20)]  # well formed: each a look-up
    with ThreadPoolExecutor(len(guesses)) as pool:
        statuses = Counter(pool.map(lambda target: server.get(target).status, guesses))
    assert statuses == {404: 5, 429: 15}
    assert server.get(f"/f/{store.links['valid'].token}").status == 429


def test_behind_a_named_proxy_the_brake_applies_to_each_customer(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="5", KIOSK_FOLLOWUP_TRUSTED_PROXIES="127.0.0.1")
    guesser = {"X-Forwarded-For": "203.0.113.9"}
    for n in range(5):
        assert server.get(f"/f/{'G' * 31}{n}", guesser).status == 404
    assert server.get(f"/f/{store.links['valid'].token}", guesser).status == 429
    customer = {"X-Forwarded-For": "203.0.113.10"}
    assert server.get(f"/f/{store.links['valid'].token}", customer).status == 200
    # a client cannot pick its address by putting one in front of the proxy's
    spoofed = {"X-Forwarded-For": "192.0.2.1, 203.0.113.9"}
    assert server.get(f"/f/{store.links['valid'].token}", spoofed).status == 429


def test_a_misspelt_proxy_address_stops_the_server_with_its_name(store):
    from tests.handoff.conftest import run_cli

    done = run_cli(store, "followup", "serve", KIOSK_FOLLOWUP_TRUSTED_PROXIES="10.0.0.300")
    assert done.returncode == 2
    assert "followup_trusted_proxies" in done.stderr
    assert re.search(r"10\.0\.0\.300.*not an IP address", done.stderr)
