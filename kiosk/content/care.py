"""Care guides and finishes: what a pack says about a piece after it is bought.

A product's care guide is its own ``care`` chapter, else its category's entry in the
optional ``care.toml`` (``[[care]] category = "cooking"``). The phone page shows it after
the purchase, so it must read well in every language the pack declares: a care text written
once as a plain (language-neutral) string would be shown untranslated to a Chinese-speaking
customer, and is reported like any other missing translation. Finishes
(``[[products.finishes]]``) are the variants a sale records (``SaleLine.finish``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.content.documents import RawPack
from kiosk.content.fields import Fields
from kiosk.content.model import CARE_KIND, CareGuide, Finish, LocalText

CARE_FILE = "care.toml"


def check_languages(f: Fields, path: str, texts: Mapping[str, LocalText | None]) -> None:
    """Warn, naming the place, about each declared language a text lacks when it was
    written as a plain (language-neutral) string: care advice and a finish's name are never
    the same in every language. (A table of languages is checked by ``Fields.local``.)"""
    for key, text in texts.items():
        if text is None or not text.neutral:
            continue
        for lang in f.languages:
            if lang != f.default_language:
                f.warn(f.join(f.join(path, key), lang), f"missing translation ({lang})")


def read_finishes(f: Fields, t: dict[str, Any], path: str) -> tuple[Finish, ...]:
    """A product's ``[[products.finishes]]``: unique ids, a name in every language."""
    found: list[Finish] = []
    for fpath, item in f.tables(t, "finishes", path, required=False):
        ident, name = f.ident(item, "id", fpath), f.local(item, "name", fpath)
        if ident is not None and any(x.id == ident for x in found):
            f.error(f.join(fpath, "id"), f"duplicate finish id {ident!r} in this product")
            continue
        check_languages(f, fpath, {"name": name})
        if ident and name:
            found.append(Finish(ident, name))
    if isinstance(t.get("finishes"), list) and not t["finishes"]:
        f.error(f.join(path, "finishes"), "list at least one finish, or leave the key out")
    return tuple(found)


def read_care(f: Fields, doc: dict[str, Any], raw: RawPack, declared: bool) -> None:
    """care.toml's ``[[care]]`` entries into ``raw.care``, by category."""
    places: dict[str, str] = {}
    for path, t in f.tables(doc, "care", ""):
        category = f.ident(t, "category", path)
        title, body = f.local(t, "title", path), f.local(t, "body", path)
        check_languages(f, path, {"title": title, "body": body})
        if category is None:
            continue
        if declared and category not in raw.categories:
            f.error(f.join(path, "category"), f"unknown category {category!r}")
            continue
        if category in places:
            f.error(
                f.join(path, "category"),
                f"a second care guide for {category!r} (the first is {places[category]})",
            )
            continue
        places[category] = path
        if title and body:
            raw.care[category] = CareGuide(title, body)
    if isinstance(doc.get("care"), list) and not doc["care"]:
        f.error("care", "give at least one care guide, or leave the file out")


def uncared(raw: RawPack) -> dict[str, list[str]]:
    """Categories with products that would show no care guide: SKUs by category."""
    missing: dict[str, list[str]] = {}
    for product in raw.products.values():
        if product.chapter(CARE_KIND) is None and product.category not in raw.care:
            missing.setdefault(product.category, []).append(product.sku)
    return missing
