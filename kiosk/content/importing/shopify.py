"""A Shopify product CSV export, read as the kiosk's products.

Shopify writes one row per variant and per extra image, grouped by ``Handle``: the first row
of a handle carries the product (Title, Body (HTML), Type, Tags), the following ones only
variant columns (Option1 Value, Variant SKU, Variant Price) or an image (Image Src, Image
Position). The handle becomes the product's SKU (a pack product keyed on one of its variant
SKUs is updated instead), variants become finishes, Type the category, tags that name a
declared attribute its scores, the lowest variant price a price band (by the bands'
``up_to``), and the body's HTML a plain summary. An export is in one language: its texts
are the pack's default language's; the translations already in the pack stay.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kiosk.content.fields import ID_PATTERN
from kiosk.content.importing.layout import band, parse_price
from kiosk.content.importing.records import Image, Incoming, Problems, Target, image, slug
from kiosk.content.importing.sources import MAX_PRODUCTS, ImportRefused, Sheet, too_large
from kiosk.content.limits import IDENT_LIMIT, MAX_PARAGRAPHS, TEXT_LIMITS

REQUIRED = ("Handle", "Title")
OPTIONS = ("Option1 Value", "Option2 Value", "Option3 Value")
STARTING_CHAPTER = "design"


def recognised(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED) and any(
        name in header for name in ("Variant SKU", "Variant Price", "Body (HTML)")
    )


@dataclass
class _Product:
    handle: str
    row: int
    cells: dict[str, str]
    variants: list[tuple[int, str, list[str], str]] = field(default_factory=list)
    images: list[tuple[float, int, str, str]] = field(default_factory=list)


def read(sheet: Sheet, target: Target, problems: Problems, folder: Path) -> Iterator[Incoming]:
    col = {name: i for i, name in enumerate(sheet.header)}
    missing = [name for name in REQUIRED if name not in col]
    if missing:
        raise ImportRefused(
            f"{sheet.name}: row 1: missing required column(s) {', '.join(missing)} "
            "of a Shopify product export"
        )
    products: dict[str, _Product] = {}
    variant_rows: dict[str, int] = {}
    for number, cells in sheet.rows:
        if not any(cells):
            continue
        get = {name: cells[i] for name, i in col.items()}
        handle = get["Handle"]
        if not handle:
            problems.error(sheet.where(number, col["Handle"]), "the handle is empty")
            continue
        product = products.get(handle)
        if get["Title"]:
            if product is not None:
                problems.error(
                    sheet.where(number, col["Handle"]),
                    f"duplicate handle {handle!r}: a product with a Title is also in row "
                    f"{product.row}",
                )
                continue
            product = products[handle] = _Product(handle, number, get)
            if len(products) > MAX_PRODUCTS:
                found = f"more than {MAX_PRODUCTS:,} products (row {number:,})"
                raise too_large(sheet.name, found)
        elif product is None:
            problems.error(
                sheet.where(number, col["Title"]),
                f"handle {handle!r} first appears without a Title (its product row)",
            )
            continue
        sku = get.get("Variant SKU", "")
        if sku:
            if sku in variant_rows:
                problems.error(
                    sheet.where(number, col["Variant SKU"]),
                    f"duplicate SKU {sku!r}: also in row {variant_rows[sku]}",
                )
            variant_rows[sku] = number
        values = [get[o] for o in OPTIONS if get.get(o)]
        if sku or values or get.get("Variant Price"):
            product.variants.append((number, sku, values, get.get("Variant Price", "")))
        for key in ("Image Src", "Variant Image"):
            if get.get(key):
                position = get.get("Image Position", "") if key == "Image Src" else ""
                order = float(position) if position.isdigit() else 1e9 + len(product.images)
                product.images.append((order, number, key, get[key]))
    unmatched: dict[str, list[int]] = {}
    for product in products.values():
        yield _incoming(product, sheet, col, target, problems, folder, unmatched)
    for tag, rows in unmatched.items():
        listed = ", ".join(str(r) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
        problems.note(
            f"{sheet.name}: Tags",
            f"{tag!r} matches no attribute of the pack (row(s) {listed})",
        )


def _incoming(
    product: _Product,
    sheet: Sheet,
    col: dict[str, int],
    target: Target,
    problems: Problems,
    folder: Path,
    unmatched: dict[str, list[int]],
) -> Incoming:
    row, get = product.row, product.cells

    def at(name: str) -> str:
        return sheet.where(row, col[name]) if name in col else sheet.where(row)

    sku = product.handle
    if len(sku) > IDENT_LIMIT or not ID_PATTERN.match(sku):
        problems.error(at("Handle"), f"{sku!r} cannot be a SKU (letters, digits, '-', '_', '.')")
    skus = tuple(s for _, s, _, _ in product.variants if s)
    new = Incoming(sku, sheet.where(row), also=skus)
    for name, key in (("name", "Title"), ("summary", "Body (HTML)"), ("category", "Type")):
        new.places[name] = at(key)
    new.places["price_band"] = at("Variant Price")
    new.places["images"] = at("Image Src")
    new.texts["name"] = {target.default: get["Title"]}
    body = plain(get.get("Body (HTML)", "")) or get.get("SEO Description", "").strip()
    if body:
        summary = body.split("\n\n", 1)[0]
        limit = TEXT_LIMITS["summary"]
        if len(summary) > limit:
            summary = shorten(summary, limit)
            problems.note(
                at("Body (HTML)"), f"shortened to {len(summary)} characters for the summary"
            )
        new.texts["summary"] = {target.default: summary}
        # A new product's story starts from the whole body; the team then writes it.
        story = {"title": {target.default: get["Title"]}, "body": {target.default: body}}
        if len(body) > TEXT_LIMITS["body"]:
            story["body"] = {target.default: shorten(body, TEXT_LIMITS["body"])}
        new.chapters = {STARTING_CHAPTER: story}
        new.chapters_if_new = True
    if get.get("Type"):
        new.category = target.match(target.categories, get["Type"])
        if new.category is None:
            problems.note(
                at("Type"),
                f"{get['Type']!r} matches no category ({', '.join(target.categories)})",
            )
    for tag in (t.strip() for t in get.get("Tags", "").split(",")):
        if tag:
            _tag(new, tag, target, unmatched, row)
    prices = [(r, p) for r, _, _, p in product.variants if p]
    if prices and target.priced:
        lowest = min(prices, key=lambda rp: parse_price(rp[1]) or math.inf)
        where = sheet.where(lowest[0], col["Variant Price"])
        new.price_band = band(lowest[1], where, target, problems)
    elif prices:
        unmapped = (
            f"{sheet.name}: Variant Price: prices not mapped to price bands: the pack's "
            "[[price_bands]] give no up_to (docs/content-import.md)"
        )
        if unmapped not in problems.notes:  # said once for the file
            problems.notes.append(unmapped)
    finishes = [(s, v) for _, s, v, _ in product.variants if v and v != ["Default Title"]]
    if finishes:
        new.finishes = [(_finish_id(s, v), {target.default: " / ".join(v)}) for s, v in finishes]
    pictures: list[Image] = []
    for _, number, key, ref in sorted(product.images):
        found = image(ref, sku, sheet.where(number, col[key]), folder, target, problems)
        if found is not None and found.rel not in {p.rel for p in pictures}:
            pictures.append(found)
    if pictures:
        new.images = pictures
    return new


def _tag(
    new: Incoming, tag: str, target: Target, unmatched: dict[str, list[int]], row: int
) -> None:
    """A tag naming an attribute (by id or name), optionally with a score: ``quiet:0.8``."""
    scored = re.match(r"^(.*?)\s*[:=]\s*([0-9]*\.?[0-9]+)$", tag)
    name, score = (scored.group(1), scored.group(2)) if scored else (tag, "")
    ident = target.match(target.attributes, name) if name.strip() else None
    if ident is None:
        unmatched.setdefault(tag, []).append(row)
        return
    value = _number(score) if score.strip() else None
    if value is not None and 0.0 <= value <= 1.0:
        new.attributes[ident] = value
    else:
        new.tagged.add(ident)


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "").strip())
    except ValueError:
        return float("inf")


def _finish_id(sku: str, values: list[str]) -> str:
    if sku and ID_PATTERN.match(sku) and len(sku) <= IDENT_LIMIT:
        return sku
    return slug("-".join(values))[:IDENT_LIMIT]


class _Text(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "table"})
    SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS and self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS and self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.paragraphs[-1].append(data)


def plain(html: str) -> str:
    """The body's words without markup: blocks become paragraphs, entities characters."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    texts = [" ".join("".join(p).split()) for p in parser.paragraphs]
    texts = [t for t in texts if t]
    if len(texts) > MAX_PARAGRAPHS:
        texts = [*texts[: MAX_PARAGRAPHS - 1], " ".join(texts[MAX_PARAGRAPHS - 1 :])]
    return "\n\n".join(texts)


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut after the last whole sentence that fits (else the
    last whole word, with an ellipsis)."""
    room = text[: limit - 1]
    ends = [room.rfind(mark) for mark in (". ", "! ", "? ", "。", "！", "？", ".\n")]
    end = max(ends)
    if end > limit // 3:
        return room[: end + 1].rstrip()
    cut = room.rfind(" ")
    return (room[:cut] if cut > limit // 3 else room).rstrip() + "…"
