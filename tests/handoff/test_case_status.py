"""The hand-off link's page tells the customer where their complaint stands (issue 15), in
plain words and in their language, through the production server and a real store database:
"received", "we are on it", "resolved" with what the store wrote to them; never the internal
note, the description or the contact. The case's contact consent can be withdrawn there."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.db.models import Case, Consent, FollowupTask, utcnow
from kiosk.recovery.cases import CaseReport
from kiosk.sync.push import Pusher
from tests.handoff.conftest import SELECTED, play
from tests.sync.helpers import kiosk_config

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WORDS = "The advisor kept us waiting forty minutes by the ovens"
NAME, PHONE = "Héloïse Marchand", "+33 6 12 34 56 78"
NOTE = "Spoke to the floor manager about the rota"
REPLY = "We are sorry. Your next visit has a private advisor, Wednesday at ten."


def test_the_page_shows_the_case_status_in_plain_words_and_nothing_personal(
    store, serve, tmp_path, seed_local_db
):  # type: ignore[no-untyped-def]
    from kiosk.station.runtime import start

    base = f"http://127.0.0.1:{store.port}/f/"
    config = kiosk_config(tmp_path, "salon", store.url, KIOSK_FOLLOWUP_BASE_URL=base)
    seed_local_db(config.local_db_path)
    rt = start(config)
    try:
        link = play(rt, base, SELECTED, "zh-Hans")
        visit_id = _visit_of(rt, link.token)
        report = CaseReport(
            "waiting", WORDS, NAME, PHONE, consent=True, language="zh-Hans", score=3
        )
        categories = [c.id for c in rt.pack.case_categories]
        case_id = rt.cases.open_case(report, categories, at=utcnow(), visit_id=visit_id)
        manager = AssociateDirectory(rt.engine, "store-7").add("Marc Petit", "manager", "482913")
        push = Pusher(rt.engine, store.engine).push_all
        push()
        server = serve()
        page = f"/f/{link.token}"

        zh = server.get(page)
        assert zh.status == 200
        assert "已收到" in zh.body
        en = server.get(page + "?lang=en")
        assert "Received." in en.body
        assert "We are on it" not in en.body
        _nothing_personal(zh.body + en.body)

        rt.cases.acknowledge(case_id, manager.id, utcnow())
        push()
        assert "我们正在处理" in server.get(page).body
        assert "We are on it." in server.get(page + "?lang=en").body

        rt.cases.resolve(
            case_id,
            manager.id,
            utcnow(),
            internal_note=NOTE,
            customer_reply=REPLY,
            first_contact=True,
        )
        push()
        zh, en = server.get(page), server.get(page + "?lang=en")
        assert "已解决" in zh.body
        assert "Resolved." in en.body
        assert REPLY in zh.body
        assert REPLY in en.body
        _nothing_personal(zh.body + en.body)
        assert NOTE not in zh.body + en.body

        # "Do not contact me about this": one tap, and the case's contact is gone
        withdraw = re.search(r'href="(/f/w/[^"?]+)', en.body)
        assert withdraw is not None
        assert "Do not contact me about this" in en.body
        confirm = server.get(withdraw.group(1))
        csrf = re.search(r'name="csrf" value="([^"]+)"', confirm.body)
        assert csrf is not None
        done = server.post(withdraw.group(1), {"csrf": csrf.group(1)})
        assert done.status == 200
        with Session(store.engine) as s:
            case = s.get(Case, case_id)
            assert case is not None
            assert (case.contact_name, case.contact_phone, case.contact_email) == (None,) * 3
            assert case.description == WORDS  # what happened stays for the store
            assert case.category == "waiting"
            assert case.resolved_at is not None
            consent = s.get(Consent, case.contact_consent_id)
            assert consent is not None
            assert consent.withdrawn_at is not None
            callback = s.scalars(
                select(FollowupTask).where(FollowupTask.kind == "case_callback")
            ).one()
            assert callback.outcome == "consent_withdrawn"
        after = server.get(page + "?lang=en")
        assert "Do not contact me about this" not in after.body
        assert REPLY in after.body
        assert NAME not in server.logs()
        assert WORDS not in server.logs()
    finally:
        rt.close()


def test_a_visit_without_a_case_shows_no_case_section(store, serve):  # type: ignore[no-untyped-def]
    server = serve()
    body = server.get(f"/f/{store.links['valid'].token}").body
    assert 'id="case"' not in body
    assert "What you told us" not in body


def _visit_of(rt, token: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    from kiosk.db.models import FollowupLink

    with Session(rt.engine) as s:
        return s.scalars(select(FollowupLink.visit_id).where(FollowupLink.token == token)).one()


def _nothing_personal(body: str) -> None:
    for secret in (WORDS, NAME, "Marchand", "612345678", "+33"):
        assert secret not in body, secret
