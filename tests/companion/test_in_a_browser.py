"""The companion in a real headless Chromium at phone size (412x915): a customer's request
made on kiosk A appears in the open list without reloading, "On my way" tapped there shows on
kiosk B after its pull, the console stays silent (nothing blocked by the content policy), and
the pages are captured in both languages under build/screenshots/companion/ (the arrival
figures beside them; the timed target is ``tests/bench/test_companion_bench.py``)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest

from kiosk.associates.desk import ServiceDesk
from tests.companion.conftest import NAME, OTHER, Shop
from tests.companion.helpers import client_in_store, task_for
from tests.companion.phone_browser import (
    DPR,
    HEIGHT,
    WIDTH,
    arrival_ms,
    evaluate,
    shows,
    sign_in,
    tap,
)
from tests.companion.test_clients import PHONE, client
from tests.handoff.browser import CHROMIUM, Browser, Tab

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine"),
]

WHEN_ON = (
    "new Promise(r => { const on = () => document.getElementById('sound').dataset.state === 'on';"
    " if (on()) return r(true);"
    " new MutationObserver((m, o) => { if (on()) { o.disconnect(); r(true); } })"
    ".observe(document.body, {attributes: true, subtree: true}); })"
)
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots" / "companion"


def test_a_request_on_kiosk_a_reaches_the_phone_and_on_my_way_reaches_kiosk_b(
    shop: Shop, companion, tmp_path: Path
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    server = companion()
    client_in_store(shop, shop.directory().find(NAME).id, "Salon")
    browser = Browser(tmp_path / "profile")
    try:
        tab = Tab(browser, WIDTH, HEIGHT, DPR)
        tab.open(server.base + "signin?lang=zh-Hans")
        tab.capture(SHOTS / "signin-zh-Hans.png")
        tab.open(server.base + "signin?lang=en")
        tab.capture(SHOTS / "signin-en.png")
        sign_in(tab, server)
        evaluate(tab, "window.__buzz = []; navigator.vibrate = p => __buzz.push(p) > 0")
        arrival_ms(tab, shop)  # before any tap the browser allows neither sound nor buzz
        assert evaluate(tab, "[__buzz.length, document.body.dataset.tones]") == [0, None]
        # the associate taps "Sound on" once (a real tap): from then on a new request chimes
        # (a tone the page makes, counted in data-tones) and buzzes
        tap(tab, "#sound")
        evaluate(tab, WHEN_ON)
        figures = [arrival_ms(tab, shop) for _ in range(3)]
        assert evaluate(tab, "__buzz.length") == 3
        assert evaluate(tab, "document.body.dataset.tones") == "3"
        assert evaluate(tab, "document.querySelectorAll('[data-id]').length") == 5
        tab.capture(SHOTS / "list-en.png")
        asked = figures[-1][0]
        # "On my way", tapped on the phone: sent without leaving the page, shown by the stream
        tab.run(f"document.querySelector('[data-id=\"{asked}\"] button[value=ack]').click()")
        shows(tab, f"{NAME} is on the way")
        kiosk_b = shop.make_kiosk("kiosk-b")
        shop.pull(kiosk_b)
        seen = ServiceDesk(kiosk_b.engine, "store-7").open_requests()
        assert {r.id: r.acknowledged_by for r in seen}[uuid.UUID(asked)] == NAME
        tab.open(server.base + "?lang=zh-Hans")
        # the choice is kept for the session: the list opened again says the sound is on
        assert evaluate(tab, "document.getElementById('sound').dataset.state") == "on"
        assert "提示音已开启" in str(evaluate(tab, "document.getElementById('sound').textContent"))
        tab.capture(SHOTS / "list-zh-Hans.png")
        assert f"{NAME}正在前往" in str(evaluate(tab, "document.body.innerText"))
        task_for(shop, NAME, dt.timedelta(minutes=-30))
        tab.open(server.base + "tasks?lang=zh-Hans")
        tab.capture(SHOTS / "tasks-zh-Hans.png")
        tab.open(server.base + "tasks?lang=en")
        tab.capture(SHOTS / "tasks-en.png")
        client(shop, "Élise Martin", PHONE, consented=True)
        for lang in ("en", "zh-Hans"):
            tab.open(server.base + f"clients?lang={lang}")
            tab.run(
                "document.getElementById('q').value = '06 12 34 56 78';"
                "document.querySelector('form.signin').submit();",
                loads=True,
            )
            tab.capture(SHOTS / f"clients-{lang}.png")
        assert tab.console == []
        tab.close()
    finally:
        browser.close()
    ms = [round(f, 1) for _, f in figures]
    (SHOTS / "arrival.json").write_text(json.dumps({"ms_after_push": ms}) + "\n")
    print(f"a request on kiosk A showed on the phone {ms} ms after the push")


def test_a_manager_sees_the_team_and_store_it_the_health_at_phone_size(
    shop: Shop, companion, tmp_path: Path
):
    """The manager's Team page and store IT's page, captured in both languages."""
    from tests.companion.helpers import case_opened
    from tests.companion.test_roles import IT, IT_PIN, MANAGER, MANAGER_PIN, staffed

    SHOTS.mkdir(parents=True, exist_ok=True)
    staffed(shop)
    case_opened(shop)
    for who in (NAME, OTHER):
        task_for(shop, who, dt.timedelta(hours=-3), kind="lapsed")
    server = companion()
    browser = Browser(tmp_path / "profile")
    try:
        tab = Tab(browser, WIDTH, HEIGHT, DPR)
        sign_in(tab, server, name=MANAGER, pin=MANAGER_PIN)
        for lang in ("en", "zh-Hans"):
            tab.open(server.base + f"team?lang={lang}")
            assert evaluate(tab, "document.querySelectorAll('[data-team-row]').length") == 2
            tab.capture(SHOTS / f"team-{lang}.png")
        tab.open(server.base + "?lang=en")
        tab.capture(SHOTS / "list-manager-en.png")  # the case below the requests
        tab.close()
    finally:
        browser.close()
    browser = Browser(tmp_path / "profile-it")  # another phone: no manager's cookie
    try:
        it = Tab(browser, WIDTH, HEIGHT, DPR)
        it.open(server.base + "signin?lang=en")
        it.run(
            f"document.getElementById('name').value = {json.dumps(IT)};"
            f"document.getElementById('pin').value = {json.dumps(IT_PIN)};"
            "document.querySelector('form.signin').submit();",
            loads=True,
        )
        for lang in ("en", "zh-Hans"):
            it.open(server.base + f"?lang={lang}")
            it.capture(SHOTS / f"store-it-{lang}.png")
        assert "Open requests" not in str(evaluate(it, "document.body.innerText"))
        assert it.console == []
        it.close()
    finally:
        browser.close()
