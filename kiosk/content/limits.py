"""How much a pack may hold: generous for real content, small enough that nothing a pack
says can stall the kiosk.

A 50 MB product summary once validated, installed and froze the GUI for 40 s when the
product opened: every text a screen lays out on the GUI thread must be bounded, and so must
every list a screen builds widgets for. The figures are several times what the demo pack
uses (its longest chapter body is 171 characters, its longest name 42) and match what the
screens are designed to show: a name on two lines, a summary as a short paragraph, a
chapter as a page of reading. docs/content-packs.md lists them for the content team.

Measured (tests/bench/test_text_layout_bench.py): a 3,000-character chapter body lays out
and paints in a few ms of GUI-thread time in Latin, Chinese, bidi or as one unbroken word;
at 5,000 characters some cases (emoji sequences, a thousand paragraphs) passed a frame.
Characters no font can draw (private use, unassigned, control) are refused: each costs a
fruitless font-fallback search.
"""

from __future__ import annotations

# A pack document larger than this is refused before it is parsed (the demo pack's largest
# is 16 KB; split a very large catalogue over several products/*.toml files).
MAX_DOCUMENT_BYTES = 4 * 1024 * 1024

# Customer-facing texts, in characters per language, by field name.
TEXT_LIMITS: dict[str, int] = {
    "name": 120,
    "title": 120,
    "label": 120,
    "value": 60,
    "reason": 120,
    "tagline": 200,
    "prompt": 200,
    "caption": 300,
    "help": 500,
    "summary": 600,
    "description": 1_000,
    "body": 3_000,
}
# Blank-line separated paragraphs in one text: each is a block with its own margins, and
# thousands of tiny ones cost a screen more to lay out than the same text in a few.
MAX_PARAGRAPHS = 40
# A spec's label sits in a narrow column beside its value.
SPEC_LABEL_LIMIT = 60
# Any other customer-facing text (a field added later without a limit of its own).
DEFAULT_TEXT_LIMIT = 1_000

# Plain texts: ids and SKUs, image paths, the brand and version.
IDENT_LIMIT = 64
PLAIN_LIMITS: dict[str, int] = {"brand": 120, "version": 40, "image": 300}
DEFAULT_PLAIN_LIMIT = 300

# Lists a screen builds one widget (or one image) per entry for, by field name.
LIST_LIMITS: dict[str, int] = {
    "languages": 8,
    "attributes": 64,
    "categories": 60,
    "collections": 60,
    "price_bands": 12,
    "attract": 60,
    "gallery": 24,
    "specs": 16,
    "chapters": 12,
    "scenes": 12,
    "hotspots": 12,
    "questions": 24,
    "options": 12,
    "reasons": 300,
    "case_categories": 12,
    "finishes": 24,
    "care": 60,
}

# The attract screen's moving loop (an animated WebP, kiosk/content/loop.py). A full-HD frame
# is decoded, scaled and converted by the player's worker in well under a frame's time on
# one core, a 4K one is not; the file size and frame count bound validation's time and the
# pack's size; a loop longer than a minute is better as stills.
MAX_LOOP_BYTES = 24 * 1024 * 1024
MAX_LOOP_FRAME_PIXELS = 1920 * 1200
MAX_LOOP_FRAMES = 1_800
MAX_LOOP_SECONDS = 60
MIN_FRAME_MS = 30  # at most about 33 frames a second: the screen and the worker keep up
MIN_LOOP_FRAMES = 2  # one frame is a still: it belongs with the attract images
