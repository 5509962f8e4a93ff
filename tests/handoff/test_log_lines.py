"""What the page's log does with what strangers send: redaction that stays linear on any
input, one line per record, ids masked wherever they stand."""

from __future__ import annotations

import io
import logging

import pytest

from kiosk.handoff.middleware import MAX_LOGGED_TARGET, masked_target
from kiosk.station.logs import dress, redact

MB = 1_000_000
# Shapes that made the old patterns rescan a long run from each of its positions.
ADVERSARIAL = {
    "one long word": "a" * MB,
    "a word then an at sign": "a" * (MB // 2) + "@" + "b" * (MB // 2),
    "at signs": "a@" * (MB // 2),
    "dots": "a." * (MB // 2),
    "domains without a dot": "x@" + "b-" * (MB // 2),
    "digits then spaces": "1234567" + " " * MB,
    "digits and brackets": "1(" * (MB // 2) + "x",
    "link ids": "A" * 31 + "/" + "-" * MB,
}


@pytest.mark.timeout(120)  # the old patterns would take hours here; these take milliseconds
@pytest.mark.parametrize("shape", ADVERSARIAL)
def test_redacting_a_megabyte_of_hostile_text_completes(shape):
    text = ADVERSARIAL[shape]
    assert len(redact(text)) <= len(text) + 8
    assert len(masked_target("/f/" + text, text)) < MAX_LOGGED_TARGET + 40


def test_redaction_still_finds_what_it_must():
    said = "write to jean.dupont+kiosk@example.co.uk or call +33 6 12 34 56 78."
    assert redact(said) == "write to [email] or call [phone]."
    assert redact("a@b.c+d@e.f") == "[email]@e.f"  # the second address loses its name too
    assert (
        redact("visit 0190a3e4-7b2c and sku MV-CO-OV60") == "visit 0190a3e4-7b2c and sku MV-CO-OV60"
    )


def test_an_id_is_never_taken_for_a_phone_number():
    """A visit's id stays whole in the log (it was "01a[phone]a-7257-aebf-[phone]d9d")."""
    for said in (
        "visit 019af1a5-7257-7ebf-8123-4567890a1d9d started",
        "visit 019af1a5-1234-7567-8901-234567890123 ended",
        "order TILL-2026-0098-1234 and ref A12345678901B",
    ):
        assert redact(said) == said
    for said, masked in (
        ("call 06 12 34 56 78, please", "call [phone], please"),
        ("(tel:0612345678)", "(tel:[phone])"),
        ("phone=+33612345678&x", "phone=[phone]&x"),
    ):
        assert redact(said) == masked


def test_ids_are_masked_wherever_they_stand_and_query_values_left_out():
    token = "4EC8IzTAtjJfc33VsmOurEmtxBDCAM5A"
    assert masked_target(f"/f/{token}", "lang=zh-Hans") == "/f/<link>?lang=zh-Hans"
    assert masked_target(f"/f/{token}", "done=contact&lang=en") == "/f/<link>?done=contact&lang=en"
    assert masked_target("/f/", f"next={token}&code=ABCDE-FGHJK") == "/f/?next=…&code=…"
    assert masked_target("/f/", f"{token}=1") == "/f/?<link>=…"
    assert masked_target(f"/f/x{token};y") == "/f/<link>;y"
    assert masked_target("/f/w/0190a3e4-7b2c-7d3e-8f90-1234567890ab/sig") == "/f/w/…"
    assert masked_target("/f/", "lang=<script>") == "/f/?lang=…"


def _dressed_logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    sink = io.StringIO()
    logger = logging.getLogger(name)
    logger.propagate = False
    logger.addHandler(dress(logging.StreamHandler(sink), "%(levelname)s %(message)s"))
    logger.addHandler(dress(logging.StreamHandler(sink), "%(levelname)s %(message)s"))
    logger.setLevel(logging.INFO)
    return logger, sink


def test_every_record_is_one_line_whatever_its_message_holds():
    logger, sink = _dressed_logger("tests.handoff.one_line")
    logger.info("GET %s 404", "/f/\nINFO forged\r\u2028\x1b[31mred\u202e")
    lines = sink.getvalue().splitlines()
    assert lines == [r"INFO GET /f/\nINFO forged\r\u2028\x1b[31mred\u202e 404"] * 2


def test_a_traceback_follows_its_record_indented_and_redacted():
    logger, sink = _dressed_logger("tests.handoff.traceback")
    try:
        raise ValueError("bad path /f/\nERROR forged by someone@example.org")
    except ValueError:
        logger.exception("unexpected error answering %s", "/f/<link>")
    lines = sink.getvalue().splitlines()
    assert lines[0] == "ERROR unexpected error answering /f/<link>"
    starts = [line for line in lines if not line.startswith("    ")]
    assert starts == [lines[0], lines[0]]  # two handlers, each record starting one line
    assert not any("ERROR forged" in line and not line.startswith("    ") for line in lines)
    assert "someone@example.org" not in sink.getvalue()
    assert "[email]" in sink.getvalue()
