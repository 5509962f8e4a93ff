"""The case book as associate mode and the farewell screen use it (issue 15)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import Case, Consent, FollowupTask, OutboxEntry
from kiosk.recovery.cases import (
    CASE_CONTACT_PURPOSE,
    CASE_CONTACT_WORDING,
    MAX_TEXT,
    CaseError,
    CaseReport,
    check_report,
)
from tests.recovery.helpers import (
    CATEGORIES,
    T0,
    associate,
    book,
    counts,
    snapshot,
    waiting_with_contact,
)

HOUR = dt.timedelta(hours=1)


def test_a_customer_case_with_contact_is_stored_with_its_consent_and_a_call_back(engine) -> None:  # type: ignore[no-untyped-def]
    visit = None
    case_id = book(engine).open_case(waiting_with_contact(), CATEGORIES, at=T0, visit_id=visit)
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert (case.opened_via, case.category, case.score, case.language) == (
            "farewell",
            "waiting",
            3,
            "zh-Hans",
        )
        assert case.contact_phone == "+33612345678"
        assert case.owner_id is None
        consent = s.get(Consent, case.contact_consent_id)
        assert consent is not None
        assert (consent.purpose, consent.wording_version, consent.language, consent.given_via) == (
            CASE_CONTACT_PURPOSE,
            CASE_CONTACT_WORDING,
            "zh-Hans",
            "kiosk",
        )
        tasks = s.scalars(select(FollowupTask)).all()
        assert [(t.kind, t.due_at) for t in tasks] == [("case_callback", T0 + 24 * HOUR)]
        assert "Camille" not in str(tasks[0].details)  # nothing personal in a task
        queued = {e.table_name for e in s.scalars(select(OutboxEntry))}
    assert queued == {"cases", "consents", "followup_tasks"}


def test_just_let_the_manager_know_needs_no_contact_and_makes_no_call_back(engine) -> None:  # type: ignore[no-untyped-def]
    report = CaseReport(category="service", description="", language="en", score=5)
    case_id = book(engine).open_case(report, CATEGORIES, at=T0)
    detail = book(engine).detail(case_id)
    assert detail.state == "open"
    assert not detail.has_contact
    assert detail.contact_name == ""
    assert counts(engine)["consents"] == 0
    assert counts(engine)["followup_tasks"] == 0


def test_an_associate_opens_a_case_without_a_visit_and_owns_its_call_back(engine) -> None:  # type: ignore[no-untyped-def]
    elise = associate(engine, "Élise Martin")
    case_id = book(engine).open_case(
        waiting_with_contact(score=None), CATEGORIES, at=T0, opened_by=elise
    )
    detail = book(engine).detail(case_id)
    assert (detail.owner, detail.visit_id, detail.score) == ("Élise Martin", None, None)
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.opened_via == "associate"
        task = s.scalars(select(FollowupTask)).one()
    assert (task.kind, task.assigned_to, task.visit_id) == ("case_callback", elise, None)


@pytest.mark.parametrize(
    ("report", "field"),
    [
        (waiting_with_contact(category=""), "category"),
        (waiting_with_contact(category="  "), "category"),
        (waiting_with_contact(category="weather"), "category"),
        (waiting_with_contact(description="x" * (MAX_TEXT + 1)), "description"),
        (waiting_with_contact(consent=False), "consent"),
        (waiting_with_contact(contact_name="", contact_phone=""), "contact"),
        (waiting_with_contact(contact_phone="", contact_email=""), "contact"),
        (waiting_with_contact(contact_name=""), "contact"),
        (waiting_with_contact(contact_phone="call me"), "contact"),
        (waiting_with_contact(contact_phone="", contact_email="camille@"), "contact"),
        (waiting_with_contact(score=11), "case"),
    ],
)
def test_bad_reports_are_refused_with_the_field_and_store_nothing(engine, report, field) -> None:  # type: ignore[no-untyped-def]
    book(engine).open_case(CaseReport(category="other"), CATEGORIES, at=T0)  # something there
    before, rows = counts(engine), snapshot(engine)
    with pytest.raises(CaseError) as caught:
        book(engine).open_case(report, CATEGORIES, at=T0)
    assert caught.value.field == field
    assert str(caught.value)
    assert "Camille" not in str(caught.value)
    assert counts(engine) == before
    assert snapshot(engine) == rows


def test_check_report_normalises_and_drops_control_characters() -> None:
    clean = check_report(
        waiting_with_contact(
            category=" waiting ",
            description="  Too long\x00 a wait \u202e ",
            contact_name=" Camille   Durand ",
            contact_phone="",
            contact_email=" Camille@Example.COM ",
        ),
        CATEGORIES,
    )
    assert (clean.category, clean.description, clean.contact_name, clean.contact_email) == (
        "waiting",
        "Too long a wait",
        "Camille Durand",
        "camille@example.com",
    )
    assert check_report(CaseReport("other", description="x" * MAX_TEXT), CATEGORIES)


def test_acknowledging_twice_keeps_the_first_name_and_resolving_records_everything(engine) -> None:  # type: ignore[no-untyped-def]
    elise, marc = associate(engine, "Élise Martin"), associate(engine, "Marc Petit", "manager")
    cases = book(engine)
    case_id = cases.open_case(waiting_with_contact(), CATEGORIES, at=T0)
    assert [c.id for c in cases.unacknowledged(T0 + HOUR)] == [case_id]
    assert cases.acknowledge(case_id, elise, T0 + HOUR)
    assert not cases.acknowledge(case_id, marc, T0 + 2 * HOUR)
    assert cases.unacknowledged(T0 + 2 * HOUR) == []
    detail = cases.detail(case_id)
    assert (detail.state, detail.acknowledged_by, detail.acknowledged_at) == (
        "acknowledged",
        "Élise Martin",
        T0 + HOUR,
    )
    assert cases.resolve(
        case_id,
        marc,
        T0 + 3 * HOUR,
        internal_note="Offered a private fitting.",
        customer_reply="We are sorry; your private fitting is booked.",
        first_contact=True,
    )
    assert not cases.resolve(
        case_id, elise, T0 + 4 * HOUR, internal_note="", customer_reply="", first_contact=False
    )
    detail = cases.detail(case_id)
    assert (detail.state, detail.resolved_at, detail.first_contact, detail.escalated) == (
        "resolved",
        T0 + 3 * HOUR,
        True,
        False,
    )
    assert detail.acknowledged_by == "Élise Martin"
    assert detail.customer_reply == "We are sorry; your private fitting is booked."
    with Session(engine) as s:
        check = s.scalars(select(FollowupTask).where(FollowupTask.kind == "case_check")).one()
    assert (check.due_at, check.assigned_to) == (T0 + 3 * HOUR + dt.timedelta(days=7), marc)


def test_resolving_an_unacknowledged_case_acknowledges_it_too(engine) -> None:  # type: ignore[no-untyped-def]
    marc = associate(engine, "Marc Petit", "manager")
    cases = book(engine)
    case_id = cases.open_case(CaseReport("product"), CATEGORIES, at=T0)
    assert cases.resolve(
        case_id,
        marc,
        T0 + HOUR,
        internal_note="",
        customer_reply="",
        first_contact=False,
        escalated=True,
        escalation_reason="Sent to the workshop in Lyon.",
    )
    detail = cases.detail(case_id)
    assert (detail.acknowledged_by, detail.acknowledged_at, detail.escalated) == (
        "Marc Petit",
        T0 + HOUR,
        True,
    )
    assert detail.escalation_reason == "Sent to the workshop in Lyon."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"escalated": True, "escalation_reason": "  "}, "escalation"),
        ({"customer_reply": "x" * (MAX_TEXT + 1)}, "reply"),
        ({"internal_note": "x" * (MAX_TEXT + 1)}, "note"),
    ],
)
def test_a_bad_resolution_is_refused_and_changes_nothing(engine, changes, field) -> None:  # type: ignore[no-untyped-def]
    marc = associate(engine, "Marc Petit", "manager")
    cases = book(engine)
    case_id = cases.open_case(CaseReport("product"), CATEGORIES, at=T0)
    before, rows = counts(engine), snapshot(engine)
    args = {"internal_note": "", "customer_reply": "", "first_contact": True, **changes}
    with pytest.raises(CaseError) as caught:
        cases.resolve(case_id, marc, T0 + HOUR, **args)
    assert caught.value.field == field
    assert counts(engine) == before
    assert snapshot(engine) == rows


def test_an_unknown_case_is_a_clear_error_and_changes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    marc = associate(engine, "Marc Petit", "manager")
    cases = book(engine)
    cases.open_case(CaseReport("product"), CATEGORIES, at=T0)
    before, rows = counts(engine), snapshot(engine)
    unknown = uuid.uuid4()
    for attempt in (
        lambda: cases.detail(unknown),
        lambda: cases.acknowledge(unknown, marc, T0),
        lambda: cases.resolve(
            unknown, marc, T0, internal_note="", customer_reply="", first_contact=True
        ),
    ):
        with pytest.raises(CaseError, match="no case") as caught:
            attempt()
        assert caught.value.field == "case"
    assert counts(engine) == before
    assert snapshot(engine) == rows


def test_the_list_puts_overdue_first_then_open_oldest_then_recent_resolved(engine) -> None:  # type: ignore[no-untyped-def]
    elise, marc = associate(engine, "Élise Martin"), associate(engine, "Marc Petit", "manager")
    cases = book(engine)
    now = T0 + dt.timedelta(days=20)
    old_resolved = cases.open_case(CaseReport("product"), CATEGORIES, at=T0)
    cases.resolve(
        old_resolved, marc, T0 + HOUR, internal_note="", customer_reply="", first_contact=True
    )  # resolved 20 days ago: off the list
    resolved = cases.open_case(CaseReport("product"), CATEGORIES, at=now - 3 * HOUR)
    cases.resolve(
        resolved, marc, now - 2 * HOUR, internal_note="", customer_reply="", first_contact=True
    )
    overdue = cases.open_case(CaseReport("waiting"), CATEGORIES, at=now - 30 * HOUR)
    mine = cases.open_case(CaseReport("service"), CATEGORIES, at=now - 5 * HOUR, opened_by=elise)
    fresh = cases.open_case(CaseReport("delivery"), CATEGORIES, at=now - HOUR)
    listed = cases.list_for(marc, True, now)
    assert [c.id for c in listed] == [overdue, mine, fresh, resolved]
    assert [c.overdue for c in listed] == [True, False, False, False]
    assert listed[0].due_at == now - 6 * HOUR
    assert listed[0].age(now) == 30 * HOUR
    assert [c.id for c in cases.list_for(elise, False, now)] == [mine]
    cases.acknowledge(fresh, elise, now)
    assert [c.id for c in cases.list_for(elise, False, now)] == [mine, fresh]
    assert [c.id for c in cases.unacknowledged(now)] == [overdue, mine]
    assert cases.detail(overdue, now).overdue
    assert not cases.detail(overdue, now - 10 * HOUR).overdue


def test_the_runtime_answers_cases_against_the_configured_response_target(  # type: ignore[no-untyped-def]
    kiosk_env, seed_local_db
) -> None:
    from kiosk.station.config import load_config
    from kiosk.station.runtime import start

    config = load_config(env={**kiosk_env, "KIOSK_CASE_RESPONSE_HOURS": "4"})
    seed_local_db(config.local_db_path)
    runtime = start(config)
    try:
        categories = [c.id for c in runtime.pack.case_categories]
        assert categories == list(CATEGORIES)
        case_id = runtime.cases.open_case(CaseReport("waiting"), categories, at=T0)
        detail = runtime.cases.detail(case_id)
        assert detail.due_at == T0 + 4 * HOUR
        assert detail.kiosk_id == config.kiosk_id
    finally:
        runtime.close()
