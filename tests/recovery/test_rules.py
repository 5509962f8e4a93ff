"""The follow-up tasks a case calls for (issue 15): a call-back within the response target for
a case with contact consent, a check a week after resolution; each made once whoever makes it
(the case's own write, a sweep on any kiosk, the store's sweep), only for live clients."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.associates.rules import rule_id, sweep
from kiosk.associates.tasks import OUTCOMES
from kiosk.db.models import Case, Consent, Customer, FollowupTask
from kiosk.db.outbox import save
from kiosk.recovery.cases import CaseReport
from kiosk.recovery.rules import CASE_CALLBACK, CASE_CHECK
from kiosk.station.paths import assets_dir
from tests.recovery.helpers import (
    CATEGORIES,
    STORE,
    T0,
    associate,
    book,
    waiting_with_contact,
)

HOUR = dt.timedelta(hours=1)


def tasks(engine) -> dict[str, FollowupTask]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return {t.kind: t for t in s.scalars(select(FollowupTask))}


def written_without_tasks(engine, **fields) -> Case:  # type: ignore[no-untyped-def]
    """A case as another writer left it (an older kiosk, a pull before its tasks came)."""
    with Session(engine, expire_on_commit=False) as s, s.begin():
        consent = Consent(
            purpose="case_contact",
            wording_version="case-contact-1",
            language="en",
            given_via="kiosk",
            given_at=T0,
        )
        save(s, consent)
        case = Case(
            store_id=STORE,
            kiosk_id="kiosk-9",
            opened_via="farewell",
            category="waiting",
            language="en",
            contact_name="Camille Durand",
            contact_phone="+33612345678",
            contact_consent_id=consent.id,
            created_at=T0,
            escalated=False,
            **fields,
        )
        save(s, case)
        return case


def test_the_sweep_makes_a_cases_missing_tasks_once_with_the_response_target(engine) -> None:  # type: ignore[no-untyped-def]
    marc = associate(engine, "Marc Petit", "manager")
    case = written_without_tasks(
        engine,
        owner_id=marc,
        resolved_at=T0 + 5 * HOUR,
        resolved_by=marc,
        acknowledged_at=T0 + HOUR,
        acknowledged_by=marc,
        first_contact=True,
    )
    with Session(engine) as s, s.begin():
        made = sweep(s, STORE, T0 + 6 * HOUR, case_response=8 * HOUR)
    assert made.created == {CASE_CALLBACK: 1, CASE_CHECK: 1}
    found = tasks(engine)
    callback, check = found[CASE_CALLBACK], found[CASE_CHECK]
    assert (callback.id, callback.due_at, callback.assigned_to) == (
        rule_id(CASE_CALLBACK, case.id),
        T0 + 8 * HOUR,
        marc,
    )
    assert (check.id, check.due_at, check.assigned_to) == (
        rule_id(CASE_CHECK, case.id),
        T0 + 5 * HOUR + dt.timedelta(days=7),
        marc,
    )
    assert callback.details == {
        "rule": CASE_CALLBACK,
        "case": str(case.id),
        "category": "waiting",
        "language": "en",
    }
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, T0 + 7 * HOUR).total == 0  # idempotent


def test_a_case_opened_in_person_without_a_visit_has_its_call_back_at_once(engine) -> None:  # type: ignore[no-untyped-def]
    elise = associate(engine, "Élise Martin")
    book(engine).open_case(waiting_with_contact(), CATEGORIES, at=T0, opened_by=elise)
    callback = tasks(engine)[CASE_CALLBACK]
    assert (callback.visit_id, callback.assigned_to, callback.due_at) == (
        None,
        elise,
        T0 + 24 * HOUR,
    )
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, T0 + HOUR).total == 0  # the sweep finds it made


def test_no_call_back_without_contact_and_none_for_a_forgotten_client(engine) -> None:  # type: ignore[no-untyped-def]
    book(engine).open_case(CaseReport("service"), CATEGORIES, at=T0)
    with Session(engine) as s, s.begin():
        gone = Customer(store_id=STORE, created_at=T0, erased_at=T0)
        save(s, gone)
        gone_id = gone.id
    book(engine).open_case(waiting_with_contact(), CATEGORIES, at=T0, customer_id=gone_id)
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, T0 + HOUR).total == 0
    assert tasks(engine) == {}


def test_old_cases_are_left_to_rest(engine) -> None:  # type: ignore[no-untyped-def]
    written_without_tasks(engine)
    with Session(engine) as s, s.begin():
        assert sweep(s, STORE, T0 + dt.timedelta(days=45)).total == 0


def test_the_followups_screen_has_words_and_outcomes_for_the_case_kinds() -> None:
    import json

    words = json.loads((assets_dir() / "i18n" / "followups.json").read_text(encoding="utf-8"))
    for kind in (CASE_CALLBACK, CASE_CHECK):
        assert OUTCOMES[kind]
        entry = words[f"followups.kind.{kind}"]
        assert entry["en"]
        assert entry["zh-Hans"]


def test_the_visit_end_sweep_uses_the_configured_response_target(kiosk_env, seed_local_db):  # type: ignore[no-untyped-def]
    """A case that reached this kiosk without its call-back (e.g. written by an older kiosk)
    gets it at the next visit's end, due within ``case_response_hours``."""
    import time

    from kiosk.station.config import load_config
    from kiosk.station.runtime import start
    from kiosk.visit.stages import EndReason

    config = load_config(env={**kiosk_env, "KIOSK_CASE_RESPONSE_HOURS": "6"})
    seed_local_db(config.local_db_path)
    rt = start(config)
    try:
        now = dt.datetime.now(dt.UTC)
        with Session(rt.engine, expire_on_commit=False) as s, s.begin():
            case = Case(
                store_id=config.store_id,
                kiosk_id="kiosk-9",
                opened_via="farewell",
                category="waiting",
                language="en",
                contact_name="Camille Durand",
                contact_email="camille@example.com",
                created_at=now,
                escalated=False,
            )
            consent = Consent(
                purpose="case_contact",
                wording_version="case-contact-1",
                language="en",
                given_via="kiosk",
                given_at=now,
            )
            save(s, consent)
            case.contact_consent_id = consent.id
            save(s, case)
        rt.journey.begin("en").result()
        rt.journey.end(EndReason.COMPLETED).result()
        deadline = time.monotonic() + 30
        while CASE_CALLBACK not in tasks(rt.engine):  # the sweep runs in the background lane
            assert time.monotonic() < deadline, "no call-back after the visit's end"
            rt.recorder.submit(lambda: None, background=True).result()
        assert tasks(rt.engine)[CASE_CALLBACK].due_at == now + 6 * HOUR
    finally:
        rt.close()
