"""Writing imported products into the pack's documents, touching only what the file changes.

A product already in the pack is edited in place, field by field: a text's other languages,
its stories (chapters), the lookbooks' hotspots on it, its care chapter and any key the
importer does not know stay exactly as written, and a value equal to the pack's is not
written at all (so re-importing the same file leaves every byte as it was). A new product is
appended to ``products/<category>.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from kiosk.content.documents import pack_files
from kiosk.content.importing.records import Image, Incoming, Problems, Target
from kiosk.content.importing.sources import Progress
from kiosk.content.toml_edit import PackEdit, append_table, get_text, set_text, text_table

NEW_FILE_HEADER = (
    "Products added by `kiosk content import`: edit freely (stories, chapters, translations);\n"
    "a re-import changes only what its file changes. Format: docs/content-packs.md"
)


@dataclass
class Merged:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    images: list[Image] = field(default_factory=list)
    """Pictures to copy into the pack (their content is new or changed)."""
    rows: dict[str, str] = field(default_factory=dict)
    """Each imported product's SKU in the pack, and where the file gave it."""


def merge(
    edit: PackEdit,
    target: Target,
    products: list[Incoming],
    problems: Problems,
    progress: Progress | None = None,
) -> Merged:
    existing: dict[str, Table] = {}
    for rel in pack_files(target.root, "products"):
        for table in edit.doc(rel).get("products") or []:
            if isinstance(table.get("sku"), str):
                existing[table["sku"]] = table
    merged = Merged()
    for done, product in enumerate(products, 1):
        table = next((existing[s] for s in (product.sku, *product.also) if s in existing), None)
        if table is None:
            table = _new(edit, target, product, problems)
            if table is not None:
                merged.added.append(product.sku)
                existing[product.sku] = table
        elif _update(table, target, product):
            merged.updated.append(str(table["sku"]))
        else:
            merged.unchanged += 1
        if table is not None:
            merged.rows[str(table["sku"])] = product.where
            merged.images.extend(i for i in product.images or [] if _differs(i, target.root))
        if progress is not None:
            progress(done, len(products), product.sku)
    return merged


def _differs(image: Image, root: Path) -> bool:
    """Whether copying ``image`` would change the pack (a missing or different file)."""
    if image.source is None:
        return False
    target = root / image.rel
    try:
        if target.stat().st_size != image.source.stat().st_size:
            return True
        return target.read_bytes() != image.source.read_bytes()
    except OSError:
        return True


def _new(edit: PackEdit, target: Target, product: Incoming, problems: Problems) -> Table | None:
    needs = {
        "name": product.texts.get("name", {}).get(target.default),
        "summary": product.texts.get("summary", {}).get(target.default),
        "category": product.category,
        "price_band": product.price_band,
        "images": product.images,
        "chapter": product.chapters,
    }
    missing = [key for key, value in needs.items() if not value]
    for key in missing:
        where = product.places.get(key) or product.places.get(f"{key}:{target.default}")
        what = f"{key} ({target.default})" if key in ("name", "summary") else key
        if key == "price_band":
            what = "price band (a price_band column, or prices and up_to on the pack's bands)"
        if key == "chapter":
            what = "story chapter (chapter:<kind>:title and chapter:<kind>:body columns)"
        problems.error(
            where or product.where,
            f"{product.sku!r} is a new product and needs a {what}"
            + ("" if where else f" (the file has no {key} column)"),
        )
    if missing:
        return None
    table = tomlkit.table()
    table["sku"] = product.sku
    for key in ("name", "summary"):
        texts = product.texts[key]
        table[key] = text_table({lang: texts[lang] for lang in target.languages if lang in texts})
    table["category"] = product.category
    if product.collection:
        table["collection"] = product.collection
    table["price_band"] = product.price_band
    table["gallery"] = [image.rel for image in product.images or []]
    table["attributes"] = text_table({})
    if product.new_arrival:
        table["new_arrival"] = True
    _update(table, target, product, new=True)
    rel = f"products/{product.category}.toml"
    doc = edit.doc(rel)
    if not doc.body:
        doc.add(tomlkit.comment(NEW_FILE_HEADER.splitlines()[0]))
        doc.add(tomlkit.comment(NEW_FILE_HEADER.splitlines()[1]))
        doc.add(tomlkit.nl())
    append_table(doc, "products", table)
    return table


def _append(tables: AoT, table: Table) -> None:
    """A new sub-table, after a blank line as authors write them."""
    table.trivia.indent = "\n"
    tables.append(table)


def _set(table: Table, key: str, value: Any) -> bool:
    if value is None or table.get(key) == value:
        return False
    table[key] = value
    return True


def _update(table: Table, target: Target, product: Incoming, new: bool = False) -> bool:
    """Bring one pack product to what the file says; whether anything changed."""
    changed = False
    for key, texts in product.texts.items():
        for lang, text in texts.items():
            changed |= set_text(table, key, lang, text, target.default)
    for key in ("category", "collection", "price_band"):
        changed |= _set(table, key, getattr(product, key))
    if product.new_arrival is not None and bool(table.get("new_arrival")) != product.new_arrival:
        table["new_arrival"] = product.new_arrival
        changed = True
    changed |= _scores(table, product)
    changed |= _specs(table, target, product)
    changed |= _finishes(table, target, product)
    if product.images is not None:
        changed |= _set(table, "gallery", [image.rel for image in product.images])
    if new or not product.chapters_if_new:
        changed |= _chapters(table, target, product)
    return changed


def _scores(table: Table, product: Incoming) -> bool:
    if not product.attributes and not product.tagged:
        return False
    scores = table.get("attributes")
    if not isinstance(scores, dict) or not scores:  # a new table, written whole below
        wanted = {k: v for k, v in product.attributes.items() if v is not None}
        wanted.update((k, 1.0) for k in product.tagged - set(wanted))
        if not isinstance(scores, dict) or wanted:
            table["attributes"] = text_table(wanted)
        return bool(wanted) or not isinstance(scores, dict)
    changed = False
    for ident, score in product.attributes.items():
        if score is None and ident in scores:
            del scores[ident]
            changed = True
        elif score is not None and scores.get(ident) != score:
            scores[ident] = score
            changed = True
    for ident in product.tagged - set(scores):
        scores[ident] = 1.0
        changed = True
    return changed


def _specs(table: Table, target: Target, product: Incoming) -> bool:
    if not product.specs:
        return False
    specs = table.get("specs")
    found = {get_text(s.get("label"), target.default): s for s in specs or []}
    changed = False
    for label, value in product.specs.items():
        spec = found.get(label)
        if value is None:
            if spec is not None and specs is not None:
                specs.remove(spec)
                changed = True
        elif spec is not None:
            changed |= set_text(spec, "value", target.default, value, target.default)
        else:
            if specs is None:
                table["specs"] = specs = tomlkit.aot()
            new = tomlkit.table()
            new["label"] = text_table({target.default: label})
            new["value"] = value
            _append(specs, new)
            changed = True
    if specs is not None and not len(specs):
        del table["specs"]
    return changed


def _finishes(table: Table, target: Target, product: Incoming) -> bool:
    if product.finishes is None:
        return False
    finishes = table.get("finishes")
    if finishes is None:
        table["finishes"] = finishes = tomlkit.aot()
    found = {f.get("id"): f for f in finishes}
    wanted = {ident for ident, _ in product.finishes}
    changed = False
    for old in [f for f in finishes if f.get("id") not in wanted]:
        finishes.remove(old)
        changed = True
    for ident, names in product.finishes:
        finish = found.get(ident)
        if finish is None:
            finish = tomlkit.table()
            finish["id"] = ident
            finish["name"] = text_table(names)
            _append(finishes, finish)
            changed = True
            continue
        for lang, name in names.items():
            changed |= set_text(finish, "name", lang, name, target.default)
    if not len(finishes):
        del table["finishes"]
    return changed


def _chapters(table: Table, target: Target, product: Incoming) -> bool:
    """The file's chapters, each the product's first of its kind (added at the end if it
    has none); its other chapters, and their images, stay as written."""
    changed = False
    for kind, texts in product.chapters.items():
        chapters = table.get("chapters")
        chapter = next((c for c in chapters or [] if c.get("kind") == kind), None)
        if chapter is None:
            if chapters is None:
                table["chapters"] = chapters = tomlkit.aot()
            chapter = tomlkit.table()
            chapter["kind"] = kind
            for key in ("title", "body"):
                chapter[key] = text_table(texts.get(key, {}))
            _append(chapters, chapter)
            changed = True
            continue
        for key, values in texts.items():
            for lang, text in values.items():
                changed |= set_text(chapter, key, lang, text, target.default)
    return changed
