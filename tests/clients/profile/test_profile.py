"""Finding a client however the number was typed (consented profiles only), and the profile:
preferences gathered over visits, past visits with selections, outcomes and notes, consents."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.clients.attach import Attachment
from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT
from kiosk.clients.lookup import ClientLookupError
from kiosk.clients.masking import mask_email, mask_phone
from kiosk.clients.profile import ClientNotFound, aggregate_answers, profile, search
from kiosk.db.models import Consent, Customer, FollowupTask
from kiosk.visit.stages import EndReason
from tests.clients.profile.helpers import enrol

AT = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


def two_visits(runtime):  # type: ignore[no-untyped-def]
    """A client enrolled in a first visit, back for a second; returns (client id, visits)."""
    journey, store_id = runtime.journey, runtime.config.store_id
    elise = AssociateDirectory(runtime.engine, store_id).add("Élise Martin", "associate", "482913")
    journey.begin("en").result()
    first = journey.state.visit_id
    journey.answer("room", ["kitchen"]).result()
    journey.answer("style", ["warm", "minimal"]).result()
    journey.answer("budget", [], skipped=True).result()
    journey.set_selected("SKU-1", True).result()
    journey.set_selected("SKU-2", True).result()
    journey.set_selected("SKU-2", False).result()
    journey.join_associate(elise.id).result()
    journey.add_note(elise.id, "prefers walnut").result()
    journey.record_outcome("considering", ["SKU-1"], elise.id).result()
    client = enrol(journey, purposes=(CLIENTELING, FOLLOWUP_CONTACT))
    journey.end(EndReason.COMPLETED).result()
    journey.begin("en").result()
    second = journey.state.visit_id
    journey.answer("style", ["warm"]).result()
    journey.answer("room", ["living"]).result()
    journey.set_selected("SKU-3", True).result()
    journey.attach_client(Attachment((CLIENTELING,), "en", customer_id=client)).result()
    journey.end(EndReason.COMPLETED).result()
    return client, (first, second)


def test_the_profile_gathers_every_visit(runtime):
    client, (first, second) = two_visits(runtime)
    with Session(runtime.engine) as s:
        p = profile(s, runtime.config.store_id, client)
    assert (p.name, p.phone, p.email) == ("Héloïse Durand", "+33612345678", None)
    assert [v.id for v in p.visits] == [second, first]  # most recent first
    latest, earlier = p.visits
    assert earlier.skus == ("SKU-1",)  # SKU-2 was taken back out
    assert earlier.notes == ("prefers walnut",)
    assert (earlier.outcome, earlier.associate) == ("considering", "Élise Martin")
    assert (latest.skus, latest.notes, latest.associate) == (("SKU-3",), (), None)
    assert latest.kiosk_id == runtime.config.kiosk_id
    style = [(a.value, a.count) for a in p.answers["style"]]
    assert style == [("warm", 2), ("minimal", 1)]
    assert [a.value for a in p.answers["room"]] == ["living", "kitchen"]  # latest first
    assert "budget" not in p.answers  # a skipped question says nothing about the client
    assert sorted((c.purpose, c.given_via) for c in p.consents) == [
        (CLIENTELING, "kiosk"),
        (CLIENTELING, "kiosk"),
        (FOLLOWUP_CONTACT, "kiosk"),
    ]
    assert p.open_tasks == 1  # the thank-you the contact consent called for, made at visit end
    with Session(runtime.engine) as s:
        task = s.scalars(select(FollowupTask).where(FollowupTask.customer_id == client)).one()
    assert task.kind == "thank_you"
    assert p.record["id"] == client


def test_search_by_phone_email_or_member_typed_any_way(runtime):
    client, _ = two_visits(runtime)
    store_id = runtime.config.store_id
    with Session(runtime.engine) as s:
        for typed in ("+33 6 12 34 56 78", "0033-6-12-34-56-78"):
            found = search(s, store_id, typed)
            assert [(c.id, c.name, c.visit_count) for c in found] == [(client, "Héloïse Durand", 2)]
        assert found[0].masked_contact == "+33 … 78"
        assert found[0].last_visit is not None
        assert search(s, store_id, "+33 6 00 00 00 00") == []
        with pytest.raises(ClientLookupError) as refused:
            search(s, store_id, "12 34")
        assert refused.value.code == "phone"


def test_only_clients_with_an_active_clienteling_consent_are_found(runtime):
    store_id = runtime.config.store_id
    with Session(runtime.engine) as s:
        page_only = Customer(store_id=store_id, full_name="Page", email="page@example.com")
        withdrawn = Customer(store_id=store_id, full_name="Gone", email="gone@example.com")
        s.add_all([page_only, withdrawn])
        s.flush()
        for who, purpose, withdrawn_at in (
            (page_only, FOLLOWUP_CONTACT, None),
            (withdrawn, CLIENTELING, AT),
        ):
            s.add(
                Consent(
                    customer_id=who.id,
                    purpose=purpose,
                    wording_version="v1",
                    language="en",
                    given_via="page",
                    withdrawn_at=withdrawn_at,
                )
            )
        s.commit()
        assert search(s, store_id, "PAGE@example.com") == []
        assert search(s, store_id, "gone@example.com") == []
        with pytest.raises(ClientNotFound):
            profile(s, store_id, withdrawn.id)


def test_answers_are_counted_and_the_latest_comes_first():
    day = dt.timedelta(days=1)
    rows = [("q", ["a", "b"], AT), ("q", ["b"], AT + day), ("p", ["x"], AT + 2 * day)]
    result = aggregate_answers(rows)
    assert list(result) == ["p", "q"]
    assert [(a.value, a.count) for a in result["q"]] == [("b", 2), ("a", 1)]


def test_contacts_are_masked_in_lists():
    assert mask_phone("+33612345678") == "+33 … 78"
    assert mask_phone("02079460018") == "02 … 18"
    assert mask_email("heloise@example.com") == "h…@example.com"


def test_a_client_read_from_the_store_but_not_yet_pulled_is_attached(runtime, tmp_path):
    """The kiosk keeps the store's copy of the client as its next pull would."""
    from kiosk.station.config import load_config
    from kiosk.station.runtime import start

    client, _ = two_visits(runtime)
    with Session(runtime.engine) as s:
        record = profile(s, runtime.config.store_id, client).record
    other = start(
        load_config(
            env={
                "KIOSK_LOCAL_DB_PATH": str(tmp_path / "b" / "k.sqlite3"),
                "KIOSK_LOG_DIR": str(tmp_path / "b" / "logs"),
                "KIOSK_SECRET_KEY_FILE": str(tmp_path / "b" / "secret.key"),
                "KIOSK_CONTENT_DIR": str(runtime.config.content_dir),
                "KIOSK_KIOSK_ID": "entrance-right",
            }
        )
    )
    try:
        other.journey.begin("en").result()
        attach = Attachment((CLIENTELING,), "en", customer_id=client, record=record)
        assert other.journey.attach_client(attach).result() == client
        with Session(other.engine) as s:
            copy = s.get(Customer, client)
            assert (copy.version, copy.full_name) == (record["version"], "Héloïse Durand")
            queued = s.scalars(select(Consent)).one()
            assert queued.customer_id == client
    finally:
        other.close()
