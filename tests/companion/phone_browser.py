"""The companion in a real headless Chromium at phone size: signing in through the form, and
the moment a request shows in the open list, read by the page's own MutationObserver."""

from __future__ import annotations

import json
import time

from tests.companion.conftest import NAME, PIN, Companion, Shop
from tests.companion.helpers import customer_asks
from tests.handoff.browser import Tab

WIDTH, HEIGHT, DPR = 412, 915, 2.625  # a common Android phone

WATCH = """
window.__seen = {}; window.__waiters = {};
new MutationObserver(() => {
  document.querySelectorAll('[data-id]').forEach(e => {
    const id = e.dataset.id;
    if (!(id in __seen)) { __seen[id] = Date.now(); (__waiters[id] || []).forEach(f => f()); }
  });
}).observe(document.body, {childList: true, subtree: true});
"""


def evaluate(tab: Tab, expression: str) -> object:
    result = tab.b.send(
        "Runtime.evaluate",
        tab.session,
        expression=expression,
        awaitPromise=True,
        returnByValue=True,
    )
    return result["result"].get("value")


def sign_in(
    tab: Tab, server: Companion, lang: str = "en", name: str = NAME, pin: str = PIN
) -> None:
    """Sign in through the form, then wait until the list's stream has delivered (live)."""
    tab.open(server.base + f"signin?lang={lang}")
    tab.run(
        f"document.getElementById('name').value = {json.dumps(name)};"
        f"document.getElementById('pin').value = {json.dumps(pin)};"
        "document.querySelector('form.signin').submit();",
        loads=True,
    )
    evaluate(
        tab,
        "new Promise(r => { const ok = () => Number(document.body.dataset.updates || 0) > 0;"
        " if (ok()) return r(true);"
        " new MutationObserver((m, o) => { if (ok()) { o.disconnect(); r(true); } })"
        ".observe(document.body, {attributes: true}); })",
    )
    tab.run(WATCH)


def arrival_ms(tab: Tab, shop: Shop) -> tuple[str, float]:
    """A customer asks on kiosk A, which pushes; how long after the push the request shows
    in the open page (the page's clock and this one are the machine's)."""
    asked = str(customer_asks(shop))
    pushed_at = time.time() * 1000
    script = (
        f"new Promise(r => {{ const id = '{asked}';"
        " if (id in __seen) r(__seen[id]);"
        " else (__waiters[id] = __waiters[id] || []).push(() => r(__seen[id])); })"
    )
    return asked, float(str(evaluate(tab, script))) - pushed_at


def shows(tab: Tab, text: str) -> None:
    """Wait until the page shows ``text`` (the live list brought it)."""
    evaluate(
        tab,
        "new Promise(r => { const ok = () =>"
        f" document.body.innerText.includes({json.dumps(text)});"
        " if (ok()) return r(true);"
        " new MutationObserver((m, o) => { if (ok()) { o.disconnect(); r(true); } })"
        ".observe(document.body, {childList: true, subtree: true, characterData: true}); })",
    )


def tap(tab: Tab, selector: str) -> None:
    """A real tap on the middle of ``selector``, as the phone's touch screen sends it: the
    page counts it as the user's activation (which script clicks are not)."""
    box = evaluate(
        tab,
        f"(() => {{ const b = document.querySelector({json.dumps(selector)})"
        ".getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; })()",
    )
    assert isinstance(box, list)
    x, y = box
    for kind in ("touchStart", "touchEnd"):
        points = [{"x": x, "y": y}] if kind == "touchStart" else []
        tab.b.send("Input.dispatchTouchEvent", tab.session, type=kind, touchPoints=points)
