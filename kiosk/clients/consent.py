"""Consent: the purposes a client agrees to, and the one check that a consent is in force.

A purpose is named and kept apart from the others: a consent to be contacted about one
selection (given on the follow-up page) is not a consent to a client profile. A consent is
in force from when it was given until it is withdrawn.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, exists

from kiosk.db.models import Consent, Customer

CLIENTELING = "clienteling"
"""The consent purpose that lets the store keep a client profile (and associates find it)."""


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
