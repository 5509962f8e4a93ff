"""The follow-up page sets each language with its own faces first, as the kiosk does: in a
real headless Chromium, the Chinese page's text takes the CJK faces first (its quotes and
dashes full-width), the English page's the Latin faces, and Chinese breaks strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.handoff.browser import CHROMIUM, Browser

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]

STYLE = (
    "(() => { const s = getComputedStyle(document.querySelector('h1'));"
    " return [s.fontFamily, s.lineBreak]; })()"
)


def computed(browser: Browser, url: str) -> list[str]:
    target = browser.send("Target.createTarget", url="about:blank")["targetId"]
    session = browser.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    browser.send("Page.enable", session)
    browser.events.clear()
    browser.send("Page.navigate", session, url=url)
    browser.wait_for("Page.loadEventFired")
    answer = browser.send("Runtime.evaluate", session, expression=STYLE, returnByValue=True)
    browser.send("Target.closeTarget", targetId=target)
    value: list[str] = answer["result"]["value"]
    return value


def test_each_language_of_the_page_takes_its_own_faces_first(store, serve, tmp_path: Path):  # type: ignore[no-untyped-def]
    server = serve()
    browser = Browser(tmp_path / "chromium")
    try:
        zh_family, zh_break = computed(browser, f"{server.base}{store.links['zh'].token}")
        en_family, en_break = computed(browser, f"{server.base}{store.links['valid'].token}")
    finally:
        browser.close()
    assert zh_family.split(",")[0].strip('" ') == "Noto Serif CJK SC", zh_family
    assert zh_break == "strict"
    assert "CJK" not in en_family.split(",")[0], en_family
    assert en_break == "auto"
