"""What the follow-up page says and shows, apart from HTTP: strings, the selection's
entries from the content pack, the consent wording and its version, form validation."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from kiosk.clients.lookup import looks_like_email
from kiosk.content.model import ContentPack, Product
from kiosk.handoff.records import APPOINTMENT_KINDS, TIMES_OF_DAY, Contact
from kiosk.station.paths import assets_dir
from kiosk.typesetting import visible_text

FALLBACK = "en"
WORDING_REVISION = "v1"  # raise when the meaning of a consent text changes
STORY_CHAPTERS = ("heritage", "craftsmanship", "design", "materials", "technology")
"""The chapters a selection's excerpt may come from, in preference; never the care guide,
which the page shows beside each purchased item (``kiosk.handoff.after_sale_view``)."""
EXCERPT_CHARS = 240


@cache
def _strings() -> dict[str, dict[str, str]]:
    path = assets_dir() / "i18n" / "followup.json"
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def languages() -> tuple[str, ...]:
    return tuple(_strings()["page.title"])


def strings(language: str) -> dict[str, str]:
    """Every page string in ``language`` (English where one is missing), keys without
    the ``page.`` prefix, for the templates."""
    return {
        key.removeprefix("page."): entry.get(language) or entry[FALLBACK]
        for key, entry in _strings().items()
    }


def consent_wording(kind: str, language: str) -> tuple[str, str]:
    """The consent text shown for ``kind`` and its recorded version: the revision plus a
    digest of the exact words, so the record proves which text the customer agreed to."""
    text = strings(language)[f"consent.{kind}"]
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return text, f"{kind}-{WORDING_REVISION}-{language}-{digest}"


@dataclass(frozen=True)
class Entry:
    index: int
    name: str
    summary: str
    story_title: str
    story: str
    has_image: bool


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first sentences of ``text`` that fit in ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("。"), cut.rfind("! "), cut.rfind("? "))
    return cut[: end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0] + "…"


def _story(product: Product) -> tuple[Any, Any]:
    for kind in STORY_CHAPTERS:
        chapter = product.chapter(kind)
        if chapter is not None:
            return chapter.title, chapter.body
    return None, None


def entries(pack: ContentPack, skus: tuple[str, ...], language: str) -> list[Entry]:
    """The selection as the page shows it; a product the pack no longer has is left out."""
    result = []
    for index, sku in enumerate(skus):
        product = pack.product(sku)
        if product is None:
            continue
        title, body = _story(product)
        result.append(
            Entry(
                index=index,
                name=product.name.get(language),
                summary=product.summary.get(language),
                story_title=title.get(language) if title else "",
                story=excerpt(body.get(language)) if body else "",
                has_image=bool(product.gallery),
            )
        )
    return result


@dataclass
class FormInput:
    kind: str
    contact: Contact
    details: dict[str, Any]
    due: dt.datetime | None
    errors: list[str]


def _clean(value: str, limit: int) -> str:
    return visible_text(value, lines=False)[:limit]


def read_form(kind: str, form: dict[str, str], today: dt.date) -> FormInput:
    """Validate a contact or appointment form; ``errors`` are string keys (none: valid)."""
    errors = []
    name = _clean(form.get("name", ""), 200)
    email = _clean(form.get("email", ""), 254) or None
    phone = _clean(form.get("phone", ""), 40) or None
    if not name:
        errors.append("error.name")
    if not email and not phone:
        errors.append("error.reach")
    if email and not looks_like_email(email):
        errors.append("error.email")
    if phone and len(re.sub(r"\D", "", phone)) < 6:
        errors.append("error.phone")
    if form.get("consent") != "yes":
        errors.append("error.consent")
    details: dict[str, Any] = {}
    note = visible_text(form.get("note", ""))[:1000]
    if note:
        details["note"] = note
    due = None
    if kind == "appointment":
        appointment = form.get("appointment", "")
        if appointment not in APPOINTMENT_KINDS:
            errors.append("error.kind")
        time_of_day = form.get("time_of_day", "any")
        details["appointment"] = appointment
        details["time_of_day"] = time_of_day if time_of_day in TIMES_OF_DAY else "any"
        raw_date = form.get("preferred_date", "").strip()
        if raw_date:
            try:
                wanted = dt.date.fromisoformat(raw_date)
            except ValueError:
                wanted = None
            if wanted is None or not today < wanted <= today + dt.timedelta(days=366):
                errors.append("error.date")
            else:
                details["preferred_date"] = wanted.isoformat()
                # the advisor confirms two days ahead at the latest
                confirm_by = wanted - dt.timedelta(days=2)
                # at 09:00 on the store's clocks: the page's process runs in the store's
                # zone (kiosk.handoff.cli), as the reminders do (kiosk.station.place)
                due = dt.datetime.combine(max(confirm_by, today), dt.time(9)).astimezone()
    return FormInput(kind, Contact(name, email, phone), details, due, errors)
