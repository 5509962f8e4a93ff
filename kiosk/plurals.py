"""Which plural form of a word a number takes, by the CLDR categories (``one``, ``other``...).

The kiosk's words (``assets/i18n``) give a counted word its forms by category
(``"en": {"one": "{n} day", "other": "{n} days"}``, ``"zh-Hans": {"other": "{n} 天"}``).
The rules of the kiosk's own languages are a few lines, written here rather than loaded from
Babel: Babel's CLDR data costs the kiosk's start (it reads its locale files on first use) for
two rules that do not change. A test compares these with Babel's CLDR rules for every
language the kiosk speaks (``SUPPORTED_LANGUAGES``), so adding a language without its rule
fails there, not on a screen.
"""

from __future__ import annotations

from collections.abc import Callable


def _one_other(n: int) -> str:
    """English (and German, Dutch, Italian...): ``one`` for exactly 1."""
    return "one" if n == 1 else "other"


def _other(n: int) -> str:
    """Chinese, Japanese, Korean: nouns do not change with the number."""
    return "other"


RULES: dict[str, Callable[[int], str]] = {
    "en": _one_other,
    "zh": _other,
}
"""By base language (``zh-Hans`` reads ``zh``); integers only: the kiosk counts things."""


def category(language: str, n: int) -> str:
    """The CLDR plural category of the whole number ``n`` in ``language``; ``other`` for a
    language without a rule (every word has that form)."""
    rule = RULES.get(language.split("-")[0].lower())
    return rule(abs(n)) if rule is not None else "other"
