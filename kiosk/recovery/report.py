"""What a customer (at farewell) or an associate (in person) reports, and the one check of it.

Pure and quick, so a screen may call ``check_report`` on the GUI thread to answer at once;
``CaseBook.open_case`` calls it again before it writes, so nothing unchecked is ever stored.
Messages name what is wrong and never repeat what was typed (it may be personal).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from kiosk.clients.lookup import (
    MIN_PHONE_DIGITS,
    looks_like_email,
    normalise_email,
    normalise_phone,
)
from kiosk.errors import KioskError
from kiosk.typesetting import visible_text

MAX_TEXT = 1000
"""Characters for a description, an internal note or a reply to the customer."""
MAX_NAME = 200  # the column's width
MAX_EMAIL = 254
MAX_PHONE = 20
CASE_CONTACT_PURPOSE = "case_contact"
"""The Consent row's purpose: the store may contact this customer about this case only."""
CASE_CONTACT_WORDING = "case-contact-1"
"""The version of the wording shown beside the consent tick (recorded with the consent)."""
FIELDS = ("category", "description", "contact", "consent", "reply", "escalation", "case")


class CaseError(KioskError):
    """A case that cannot be stored or changed as asked; nothing was written.

    ``field`` names what to fix, so a screen can say it in the reader's language."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CaseReport:
    """What the customer (farewell) or the associate (in person) filled in."""

    category: str
    description: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    consent: bool = False  # the explicit "the store may contact me" tick
    language: str = "en"
    score: int | None = None

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)


def clean_text(text: str, limit: int, field: str, what: str) -> str:
    """``text`` stripped, with control characters (but line breaks) removed; CaseError when
    longer than ``limit`` characters."""
    kept = visible_text(text)
    if len(kept) > limit:
        raise CaseError(f"{what} has at most {limit} characters", field)
    return kept


def check_report(report: CaseReport, categories: Collection[str]) -> CaseReport:
    """A stripped, normalised copy of ``report``, or CaseError with the first thing to fix.

    A category from ``categories`` is needed (and a score, when given, from 0 to 10: field
    "case"); words and contact are optional. Contact details need the consent tick, and the
    tick needs a name plus a phone or an e-mail. No contact at all ("just let the manager
    know") is valid."""
    if report.score is not None and not 0 <= report.score <= 10:
        raise CaseError("a score runs from 0 to 10", "case")
    category = report.category.strip()
    if not category:
        raise CaseError("choose what it was about", "category")
    if category not in categories:
        raise CaseError(f"unknown case category {category!r}", "category")
    description = clean_text(report.description, MAX_TEXT, "description", "the description")
    name = re.sub(r"\s+", " ", clean_text(report.contact_name, MAX_NAME, "contact", "a name"))
    phone_raw = report.contact_phone.strip()
    email_raw = report.contact_email.strip()
    if not report.consent:
        if name or phone_raw or email_raw:
            raise CaseError("contact details need the consent to be contacted", "consent")
        return replace(
            report,
            category=category,
            description=description,
            contact_name="",
            contact_phone="",
            contact_email="",
        )
    if not name or not (phone_raw or email_raw):
        raise CaseError("to be contacted, give a name and a phone number or an e-mail", "contact")
    phone = ""
    if phone_raw:
        phone = normalise_phone(phone_raw)
        if (
            not re.fullmatch(r"[+\d\s\-./()]+", phone_raw)
            or len(phone.lstrip("+")) < MIN_PHONE_DIGITS
            or len(phone) > MAX_PHONE
        ):
            raise CaseError(
                f"a phone number has {MIN_PHONE_DIGITS} to {MAX_PHONE} digits", "contact"
            )
    email = ""
    if email_raw:
        email = normalise_email(email_raw)
        if len(email) > MAX_EMAIL or not looks_like_email(email):
            raise CaseError("that e-mail is not complete (name@example.com)", "contact")
    return replace(
        report,
        category=category,
        description=description,
        contact_name=name,
        contact_phone=phone,
        contact_email=email,
        consent=True,
    )
