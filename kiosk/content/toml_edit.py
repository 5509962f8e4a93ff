"""Editing a pack's TOML files in place, written back together or not at all.

The content tools (``content import``, ``content import-translations``) change a pack the
content team also edits by hand: their comments, the order of their tables and the layout of
their inline text tables must survive a tool's pass. tomlkit keeps all of that (a round trip
of an untouched file gives back the same bytes); the standard library only reads TOML.

A tool opens the files it needs through one ``PackEdit``, changes them, and calls ``save``:
every changed file is first written beside itself under a temporary name and flushed to disk,
and only when all are written are they renamed over the old ones. A failure while writing
(a full disk, a read-only folder) leaves the pack as it was, with no temporary file behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import InlineTable, KeyType, SingleKey, Table, Whitespace

from kiosk.content.errors import ContentError

Text = str | dict[str, str]
"""A customer-facing text as a pack holds it: one plain text, or a table of languages."""


class PackEdit:
    """The pack folder's TOML files opened for editing (each read once, on first use)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._docs: dict[str, tomlkit.TOMLDocument] = {}
        self._before: dict[str, str] = {}

    def doc(self, rel: str) -> tomlkit.TOMLDocument:
        """The document at ``rel`` (relative to the pack, with ``/``); an empty one if the
        file does not exist yet (it is created by ``save`` if something is put in it)."""
        if rel not in self._docs:
            path = self.root / rel
            try:
                text = path.read_text(encoding="utf-8") if path.exists() else ""
                self._docs[rel] = tomlkit.parse(text)
            except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as exc:
                raise ContentError(f"{rel}: cannot be read for editing: {exc}") from exc
            self._before[rel] = text
        return self._docs[rel]

    def changed(self) -> list[str]:
        """The files whose text would change on ``save``, in the order they were opened."""
        return [rel for rel, doc in self._docs.items() if tomlkit.dumps(doc) != self._before[rel]]

    def save(self) -> list[str]:
        """Write every changed file, all or none; returns the files written."""
        changed = self.changed()
        texts = {self.root / rel: tomlkit.dumps(self._docs[rel]) for rel in changed}
        write_together(texts, "the pack was left unchanged")
        for rel in changed:
            self._before[rel] = tomlkit.dumps(self._docs[rel])
        return changed


def set_text(
    table: Table | InlineTable | dict[str, Any],
    key: str,
    language: str,
    text: str,
    default_language: str = "en",
) -> bool:
    """Set one language of the text ``table[key]``, keeping the other languages and the
    table's layout. A plain text (the same in every language) stays plain when the pack's
    default language is set (it changes for all); another language's different text makes it
    a table: the plain text stays the default language's. Returns whether anything changed."""
    current = table.get(key)
    if isinstance(current, dict):
        if current.get(language) == text:
            return False
        if isinstance(current, InlineTable) and language not in current:
            _add_language(current, language, text)
        else:
            current[language] = text
        return True
    if current == text:
        return False
    if current is None or language == default_language:
        table[key] = text if current is not None else text_table({language: text})
        return True
    table[key] = text_table({default_language: str(current), language: text})
    return True


def get_text(value: Any, language: str) -> str | None:
    """One language of a pack text: the table's entry, or the plain text for every language."""
    if isinstance(value, dict):
        found = value.get(language)
        return str(found) if found is not None else None
    return str(value) if isinstance(value, str) else None


def write_together(texts: dict[Path, str], unchanged: str) -> None:
    """Write each file's text, all or none: each is written beside itself under a temporary
    name and flushed to disk, and only when all are written are they renamed over the old
    ones. A failure raises ContentError ``"{unchanged}: {cause}"`` with no temporary left."""
    written: list[tuple[Path, Path]] = []
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.saving")
            with open(temporary, "w", encoding="utf-8", newline="\n") as out:
                written.append((temporary, path))
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
    except OSError as exc:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise ContentError(f"{unchanged}: {exc}") from exc
    for temporary, path in written:
        os.replace(temporary, path)


def _add_language(table: InlineTable, language: str, text: str) -> None:
    """A language added to ``{ en = "..." }`` as the packs write them: its tag quoted
    (``"zh-Hans"``, where tomlkit would write it bare) and the space before ``}`` kept."""
    spaced = table.as_string().endswith(" }")
    table[SingleKey(language, KeyType.Basic)] = text
    if spaced and not table.as_string().endswith(" }"):
        table.value.body.append((None, Whitespace(" ")))


def append_table(doc: tomlkit.TOMLDocument, key: str, table: Table) -> Table:
    """Append ``table`` as the last ``[[key]]`` of ``doc`` (creating the array), set off
    from the table before it by a blank line as authors write them. Used by content import
    for the products it adds; a new document's first table starts at its top."""
    tables = doc.get(key)
    if tables is None:
        doc[key] = tomlkit.aot()
        tables = doc[key]
    elif len(tables):
        table.trivia.indent = "\n"
    tables.append(table)
    return table


def text_table(texts: dict[str, str] | dict[str, float]) -> InlineTable:
    """A new table of languages (or of attribute scores) in the layout the demo pack's
    authors write: ``{ en = "...", "zh-Hans" = "..." }``."""
    parts = ", ".join(
        f"{k if k.replace('_', 'a').isalnum() and k.isascii() else tomlkit.string(k).as_string()}"
        f" = {tomlkit.item(v).as_string()}"
        for k, v in texts.items()
    )
    value = tomlkit.parse(f"v = {{ {parts} }}\n")["v"]
    assert isinstance(value, InlineTable)
    return value
