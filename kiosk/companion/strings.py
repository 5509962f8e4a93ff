"""The companion's words in both languages (``assets/i18n/companion.json``), and the
language a request asks for: ``?lang=`` (then remembered in a cookie), the cookie, or the
phone's own (``Accept-Language``)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

from starlette.requests import Request

from kiosk.associates.desk import short_age
from kiosk.plurals import category
from kiosk.station.paths import assets_dir

LANGUAGES = ("en", "zh-Hans")
FALLBACK = "en"
LANG_COOKIE = "companion_lang"
PREFIX = "companion."


class Counted(str):
    """A word with plural forms (``{"one": "{n} visit", "other": "{n} visits"}``), handed to
    the templates like every other word: ``s.clients_visits.format(n=3)`` picks the form
    ``n`` takes in the language (kiosk/plurals.py), so templates need not know which words
    count. As a plain string it is the ``other`` form."""

    forms: dict[str, str]
    language: str

    def __new__(cls, forms: dict[str, str], language: str) -> Counted:
        made = super().__new__(cls, forms["other"])
        made.forms, made.language = forms, language
        return made

    def format(self, *args: object, **values: object) -> str:
        n = values.get("n")
        form = category(self.language, n) if isinstance(n, int) else "other"
        return (self.forms.get(form) or self.forms["other"]).format(*args, **values)


Word = str | dict[str, str]


@cache
def _strings() -> dict[str, dict[str, Word]]:
    path = assets_dir() / "i18n" / "companion.json"
    loaded: dict[str, dict[str, Word]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def strings(language: str) -> dict[str, str]:
    """Every string in ``language`` (English where one is missing), without the prefix."""
    words: dict[str, str] = {}
    for key, entry in _strings().items():
        shown = language if entry.get(language) else FALLBACK
        text = entry[shown]
        words[key.removeprefix(PREFIX)] = Counted(text, shown) if isinstance(text, dict) else text
    return words


def language(request: Request) -> str:
    asked = request.query_params.get("lang", "")
    if asked in LANGUAGES:
        return asked
    kept = request.cookies.get(LANG_COOKIE, "")
    if kept in LANGUAGES:
        return kept
    accepted = request.headers.get("accept-language", "").lower()
    return "zh-Hans" if accepted.startswith("zh") else FALLBACK


def waited(age: dt.timedelta, s: dict[str, str]) -> str:
    """How long the customer has waited, as the list shows it ("3 min", "刚刚")."""
    n, unit = short_age(age)
    if n == 0 and unit == "min":
        return s["unit.now"]
    return s["waited"].format(n=n, unit=s[f"unit.{unit}"])


@cache
def _kiosk_followups() -> dict[str, dict[str, str]]:
    path = assets_dir() / "i18n" / "followups.json"
    loaded: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def label(group: str, key: str, language: str) -> str:
    """A follow-up's kind, outcome, channel or error as words: the kiosk's own
    (``followups.json``) where it has them, else the companion's, else the key itself."""
    entry = _kiosk_followups().get(f"followups.{group}.{key}")
    if entry:
        return entry.get(language) or entry[FALLBACK]
    own = strings(language).get(f"{group}.{key}")
    return own if own is not None else key.replace("_", " ").capitalize()
