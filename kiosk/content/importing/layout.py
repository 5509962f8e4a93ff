"""The kiosk's own column layout (docs/content-import.md): one row per product.

Columns, in any order, named in row 1 (only ``sku`` is required; a column left out, or a
cell left empty, leaves that part of a product as the pack has it):

    sku, category, collection, price_band (or price, with up_to on the pack's bands),
    name:<lang>, summary:<lang> (name, summary: the default language), new_arrival,
    attr:<attribute id> (a score 0..1),
    spec:<label> (the value in every language; '-' removes the spec),
    finish_ids, finish_names:<lang> (lists separated by '|', in the same order),
    chapter:<kind>:title:<lang>, chapter:<kind>:body:<lang> (a story chapter of that kind;
    a new product needs one, the story screen tells it),
    images ('|'-separated paths, beside the file or in the pack)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

from kiosk.content.fields import ID_PATTERN
from kiosk.content.importing.records import Incoming, Problems, Target, image
from kiosk.content.importing.sources import (
    MAX_PRODUCTS,
    ImportRefused,
    Sheet,
    column_letter,
    too_large,
)
from kiosk.content.limits import IDENT_LIMIT, SPEC_LABEL_LIMIT
from kiosk.content.model import CHAPTER_KINDS

PLAIN = ("sku", "category", "collection", "price_band", "price", "new_arrival", "images")
TEXTS = ("name", "summary")
REMOVE = "-"  # a spec cell holding only this removes the spec (an empty cell keeps it)
YES, NO = {"true", "yes", "y", "1", "x"}, {"false", "no", "n", "0"}


def columns(sheet: Sheet, target: Target) -> list[tuple[int, str, str]]:
    """``(index, kind, argument)`` for each named column; unknown ones refuse the file (a
    typing slip in a header would otherwise drop a column silently)."""
    found: list[tuple[int, str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for index, title in enumerate(sheet.header):
        if not title:
            continue
        kind, _, arg = title.partition(":")
        kind, arg = kind.strip().casefold(), arg.strip()
        where = sheet.where(1, index)
        if kind in TEXTS or kind == "finish_names":
            lang = target.language(arg) if arg else target.default
            if kind == "finish_names" and not arg:
                lang = target.default
            if lang is None:
                raise ImportRefused(
                    f"{where}: {arg!r} is not a language of the pack "
                    f"({', '.join(target.languages)})"
                )
            arg = lang
        elif kind == "chapter":
            arg = _chapter_column(arg, where, target)
        elif kind == "attr":
            if arg not in target.attributes:
                known = ", ".join(target.attributes) or "none"
                raise ImportRefused(
                    f"{where}: unknown attribute {arg!r} (pack.toml declares {known})"
                )
        elif kind == "spec":
            if not arg or len(arg) > SPEC_LABEL_LIMIT:
                raise ImportRefused(f"{where}: a spec column is spec:<label>, 1 to 60 characters")
        elif kind not in PLAIN and kind != "finish_ids":
            raise ImportRefused(
                f"{where}: {title!r} is not a column of the kiosk's layout (sku, category, "
                "collection, price_band, price, name:<lang>, summary:<lang>, new_arrival, "
                "attr:<id>, spec:<label>, finish_ids, finish_names:<lang>, images; "
                "see docs/content-import.md)"
            )
        if (kind, arg) in seen:
            first = seen[(kind, arg)]
            raise ImportRefused(
                f"{where}: repeats column {column_letter(first)} ({sheet.header[first]})"
            )
        seen[(kind, arg)] = index
        found.append((index, kind, arg))
    if not any(kind == "sku" for _, kind, _ in found):
        raise ImportRefused(
            f"{sheet.name}: row 1: missing required column 'sku' (row 1 names: "
            f"{', '.join(h for h in sheet.header if h)[:200]})"
        )
    return found


def _chapter_column(arg: str, where: str, target: Target) -> str:
    """``design:title:en`` (the language defaults to the pack's) as ``design:title:en``."""
    parts = [part.strip() for part in arg.split(":")]
    kind, what = [*parts, "", ""][:2]
    lang = target.language(parts[2]) if len(parts) > 2 else target.default
    if kind not in CHAPTER_KINDS or what not in ("title", "body") or lang is None or len(parts) > 3:
        raise ImportRefused(
            f"{where}: a chapter column is chapter:<kind>:title:<lang> or "
            f"chapter:<kind>:body:<lang>, the kind one of {', '.join(CHAPTER_KINDS)} and the "
            f"language one of {', '.join(target.languages)}"
        )
    return f"{kind}:{what}:{lang}"


def read(sheet: Sheet, target: Target, problems: Problems, folder: Path) -> Iterator[Incoming]:
    """The sheet's products, one per non-empty row; problems name the row and column.
    Images are looked for in ``folder`` (the file's) and in the pack."""
    cols = columns(sheet, target)
    sku_col = next(i for i, kind, _ in cols if kind == "sku")
    first_row: dict[str, int] = {}
    for number, cells in sheet.rows:
        if not any(cells):
            continue  # spreadsheets keep blank rows at the end
        sku = cells[sku_col]
        where = sheet.where(number, sku_col)
        if not sku:
            problems.error(where, "the SKU is empty")
            continue
        if len(sku) > IDENT_LIMIT or not ID_PATTERN.match(sku):
            problems.error(where, f"{sku!r} is not a SKU (letters, digits, '-', '_', '.')")
            continue
        if sku in first_row:
            problems.error(where, f"duplicate SKU {sku!r}: also in row {first_row[sku]}")
            continue
        first_row[sku] = number
        if len(first_row) > MAX_PRODUCTS:
            raise too_large(sheet.name, f"more than {MAX_PRODUCTS:,} products (row {number:,})")
        product = Incoming(sku, sheet.where(number))
        for index, kind, arg in cols:
            product.places[kind if kind in PLAIN else f"{kind}:{arg}"] = sheet.where(number, index)
        for index, kind, arg in cols:
            where = sheet.where(number, index)
            _cell(product, (kind, arg), cells[index], where, target, problems, folder)
        _finishes(product, cols, cells, sheet, number, problems)
        yield product


def _cell(
    product: Incoming,
    column: tuple[str, str],
    value: str,
    where: str,
    target: Target,
    problems: Problems,
    folder: Path,
) -> None:
    kind, arg = column
    if not value:
        return  # an empty cell: the pack keeps what it has
    if kind == "attr":
        product.attributes[arg] = _score(value, where, problems)
    elif kind == "spec":
        product.specs[arg] = None if value == REMOVE else value
    elif kind in TEXTS:
        product.texts.setdefault(kind, {})[arg] = value.replace("\r\n", "\n")
    elif kind == "chapter":
        chapter, what, lang = arg.split(":")
        texts = product.chapters.setdefault(chapter, {}).setdefault(what, {})
        texts[lang] = value.replace("\r\n", "\n")
    elif kind in ("category", "collection", "price_band"):
        declared = {
            "category": target.categories,
            "collection": target.collections,
            "price_band": {b.id: b.names for b in target.bands},
        }[kind]
        ident = target.match(declared, value)
        if ident is None:
            what = kind.replace("_", " ")
            known = ", ".join(declared)
            problems.error(where, f"unknown {what} {value!r} (pack.toml declares {known})")
        setattr(product, kind, ident)
    elif kind == "price":
        product.price_band = band(value, where, target, problems)
    elif kind == "new_arrival":
        if value.casefold() not in YES | NO:
            problems.error(where, f"{value!r}: write yes or no")
        product.new_arrival = value.casefold() in YES
    elif kind == "images":
        refs = [ref.strip() for ref in value.split("|") if ref.strip()]
        found = [image(r, product.sku, where, folder, target, problems) for r in refs]
        product.images = [i for i in found if i is not None]


def _score(value: str, where: str, problems: Problems) -> float | None:
    try:
        score = float(value.replace(",", "."))
    except ValueError:
        score = math.nan
    if not 0.0 <= score <= 1.0:
        problems.error(where, f"{value!r}: a score is a number from 0 to 1")
        return None
    return score


def parse_price(text: str) -> float | None:
    """A price as spreadsheets in different countries write it: "4200.00", "4,200.00",
    "4 200,00", "€ 1999,5". Of a comma and a dot, the later one is the decimal mark; a lone
    comma is one when one or two digits follow it."""
    digits = re.sub(r"[^0-9.,\-]", "", text)
    if "," in digits and "." in digits:
        thousands = "," if digits.rfind(",") < digits.rfind(".") else "."
        digits = digits.replace(thousands, "").replace(",", ".")
    elif "," in digits:
        decimal = re.fullmatch(r"-?\d+,\d{1,2}", digits)
        digits = digits.replace(",", "." if decimal else "")
    try:
        return float(digits)
    except ValueError:
        return None


def band(value: str, where: str, target: Target, problems: Problems) -> str | None:
    """The price band a price falls in, by the ``up_to`` the pack gives its bands."""
    price = parse_price(value)
    if price is None:
        problems.error(where, f"{value!r} is not a price")
        return None
    if not target.priced:
        problems.error(
            where,
            "the pack's price bands give no price ranges: add up_to (the highest price of "
            "the band) to each [[price_bands]] in pack.toml, or give a price_band column",
        )
        return None
    found = target.band_for(price)
    if found is None:
        problems.error(where, f"{value} is above the highest band's up_to")
    return found


def _finishes(
    product: Incoming,
    cols: list[tuple[int, str, str]],
    cells: list[str],
    sheet: Sheet,
    number: int,
    problems: Problems,
) -> None:
    ids_col = next((i for i, kind, _ in cols if kind == "finish_ids"), None)
    if ids_col is None or not cells[ids_col]:
        return
    ids = [part.strip() for part in cells[ids_col].split("|")]
    for ident in ids:
        if not ID_PATTERN.match(ident) or len(ident) > IDENT_LIMIT:
            problems.error(sheet.where(number, ids_col), f"{ident!r} is not a finish id")
            return
    names: list[dict[str, str]] = [{} for _ in ids]
    for index, kind, lang in cols:
        if kind != "finish_names" or not cells[index]:
            continue
        parts = [part.strip() for part in cells[index].split("|")]
        if len(parts) != len(ids):
            problems.error(
                sheet.where(number, index),
                f"{len(parts)} name(s) for {len(ids)} finish id(s) in column "
                f"{sheet.header[ids_col]}: give one name per id, in the same order, "
                "separated by '|'",
            )
            return
        for entry, name in zip(names, parts, strict=True):
            if name:
                entry[lang] = name
    product.finishes = list(zip(ids, names, strict=True))
