"""The phone page carries its own QR code and typed code, for a customer back in the store.

The greeting's "I have been here before" asks for "the code shown under the QR code on the
page we sent to your phone", and a kiosk with a camera reads that QR
(``kiosk.visit.qr_return``). Through the production server, and in a real headless Chromium
as a phone shows it: the screenshot's QR, read by the kiosk's own decoder, is this page's
address, which the kiosk takes as ours; the code under it is the link's.
"""

from __future__ import annotations

import pytest
from PIL import Image

from kiosk.station.camera import decode_qr
from kiosk.visit.qr_return import token_in
from tests.handoff.browser import CHROMIUM, Browser, screenshot

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_the_page_shows_its_code_under_its_own_qr(store, serve):
    server = serve()
    link = store.links["valid"]
    page = server.get(f"/f/{link.token}")
    assert page.status == 200
    assert "Back in the store?" in page.body
    assert link.code_for_display in page.body
    assert page.body.count("<svg") == 1
    chinese = server.get(f"/f/{store.links['zh'].token}")
    assert "再次光临门店" in chinese.body
    assert store.links["zh"].code_for_display in chinese.body
    gone = server.get(f"/f/{store.links['expired'].token}")
    assert gone.status == 410
    assert store.links["expired"].code_for_display not in gone.body


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_a_phone_showing_the_page_gives_the_kiosk_its_address(store, serve, tmp_path):
    server = serve()
    link = store.links["valid"]
    browser = Browser(tmp_path / "profile")
    shot = tmp_path / "page.png"
    try:
        said = screenshot(browser, f"{server.base}{link.token}#back", shot)
    finally:
        browser.close()
    assert said == []
    texts = decode_qr(Image.open(shot))
    assert texts == (link.url,)
    assert token_in(texts[0], server.base) == link.token
