"""A full hand-off leaves no personal data in any log; the page as a phone shows it."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.station.logs import setup_logging
from kiosk.station.runtime import start
from kiosk.sync.push import Pusher
from tests.handoff.conftest import SELECTED, play
from tests.handoff.test_page import CONTACT
from tests.sync.helpers import kiosk_config

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_no_personal_data_or_link_in_any_log_of_a_full_hand_off(store, serve, tmp_path):
    kiosk_logs = tmp_path / "kiosk-logs"
    log_file = setup_logging(kiosk_logs)
    try:
        base = f"http://127.0.0.1:{store.port}/f/"
        config = kiosk_config(tmp_path, "window", store.url, KIOSK_FOLLOWUP_BASE_URL=base)
        rt = start(config)
        link = play(rt, base, SELECTED)
        Pusher(rt.engine, store.engine).push_all()
        rt.close()
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "kiosk_handler", False)]:
            root.removeHandler(handler)
            handler.close()
    server = serve()
    page = server.get(f"/f/{link.token}")
    sent = server.post(
        f"/f/{link.token}/contact",
        {**CONTACT, "consent": "yes", "csrf": page.csrf("contact"), "note": CONTACT["email"]},
    )
    assert sent.status == 303
    assert server.get(f"/f/?code={link.fallback_code}").status == 303
    server.process.terminate()  # type: ignore[union-attr]
    server.process.wait(10)  # type: ignore[union-attr]
    logs = log_file.read_text(encoding="utf-8") + "\n" + server.logs()
    assert "visit" in logs  # the kiosk did log the visit, by its opaque id
    assert "GET /f/<link> 200" in logs  # and the page its requests, ids masked
    assert "follow-up request recorded: contact" in logs
    digits = CONTACT["phone"].replace(" ", "")
    for secret in (*CONTACT.values(), "Marchand", digits, link.token, link.fallback_code):
        assert secret not in logs, secret


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail(
            "headless Chromium is missing (Debian package 'chromium'; make test installs it)"
        )
    return found


def _screenshot(url: str, target: Path, profile: Path, height: int = 844) -> None:
    subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--force-device-scale-factor=3",
            f"--window-size=390,{height}",
            f"--screenshot={target}",
            url,
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    assert target.stat().st_size > 10_000


def test_the_page_on_a_phone(store, serve, screenshot_dir, tmp_path):
    server = serve()
    valid, zh = store.links["valid"].token, store.links["zh"].token
    shots = {
        "followup-page-en": (f"{server.base}{valid}", 844),
        "followup-page-en-full": (f"{server.base}{valid}", 2600),
        "followup-page-zh": (f"{server.base}{zh}", 844),
        "followup-expired": (f"{server.base}{store.links['expired'].token}", 844),
        "followup-code": (server.base, 844),
    }
    for name, (url, height) in shots.items():
        _screenshot(url, screenshot_dir / f"{name}.png", tmp_path / "chromium", height)
    # opening it in a browser counted as the customer's first opening
    page = server.get(f"/f/{valid}")
    assert page.status == 200
