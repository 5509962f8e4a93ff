"""Evidence: the page after a purchase in a real headless Chromium at phone size, in both
languages (items, finishes, services, care opened), after a booking, the race loser's page,
and the friend's invitation page. Screenshots under build/screenshots/ (``screenshot_dir``);
the console stays silent on every one (no style, font or form blocked by the page's CSP)."""

from __future__ import annotations

import pytest

from tests.handoff.after_sale_helpers import HOB, OVEN, choices, form_fields, page_env, sell
from tests.handoff.browser import CHROMIUM, Browser, Tab, screenshot

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine"),
]

OPEN_CARE = (
    "document.querySelectorAll('details.care').forEach(d => d.open = true);"
    "document.querySelectorAll('details.care')[0].scrollIntoView()"
)
BOOK_FIRST = (
    "(() => { const f = document.querySelector('form.slots');"
    " f.querySelector('input[name=choice]').checked = true; f.submit(); })()"
)


def test_the_page_after_a_purchase_on_a_phone(store, serve, screenshot_dir, tmp_path):
    en, zh, other = (store.links[k].token for k in ("valid", "zh", "other"))
    sell(store.engine, en, OVEN, HOB)
    sell(store.engine, zh, OVEN, HOB)
    sell(store.engine, other, HOB)
    # one place per slot: the race below is for a slot's last place
    one_each = (
        "mon-sun: morning 08:00-12:00 delivery 1 installation 1, "
        "afternoon 13:00-18:00 delivery 1 installation 1"
    )
    server = serve(**page_env(KIOSK_SERVICE_CAPACITY=one_each))
    browser = Browser(tmp_path / "profile")
    said: dict[str, list[str]] = {}
    try:
        for name, url, full, script in (
            ("after-sale-en", f"{server.base}{en}", False, ""),
            ("after-sale-en-full", f"{server.base}{en}", True, OPEN_CARE),
            ("after-sale-care-en", f"{server.base}{en}", False, OPEN_CARE),
            ("after-sale-zh-full", f"{server.base}{zh}", True, OPEN_CARE),
            ("after-sale-zh", f"{server.base}{zh}", False, ""),
        ):
            said[name] = screenshot(
                browser, url, screenshot_dir / f"{name}.png", full=full, script=script
            )
        # a booking made in the browser: the page comes back with the service on its slot
        said["after-sale-booked-en"] = screenshot(
            browser,
            f"{server.base}{en}",
            screenshot_dir / "after-sale-booked-en.png",
            full=True,
            script=BOOK_FIRST,
        )
        # the race: the page is open on the phone; another customer takes its first free
        # time meanwhile; the phone sends it and is offered the next ones
        tab = Tab(browser)
        tab.open(f"{server.base}{zh}")
        page = server.get(f"/f/{other}")
        first = choices(page.body, "book")[0]
        fields = {**form_fields(page.body, "book"), "choice": first}
        assert server.post(f"/f/{other}/book", fields).status == 303
        tab.run(
            "(() => { const f = document.querySelector('form.slots');"
            f" f.querySelector('input[value=\"{first}\"]').checked = true; f.submit(); }})()",
            loads=True,
        )
        tab.capture(screenshot_dir / "after-sale-race-zh.png", full=True)
        said["after-sale-race-zh"] = tab.console
        tab.close()
        # an invitation, and the friend's page it opens
        invite = server.post(f"/f/{en}/invite", form_fields(server.get(f"/f/{en}").body, "invite"))
        assert invite.status == 303
        said["after-sale-invite-en"] = screenshot(
            browser,
            server.base.removesuffix("/f/") + invite.headers["location"],
            screenshot_dir / "after-sale-invite-en.png",
            script="document.getElementById('invite').scrollIntoView()",
        )
        invited = server.get(invite.headers["location"])
        link = invited.body.split('class="invitation-link">', 1)[1].split("<", 1)[0]
        said["invitation-en"] = screenshot(
            browser, link, screenshot_dir / "invitation-en.png", full=True
        )
        said["invitation-zh"] = screenshot(
            browser, link + "?lang=zh-Hans", screenshot_dir / "invitation-zh.png"
        )
    finally:
        browser.close()
    # the loser's 409 is itself reported by the browser, and only it
    assert said.pop("after-sale-race-zh") == [
        "Failed to load resource: the server responded with a status of 409 (Conflict)"
    ]
    assert said == {name: [] for name in said}
    for name in [*said, "after-sale-race-zh"]:
        assert (screenshot_dir / f"{name}.png").stat().st_size > 20_000, name
