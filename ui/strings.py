"""The kiosk's own words (not the brand's content) in every language it offers.

Read once from ``assets/i18n/*.json`` (one file per area of the kiosk, so screens can be
worked on side by side). A missing translation falls back to English rather than showing a
key, and a test checks every key is translated in every language.

A counted word has its forms by CLDR plural category where a language needs them
(``"en": {"one": "{n} day", "other": "{n} days"}``, ``"zh-Hans": {"other": "{n} 天"}``):
``trn`` picks the form for the number (``kiosk.plurals``, a few lines, not Babel, so the
kiosk's start reads no CLDR data).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from kiosk.plurals import category
from kiosk.station.paths import assets_dir

FALLBACK = "en"


Forms = str | dict[str, str]
"""A language's text of a word, or its plural forms by CLDR category."""


@cache
def _table() -> dict[str, dict[str, Forms]]:
    data: dict[str, dict[str, Forms]] = {}
    for path in sorted((assets_dir() / "i18n").glob("*.json")):
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            if key in data:
                raise ValueError(f"{path.name}: string {key!r} is defined twice")
            data[key] = entry
    return data


def _forms(key: str, language: str) -> tuple[str, Forms]:
    """The language whose text is shown (English where one is missing) and that text."""
    entry = _table()[key]
    if entry.get(language):
        return language, entry[language]
    return FALLBACK, entry[FALLBACK]


def tr(key: str, language: str, **values: Any) -> str:
    text = _forms(key, language)[1]
    if not isinstance(text, str):
        raise TypeError(f"{key!r} has plural forms: show it with trn(key, language, count)")
    return text.format(**values) if values else text


def trn(key: str, language: str, count: int, /, **values: Any) -> str:
    """``key`` in the plural form ``count`` takes in ``language``, with ``{n}`` the count
    (unless ``values`` gives ``n`` itself, e.g. the number formatted: "1,204")."""
    shown, text = _forms(key, language)
    if isinstance(text, dict):  # a language that writes one form may keep a plain text
        text = text.get(category(shown, count)) or text["other"]
    return text.format(**{"n": count, **values})


def is_plural(key: str) -> bool:
    """Whether ``key`` has plural forms (shown with ``trn``)."""
    return isinstance(_table()[key][FALLBACK], dict)


def keys() -> list[str]:
    return list(_table())
