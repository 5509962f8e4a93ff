"""How a client is recognised: phone, email or member number, written and searched the same way.

Phone numbers and emails are stored normalised (the follow-up page, the kiosk's own sign-up
and the search all pass through here), so "+44 20 7946 0018" and "0044-20-7946-0018" find
the same client with an indexed equality, on SQLite and PostgreSQL alike; a phone number is
read with the store's country (``kiosk.clients.phones``), so "06 12 34 56 78" in a French
store finds "+33 6 12 34 56 78". Only clients who
have an active consent and were not erased are ever found.
"""

from __future__ import annotations

import enum
import re
from typing import NamedTuple

from sqlalchemy import Select, func, select

from kiosk.clients.consent import has_active_consent
from kiosk.clients.phones import normalise_phone as normalise_phone  # its writers import it here
from kiosk.clients.phones import phone_forms
from kiosk.db.models import Customer
from kiosk.errors import KioskError

MIN_PHONE_DIGITS = 6


def looks_like_email(text: str) -> bool:
    r"""One "@" with something before it, and a dot inside what follows, no space anywhere:
    what ``^[^@\s]+@[^@\s]+\.[^@\s]+$`` accepts, in linear time (that pattern backtracks
    over every dot of a long domain that ends badly: quadratic on hostile input)."""
    local, at, domain = text.partition("@")
    return (
        bool(local and at)
        and "@" not in domain
        and "." in domain[1:-1]
        and not any(ch.isspace() for ch in text)
    )


class ClientLookupError(KioskError):
    """A search term that is not a phone number, an email or a member number.

    ``code`` names the reason, so a screen can say it in the associate's language."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


class KeyKind(enum.StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    MEMBER = "member"


class ClientKey(NamedTuple):
    kind: KeyKind
    value: str  # normalised
    also: tuple[str, ...] = ()  # other stored forms of the same key (a legacy phone form)


def normalise_email(raw: str) -> str:
    return raw.strip().casefold()


def normalise_member(raw: str) -> str:
    return re.sub(r"\s", "", raw).upper()


def parse_key(raw: str, country: str | None = None) -> ClientKey:
    """What the associate typed, as the key to search by.

    An "@" makes it an email; mostly digits (with spaces, dashes, a "+") a phone number;
    letters and digits together a member number. Anything else is refused with a message.
    """
    text = raw.strip()
    if not text:
        raise ClientLookupError("type a phone number, an email or a member number", "empty")
    if "@" in text:
        email = normalise_email(text)
        if not looks_like_email(email):
            raise ClientLookupError("that email is not complete (name@example.com)", "email")
        return ClientKey(KeyKind.EMAIL, email)
    if re.fullmatch(r"[+\d\s\-./()]+", text):
        phone, *also = phone_forms(text, country)
        if len(phone.lstrip("+")) < MIN_PHONE_DIGITS:
            raise ClientLookupError(
                f"a phone number has at least {MIN_PHONE_DIGITS} digits", "phone"
            )
        return ClientKey(KeyKind.PHONE, phone, tuple(also))
    member = normalise_member(text)
    if not re.fullmatch(r"[A-Z0-9\-]{4,40}", member):
        raise ClientLookupError("a member number has letters and digits only, 4 or more", "member")
    return ClientKey(KeyKind.MEMBER, member)


def find_query(store_id: str, key: ClientKey, consented_only: bool = True) -> Select[Customer]:
    """Clients of the store matching ``key``; erased clients never match.

    ``consented_only`` asks for an active clienteling consent in the database read. Consents
    are pulled back to every kiosk of the store like clients, so a kiosk reading its own
    database (the store unreachable) finds the clients who consented anywhere in the store
    up to its last pull, and a withdrawal pulled stops it finding them.
    """
    column = {
        KeyKind.PHONE: Customer.phone,
        KeyKind.EMAIL: func.lower(Customer.email),
        KeyKind.MEMBER: func.upper(Customer.member_number),
    }[key.kind]
    query = select(Customer).where(
        Customer.store_id == store_id,
        Customer.erased_at.is_(None),
        column.in_([key.value, *key.also]) if key.also else column == key.value,
    )
    if consented_only:
        query = query.where(has_active_consent())
    return query.order_by(Customer.created_at)
