"""The kiosk's own words (``assets/i18n/*.json``) to a PO file and back.

Each key is an entry (``msgctxt`` the key, ``msgid`` the English). A word with plural forms
(``"en": {"one": "{n} day", "other": "{n} days"}``) becomes ``msgid``/``msgid_plural`` with
one ``msgstr[i]`` per form of the target language's ``Plural-Forms``, and comes back as that
language's forms by CLDR category (``{"other": "{n} 天"}``).

The files are written back with their keys in order and in the layout they had: some hold
one entry per line, others are indented (``json.dumps(indent=2)``); an untouched file keeps
its bytes. As for packs, an entry whose English changed since the export is refused.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.errors import ContentError
from kiosk.content.toml_edit import write_together
from kiosk.content.translations import po
from kiosk.content.translations.pack_po import Outcome, Stale

SOURCE = "en"
Entry = dict[str, Any]
"""One key's texts: language to a text, or to its plural forms by CLDR category."""


def _one_line(key: str, value: Entry) -> str:
    return f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(value, ensure_ascii=False)}"


def _indented(key: str, value: Entry) -> str:
    body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f"  {json.dumps(key, ensure_ascii=False)}: {body}"


def render(data: dict[str, Entry], one_line: set[str]) -> str:
    """The JSON text of a words file, each entry laid out as it was: on one line (the keys
    in ``one_line``) or indented as ``json.dumps(indent=2)`` writes it."""
    entries = [(_one_line if k in one_line else _indented)(k, v) for k, v in data.items()]
    return "{\n" + ",\n".join(entries) + "\n}\n"


@dataclass
class WordsFile:
    path: Path
    data: dict[str, Entry]
    one_line: set[str]
    before: str

    @classmethod
    def open(cls, path: Path) -> WordsFile:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        lines = {line.removesuffix(",") for line in text.splitlines()}
        return cls(path, data, {k for k, v in data.items() if _one_line(k, v) in lines}, text)

    def text(self) -> str:
        return render(self.data, self.one_line)

    def changed(self) -> bool:
        return bool(self.data != json.loads(self.before))


def words_files(folder: Path) -> list[WordsFile]:
    return [WordsFile.open(p) for p in sorted(folder.glob("*.json"))]


def _forms(value: Any) -> dict[str, str]:
    """A language's text as forms by category (a plain text is its only form)."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    return {"other": str(value)} if value else {}


def export_words(folder: Path, language: str) -> po.Catalog:
    if language == SOURCE:
        raise ContentError(f"{language!r} is the kiosk's source language (its words are English)")
    catalog = po.new_catalog(language, "kiosk", "words")
    order = po.categories(catalog)
    for words in words_files(folder):
        for key, entry in words.data.items():
            source = entry.get(SOURCE)
            where = po.location(f"assets/i18n/{words.path.name}")
            if isinstance(source, dict):
                mine = _forms(entry.get(language))
                message = catalog.add(
                    _english(source),
                    string=tuple(mine.get(c, "") for c in order),
                    locations=where,
                    context=key,
                )
            else:
                current = entry.get(language)
                message = catalog.add(
                    str(source),
                    string=current if isinstance(current, str) else "",
                    locations=where,
                    context=key,
                )
            if "{" in str(source) and _placeholders(entry) <= _placeholders({SOURCE: source}):
                po.brace_format(message)
            else:
                po.plain(message)
    return catalog


def import_words(folder: Path, path: Path) -> tuple[Outcome, str]:
    """Bring a words PO file into ``folder``'s JSON files; returns the outcome and language."""
    catalog = po.read(path)
    language = po.tag_of(catalog.locale)
    assert language is not None
    files = words_files(folder)
    known = {lang for f in files for entry in f.data.values() for lang in entry}
    if language not in known or language == SOURCE:
        raise ContentError(
            f"{path.name}: is in {language!r}; the kiosk's words are translated into "
            f"{', '.join(sorted(known - {SOURCE}))} (a new language needs the kiosk's support "
            "first: SUPPORTED_LANGUAGES in kiosk/station/setting_values.py)"
        )
    order = po.categories(catalog)
    where = {key: f for f in files for key in f.data}
    outcome = Outcome()
    for message in catalog:
        if not message.id:
            continue
        key = message.context or ""
        words = where.get(key)
        if words is None:
            outcome.unknown.append(key or f"(no context) {message.id!r:.40}")
            continue
        entry = words.data[key]
        exported, now = _shown(message.id), _shown(_english(entry.get(SOURCE)))
        new = _translation(message.string, order, isinstance(message.id, str))
        if message.fuzzy:
            outcome.fuzzy += 1
        elif new is None:
            outcome.empty += 1
        elif exported != now:
            outcome.stale.append(Stale(key, exported, now))
        elif entry.get(language) == new:
            outcome.unchanged += 1
        else:
            entry[language] = new
            outcome.applied += 1
    _refuse_breaking(files, path)
    changed = [f for f in files if f.changed()]
    write_together({f.path: f.text() for f in changed}, "the kiosk's words were left unchanged")
    outcome.files = [f.path.name for f in changed]
    return outcome, language


def _english(source: Any) -> str | tuple[str, str]:
    """The English as exported: a text, or the (one, other) pair of a plural word."""
    if isinstance(source, dict):
        forms = _forms(source)
        return (forms.get("one", forms["other"]), forms["other"])
    return str(source)


def _shown(source: Any) -> str:
    return source if isinstance(source, str) else " / ".join(source)


def _translation(string: Any, order: list[str], single: bool) -> str | dict[str, str] | None:
    """The entry's translation as the JSON holds it, or None when it is not filled in."""
    if single:
        return string if isinstance(string, str) and string.strip() else None
    forms = [str(s) for s in (string or ())]
    if len(forms) != len(order) or not all(f.strip() for f in forms):
        return None
    return dict(zip(order, forms, strict=True))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _placeholders(entry: Entry) -> set[str]:
    """The values the code gives a word, as its texts (every language's) name them."""
    found: set[str] = set()
    for value in entry.values():
        for text in _forms(value).values():
            try:
                found |= _fields(text)
            except ValueError:
                continue
    return found


def _refuse_breaking(files: list[WordsFile], path: Path) -> None:
    """A translation may only use the values the code gives the word (``{n}``, ``{date}``,
    as the file named them before): any other name, or a stray brace, would stop the screen
    that shows it."""
    problems: list[str] = []
    for words in files:
        before = json.loads(words.before)
        for key, entry in words.data.items():
            allowed = _placeholders(before.get(key, {}))
            for lang, value in entry.items():
                for text in _forms(value).values():
                    try:
                        extra = _fields(text) - allowed
                    except ValueError as exc:
                        problems.append(f"{key} ({lang}): {exc} in {text!r}")
                        continue
                    if extra:
                        names = ", ".join("{" + n + "}" for n in sorted(extra))
                        problems.append(
                            f"{key} ({lang}): uses {names}, which the kiosk does not give"
                        )
    if problems:
        raise ContentError(
            f"{path.name}: its translations would break the kiosk's words, so nothing was "
            f"changed: {'; '.join(problems[:5])}"
        )
