"""Link ids, typed codes, signed form tokens and the guessing brake, without a server."""

from __future__ import annotations

import stat

import pytest

from kiosk.errors import ConfigError
from kiosk.handoff.links import (
    CODE_ALPHABET,
    looks_like_token,
    new_code,
    new_token,
    normalize_code,
)
from kiosk.handoff.qr import QUIET_ZONE, qr_modules
from kiosk.handoff.security import MissLimiter, Signer, load_or_create_key


def test_tokens_are_long_random_and_url_safe():
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    for token in list(tokens)[:50]:
        assert len(token) == 32  # 24 random bytes: 192 bits
        assert looks_like_token(token)
    assert not looks_like_token("a" * 31)
    assert not looks_like_token("a" * 31 + "/")


def test_codes_avoid_ambiguous_letters_and_forgive_typing():
    for _ in range(500):
        code = new_code()
        assert len(code) == 10
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("ILOU")
    assert normalize_code(" ab0de-f1hjk ") == "AB0DEF1HJK"
    assert normalize_code("abODE-fIhjk") == "AB0DEF1HJK"  # O is 0, I is 1
    assert normalize_code("ABCDE-FGHJ") is None  # too short
    assert normalize_code("ABCDE-FGHJU") is None  # U is in no code
    assert normalize_code("") is None


def test_the_qr_has_a_quiet_zone_of_four_modules():
    modules = qr_modules("https://maison.example/f/" + new_token())
    assert len(modules) == len(modules[0])
    for edge in (modules[:QUIET_ZONE], modules[-QUIET_ZONE:]):
        assert not any(any(row) for row in edge)
    assert not any(any(row[:QUIET_ZONE]) for row in modules)


def test_the_secret_key_is_created_once_private_and_reused(tmp_path):
    path = tmp_path / "keys" / "secret.key"
    key = load_or_create_key(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    short = tmp_path / "short.key"
    short.write_bytes(b"abc")
    with pytest.raises(ConfigError, match="no usable key"):
        load_or_create_key(short)
    assert short.read_bytes() == b"abc"  # left as it was


def test_form_tokens_are_bound_to_their_link_and_purpose_and_expire():
    now = [1_000_000.0]
    signer = Signer(b"k" * 32, clock=lambda: now[0])
    token = signer.form_token("link-a", "contact")
    assert signer.check_form_token(token, "link-a", "contact")
    assert not signer.check_form_token(token, "link-b", "contact")
    assert not signer.check_form_token(token, "link-a", "appointment")
    assert not Signer(b"x" * 32, clock=lambda: now[0]).check_form_token(token, "link-a", "contact")
    assert not signer.check_form_token("garbage", "link-a", "contact")
    now[0] += 25 * 3600
    assert not signer.check_form_token(token, "link-a", "contact")


def test_a_form_token_names_the_submission_it_is_good_for():
    signer = Signer(b"k" * 32, clock=lambda: 1_000_000.0)
    first, second = (
        signer.form_token("link-a", "contact"),
        signer.form_token("link-a", "contact", 1),
    )
    assert signer.read_form_token(first, "link-a", "contact") == 0
    assert signer.read_form_token(second, "link-a", "contact") == 1
    issued, _, mac = second.split(".")
    assert signer.read_form_token(f"{issued}.0.{mac}", "link-a", "contact") is None  # moved back
    assert signer.read_form_token(f"{issued}.{mac}", "link-a", "contact") is None


def test_an_attempt_counts_as_it_starts_and_is_forgiven_when_it_hits():
    limiter = MissLimiter(2, clock=lambda: 0.0)
    assert limiter.begin("10.0.0.1")
    assert limiter.begin("10.0.0.1")
    assert not limiter.begin("10.0.0.1")  # two look-ups under way are the limit
    limiter.hit("10.0.0.1")
    assert limiter.begin("10.0.0.1")
    assert limiter.blocked("10.0.0.1")


def test_misses_are_counted_per_client_over_a_sliding_minute():
    now = [0.0]
    limiter = MissLimiter(3, clock=lambda: now[0])
    for _ in range(3):
        assert not limiter.blocked("10.0.0.1")
        limiter.miss("10.0.0.1")
    assert limiter.blocked("10.0.0.1")
    assert not limiter.blocked("10.0.0.2")  # someone else is not punished
    assert 1 <= limiter.retry_after("10.0.0.1") <= 61
    now[0] = 61.0
    assert not limiter.blocked("10.0.0.1")
