"""A consent withdrawn on a kiosk stops every follow-up of the client at once; with no
consent left the client is forgotten."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.erasure import ERASED_VERSION_STEP, withdraw_consent
from kiosk.db.models import Case, Consent, Customer, FollowupTask, OutboxEntry, utcnow
from kiosk.db.outbox import save
from tests.clients.privacy.helpers import (
    CASE_TEXT,
    NAME,
    STORE_ID,
    TASK_NOTE,
    case_for,
    enrol,
)
from tests.sync.helpers import kiosk_config


def test_withdrawing_stops_every_follow_up_and_the_last_one_forgets(tmp_path):
    from kiosk.station.runtime import start

    rt = start(kiosk_config(tmp_path, "kiosk-a"))
    client = enrol(rt)
    now = utcnow()
    with Session(rt.engine) as s, s.begin():
        for purpose in ("followup_contact", "appointment"):
            save(
                s,
                Consent(
                    customer_id=client.id,
                    purpose=purpose,
                    wording_version="v1",
                    language="en",
                    given_via="kiosk",
                ),
            )
        for kind, done in (("thank_you", None), ("appointment", None), ("satisfaction", now)):
            save(
                s,
                FollowupTask(
                    store_id=STORE_ID,
                    customer_id=client.id,
                    kind=kind,
                    due_at=now + dt.timedelta(days=2),
                    completed_at=done,
                    outcome="done" if done else None,
                    details={"note": TASK_NOTE},
                ),
            )
    with Session(rt.engine) as s, s.begin():
        assert withdraw_consent(s, STORE_ID, client.id, now, purpose="appointment") == 1
    with Session(rt.engine) as s:
        tasks = {t.kind: t for t in s.scalars(select(FollowupTask))}
        assert tasks["thank_you"].outcome == "consent_withdrawn"  # every follow-up, at once
        assert tasks["appointment"].outcome == "consent_withdrawn"
        assert TASK_NOTE not in str(tasks["appointment"].details)
        assert tasks["satisfaction"].outcome == "done"  # what was done stays done
        customer = s.get(Customer, client.id)
        assert customer.full_name == NAME  # the contact consent remains
        assert customer.erased_at is None
        queued = s.scalars(select(OutboxEntry.table_name)).all()
        assert queued.count("followup_tasks") == 5  # 3 made, 2 closed: all travel

    with Session(rt.engine) as s, s.begin():
        assert withdraw_consent(s, STORE_ID, client.id, now) == 1
    with Session(rt.engine) as s:
        customer = s.get(Customer, client.id)
        assert (customer.full_name, customer.phone, customer.email) == (None, None, None)
        assert customer.erased_at is not None
        assert customer.version > ERASED_VERSION_STEP
        assert all(c.withdrawn_at for c in s.scalars(select(Consent)))
        assert all(not t.details for t in s.scalars(select(FollowupTask)))
    rt.close()


def test_withdrawing_the_case_contact_consent_empties_the_cases_contact_only(tmp_path):
    """Issue 15: the words of the complaint stay for the store; how to reach the client goes,
    and the call-back stops. The client's other consents, and profile, stand."""
    from kiosk.station.runtime import start

    rt = start(kiosk_config(tmp_path, "kiosk-a"))
    client = enrol(rt)
    with Session(rt.engine) as s, s.begin():
        save(
            s,
            Consent(
                customer_id=client.id,
                purpose="clienteling",
                wording_version="v1",
                language="en",
                given_via="kiosk",
            ),
        )
    case_id = case_for(rt, client, None)
    now = utcnow()
    with Session(rt.engine) as s, s.begin():
        assert withdraw_consent(s, STORE_ID, client.id, now, purpose="case_contact") == 1
    with Session(rt.engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert (case.contact_name, case.contact_phone, case.contact_email) == (None, None, None)
        assert case.description == CASE_TEXT
        assert case.erased_at is None
        callback = s.scalars(select(FollowupTask).where(FollowupTask.kind == "case_callback")).one()
        assert callback.outcome == "consent_withdrawn"
        customer = s.get(Customer, client.id)
        assert customer is not None
        assert customer.full_name == NAME
        queued = set(s.scalars(select(OutboxEntry.table_name)))
        assert {"cases", "consents", "followup_tasks"} <= queued
    detail = rt.cases.detail(case_id)
    assert not detail.has_contact
    assert detail.contact_name == ""
    rt.close()


def test_an_associate_records_that_a_customer_without_a_profile_wants_no_call(tmp_path):
    """A farewell case's customer (no profile) says "do not call me" in person."""
    from kiosk.station.runtime import start

    rt = start(kiosk_config(tmp_path, "kiosk-a"))
    rt.journey.begin("en").result()
    state = rt.journey.state
    assert state is not None
    case_id = case_for(rt, None, state.visit_id)
    assert rt.cases.withdraw_contact(case_id, utcnow())
    assert not rt.cases.withdraw_contact(case_id, utcnow())  # nothing left to withdraw
    with Session(rt.engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.contact_phone is None
        assert case.description == CASE_TEXT
        consent = s.get(Consent, case.contact_consent_id)
        assert consent is not None
        assert consent.withdrawn_at is not None
        callback = s.scalars(select(FollowupTask).where(FollowupTask.kind == "case_callback")).one()
        assert callback.outcome == "consent_withdrawn"
    rt.close()
