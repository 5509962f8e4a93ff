"""Requests no phone of the store would send: each gets a calm answer, the server keeps
serving, and nothing in the store database changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.db.models import ServiceRequest
from tests.companion.conftest import NAME, Shop
from tests.companion.helpers import customer_asks, task_for


def test_forged_cookies_ids_and_oversized_forms_change_nothing(shop: Shop, companion):
    asked = customer_asks(shop)
    task_for(shop, NAME)
    server = companion()
    stranger = server.phone()
    stranger.jar["companion_session"] = "x" * 4000  # no such session, far too long
    assert stranger.get("/c/").status == 303
    assert stranger.get("/c/events").status == 401
    stranger.jar["companion_session"] = "A" * 43  # the right shape, no such session
    assert stranger.get("/c/tasks").status == 303
    big = {"csrf": "x", "name": "n" * 10_000, "pin": "1"}
    assert stranger.post("/c/signin", big).status == 413
    phone = server.phone()
    phone.sign_in()
    token = phone.get("/c/").csrf("answer")
    for form in (
        {"csrf": token, "kind": "request", "id": "not-an-id", "action": "done"},
        {"csrf": token, "kind": "visit", "id": str(asked), "action": "done"},
        {"csrf": token, "kind": "request", "id": str(asked), "action": "erase"},
        {"csrf": token, "kind": "request", "id": "00000000-0000-0000-0000-000000000000"},
    ):
        assert phone.post("/c/answer", form).status == 303  # back to the list, nothing done
    with Session(shop.engine) as s:
        row = s.get(ServiceRequest, asked)
        assert row is not None
        assert row.acknowledged_at is None
        assert row.resolved_at is None
    tasks = phone.get("/c/tasks").csrf("tasks")
    bad = {"csrf": tasks, "id": "zzz", "outcome": "reached", "booked_for": "31/02/2026"}
    assert phone.post("/c/tasks", bad).status == 422
    assert phone.get("/c/?lang=%00%ff").status == 200
    assert phone.get("/healthz").status == 200
