"""The associates' companion: how long after kiosk A pushes a customer's request it shows in
an open companion page, read by a real headless Chromium at phone size (412x915), through
the real server and a real PostgreSQL store. Issue 18 asks for two seconds. Written to
bench-results/companion.json.

The server looks at the store database once a second (``CompanionContext.poll_s``), so the
figure is that second at most plus rendering and delivery.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from tests.companion.conftest import Shop, companion, shop  # noqa: F401 - fixtures
from tests.companion.phone_browser import DPR, HEIGHT, WIDTH, arrival_ms, sign_in
from tests.handoff.browser import CHROMIUM, Browser, Tab
from tests.pg import PgServer
from tests.sync.helpers import new_database

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine"),
]


@pytest.fixture
def store_url(pg_server: PgServer) -> str:
    """A store database on this benchmark's own server, migrated to head."""
    return new_database(pg_server.admin_url)


RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "companion.json"
RUNS = 10
TARGET_MS = 2000


def test_a_request_shows_on_the_phone_within_two_seconds(shop: Shop, companion, tmp_path):  # noqa: F811
    server = companion()
    browser = Browser(tmp_path / "profile")
    try:
        tab = Tab(browser, WIDTH, HEIGHT, DPR)
        sign_in(tab, server)
        figures = [arrival_ms(tab, shop)[1] for _ in range(RUNS)]
        tab.close()
    finally:
        browser.close()
    result = {
        "runs": RUNS,
        "ms_after_push_median": round(statistics.median(figures), 1),
        "ms_after_push_max": round(max(figures), 1),
        "ms_after_push_min": round(min(figures), 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    assert max(figures) < TARGET_MS
