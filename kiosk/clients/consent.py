"""Consent: the purposes a client agrees to, the wording they read, and the one check that a
consent is in force.

A purpose is named and kept apart from the others: a consent to be contacted about one
selection (given on the follow-up page) is not a consent to a client profile. A consent is
in force from when it was given until it is withdrawn.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, exists

from kiosk.db.models import Consent, Customer
from kiosk.station.paths import assets_dir

CLIENTELING = "clienteling"
"""The consent purpose that lets the store keep a client profile (and associates find it)."""

FOLLOWUP_CONTACT = "followup_contact"
PURPOSES = (CLIENTELING, FOLLOWUP_CONTACT)
"""The purposes a customer agrees to on the kiosk's consent screen."""
KEY_DATES = "key_dates"
"""The dates a client agreed to share (``kiosk.clients.key_dates``): its own purpose and
wording, recorded by an associate when the client says yes, never implied by a profile."""

WORDING_VERSION = "clienteling-2026-11"
"""The version of the consent wording the customer reads (recorded with every consent)."""
WORDING_DIGEST = "42c1a75e01c96369"
"""The digest of that wording in every language (``wording_digest()``). A test fails when the
wording changes and this does not: change the text, bump the version, record the digest."""
WORDING_KEYS = (
    "clients.consent.wording",
    "clients.consent.contact_purpose",
)
"""The strings that make up the consent the customer agrees to (assets/i18n/clients.json)."""


def wording_digest(keys: Sequence[str] = WORDING_KEYS) -> str:
    """A digest of a consent's wording (``keys``) in every language, as the kiosk shows it."""
    table: dict[str, object] = {}
    for path in sorted((assets_dir() / "i18n").glob("*.json")):
        table.update(json.loads(path.read_text(encoding="utf-8")))
    doc = json.dumps({k: table[k] for k in keys}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(doc.encode("utf-8")).hexdigest()[:16]


def has_active_consent(
    purposes: str | Sequence[str] = CLIENTELING, customer_id: uuid.UUID | None = None
) -> ColumnElement[bool]:
    """The client gave one of ``purposes`` and has not withdrawn it.

    A condition (``EXISTS``) on the client the query reads (``Customer.id``), or on
    ``customer_id``: ``session.scalar(select(has_active_consent(purposes, customer_id)))``.
    """
    purpose = (
        Consent.purpose == purposes if isinstance(purposes, str) else Consent.purpose.in_(purposes)
    )
    return exists().where(
        Consent.customer_id == (Customer.id if customer_id is None else customer_id),
        purpose,
        Consent.withdrawn_at.is_(None),
    )
