"""The phone page's "I'm in the store" through the production server: a request for the
client's advisor (or the store), with the area the customer chose; refusals as the page's
other forms; one open request per link; nothing personal in the log."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, update
from sqlalchemy.orm import Session

from kiosk.associates.directory import AssociateDirectory
from kiosk.clients.attach import Attachment, NewClient
from kiosk.clients.consent import CLIENTELING
from kiosk.db.models import Associate, Customer, FollowupLink, ServiceRequest, utcnow
from kiosk.db.outbox import save
from kiosk.handoff.links import IssuedLink
from kiosk.station.runtime import start
from kiosk.sync.push import Pusher
from kiosk.visit.journey import Journey
from kiosk.visit.records import VisitStore
from kiosk.visit.stages import EndReason
from tests.handoff.browser import CHROMIUM, Browser, screenshot
from tests.handoff.conftest import Reply, run_cli
from tests.sync.helpers import kiosk_config

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

AREAS = "Kitchen gallery, Salon"
NAME, PHONE, EMAIL = "Héloïse Durand", "+33 6 12 34 56 78", "heloise@example.com"
ADVISOR, PIN = "Xavier Lenoir", "604127"
SKU = "MV-CO-OV60"
WAITING_EN = "We’ve let them know"
ASKED_EN = "I’m in the store"


@dataclass
class Handed:
    link: IssuedLink
    advisor: uuid.UUID
    customer: uuid.UUID
    visit: uuid.UUID


def hand_off_client(root: Path, store_url: str, base: str, language: str = "en") -> Handed:
    """On kiosk A: a customer whose client record (clienteling consent) has advisor X hands
    off their selection; everything reaches the store through the outbox."""
    rt = start(kiosk_config(root, "kiosk-a", store_url, KIOSK_FOLLOWUP_BASE_URL=base))
    try:
        x = AssociateDirectory(rt.engine, rt.config.store_id).add(ADVISOR, "associate", PIN)
        j = rt.journey
        j.begin(language).result()
        j.set_selected(SKU, True).result()
        customer = j.attach_client(
            Attachment((CLIENTELING,), language, new=NewClient(NAME, PHONE, EMAIL))
        ).result()
        with Session(rt.engine) as s, s.begin():  # the advisor, set in the profile (synced)
            row = s.get(Customer, customer)
            assert row is not None
            row.advisor_id = x.id
            save(s, row)
        assert j.state is not None
        visit = j.state.visit_id
        link = j.issue_link(base).result()
        j.end(EndReason.HANDED_OFF).result()
        store = create_engine(store_url)
        Pusher(rt.engine, store).push_all()
        store.dispose()
    finally:
        rt.close()
    return Handed(link, x.id, customer, visit)


def in_store_requests(engine: Engine, visit_id: uuid.UUID) -> list[ServiceRequest]:
    with Session(engine) as s:
        return list(
            s.scalars(
                select(ServiceRequest).where(
                    ServiceRequest.visit_id == visit_id, ServiceRequest.kind == "in_store"
                )
            )
        )


def shown(reply: Reply) -> str:
    """The page's text as a phone shows it (entities such as &#39; decoded)."""
    return html.unescape(reply.body)


def in_store_csrf(reply: Reply) -> str:
    return reply.csrf("in_store")


def announce(server, token: str, area: str | None = None, csrf: str | None = None) -> Reply:  # type: ignore[no-untyped-def]
    """Tap "I'm in the store" on the page as it stands (the form's own token)."""
    if csrf is None:
        csrf = in_store_csrf(server.get(f"/f/{token}"))
    form = {"csrf": csrf, "lang": "en"}
    if area is not None:
        form["area"] = area
    return server.post(f"/f/{token}/in_store", form)


def test_in_the_store_reaches_the_clients_advisor_with_the_area(store, serve, tmp_path):
    handed = hand_off_client(tmp_path, store.url, f"http://127.0.0.1:{store.port}/f/")
    server = serve(KIOSK_STORE_AREAS=AREAS)
    token = handed.link.token
    page = server.get(f"/f/{token}")
    assert page.status == 200
    assert ASKED_EN in shown(page)
    assert re.search(r'<option value="">Somewhere in the store</option>', page.body)
    assert '<option value="Salon">Salon</option>' in page.body
    csrf = in_store_csrf(page)

    sent = announce(server, token, "Salon", csrf)
    assert sent.status == 303
    assert sent.headers["location"].endswith(f"/f/{token}?lang=en#in-store")
    [made] = in_store_requests(store.engine, handed.visit)
    assert (made.kiosk_id, made.for_associate, made.area) == ("phone", handed.advisor, "Salon")
    assert made.store_id == "store-7"
    assert made.store_txid is not None  # stamped: every kiosk's next pull brings it
    after = server.get(f"/f/{token}")
    assert WAITING_EN in shown(after)
    assert "We will find you at: Salon" in shown(after)
    assert 'action="/f/' + token + '/in_store"' not in after.body  # no second button

    # a double tap (the same form twice) and an old tab: polite, and nothing more stored
    assert announce(server, token, "Salon", csrf).status == 303
    assert announce(server, token, None, csrf).status == 303
    assert len(in_store_requests(store.engine, handed.visit)) == 1

    # in the visit's language, Chinese too
    zh = server.get(f"/f/{token}?lang=zh-Hans")
    assert "我们已通知顾问" in zh.body

    logs = server.logs()
    assert "in-store request made for the advisor" in logs
    for personal in (token, NAME, "Durand", str(handed.customer), str(handed.advisor)):
        assert personal not in logs


def test_bad_areas_missing_csrf_and_closed_links_store_nothing(store, serve, tmp_path):
    handed = hand_off_client(tmp_path, store.url, f"http://127.0.0.1:{store.port}/f/")
    server = serve(KIOSK_STORE_AREAS=AREAS)
    token = handed.link.token

    not_ours = announce(server, token, "The attic")
    assert not_ours.status == 422
    assert "Please choose a place from the list" in not_ours.body
    assert announce(server, token, "Salon" + "x" * 5000).status == 422
    assert announce(server, token, "salon").status == 422  # the store's names, exactly
    forged = server.post(f"/f/{token}/in_store", {"area": "Salon", "lang": "en"})
    assert forged.status == 403
    other_link = store.links["valid"].token  # a token for another link's form
    stolen = server.post(
        f"/f/{token}/in_store", {"csrf": in_store_csrf(server.get(f"/f/{other_link}"))}
    )
    assert stolen.status == 403
    assert in_store_requests(store.engine, handed.visit) == []

    csrf = in_store_csrf(server.get(f"/f/{token}"))
    done = run_cli(store, "followup", "revoke", handed.link.code_for_display)
    assert done.returncode == 0, done.stderr
    revoked = announce(server, token, "Salon", csrf)
    assert revoked.status == 410
    expired = store.links["expired"].token
    assert server.post(f"/f/{expired}/in_store", {"csrf": csrf}).status == 410
    assert in_store_requests(store.engine, handed.visit) == []


def test_without_a_client_or_areas_the_store_is_asked(store, serve):
    server = serve()  # no store_areas: no area is asked
    link = store.links["valid"]  # a hand-off with no client
    page = server.get(f"/f/{link.token}")
    assert ASKED_EN in shown(page)
    assert '<select name="area">' not in page.body
    assert announce(server, link.token, "Salon").status == 422  # no area is the store's
    assert announce(server, link.token).status == 303
    with Session(store.engine) as s:
        visit = link_visit(s, link.token)
    [made] = in_store_requests(store.engine, visit)
    assert (made.for_associate, made.area) == (None, None)
    assert "in-store request made for the store" in server.logs()


def link_visit(s: Session, token: str) -> uuid.UUID:
    return s.scalars(select(FollowupLink.visit_id).where(FollowupLink.token == token)).one()


def test_an_advisor_away_longer_than_the_setting_leaves_it_to_the_store(store, serve, tmp_path):
    handed = hand_off_client(tmp_path, store.url, f"http://127.0.0.1:{store.port}/f/")
    server = serve(KIOSK_ADVISOR_AWAY_HOURS="48")

    def away_for(hours: int) -> None:
        with Session(store.engine) as s, s.begin():
            s.execute(
                update(Associate)
                .where(Associate.id == handed.advisor)
                .values(away_until=utcnow() + dt.timedelta(hours=hours))
            )

    def resolve_all() -> None:
        with Session(store.engine) as s, s.begin():
            s.execute(
                update(ServiceRequest)
                .where(ServiceRequest.visit_id == handed.visit)
                .values(resolved_at=utcnow())
            )

    away_for(72)  # on holiday for three days: the store looks after the client
    assert announce(server, handed.link.token).status == 303
    assert [r.for_associate for r in in_store_requests(store.engine, handed.visit)] == [None]
    resolve_all()  # seen to; another day in the store, the page offers the button again
    away_for(24)  # back tomorrow: still the advisor's
    assert ASKED_EN in shown(server.get(f"/f/{handed.link.token}"))
    assert announce(server, handed.link.token).status == 303
    routed = {r.for_associate for r in in_store_requests(store.engine, handed.visit)}
    assert routed == {None, handed.advisor}


def test_a_kiosk_request_for_a_visit_with_a_client_goes_to_their_advisor(tmp_path, seed_local_db):
    """Kiosk-made requests ("An advisor, please") route as the page's do."""
    config = kiosk_config(tmp_path, "kiosk-b")
    seed_local_db(config.local_db_path)
    rt = start(config)
    try:
        x = AssociateDirectory(rt.engine, "store-7").add(ADVISOR, "associate", PIN)
        j = rt.journey
        j.begin("en").result()
        stranger = j.request_service("associate").result()  # no client yet: anyone
        customer = j.attach_client(
            Attachment((CLIENTELING,), "en", new=NewClient(NAME, PHONE, EMAIL))
        ).result()
        with Session(rt.engine) as s, s.begin():
            row = s.get(Customer, customer)
            assert row is not None
            row.advisor_id = x.id
            save(s, row)
        client = j.request_service("refreshment").result()
        j.end(EndReason.COMPLETED).result()
        # a journey built with a limit of an hour: an advisor away for two is passed over
        with Session(rt.engine) as s, s.begin():
            s.execute(
                update(Associate)
                .where(Associate.id == x.id)
                .values(away_until=utcnow() + dt.timedelta(hours=2))
            )
        short = Journey(
            VisitStore(rt.engine, "store-7", "kiosk-b"), away_limit=dt.timedelta(hours=1)
        )
        short.begin("en").result()
        short.attach_client(Attachment((CLIENTELING,), "en", customer_id=customer)).result()
        away = short.request_service("associate").result()
        short.end(EndReason.COMPLETED).result()
        with Session(rt.engine) as s:
            routed = {r.id: r.for_associate for r in s.scalars(select(ServiceRequest))}
        assert routed == {stranger: None, client: x.id, away: None}
        mine = rt.desk.open_requests(x.id)
        assert [r.id for r in mine] == [client, stranger, away]  # hers first, then by age
        assert [r.id for r in rt.desk.open_requests(None)] == [stranger, client, away]
    finally:
        rt.close()


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_the_in_store_part_on_a_phone(store, serve, screenshot_dir, tmp_path):
    """Evidence: the page's head with "I'm in the store" and its areas, and after the tap,
    in both languages, in a real headless Chromium at phone size; the console stays silent."""
    handed = hand_off_client(tmp_path, store.url, f"http://127.0.0.1:{store.port}/f/")
    zh = store.links["zh"].token
    server = serve(KIOSK_STORE_AREAS=AREAS)
    tap = (
        "(() => { const f = document.querySelector('#in-store form');"
        " f.querySelector('select').value = 'Salon'; f.submit(); })()"
    )
    browser = Browser(tmp_path / "profile")
    said: dict[str, list[str]] = {}
    try:
        for name, token, lang, script in (
            ("in-store-en", handed.link.token, "en", ""),
            ("in-store-zh", zh, "zh-Hans", ""),
            ("in-store-told-en", handed.link.token, "en", tap),
            ("in-store-told-zh", zh, "zh-Hans", tap),
        ):
            url = f"{server.base}{token}?lang={lang}"
            said[name] = screenshot(browser, url, screenshot_dir / f"{name}.png", script=script)
    finally:
        browser.close()
    assert all(console == [] for console in said.values()), said
    assert [r.area for r in in_store_requests(store.engine, handed.visit)] == ["Salon"]
