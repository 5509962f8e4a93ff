"""The client lookup on the companion: only clients with an active clienteling consent are
found, shown masked; the profile opens on request; what was typed and who was opened never
travel in an address or reach the log."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING
from kiosk.db.models import Consent, Customer, utcnow
from kiosk.db.versions import store_save
from tests.companion.conftest import Shop

PHONE = "+33612345678"


def client(shop: Shop, name: str, phone: str, consented: bool) -> uuid.UUID:
    with Session(shop.engine) as s, s.begin():
        row = Customer(store_id="store-7", full_name=name, phone=phone, created_at=utcnow())
        store_save(s, row)
        if consented:
            store_save(
                s,
                Consent(
                    store_id="store-7",
                    customer_id=row.id,
                    purpose=CLIENTELING,
                    wording_version="v1",
                    language="en",
                    given_via="kiosk",
                    given_at=utcnow(),
                ),
            )
        return row.id


def test_a_consented_client_is_found_masked_and_opened_on_request(shop: Shop, companion):
    known = client(shop, "Élise Martin", PHONE, consented=True)
    server = companion()
    phone = server.phone()
    phone.sign_in()
    page = phone.get("/c/clients")
    assert page.status == 200
    found = phone.post("/c/clients", {"csrf": page.csrf("clients"), "q": "06 12 34 56 78"})
    assert found.status == 200
    assert "Élise Martin" in found.body
    assert "+33 … 78" in found.body
    assert PHONE not in found.body  # masked in the list
    opened = phone.post(
        "/c/clients", {"csrf": found.csrf("clients"), "action": "open", "id": str(known)}
    )
    assert opened.status == 200
    assert PHONE in opened.body  # the whole number on the profile, asked for
    assert "Élise" not in opened.body.split("</title>")[0]


def test_a_client_without_consent_is_never_found_nor_opened(shop: Shop, companion):
    hidden = client(shop, "Louis Perrin", "+33698765432", consented=False)
    phone = companion().phone()
    phone.sign_in()
    page = phone.get("/c/clients?lang=zh-Hans")
    none = phone.post("/c/clients", {"csrf": page.csrf("clients"), "q": "+33698765432"})
    assert "Louis" not in none.body
    assert "没有符合条件" in none.body
    refused = phone.post(
        "/c/clients", {"csrf": page.csrf("clients"), "action": "open", "id": str(hidden)}
    )
    assert refused.status == 404
    assert "Louis" not in refused.body
    nonsense = phone.post("/c/clients", {"csrf": page.csrf("clients"), "q": "??"})
    assert nonsense.status == 422
    assert phone.post("/c/clients", {"q": "+33698765432"}).status == 403  # no token
