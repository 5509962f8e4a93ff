"""gettext PO files through Babel: the exchange format every translation tool reads.

Each entry's ``msgctxt`` is the text's place (a pack's ``file:place``, a kiosk word's key),
so two places with the same source text stay two entries an agency may translate apart.
Plural forms follow the language's gettext ``Plural-Forms`` (Babel's table, which msgfmt
and the tools agree on); which CLDR category (``one``, ``few``, ``other``...) each form index
stands for is found by running that expression against Babel's CLDR rule, so the kiosk's
JSON can keep its forms by category.

Babel is imported here only: this module is loaded by the translation commands, never by
the kiosk's start-up.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import IO

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

from kiosk.content.errors import ContentError

__all__ = [
    "Catalog",
    "Message",
    "brace_format",
    "categories",
    "locale_of",
    "location",
    "new_catalog",
    "plain",
    "read",
    "write",
]


def locale_of(tag: str) -> Locale:
    """The Babel locale for a BCP 47 tag as packs and the kiosk write it (``zh-Hans``)."""
    try:
        return Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError) as exc:
        raise ContentError(f"{tag!r} is not a language CLDR knows: {exc}") from exc


def tag_of(locale: Locale | None) -> str | None:
    """The BCP 47 tag of a file's ``Language`` header (``zh_Hans`` reads ``zh-Hans``)."""
    return None if locale is None else str(locale).replace("_", "-")


def new_catalog(language: str, project: str, version: str) -> Catalog:
    return Catalog(
        locale=locale_of(language), project=project, version=version, charset="utf-8", fuzzy=False
    )


def location(file: str) -> list[tuple[str, int]]:
    """An entry's file as its ``#:`` comment (Babel writes a location without a line as
    the file alone; its annotations ask for a line number)."""
    return [(file, None)]  # type: ignore[list-item]


def plain(message: Message | None) -> None:
    """No format flag: Babel guesses one from a ``%`` or a brace in the text ("95 %"), and
    msgfmt would then refuse a translation that writes it differently."""
    if message is not None:
        message.flags.discard("python-format")
        message.flags.discard("python-brace-format")


def brace_format(message: Message | None) -> None:
    """The kiosk's words use ``{n}`` placeholders: flagged so tools (msgfmt --check) check
    that a translation keeps them."""
    if message is not None:
        message.flags.discard("python-format")
        message.flags.add("python-brace-format")


def categories(catalog: Catalog) -> list[str]:
    """The CLDR category each plural form index of ``catalog`` stands for, in index order
    (English ``["one", "other"]``, Chinese ``["other"]``)."""
    locale = catalog.locale
    if locale is None:
        return ["other"]
    index_of = gettext.c2py(catalog.plural_expr)
    found: dict[int, str] = {}
    for n in [*range(1000), *(10**k for k in range(3, 10))]:  # French says "1 million de"
        found.setdefault(index_of(n), locale.plural_form(n))
    return [found.get(i, "other") for i in range(catalog.num_plurals)]


def write(catalog: Catalog, out: IO[bytes]) -> None:
    write_po(out, catalog, width=0, sort_output=False, include_previous=False)


def read(path: Path) -> Catalog:
    """The catalog in ``path``; a file that is not PO is refused with its reason."""
    try:
        with open(path, "rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
    except OSError as exc:
        raise ContentError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except (PoFileError, UnicodeDecodeError, ValueError, UnknownLocaleError) as exc:
        raise ContentError(f"{path}: is not a readable PO file: {exc}") from exc
    if not catalog.mime_headers or catalog.locale is None:
        raise ContentError(
            f"{path}: is not a PO file from export-translations (it names no Language)"
        )
    return catalog
