"""The store's card on the follow-up page: a customer whose link has ended can still reach
the store, read its hours and switch language, and sees nothing of anyone's visit."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.handoff.conftest import OTHER_VISIT
from tests.handoff.test_hostile_requests import assert_dressed

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

STORE = {
    "KIOSK_STORE_NAME": "Maison Paris Faubourg",
    "KIOSK_STORE_PHONE": "+33 1 42 68 00 00",
    "KIOSK_STORE_EMAIL": "faubourg@maison.example",
    "KIOSK_STORE_ADDRESS": "24 rue du Faubourg Saint-Honoré; 75008 Paris",
    "KIOSK_OPENING_HOURS": "Mon-Sat 10:00-19:00; Sun closed",
}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hours_rows(body: str) -> list[tuple[str, str, bool]]:
    rows = re.findall(r'<tr( class="today"[^>]*)?><th scope="row">(.*?)</th><td>(.*?)</td>', body)
    return [(re.sub(r"<.*", "", day).strip(), hours, bool(today)) for today, day, hours in rows]


def test_ended_and_unknown_links_show_the_store_its_hours_and_a_language_switch(store, serve):
    server = serve(**STORE)
    expired_token = store.links["expired"].token
    pages = {
        410: server.get(f"/f/{expired_token}"),
        404: server.get("/f/" + "x" * 32),
    }
    today = dt.datetime.now().astimezone().weekday()
    for status, page in pages.items():
        assert page.status == status
        assert_dressed(page)
        body = page.body
        assert "Maison Paris Faubourg" in body
        assert 'href="tel:+33142680000"' in body
        assert "+33 1 42 68 00 00" in body
        assert 'href="mailto:faubourg@maison.example"' in body
        assert "24 rue du Faubourg Saint-Honoré<br>75008 Paris" in body
        rows = _hours_rows(body)
        assert [day for day, _, _ in rows] == list(DAYS)
        assert rows[0][1] == "10:00–19:00"
        assert rows[6][1] == "Closed"
        assert [marked for _, _, marked in rows] == [d == today for d in range(7)]
        assert '<a class="lang" href="?lang=zh-Hans"' in body
        # nothing of the visit behind the link: not its pieces, not its id
        assert "Chimney Hood" not in body
        assert OTHER_VISIT[0] not in body
        assert expired_token not in body

    chinese = server.get(f"/f/{expired_token}?lang=zh-Hans")
    assert chinese.status == 410
    assert_dressed(chinese)
    assert 'lang="zh-Hans"' in chinese.body
    assert "营业时间" in chinese.body
    assert "周一" in chinese.body
    assert "休息" in chinese.body
    assert '<a class="lang" href="?lang=en"' in chinese.body
    lacking = server.get(f"/f/{expired_token}?lang=fr")  # a language the page does not have
    assert lacking.status == 410
    assert 'lang="en"' in lacking.body
    assert "Opening hours" in lacking.body


def test_only_what_is_configured_is_shown(store, serve):
    server = serve(KIOSK_STORE_PHONE="01 42 68 00 00")
    page = server.get(f"/f/{store.links['expired'].token}")
    assert page.status == 410
    assert 'href="tel:0142680000"' in page.body
    assert "mailto:" not in page.body
    assert "<address>" not in page.body
    assert 'class="hours"' not in page.body  # no opening hours set


def test_a_store_with_nothing_configured_shows_no_empty_card(store, serve):
    page = serve().get(f"/f/{store.links['expired'].token}")
    assert page.status == 410
    assert 'class="store"' not in page.body


def test_split_hours_are_listed_in_the_language_of_the_page(store, serve):
    """A day with a lunch break lists its two ranges: "10:00–12:00, 14:00–19:00" in English,
    with the enumeration comma in Chinese (a Latin comma inside Chinese text reads as a typo)."""
    server = serve(KIOSK_OPENING_HOURS="daily 10:00-12:00, 14:00-19:00")
    token = store.links["expired"].token
    english = _hours_rows(server.get(f"/f/{token}").body)
    chinese = _hours_rows(server.get(f"/f/{token}?lang=zh-Hans").body)
    assert english[0][1] == "10:00–12:00, 14:00–19:00"
    assert chinese[0][1] == "10:00–12:00、14:00–19:00"
