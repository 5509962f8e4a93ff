"""Signing in on the companion: the kiosk's PIN, the kiosk's lockout (one count for kiosks
and phones), sessions that end, forms that cannot be forged, the page's headers."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from sqlalchemy import select

from kiosk.associates.directory import SignInRefused
from kiosk.db.models import Associate
from tests.companion.conftest import NAME, OTHER, PIN, Shop

WRONG = "9361"


def store_row(shop: Shop, name: str = NAME) -> Associate:
    from sqlalchemy.orm import Session

    with Session(shop.engine) as s:
        row = s.scalars(select(Associate).where(Associate.display_name == name)).one()
        s.expunge(row)
        return row


def test_the_right_pin_opens_the_list_and_a_wrong_one_says_so(shop, companion):
    phone = companion().phone()
    assert phone.get("/c/").headers["location"] == "/c/signin"
    wrong = phone.sign_in(pin=WRONG)
    assert wrong.status == 401
    assert "do not match" in wrong.body
    assert "companion_session" not in phone.jar
    ok = phone.sign_in()
    assert ok.status == 303
    assert ok.headers["location"] == "/c/"
    page = phone.get("/c/")
    assert page.status == 200
    assert f"Signed in as {NAME}" in page.body
    assert "Open requests" in page.body
    # the failure was counted store side, and the success cleared it, each a newer version
    row = store_row(shop)
    assert row.failed_attempts == 0
    assert row.locked_until is None


def test_an_unknown_name_reads_like_a_wrong_pin(shop, companion):
    reply = companion().phone().sign_in(name="Nobody Here")
    assert reply.status == 401
    assert "do not match" in reply.body


def test_a_lockout_earned_on_a_kiosk_refuses_the_phone(shop, companion):
    directory = shop.directory()
    ana = directory.find(NAME)
    for _ in range(5):
        with pytest.raises(SignInRefused):
            directory.verify(ana.id, WRONG)
    shop.push()
    reply = companion().phone().sign_in()  # the right PIN, but locked
    assert reply.status == 401
    assert "Too many attempts" in reply.body
    assert "companion_session" not in reply.body


def test_failures_on_the_phone_lock_the_pin_on_every_kiosk_after_their_pull(shop, companion):
    phone = companion().phone()
    before = store_row(shop).version
    for _ in range(5):
        assert phone.sign_in(pin=WRONG).status == 401
    row = store_row(shop)
    assert row.failed_attempts == 5
    assert row.locked_until is not None
    assert row.version > before  # a store-side write the kiosks pull
    kiosk_b = shop.make_kiosk("kiosk-b")
    shop.pull(kiosk_b)
    shop.pull(shop.kiosk)
    for rt in (shop.kiosk, kiosk_b):
        directory = shop.directory(rt)
        with pytest.raises(SignInRefused) as refused:
            directory.verify(directory.find(NAME).id, PIN)  # the right PIN
        assert refused.value.reason == "locked"


def test_a_session_ends_after_the_store_idle_time(shop, companion):
    server = companion(KIOSK_COMPANION_IDLE_MINUTES="10")
    phone = server.phone()
    phone.sign_in()
    server.clock.offset = dt.timedelta(minutes=9)
    assert phone.get("/c/").status == 200  # in use: the idle time starts again
    server.clock.offset = dt.timedelta(minutes=18, seconds=59)
    assert phone.get("/c/").status == 200
    server.clock.offset = dt.timedelta(minutes=29)
    gone = phone.get("/c/")
    assert gone.status == 303
    assert gone.headers["location"] == "/c/signin?ended=1"
    assert "signed out" in phone.get("/c/signin?ended=1").body


def test_a_disabled_associate_is_refused_at_the_next_request(shop, companion):
    server = companion()
    phone, other = server.phone(), server.phone()
    phone.sign_in()
    other.sign_in(OTHER, "5193")
    assert phone.get("/c/").status == 200
    directory = shop.directory()
    directory.disable(directory.find(NAME).id)
    shop.push()
    assert phone.get("/c/").status == 303
    assert phone.get("/c/").headers["location"] == "/c/signin"  # the cookie was dropped
    assert other.get("/c/").status == 200  # only the disabled associate is signed out
    assert phone.sign_in().status == 401


def test_forms_without_or_with_a_forged_token_are_refused(shop, companion):
    server = companion()
    phone = server.phone()
    page = phone.get("/c/signin")
    no_token = phone.post("/c/signin", {"name": NAME, "pin": PIN})
    assert no_token.status == 403
    assert "companion_session" not in phone.jar
    token = page.csrf("signin")
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert phone.post("/c/signin", {"csrf": forged, "name": NAME, "pin": PIN}).status == 403
    # a token taken from another browser's form is bound to that browser's cookie
    stranger = server.phone()
    assert stranger.post("/c/signin", {"csrf": token, "name": NAME, "pin": PIN}).status == 403
    assert phone.sign_in().status == 303
    listing = phone.get("/c/")
    assert phone.post("/c/signout", {}).status == 403
    assert phone.post("/c/answer", {"kind": "request", "id": "x", "action": "ack"}).status == 403
    signout = phone.post("/c/signout", {"csrf": listing.csrf("signout")})
    assert signout.status == 303
    assert phone.get("/c/").headers["location"].startswith("/c/signin")


def test_every_answer_carries_the_headers_and_the_cookies_their_flags(shop, companion):
    phone = companion().phone()
    signin_page = phone.get("/c/signin")
    signed = phone.sign_in()
    listing = phone.get("/c/")
    for reply in (signin_page, signed, listing, phone.get("/c/nowhere"), phone.get("/c/app.js")):
        assert reply.headers["x-frame-options"] == "DENY"
        assert reply.headers["x-content-type-options"] == "nosniff"
        assert reply.headers["referrer-policy"] == "no-referrer"
        csp = reply.headers["content-security-policy"]
        assert "default-src 'none'" in csp
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
    assert listing.headers["cache-control"] == "no-store"
    session = next(c for c in signed.cookies if c.startswith("companion_session="))
    flags = {f.strip().lower() for f in session.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/c/"} <= flags
    assert "secure" not in flags  # plain HTTP here: a Secure cookie would never come back
    assert re.fullmatch(r"companion_session=[A-Za-z0-9_-]{43}", session.split(";")[0])
    assert NAME.split()[0] not in listing.headers.get("location", "")


def test_behind_tls_the_cookies_are_secure_and_hsts_is_sent(shop, companion):
    phone = companion(secure=True).phone()
    page = phone.get("/c/signin")
    assert all("secure" in c.lower() for c in page.cookies)
    assert page.headers["strict-transport-security"].startswith("max-age=")


def flags_of(reply, name: str) -> set[str]:
    cookie = next(c for c in reply.cookies if c.startswith(f"{name}="))
    return {f.strip().lower() for f in cookie.split(";")[1:]}


def test_behind_the_trusted_proxy_its_https_makes_the_cookies_secure(shop, companion):
    """The store's TLS proxy (named in followup_trusted_proxies) says https: Secure cookies
    and HSTS, without --secure; its plain http, or the header from anyone else, does not."""
    server = companion(KIOSK_FOLLOWUP_TRUSTED_PROXIES="127.0.0.1")
    phone = server.phone()
    phone.sent = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    page = phone.get("/c/signin?lang=zh-Hans")
    assert "secure" in flags_of(page, "companion_pre")
    assert "secure" in flags_of(page, "companion_lang")
    assert page.headers["strict-transport-security"].startswith("max-age=")
    signed = phone.sign_in()
    assert signed.status == 303
    assert {"secure", "httponly", "samesite=strict"} <= flags_of(signed, "companion_session")
    plain = server.phone()
    plain.sent = {"X-Forwarded-Proto": "http"}
    reply = plain.get("/c/signin")
    assert "secure" not in flags_of(reply, "companion_pre")
    assert "strict-transport-security" not in reply.headers
    # without a trusted proxy named, anyone's X-Forwarded-Proto is ignored
    direct = companion().phone()
    direct.sent = {"X-Forwarded-Proto": "https"}
    reply = direct.get("/c/signin")
    assert "secure" not in flags_of(reply, "companion_pre")
    assert "strict-transport-security" not in reply.headers


def test_a_restart_keeps_the_sessions_but_not_the_ended_ones(shop, companion, tmp_path):
    """The server restarted (same machine, same key folder): a signed-in phone stays signed
    in; one signed out, or idle too long meanwhile, does not come back. The file keeps the
    ids' hashes only."""
    first = companion(KIOSK_COMPANION_IDLE_MINUTES="10")
    phone, left = first.phone(), first.phone()
    phone.sign_in()
    left.sign_in(OTHER, "5193")
    old_cookie = dict(left.jar)
    left.post("/c/signout", {"csrf": left.get("/c/").csrf("signout")})
    first.server.should_exit = True
    again = companion(KIOSK_COMPANION_IDLE_MINUTES="10")
    phone.port = left.port = again.port
    page = phone.get("/c/")
    assert page.status == 200
    assert f"Signed in as {NAME}" in page.body
    left.jar = old_cookie  # the cookie of a session signed out before the restart
    assert left.get("/c/").headers["location"].startswith("/c/signin")
    kept = b"".join(f.read_bytes() for f in (tmp_path / "companion").glob("companion-sessions*"))
    cookie = phone.jar["companion_session"]
    assert hashlib.sha256(cookie.encode()).hexdigest().encode() in kept
    assert cookie.encode() not in kept
    assert (tmp_path / "companion" / "companion-sessions.sqlite3").stat().st_mode & 0o077 == 0
    later = companion(KIOSK_COMPANION_IDLE_MINUTES="10")
    later.clock.offset = dt.timedelta(minutes=11)  # down longer than the idle time
    phone.port = later.port
    assert phone.get("/c/").headers["location"] == "/c/signin?ended=1"
