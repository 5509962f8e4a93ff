"""What strangers send to the after-sale forms: wrong methods, huge or hand-made forms,
ids that are not ids. Each gets a clear answer with the page's headers, and nothing is
stored."""

from __future__ import annotations

import pytest

from kiosk.db.after_sale_rows import Invitation, ServiceBooking, TouchpointScore
from tests.handoff.after_sale_helpers import HOB, count, form_fields, page_env, sell

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def test_hand_made_after_sale_forms_are_refused_and_store_nothing(store, serve):
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    book, score = form_fields(page.body, "book"), form_fields(page.body, "score")
    for action in ("book", "move", "cancel", "score", "invite"):
        wrong = server.get(f"/f/{token}/{action}")
        assert wrong.status == 405, action
        assert wrong.headers["x-frame-options"] == "DENY"
        huge = server.post(f"/f/{token}/{action}", {"note": "x" * 20_000})
        assert huge.status == 413, action
    cases = [
        ("book", {**book, "purchase": "not-a-uuid", "choice": "2030-01-01/morning"}, 404),
        ("book", {**book, "service": "x" * 500, "choice": "2030-01-01/morning"}, 409),
        ("book", {**book, "choice": "2030-01-01/" + "m" * 300}, 422),
        ("book", {**book, "choice": "9999-99-99/morning"}, 422),
        (
            "move",
            {**form_fields(page.body, "book"), "booking": "00000000-0000-0000-0000-000000000000"},
            403,
        ),
        ("score", {**score, "score": "9e9"}, 422),
        ("score", {**score, "score": "٣"}, 422),  # a digit, but not one we asked for
        ("score", {**score, "touchpoint": "visit", "score": "5"}, 404),
        ("score", {**score, "purchase": "", "score": "5"}, 404),
    ]
    for action, form, status in cases:
        reply = server.post(f"/f/{token}/{action}", {**form, "lang": "<script>"})
        assert reply.status == status, (action, form.get("choice"), reply.status)
        assert "<script>" not in reply.body
    assert count(store.engine, ServiceBooking) == 0
    assert count(store.engine, TouchpointScore) == 0
    assert count(store.engine, Invitation) == 0


def test_a_form_token_of_other_digits_is_refused_not_a_server_error(store, serve):
    """``str.isdigit`` passes "²" and "٣"; the token reader must not hand them to int()."""
    token = store.links["valid"].token
    sell(store.engine, token, HOB)
    server = serve(**page_env())
    page = server.get(f"/f/{token}")
    for forged in ("².0.abc", "1.².abc", "١٧٠٠٠٠٠٠٠٠.0.abc"):
        for action in ("contact", "invite"):
            fields = {**form_fields(page.body, "invite"), "csrf": forged}
            reply = server.post(f"/f/{token}/{action}", fields)
            assert reply.status == 403, (action, forged)
    assert count(store.engine, Invitation) == 0
