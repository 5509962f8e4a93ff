"""``kiosk companion serve``: the documented command starts the companion against the store
database, and its log holds no name, PIN or id."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.companion.conftest import NAME, PIN, Phone, Shop
from tests.companion.test_clients import PHONE, client
from tests.handoff.conftest import REPO, free_port


def test_the_command_serves_the_companion_and_logs_nothing_personal(shop: Shop, tmp_path: Path):
    port = free_port()
    output = tmp_path / "companion-output.txt"
    env = {
        **os.environ,
        "KIOSK_STORE_DB_URL": shop.url,
        "KIOSK_STORE_ID": "store-7",
        "KIOSK_LOG_DIR": str(tmp_path / "companion-logs"),
        "KIOSK_SECRET_KEY_FILE": str(tmp_path / "companion" / "secret.key"),
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "companion" / "unused.sqlite3"),
    }
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(REPO / "main.py"), "companion", "serve", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        phone = Phone(port)
        deadline = time.monotonic() + 30
        while True:
            try:
                if phone.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, output.read_text()
            assert time.monotonic() < deadline, output.read_text()
            time.sleep(0.1)
        assert phone.sign_in(pin="9361").status == 401
        assert phone.sign_in().status == 303
        listing = phone.get("/c/")
        assert listing.status == 200
        assert "<title>Requests · " in listing.body
        client(shop, "Élise Martin", PHONE, consented=True)
        search = phone.get("/c/clients")
        found = phone.post("/c/clients", {"csrf": search.csrf("clients"), "q": PHONE})
        assert "Élise Martin" in found.body
    finally:
        process.terminate()
        process.wait(20)
    logged = output.read_text() + "".join(
        p.read_text() for p in (tmp_path / "companion-logs").glob("*.log")
    )
    assert "POST /c/signin 303" in logged
    assert NAME not in logged
    assert NAME.split()[0] not in logged
    # the associate's id is logged (as on the kiosk); no run of digits is the PIN
    assert PIN not in re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "<id>", logged)
    assert "companion_session" not in logged
    assert "Élise" not in logged
    assert PHONE[-6:] not in logged  # what was typed stays out
    assert "client search, 1 found" in logged
