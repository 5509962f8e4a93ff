"""Typed reading of one parsed TOML document, recording an ``Issue`` for each bad field.

The reader never stops at the first problem: a content team fixing a pack wants the whole
list at once. Each getter returns ``None`` when the field is missing or of the wrong type,
after recording where and why, so callers simply skip what they cannot build.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from kiosk.content.errors import Issue, Severity
from kiosk.content.limits import (
    DEFAULT_PLAIN_LIMIT,
    DEFAULT_TEXT_LIMIT,
    IDENT_LIMIT,
    LIST_LIMITS,
    MAX_PARAGRAPHS,
    PLAIN_LIMITS,
    TEXT_LIMITS,
)
from kiosk.content.model import LocalText

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# The emoji and pictograph blocks: no bundled font draws them, and each one costs a long
# fruitless font-fallback search when a screen lays it out.
EMOJI = re.compile("[\U0001f000-\U0001faff]")
# Controls other than tab and newline, and the private-use planes.
UNDRAWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U0010ffff]")

_TYPE_NAMES = {str: "a text", bool: "true or false", dict: "a table", list: "an array"}


def describe(value: Any) -> str:
    """The author's view of a TOML value's type, for 'expected X, found Y' messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


class TranslationTally:
    """Counts, per language, how many localized texts a pack has and how many are present."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.languages = languages
        self.total = 0
        self.present: dict[str, int] = {lang: 0 for lang in languages}
        # (file, place) of every text counted: what the translations export walks, so it
        # offers exactly the texts this table counts (kiosk/content/translations).
        self.places: list[tuple[str, str]] = []

    def count(self, text: LocalText, file: str = "", place: str = "") -> None:
        self.total += 1
        self.places.append((file, place))
        for lang in self.languages:
            if text.has(lang):
                self.present[lang] += 1


class Fields:
    """Getters over one document (``file``) that append issues to a shared list.

    Empty ``languages`` means pack.toml could not declare them (it has errors): texts are
    then checked for type and length only, so the other files' errors still show.
    """

    def __init__(
        self,
        file: str,
        issues: list[Issue],
        languages: tuple[str, ...] = ("en",),
        default_language: str = "en",
        tally: TranslationTally | None = None,
    ) -> None:
        self.file = file
        self.issues = issues
        self.languages = languages
        self.default_language = default_language
        self.tally = tally

    def error(self, path: str, message: str) -> None:
        self.issues.append(Issue(self.file, path, message, Severity.ERROR))

    def warn(self, path: str, message: str) -> None:
        self.issues.append(Issue(self.file, path, message, Severity.WARNING))

    @staticmethod
    def join(path: str, key: str | int) -> str:
        if isinstance(key, int):
            return f"{path}[{key}]"
        return f"{path}.{key}" if path else key

    def _get(self, table: Mapping[str, Any], key: str, path: str, required: bool) -> Any:
        if key not in table:
            if required:
                self.error(self.join(path, key), "is required but missing")
            return None
        return table[key]

    def _typed(self, value: Any, path: str, ok: bool, expected: str) -> bool:
        if not ok:
            self.error(path, f"must be {expected}, found {describe(value)}")
        return ok

    def text_field(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> str | None:
        """A plain (not customer-facing) non-empty string."""
        value = self._get(table, key, path, required)
        if value is None:
            return None
        where = self.join(path, key)
        if not self._typed(value, where, isinstance(value, str), "a text"):
            return None
        if not value.strip():
            self.error(where, "must not be empty")
            return None
        if not self._short(value, where, PLAIN_LIMITS.get(key, DEFAULT_PLAIN_LIMIT)):
            return None
        return str(value)

    def _short(self, text: str, where: str, limit: int) -> bool:
        """Refuse a text longer than ``limit`` characters (see kiosk.content.limits)."""
        if len(text) <= limit:
            return True
        self.error(where, f"is {len(text):,} characters long; at most {limit:,} are allowed here")
        return False

    def _displayable(self, text: str, where: str, limit: int) -> None:
        """Customer-facing text a screen can lay out within a frame: bounded in length and
        paragraphs, and only characters a font can draw."""
        if not self._short(text, where, limit):
            return
        paragraphs = sum(1 for p in text.split("\n\n") if p.strip())
        if paragraphs > MAX_PARAGRAPHS:
            self.error(
                where, f"has {paragraphs:,} paragraphs; at most {MAX_PARAGRAPHS} are allowed here"
            )
        bad = UNDRAWABLE.search(text) or next(
            (c for c in text if ord(c) > 0x2FF and unicodedata.category(c) == "Cn"), None
        )
        if bad is not None:
            char = bad if isinstance(bad, str) else bad.group()
            self.error(
                where,
                f"contains U+{ord(char):04X}, a control, private-use or unassigned character "
                "no screen can show",
            )
        elif emoji := EMOJI.search(text):
            self.error(
                where,
                f"contains U+{ord(emoji.group()):04X}, an emoji or pictograph: the kiosk's "
                "fonts have none (it would show as an empty box)",
            )

    def ident(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> str | None:
        """An identifier: letters, digits, '-', '_' and '.', as used in references."""
        value = self.text_field(table, key, path, required)
        if value is not None and not self._short(value, self.join(path, key), IDENT_LIMIT):
            return None
        if value is not None and not ID_PATTERN.match(value):
            self.error(
                self.join(path, key),
                f"{value!r} is not a valid id (letters, digits, '-', '_', '.')",
            )
            return None
        return value

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        lo: float | None = None,
        hi: float | None = None,
        required: bool = True,
    ) -> float | None:
        value = self._get(table, key, path, required)
        if value is None:
            return None
        where = self.join(path, key)
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not self._typed(value, where, ok, "a number"):
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.error(where, f"must be a finite number, found {value!r:.20}")
            return None
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            self.error(where, f"{number:g} is outside {lo:g}..{hi:g}")
            return None
        return number

    def boolean(self, table: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = self._get(table, key, path, False)
        if value is None:
            return default
        if not self._typed(value, self.join(path, key), isinstance(value, bool), "true or false"):
            return default
        return bool(value)

    def table(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> dict[str, Any] | None:
        value = self._get(table, key, path, required)
        if value is None:
            return None
        if not self._typed(value, self.join(path, key), isinstance(value, dict), "a table"):
            return None
        return dict(value)

    def array(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> list[Any] | None:
        value = self._get(table, key, path, required)
        if value is None:
            return None
        where = self.join(path, key)
        if not self._typed(value, where, isinstance(value, list), "an array"):
            return None
        limit = LIST_LIMITS.get(key)
        if limit is not None and len(value) > limit:
            self.error(where, f"has {len(value):,} entries; at most {limit:,} are allowed here")
            return list(value[:limit])  # the rest is still checked, so every error shows
        return list(value)

    def tables(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> list[tuple[str, dict[str, Any]]]:
        """An array of tables, as ``(path, table)`` pairs; wrong entries are reported."""
        items = self.array(table, key, path, required) or []
        result: list[tuple[str, dict[str, Any]]] = []
        for index, item in enumerate(items):
            where = self.join(self.join(path, key), index)
            if self._typed(item, where, isinstance(item, dict), "a table"):
                result.append((where, item))
        return result

    def strings(
        self, table: Mapping[str, Any], key: str, path: str, required: bool = True
    ) -> list[tuple[str, str]]:
        """An array of texts, as ``(path, text)`` pairs."""
        items = self.array(table, key, path, required) or []
        result: list[tuple[str, str]] = []
        for index, item in enumerate(items):
            where = self.join(self.join(path, key), index)
            if self._typed(item, where, isinstance(item, str), "a text"):
                result.append((where, item))
        return result

    def local(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        required: bool = True,
        limit: int | None = None,
    ) -> LocalText | None:
        """Customer-facing text: ``{ en = "...", "zh-Hans" = "..." }`` or one neutral text.

        A missing translation is a warning (the default language shows instead); a missing
        default-language text is an error, because then there is nothing to fall back to.
        """
        value = self._get(table, key, path, required)
        if value is None:
            return None
        where = self.join(path, key)
        limit = limit or TEXT_LIMITS.get(key, DEFAULT_TEXT_LIMIT)
        if isinstance(value, str):
            if not value.strip():  # as a table's blank default-language text is refused
                self.error(where, "must not be empty")
                return None
            self._displayable(value, where, limit)
            text = LocalText({self.default_language: value}, self.default_language, neutral=True)
        elif isinstance(value, dict):
            values: dict[str, str] = {}
            for lang, item in value.items():
                lang_path = self.join(where, lang)
                if self.languages and lang not in self.languages:
                    self.warn(lang_path, f"language {lang!r} is not declared in pack.toml")
                elif self._typed(item, lang_path, isinstance(item, str), "a text") and item.strip():
                    self._displayable(item, lang_path, limit)
                    values[lang] = item
            if not self.languages:  # pack.toml could not say which: check the rest only
                if not values:
                    self.error(where, "has no text in any language")
                    return None
                return LocalText(values, next(iter(values)))
            if self.default_language not in values:
                self.error(
                    self.join(where, self.default_language),
                    f"text in the default language {self.default_language!r} is missing",
                )
                return None
            for lang in self.languages:
                if lang not in values:
                    self.warn(self.join(where, lang), f"missing translation ({lang})")
            text = LocalText(values, self.default_language)
        else:
            self.error(where, f"must be a text or a table of languages, found {describe(value)}")
            return None
        if self.tally is not None:
            self.tally.count(text, self.file, where)
        return text
