"""The follow-up page in a real headless Chromium emulating a phone: nothing in the console
(no 404, no blocked style or picture under the page's CSP), the WebP width the phone needs,
and the bytes it downloads."""

from __future__ import annotations

import re

import pytest

from tests.handoff.browser import CHROMIUM, Browser
from tests.handoff.phone_bytes import PHONE_DPR, PHONE_WIDTH
from tests.handoff.test_store_card import STORE

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine"),
]


def test_a_phone_browser_sees_no_console_error_and_loads_small_webp(store, serve, tmp_path):
    server = serve(**STORE)
    document = server.base + store.links["expired"].token + "?lang=zh-Hans"
    browser = Browser(tmp_path / "profile")
    try:
        live = browser.visit(server.base + store.links["valid"].token, PHONE_WIDTH, PHONE_DPR)
        ended = browser.visit(document, PHONE_WIDTH, PHONE_DPR)
    finally:
        browser.close()
    assert live.console == []
    # the 410 the page must answer is itself reported by the browser, and only it
    assert ended.console == [
        "Failed to load resource: the server responded with a status of 410 (Gone)"
    ]
    assert ended.statuses.pop(document) == 410
    assert set(ended.statuses.values()) == {200}  # its style sheet
    assert len(live.pictures) == 2
    assert all(re.search(r"/img/\d/1080\.webp$", src) for src in live.pictures), live.pictures
    assert {s for url, s in live.statuses.items() if "/img/" in url or "css" in url} == {200}
    print(
        f"\nChromium as a {PHONE_WIDTH}px phone at DPR {PHONE_DPR}: the live page "
        f"{live.total_bytes} B ({live.total_bytes / 1024:.0f} KiB) in "
        f"{len(live.bytes_by_url)} responses"
    )
    # what the console would not show: the favicon the browser fetched by itself
    requests = [line for line in server.logs().splitlines() if "kiosk.followup.page" in line]
    failed = [line for line in requests if re.search(r" (4\d\d|5\d\d) \d+ms", line)]
    assert failed == [line for line in failed if "GET /f/<link>?lang=zh-Hans 410" in line]
    assert any("GET /f/favicon.ico 200" in line for line in requests), requests
