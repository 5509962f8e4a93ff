"""Where a pack's translatable texts are, under names that survive a re-export.

The texts are exactly those the validator's completeness table counts: the reader records
the file and place of every customer-facing text it reads (``TranslationTally.places``), so
a field added to the reader is offered to the agency without a second list to keep.

The reader names an entry of an array by its index (``products[3].chapters[2].title``);
a product moved up in its file would then take another product's translation. The context
written to the agency names the entry by its ``sku`` or ``id`` where it has one
(``products[MV-CO-OV60].chapters[2].title``), by its index only where it has none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.errors import ContentError
from kiosk.content.toml_edit import PackEdit, get_text
from kiosk.content.validate import Report, validate

_TOKEN = re.compile(r"([^.\[\]]+)|\[([^\]]+)\]")
_NAMES = ("sku", "id")


@dataclass(frozen=True)
class PackText:
    """One translatable text: its file, its stable place, the source and the translation."""

    file: str
    place: str
    source: str
    current: str | None
    neutral: bool

    @property
    def context(self) -> str:
        """``products/cooking.toml:products[MV-CO-OV60].name``: what the agency sees (a
        place holds no ``:``: ids are letters, digits, '-', '_' and '.')."""
        return f"{self.file}:{self.place}"


def split_context(context: str) -> tuple[str, str]:
    file, _, place = context.rpartition(":")
    return file, place


def _tokens(place: str) -> list[tuple[str, bool]]:
    """``a.b[2].c`` as ``[("a", False), ("b", False), ("2", True), ("c", False)]``."""
    return [(key or index, not key) for key, index in _TOKEN.findall(place)]


def _name_of(items: list[Any], index: int) -> str:
    """The entry's ``sku`` or ``id`` when unique among its siblings, else its index."""
    item = items[index]
    if isinstance(item, Mapping):
        for name in _NAMES:
            value = item.get(name)
            if isinstance(value, str) and value:
                same = sum(1 for i in items if isinstance(i, Mapping) and i.get(name) == value)
                if same == 1:
                    return value
    return str(index)


def _find(items: list[Any], token: str) -> Any:
    """The array entry a stable token names (the inverse of ``_name_of``)."""
    for index in range(len(items)):
        if _name_of(items, index) == token:
            return items[index]
    return None


def stable(doc: Mapping[str, Any], place: str) -> str | None:
    """The reader's ``place`` with array indexes replaced by names; None if it is not found."""
    parts: list[str] = []
    node: Any = doc
    for token, is_index in _tokens(place):
        if is_index:
            if not isinstance(node, list) or not token.isdigit() or int(token) >= len(node):
                return None
            parts.append(f"[{_name_of(node, int(token))}]")
            node = node[int(token)]
        else:
            if not isinstance(node, Mapping) or token not in node:
                return None
            parts.append(f".{token}" if parts else token)
            node = node[token]
    return "".join(parts)


def locate(doc: Mapping[str, Any], place: str) -> tuple[Any, str] | None:
    """The table holding the text at a stable ``place`` and its key, or None."""
    tokens = _tokens(place)
    if not tokens or tokens[-1][1]:
        return None
    node: Any = doc
    for token, is_index in tokens[:-1]:
        if is_index:
            node = _find(node, token) if isinstance(node, list) else None
        else:
            node = node.get(token) if isinstance(node, Mapping) else None
        if node is None:
            return None
    key = tokens[-1][0]
    if not isinstance(node, Mapping) or key not in node:
        return None
    return node, key


@dataclass(frozen=True)
class PackTexts:
    """A pack's texts in one language, with what they were read from."""

    report: Report
    edit: PackEdit
    language: str
    default_language: str
    texts: list[PackText]

    def by_context(self) -> dict[str, PackText]:
        return {t.context: t for t in self.texts}


def refuse_invalid(report: Report) -> None:
    """Translations go into a pack that validates: an error first is named, not built on."""
    if report.pack is None or report.tally is None:
        first = f": {report.errors[0]}" if report.errors else ""
        raise ContentError(
            f"{report.root.name}: the pack has {len(report.errors)} error(s){first}; fix them "
            "first (kiosk content validate lists them all)"
        )


def pack_texts(root: Path, language: str) -> PackTexts:
    """Every translatable text of the pack at ``root`` with its ``language`` translation.

    Images are not decoded (their existence is still checked): translations do not touch
    them, and a pack with a hundred photographs would otherwise take seconds to list."""
    report = validate(root, check_images=False)
    refuse_invalid(report)
    assert report.pack is not None
    assert report.tally is not None
    languages, default = report.pack.info.languages, report.pack.info.default_language
    if language not in languages:
        raise ContentError(
            f"the pack does not declare {language!r}; its languages are {', '.join(languages)} "
            "(add it to pack.languages in pack.toml first)"
        )
    if language == default:
        raise ContentError(f"{language!r} is the pack's default language, the source texts")
    edit = PackEdit(report.root)
    texts: list[PackText] = []
    for file, where in report.tally.places:
        doc = edit.doc(file)
        place = stable(doc, where)
        found = None if place is None else locate(doc, place)
        if place is None or found is None:
            raise ContentError(f"{file}: {where}: the text read there cannot be found again")
        table, key = found
        value = table[key]
        source = get_text(value, default) or ""
        texts.append(
            PackText(file, place, source, get_text(value, language), isinstance(value, str))
        )
    return PackTexts(report, edit, language, default, texts)
