"""Hand-off links: an opaque random id and a short typed code, nothing else.

The id is 192 random bits (``secrets``), so it can be neither guessed nor derived from the
visit; the URL is the configured public base plus that id and carries no personal data and
no SKU. The fallback code (10 Crockford base32 characters, 50 bits, shown as ``XXXXX-XXXXX``)
is for a phone that cannot scan: it avoids I, L, O and U, and reading it back forgives the
usual confusions (O for 0, I or L for 1), case, spaces and dashes.

A link is issued on the kiosk, offline if need be, and travels to the store database through
the outbox with its visit; the follow-up page resolves it from there.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import FollowupLink
from kiosk.db.outbox import save

TOKEN_BYTES = 24  # 192 bits; at least 128 are required
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 10
_CODE_READS = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class IssuedLink:
    """What the hand-off screen shows: the URL (for the QR) and the typed code under it."""

    link_id: uuid.UUID
    token: str
    fallback_code: str
    url: str
    expires_at: dt.datetime
    reused: bool = False  # the visit already had this link (the customer came back)

    @property
    def code_for_display(self) -> str:
        return display_code(self.fallback_code)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def normalize_code(typed: str) -> str | None:
    """The stored form of a typed code, or None if it cannot be one (wrong length, letters
    that are in no code)."""
    text = re.sub(r"[\s-]+", "", typed).upper().translate(_CODE_READS)
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return None
    return text


def looks_like_token(text: str) -> bool:
    return bool(TOKEN_RE.match(text))


def link_url(base_url: str, token: str) -> str:
    return base_url + token


def issue_link(
    s: Session, visit_id: uuid.UUID, base_url: str, at: dt.datetime, valid_for: dt.timedelta
) -> IssuedLink:
    """The visit's link: the one already issued while it is still usable, else a new one.

    Written with its outbox entry in the caller's transaction. The fallback code is checked
    against this database's codes; across kiosks 50 random bits make a clash negligible.
    """
    existing = s.scalars(
        select(FollowupLink)
        .where(
            FollowupLink.visit_id == visit_id,
            FollowupLink.revoked_at.is_(None),
            FollowupLink.expires_at > at,
        )
        .order_by(FollowupLink.created_at.desc())
    ).first()
    reused = existing is not None
    if existing is None:
        code = new_code()
        while s.scalar(select(FollowupLink.id).where(FollowupLink.fallback_code == code)):
            code = new_code()  # pragma: no cover - 1 in 2**50
        existing = FollowupLink(
            visit_id=visit_id,
            token=new_token(),
            fallback_code=code,
            created_at=at,
            expires_at=at + valid_for,
        )
        save(s, existing)
    return IssuedLink(
        link_id=existing.id,
        token=existing.token,
        fallback_code=existing.fallback_code,
        url=link_url(base_url, existing.token),
        expires_at=existing.expires_at,
        reused=reused,
    )
