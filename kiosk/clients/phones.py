"""Phone numbers as the store's clients type them: read with the store's country
(``store_country``) by Google's libphonenumber data (the ``phonenumbers`` package) and kept in
E.164 ("06 12 34 56 78" in a French store is "+33612345678"), so a number typed in national
form finds the client stored with the country code, and the other way round.

Every country's trunk prefix, lengths and international prefix are data that changes; they
are not written by hand here. A number the library cannot read as a possible number of any
country (too short, a test number) keeps the old digits-only form, so nothing typed before
stops being accepted, and ``phone_forms`` also returns that legacy form so clients stored
before numbers were read with a country are still found.
"""

from __future__ import annotations

import re

DEFAULT_COUNTRY = "FR"  # as the ``store_country`` setting's default
_SEPARATORS = re.compile(r"[\s\-./()]")
_store_country = DEFAULT_COUNTRY


def use_store_country(country: str) -> None:
    """Read national numbers with ``country`` in this process from now on: called where the
    configuration is loaded (``kiosk.cli.load``, ``kiosk.station.runtime.start``), so every
    writer and search (the kiosk, its screens, the page, the commands) reads alike."""
    global _store_country
    _store_country = country


def store_country() -> str:
    return _store_country


def legacy_phone(raw: str) -> str:
    """Digits only, with a leading "+" for an international number ("00" counts as "+"): how
    numbers were stored before they were read with the store's country."""
    text = _SEPARATORS.sub("", raw.strip())
    if text.startswith("00"):
        text = "+" + text[2:]
    plus = text.startswith("+")
    digits = re.sub(r"\D", "", text)
    return ("+" if plus else "") + digits


def normalise_phone(raw: str, country: str | None = None) -> str:
    """``raw`` in E.164 when it is a possible number, read with ``country`` (default: the
    store's) when it has no country code; else ``legacy_phone(raw)``."""
    import phonenumbers

    text = legacy_phone(raw)
    try:
        number = phonenumbers.parse(text, country or _store_country)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_possible_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_forms(raw: str, country: str | None = None) -> tuple[str, ...]:
    """Every stored form that is this number: E.164 first, then the legacy digits-only one
    when it differs (a client stored as "0612345678" before this module)."""
    e164, legacy = normalise_phone(raw, country), legacy_phone(raw)
    return (e164,) if e164 == legacy else (e164, legacy)
