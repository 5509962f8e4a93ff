"""The follow-up page as a customer's phone meets it, through the production server."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.associates.rules import rule_id
from kiosk.db.models import Consent, Customer, FollowupLink, FollowupTask
from kiosk.handoff.page import consent_wording
from kiosk.sync.pull import Puller
from tests.handoff.conftest import run_cli
from tests.sync.helpers import kiosk_config

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CONTACT = {
    "name": "Héloïse Marchand",
    "email": "heloise.m@example.org",
    "phone": "+33 6 12 34 56 78",
}


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with Session(store.engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _link_row(store, token):  # type: ignore[no-untyped-def]
    with Session(store.engine) as s:
        return s.scalars(select(FollowupLink).where(FollowupLink.token == token)).one()


def test_a_valid_link_shows_the_selection_and_records_the_first_opening(store, serve):
    server = serve()
    link = store.links["valid"]
    assert _link_row(store, link.token).first_opened_at is None
    page = server.get(f"/f/{link.token}")
    assert page.status == 200
    assert "Atelier 60 Pyrolytic Oven" in page.body
    assert "Rive 80 Induction Hob" in page.body
    assert "Essentiel 45" not in page.body  # taken out of the selection before the hand-off
    assert "Rive Chimney Hood" not in page.body  # another visit's piece
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "no-store" in page.headers["cache-control"]
    opened = _link_row(store, link.token).first_opened_at
    assert opened is not None
    assert server.get(f"/f/{link.token}").status == 200
    assert _link_row(store, link.token).first_opened_at == opened  # the first time only
    picture = server.get(f"/f/{link.token}/img/0/thumb")
    assert picture.status == 200
    assert picture.headers["content-type"] == "image/jpeg"
    assert server.get(f"/f/{link.token}/img/7/thumb").status == 404


def test_the_page_speaks_the_visits_language(store, serve):
    server = serve()
    page = server.get(f"/f/{store.links['zh'].token}")
    assert page.status == 200
    assert 'lang="zh-Hans"' in page.body
    assert "您的心愿单" in page.body
    assert "高温自洁烤箱" in page.body
    english = server.get(f"/f/{store.links['zh'].token}?lang=en")
    assert "Your selection" in english.body


def test_expired_revoked_unknown_and_tampered_links_get_a_polite_page(store, serve):
    server = serve()
    expired = server.get(f"/f/{store.links['expired'].token}")
    assert expired.status == 410
    assert "come to an end" in expired.body
    revoked_link = store.links["other"]
    assert server.get(f"/f/{revoked_link.token}").status == 200
    done = run_cli(store, "followup", "revoke", revoked_link.code_for_display.lower())
    assert done.returncode == 0, done.stderr
    revoked = server.get(f"/f/{revoked_link.token}")
    assert revoked.status == 410
    assert "no longer available" in revoked.body
    token = store.links["valid"].token
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    for path in (f"/f/{tampered}", "/f/" + "x" * 32, "/f/short", "/f/../etc/passwd"):
        reply = server.get(path)
        assert reply.status == 404, path
        assert "could not find this page" in reply.body
        assert "Atelier" not in reply.body
    refused = run_cli(store, "followup", "revoke", "not-a-code")
    assert refused.returncode == 2
    assert "not a hand-off code" in refused.stderr


def test_the_typed_code_opens_the_same_selection(store, serve):
    server = serve()
    link = store.links["valid"]
    typed = link.code_for_display.lower().replace("0", "o").replace("1", "l")  # forgiving
    reply = server.get(f"/f/?code={typed}")
    assert reply.status == 303
    assert reply.headers["location"] == f"/f/{link.token}"
    assert server.get("/f/").status == 200  # the form to type it in
    wrong = server.get("/f/?code=ZZZZZ-ZZZZZ")
    assert wrong.status == 404
    assert "could not find this code" in wrong.body


def test_repeated_guessing_is_slowed_down_per_client(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="5")
    for n in range(5):
        assert server.get(f"/f/{'G' * 31}{n}").status == 404
    blocked = server.get(f"/f/{store.links['valid'].token}")  # even a good link, for a while
    assert blocked.status == 429
    assert 1 <= int(blocked.headers["retry-after"]) <= 61
    assert server.get("/f/?code=ABCDE-FGHJK").status == 429


def test_contact_needs_the_ticked_consent_and_records_it_with_its_wording(store, serve):
    server = serve()
    token = store.links["valid"].token
    page = server.get(f"/f/{token}")
    assert 'type="checkbox" name="consent" value="yes">' in page.body  # never ticked for them
    csrf = page.csrf("contact")
    refused = server.post(f"/f/{token}/contact", {**CONTACT, "csrf": csrf, "lang": "en"})
    assert refused.status == 422
    assert "tick the box" in refused.body
    forged = server.post(f"/f/{token}/contact", {**CONTACT, "consent": "yes", "csrf": "1.x"})
    assert forged.status == 403
    other = store.links["zh"].token  # a token signed for another link does not pass
    assert (
        server.post(f"/f/{other}/contact", {**CONTACT, "consent": "yes", "csrf": csrf}).status
        == 403
    )
    bad = server.post(
        f"/f/{token}/contact", {"name": "", "email": "nope", "consent": "yes", "csrf": csrf}
    )
    assert bad.status == 422
    assert "looks incomplete" in bad.body
    assert _count(store, Customer) == _count(store, Consent) == _count(store, FollowupTask) == 0

    sent = server.post(
        f"/f/{token}/contact",
        {**CONTACT, "consent": "yes", "csrf": csrf, "lang": "en", "note": "Prefers evenings"},
    )
    assert sent.status == 303
    after = server.get(sent.headers["location"])
    assert "An advisor will be in touch within two days" in after.body
    assert "Withdraw my consent" in after.body
    with Session(store.engine) as s:
        consent = s.scalars(select(Consent)).one()
        wording, version = consent_wording("contact", "en")
        assert wording in page.body  # the very text shown is the one recorded
        assert consent.wording_version == version
        assert consent.purpose == "followup_contact"
        assert consent.given_via == "page"
        assert consent.language == "en"
        assert consent.withdrawn_at is None
        customer = s.get(Customer, consent.customer_id)
        assert (customer.full_name, customer.email, customer.phone) == (
            CONTACT["name"],
            CONTACT["email"],
            "+33612345678",  # stored normalised, so an associate finds it however typed
        )
        assert customer.store_id == "store-7"
        assert customer.store_txid is not None  # stamped: kiosks will pull it
        task = s.scalars(select(FollowupTask)).one()
        assert task.kind == "thank_you"  # the rule kiosks run too (kiosk.associates.rules)
        assert task.id == rule_id("thank_you", consent.id)  # a store sweep cannot add another
        assert task.customer_id == customer.id
        assert task.due_at - consent.given_at == dt.timedelta(days=2)
        assert task.store_txid is not None


def test_an_appointment_request_becomes_a_task_for_associates_on_every_kiosk(
    store, serve, tmp_path
):
    server = serve()
    token = store.links["zh"].token
    page = server.get(f"/f/{token}")
    wanted = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    form = {
        **CONTACT,
        "consent": "yes",
        "csrf": page.csrf("appointment"),
        "lang": "zh-Hans",
        "appointment": "home_consultation",
        "preferred_date": wanted,
        "time_of_day": "afternoon",
    }
    past = server.post(f"/f/{token}/appointment", {**form, "preferred_date": "2001-01-01"})
    assert past.status == 422
    sent = server.post(f"/f/{token}/appointment", form)
    assert sent.status == 303
    assert "顾问将尽快与您确认预约" in server.get(sent.headers["location"]).body
    with Session(store.engine) as s:
        task = s.scalars(select(FollowupTask)).one()
        assert task.kind == "appointment"
        assert task.id == rule_id("appointment", s.scalars(select(Consent.id)).one())
        assert task.details["appointment"] == "home_consultation"
        assert task.details["preferred_date"] == wanted
        assert task.details["time_of_day"] == "afternoon"
        consent = s.scalars(select(Consent)).one()
        assert consent.purpose == "appointment"
        assert consent.language == "zh-Hans"
        assert consent.wording_version == consent_wording("appointment", "zh-Hans")[1]
    # another kiosk of the store brings the client and the task down for its associates
    from kiosk.station.runtime import start

    rt = start(kiosk_config(tmp_path, "salon", store.url))
    Puller(rt.engine, store.engine, "store-7").pull_all()
    with Session(rt.engine) as s:
        assert s.scalars(select(FollowupTask.kind)).all() == ["appointment"]
        assert s.scalars(select(Customer.email)).all() == [CONTACT["email"]]
    rt.close()


def test_withdrawal_is_one_tap_and_erases_the_contact_details(store, serve):
    server = serve()
    token = store.links["valid"].token
    page = server.get(f"/f/{token}")
    sent = server.post(
        f"/f/{token}/contact", {**CONTACT, "consent": "yes", "csrf": page.csrf("contact")}
    )
    after = server.get(sent.headers["location"])
    withdraw_url = re.search(r'href="(/f/w/[^"?]+)', after.body).group(1)
    forged = withdraw_url[:-2] + "xx"
    assert server.get(forged).status == 404
    confirm = server.get(withdraw_url)
    assert confirm.status == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', confirm.body).group(1)
    assert server.post(withdraw_url, {"csrf": "0.bad"}).status == 403
    done = server.post(withdraw_url, {"csrf": csrf})
    assert done.status == 200
    assert "consent is withdrawn" in done.body
    with Session(store.engine) as s:
        consent = s.scalars(select(Consent)).one()
        assert consent.withdrawn_at is not None
        customer = s.get(Customer, consent.customer_id)
        assert customer.full_name is None
        assert customer.email is None
        assert customer.phone is None
        assert customer.erased_at is not None
        task = s.scalars(select(FollowupTask)).one()
        assert task.completed_at is not None
        assert task.outcome == "consent_withdrawn"
        assert "note" not in task.details
    again = server.get(f"/f/{token}")
    assert "Withdraw my consent" not in again.body
    assert "May we follow up?" in again.body  # the customer may consent again later


def test_a_nul_or_an_invisible_mark_in_a_form_is_dropped_not_a_failed_page(store, serve):
    """A NUL (which PostgreSQL refuses in text) in the name or the note made the request fail
    with the calm error page and nothing stored; it is dropped like the other invisible
    characters, as a case's words and a score's word already were."""
    server = serve()
    token = store.links["valid"].token
    page = server.get(f"/f/{token}")
    form = {
        **CONTACT,
        "name": "Héloïse\x00 Marchand\u200b",
        "note": "Tuesday\x00 mornings,\nplease\u202e",
        "consent": "yes",
        "csrf": page.csrf("appointment"),
        "lang": "en",
        "appointment": "home_consultation",
        "time_of_day": "morning",
    }
    sent = server.post(f"/f/{token}/appointment", form)
    assert sent.status == 303
    with Session(store.engine) as s:
        task = s.scalars(select(FollowupTask)).one()
        assert task.details["note"] == "Tuesday mornings,\nplease"
        assert s.scalars(select(Customer.full_name)).one() == "Héloïse Marchand"
