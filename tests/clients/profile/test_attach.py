"""A visit is attached to a client only with the consent given on screen: the client, one
consent per purpose (wording version, language, 'kiosk') and the visit's client are written
together, with their outbox entries; refusals say why and write nothing."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from kiosk.clients.attach import Attachment, NewClient, check_new_client
from kiosk.clients.consent import (
    CLIENTELING,
    FOLLOWUP_CONTACT,
    WORDING_DIGEST,
    WORDING_VERSION,
    wording_digest,
)
from kiosk.clients.profile import ClientError
from kiosk.db.models import Consent, Customer, OutboxEntry, Visit, VisitEvent
from tests.clients.profile.helpers import counts, enrol


def test_the_consent_wording_and_its_version_move_together():
    assert wording_digest() == WORDING_DIGEST, (
        "the consent wording changed: bump WORDING_VERSION and record the new digest"
    )
    assert WORDING_VERSION.startswith("clienteling-")


def test_a_new_client_with_both_purposes_is_written_with_the_visit(runtime, caplog):
    caplog.set_level(logging.DEBUG)
    journey = runtime.journey
    journey.begin("zh-Hans").result()
    visit_id = journey.state.visit_id
    customer_id = enrol(
        journey,
        name="  Héloïse   Durand ",
        phone="0033 6-12-34-56-78",
        email="Heloise@Example.COM",
        member="mv 2024 0381",
        purposes=(CLIENTELING, FOLLOWUP_CONTACT),
        language="zh-Hans",
    )
    assert journey.state.customer_id == customer_id
    with runtime.store.session() as s:
        customer = s.get(Customer, customer_id)
        assert (customer.full_name, customer.phone, customer.email, customer.member_number) == (
            "Héloïse Durand",
            "+33612345678",
            "heloise@example.com",
            "MV20240381",
        )
        consents = s.scalars(select(Consent).order_by(Consent.purpose)).all()
        assert [
            (c.purpose, c.wording_version, c.language, c.given_via, c.visit_id) for c in consents
        ] == [
            (CLIENTELING, WORDING_VERSION, "zh-Hans", "kiosk", visit_id),
            (FOLLOWUP_CONTACT, WORDING_VERSION, "zh-Hans", "kiosk", visit_id),
        ]
        assert s.get(Visit, visit_id).customer_id == customer_id
        event = s.scalars(select(VisitEvent).where(VisitEvent.kind == "client_attached")).one()
        queued = {(o.table_name, o.row_id) for o in s.scalars(select(OutboxEntry))}
    for secret in ("Héloïse", "Durand", "612345678", "heloise", "MV2024", str(customer_id)):
        assert secret not in str(event.payload)
        assert secret not in caplog.text
    assert event.payload["new_client"] is True
    assert ("customers", customer_id) in queued
    assert {("consents", c.id) for c in consents} <= queued
    assert ("visits", visit_id) in queued
    assert ("visit_events", event.id) in queued


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        (NewClient("", "+33 6 12 34 56 78"), "name_required"),
        (NewClient("   ", "+33 6 12 34 56 78"), "name_required"),
        (NewClient("Héloïse Durand"), "contact_required"),
        (NewClient("Héloïse Durand", email="heloise@"), "email"),
        (NewClient("Héloïse Durand", email="heloise example.com"), "email"),
        (NewClient("Héloïse Durand", phone="12 34"), "phone"),
        (NewClient("Héloïse Durand", phone="06 12 ab 56"), "phone"),
        (NewClient("Héloïse Durand", "+33 6 12 34 56 78", member_number="a!"), "member"),
        (NewClient("H" * 201, "+33 6 12 34 56 78"), "name_long"),
    ],
)
def test_bad_details_are_refused_with_a_reason_and_nothing_is_written(runtime, typed, code):
    with pytest.raises(ClientError) as refused:
        check_new_client(typed)
    assert refused.value.code == code
    journey = runtime.journey
    journey.begin("en").result()
    before = counts(runtime.engine)
    with pytest.raises(ClientError) as refused:
        journey.attach_client(Attachment((CLIENTELING,), "en", new=typed)).result()
    assert refused.value.code == code
    assert counts(runtime.engine) == before
    assert journey.state.customer_id is None
    assert typed.name.strip()[:5] not in repr(refused.value) or not typed.name.strip()


def test_a_profile_without_the_clienteling_purpose_is_refused(runtime):
    runtime.journey.begin("en").result()
    before = counts(runtime.engine)
    with pytest.raises(ClientError, match="clienteling consent"):
        enrol(runtime.journey, purposes=(FOLLOWUP_CONTACT,))
    assert counts(runtime.engine) == before


def test_a_known_phone_is_not_enrolled_twice(runtime):
    journey = runtime.journey
    journey.begin("en").result()
    enrol(journey)
    journey.end("completed").result()
    journey.begin("en").result()
    before = counts(runtime.engine)
    with pytest.raises(ClientError) as refused:
        enrol(journey, name="Someone Else", phone="+33 612 345 678")
    assert refused.value.code == "already_known"
    assert counts(runtime.engine) == before


def test_clients_without_a_phone_or_an_email_are_not_mistaken_for_each_other(runtime):
    journey = runtime.journey
    journey.begin("en").result()
    enrol(journey, name="Email Only", phone="", email="one@example.com")
    journey.end("completed").result()
    journey.begin("en").result()
    enrol(journey, name="Also Email Only", phone="", email="two@example.com")
    journey.end("completed").result()
    journey.begin("en").result()
    enrol(journey, name="Phone Only", phone="+44 20 7946 0018")
    with runtime.store.session() as s:
        assert len(s.scalars(select(Customer)).all()) == 3


def test_a_known_client_agrees_again_and_a_visit_has_one_client(runtime):
    journey = runtime.journey
    journey.begin("en").result()
    first = enrol(journey)
    journey.end("completed").result()
    journey.begin("en").result()
    again = Attachment((CLIENTELING,), "en", customer_id=first)
    assert journey.attach_client(again).result() == first
    with runtime.store.session() as s:
        assert s.get(Visit, journey.state.visit_id).customer_id == first
        assert len(s.scalars(select(Consent)).all()) == 2  # one per agreement, each recorded
    before = counts(runtime.engine)
    with pytest.raises(ClientError) as refused:
        enrol(journey, name="Someone Else", phone="+44 20 7946 0018")
    assert refused.value.code == "visit_taken"
    assert counts(runtime.engine) == before


def test_the_repr_of_what_was_typed_carries_nothing_personal():
    typed = NewClient("Héloïse Durand", "+33 6 12 34 56 78", "heloise@example.com")
    attachment = Attachment((CLIENTELING,), "en", new=typed)
    for shown in (repr(typed), repr(attachment), str(attachment)):
        assert "Héloïse" not in shown
        assert "12 34" not in shown
        assert "heloise" not in shown
