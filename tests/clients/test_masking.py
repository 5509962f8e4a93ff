"""One masking policy for a client's personal data, at its two strengths: the client search
(associates, a client who consented to clienteling) and "Forget a client" (anyone's client).
Neither ever shows a whole name, number or address; the second shows less than the first."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING
from kiosk.clients.forgetting import plan
from kiosk.clients.masking import mask_contact, mask_name, masked_contact
from kiosk.clients.profile import search
from kiosk.db.models import Base, Consent, Customer

PHONE = "+33612345678"
EMAIL = "heloise.durand@example.com"
MEMBER = "MV-004417"
AT = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


def client(phone: str | None = None, email: str | None = None, member: str | None = None):
    return Customer(
        store_id="s", full_name="Héloïse Durand", phone=phone, email=email, member_number=member
    )


@pytest.mark.parametrize(
    ("who", "in_a_list", "to_anyone"),
    [
        (client(PHONE, EMAIL, MEMBER), "+33 … 78", "•••• 78"),
        (client(email=EMAIL, member=MEMBER), "h…@example.com", "h•••@•••.com"),
        (client(member=MEMBER), "", "•••• 17"),
        (client(), "", "—"),
    ],
)
def test_each_strength_shows_the_end_of_one_identifier(who, in_a_list, to_anyone):
    assert masked_contact(who) == in_a_list
    assert mask_contact(who) == to_anyone
    for shown in (masked_contact(who), mask_contact(who), mask_name(who.full_name)):
        for whole in (PHONE, PHONE[3:], EMAIL, EMAIL.split("@")[0], MEMBER, "Héloïse", "Durand"):
            assert whole not in shown


def test_forget_a_client_shows_initials_only():
    assert mask_name("Héloïse Durand") == "H. D."
    assert mask_name("  ") == "—"
    assert mask_name(None) == "—"


def test_the_search_and_the_erasure_plan_show_one_client_by_the_one_policy(tmp_path):
    """What an associate's search lists and what "Forget a client" shows of the same client."""
    engine = create_engine(f"sqlite:///{tmp_path / 'k.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s, s.begin():
        who = client(PHONE, EMAIL, MEMBER)
        who.created_at = AT
        s.add(who)
        s.flush()
        s.add(
            Consent(
                customer_id=who.id,
                purpose=CLIENTELING,
                wording_version="v1",
                language="en",
                given_via="kiosk",
                given_at=AT,
            )
        )
    with Session(engine) as s:
        (listed,) = search(s, "s", "+33 6 12 34 56 78")
        shown = plan(s, "s", listed.id)
    assert (listed.name, listed.masked_contact) == ("Héloïse Durand", "+33 … 78")
    assert shown is not None
    assert (shown.name, shown.contact) == ("H. D.", "•••• 78")
