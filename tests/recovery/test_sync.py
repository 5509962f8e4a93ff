"""Cases through the real store database (issue 15): a case written on one kiosk reaches the
store and every other kiosk's associate home; two kiosks answering the same case while
offline end, once both have synced, in one clear state on the store and on both kiosks."""

from __future__ import annotations

import logging
import uuid

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.db.models import Case, FollowupTask, utcnow
from kiosk.station.runtime import Runtime
from kiosk.sync import SyncWorker, open_store
from tests.recovery.helpers import CATEGORIES, STORE, waiting_with_contact

pytestmark = pytest.mark.postgres


def sync(kiosk: Runtime, store_url: str) -> None:
    store = open_store(store_url)
    try:
        SyncWorker(kiosk.engine, store, STORE).run_pass()
    finally:
        store.dispose()


def row(engine: Engine, case_id: uuid.UUID) -> tuple[object, ...]:
    """What every copy must agree on."""
    with Session(engine) as s:
        case = s.get(Case, case_id)
        assert case is not None
        return (
            case.version,
            case.acknowledged_by,
            case.acknowledged_at,
            case.resolved_by,
            case.resolved_at,
            case.customer_reply,
        )


def two_kiosks_and_a_case(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    a, b = make_kiosk("kiosk-a", store_url), make_kiosk("kiosk-b", store_url)
    people = AssociateDirectory(a.engine, STORE)
    elise = people.add("Élise Martin", "manager", "482913").id
    marc = people.add("Marc Petit", "manager", "582913").id
    case_id = a.cases.open_case(waiting_with_contact(), CATEGORIES, at=utcnow())
    sync(a, store_url)
    sync(b, store_url)
    return a, b, elise, marc, case_id


def test_a_case_from_one_kiosk_reaches_the_store_and_the_other_kiosks_home(  # type: ignore[no-untyped-def]
    make_kiosk, store_url, caplog
):
    caplog.set_level(logging.DEBUG, logger="kiosk")
    _a, b, elise, _marc, case_id = two_kiosks_and_a_case(make_kiosk, store_url)
    now = utcnow()
    on_b = b.cases.list_for(elise, True, now)
    assert [(c.id, c.category, c.state, c.kiosk_id) for c in on_b] == [
        (case_id, "waiting", "open", "kiosk-a")
    ]
    assert [c.id for c in b.cases.unacknowledged(now)] == [case_id]
    assert b.cases.detail(case_id).contact_name == "Camille Durand"  # associate mode, offline
    store = open_store(store_url)
    with Session(store) as s:
        assert s.get(Case, case_id) is not None
        kinds = s.scalars(select(FollowupTask.kind)).all()
    assert kinds == ["case_callback"]
    with Session(b.engine) as s:  # the call-back is on B's follow-up list too
        assert s.scalars(select(FollowupTask.kind)).all() == ["case_callback"]
    b.cases.resolve(
        case_id,
        elise,
        utcnow(),
        internal_note="Rota changed.",
        customer_reply="Sorry.",
        first_contact=True,
    )
    sync(b, store_url)
    assert "sync: pulled" in caplog.text  # the kiosks' log lines were captured...
    for secret in ("Camille", "612345678", "fitting room", "Rota changed"):
        assert secret not in caplog.text  # ...and hold nothing personal
    store.dispose()


def test_two_kiosks_acknowledging_at_once_end_in_one_state_everywhere(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    a, b, elise, marc, case_id = two_kiosks_and_a_case(make_kiosk, store_url)
    # both offline: each acknowledges on its own copy, and each believes it was first
    assert a.cases.acknowledge(case_id, elise, utcnow())
    assert b.cases.acknowledge(case_id, marc, utcnow())
    sync(a, store_url)
    sync(b, store_url)
    sync(a, store_url)
    store = open_store(store_url)
    copies = [row(store, case_id), row(a.engine, case_id), row(b.engine, case_id)]
    assert copies[0] == copies[1] == copies[2]
    assert copies[0][1] == marc  # the later change wins, the same on every copy
    now = utcnow()
    for kiosk in (a, b):
        detail = kiosk.cases.detail(case_id)
        assert (detail.state, detail.acknowledged_by) == ("acknowledged", "Marc Petit")
        assert not kiosk.cases.acknowledge(case_id, elise, now)  # it is answered
    store.dispose()


def test_an_acknowledgement_never_undoes_a_resolution_made_meanwhile(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    """A resolves while B, offline and later, only acknowledges its older copy: both end
    resolved, with A's reply, whichever pushes first."""
    a, b, elise, marc, case_id = two_kiosks_and_a_case(make_kiosk, store_url)
    assert a.cases.resolve(
        case_id,
        elise,
        utcnow(),
        internal_note="Rota changed.",
        customer_reply="We are sorry; it will not happen again.",
        first_contact=True,
    )
    assert b.cases.acknowledge(case_id, marc, utcnow())  # later, on the stale copy
    sync(b, store_url)
    sync(a, store_url)
    sync(b, store_url)
    store = open_store(store_url)
    copies = [row(store, case_id), row(a.engine, case_id), row(b.engine, case_id)]
    assert copies[0] == copies[1] == copies[2]
    assert copies[0][3] == elise
    assert copies[0][5] == "We are sorry; it will not happen again."
    assert b.cases.detail(case_id).state == "resolved"
    store.dispose()


def test_an_offline_acknowledgement_never_brings_back_a_withdrawn_contact(make_kiosk, store_url):  # type: ignore[no-untyped-def]
    """The customer withdraws the case's contact consent on the page while kiosk B, offline,
    acknowledges its older copy (which still holds the contact) a moment later."""
    from kiosk.handoff.records import withdraw

    a, b, _elise, marc, case_id = two_kiosks_and_a_case(make_kiosk, store_url)
    store = open_store(store_url)
    with Session(store) as s, s.begin():
        case = s.get(Case, case_id)
        assert case is not None
        assert case.contact_consent_id is not None
        assert withdraw(s, case.contact_consent_id, utcnow())
    assert b.cases.acknowledge(case_id, marc, utcnow())  # later, on the stale copy
    for kiosk in (b, a, b):
        sync(kiosk, store_url)
    for engine in (store, a.engine, b.engine):
        with Session(engine) as s:
            case = s.get(Case, case_id)
            assert case is not None
            assert (case.contact_name, case.contact_phone, case.contact_email) == (None,) * 3
            assert case.description  # the words of the complaint stay
    assert row(store, case_id) == row(a.engine, case_id) == row(b.engine, case_id)
    store.dispose()
