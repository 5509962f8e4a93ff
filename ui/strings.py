"""The kiosk's own words (not the brand's content) in every language it offers.

Read from ``assets/i18n/*.json`` (one file per area of the kiosk, so screens can be
worked on side by side), each file once: ``ui.json`` first, the others when a word is not in
what was read. A missing translation falls back to English rather than showing a
key, and a test checks every key is translated in every language.

A counted word has its forms by CLDR plural category where a language needs them
(``"en": {"one": "{n} day", "other": "{n} days"}``, ``"zh-Hans": {"other": "{n} 天"}``):
``trn`` picks the form for the number (``kiosk.plurals``, a few lines, not Babel, so the
kiosk's start reads no CLDR data).
"""

from __future__ import annotations

import json
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.plurals import category
from kiosk.station.paths import assets_dir

FALLBACK = "en"


Forms = str | dict[str, str]
"""A language's text of a word, or its plural forms by CLDR category."""


FIRST_FILE = "ui.json"
"""The attract screen's and the greeting's words: read alone at the start (a twentieth of the
words; reading every file took 1.9 ms in the seconds before attract is complete), the other
files when a word is not found in what is read."""

_lock = threading.Lock()
_read: dict[str, dict[str, Forms]] = {}
_unread: list[Path] | None = None


def _read_next() -> bool:
    """Read the next file of words into ``_read`` (False once every file is read)."""
    global _unread
    if _unread is None:  # listed by name: a pathlib glob compiles its pattern (0.4 ms)
        folder = assets_dir() / "i18n"
        names = [n for n in os.listdir(folder) if n.endswith(".json") and n[0] != "."]
        _unread = [folder / n for n in sorted(names, key=lambda n: (n != FIRST_FILE, n))]
    if not _unread:
        return False
    path = _unread.pop(0)
    for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
        if key in _read:
            raise ValueError(f"{path.name}: string {key!r} is defined twice")
        _read[key] = entry
    return True


def _entry(key: str) -> dict[str, Forms]:
    entry = _read.get(key)
    if entry is not None:
        return entry
    with _lock:
        while key not in _read and _read_next():
            pass
    return _read[key]


@cache
def _table() -> dict[str, dict[str, Forms]]:
    """Every word of every file (and each word defined once only)."""
    with _lock:
        while _read_next():
            pass
    return _read


def _forms(key: str, language: str) -> tuple[str, Forms]:
    """The language whose text is shown (English where one is missing) and that text."""
    entry = _entry(key)
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
    return isinstance(_entry(key)[FALLBACK], dict)


def keys() -> list[str]:
    return list(_table())
