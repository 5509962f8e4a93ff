"""Reading a pack folder's TOML files into the model, one file at a time.

Layout of a pack (see docs/content-packs.md)::

    pack.toml            metadata, languages, attributes, categories, collections, price bands
    products/*.toml      [[products]]
    lookbooks/*.toml     one lookbook per file, with [[scenes]] and [[scenes.hotspots]]
    questionnaire.toml   [[questions]] with [[questions.options]], [[reasons]]
    care.toml            optional: [[care]] guides by category (kiosk/content/care.py)
    attract/*.jpg        the idle loop's images (unless pack.toml lists ``attract``)

Cross-references (a hotspot's SKU, an answer's attribute) are checked afterwards by
``validate``, when everything is known.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kiosk.content.answers import read_reasons
from kiosk.content.care import CARE_FILE, check_languages, read_care, read_finishes
from kiosk.content.case_categories import read_case_categories
from kiosk.content.documents import RawPack, load_toml, pack_files
from kiosk.content.errors import Issue
from kiosk.content.fields import Fields, TranslationTally
from kiosk.content.limits import PLAIN_LIMITS, SPEC_LABEL_LIMIT
from kiosk.content.model import (
    CARE_KIND,
    CHAPTER_KINDS,
    AnswerOption,
    Attribute,
    Category,
    Chapter,
    Collection,
    Hotspot,
    Lookbook,
    PackInfo,
    PriceBand,
    Product,
    Question,
    Scene,
    Spec,
)

PACK_FILE = "pack.toml"
QUESTIONNAIRE_FILE = "questionnaire.toml"


class PackReader:
    """Reads a pack folder into a ``RawPack`` and a list of issues."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[Issue] = []
        self.raw = RawPack(root)
        # Every SKU seen, even on a product refused for another reason, so one mistake
        # does not cascade into "unknown SKU" errors everywhere it is referenced.
        self.skus: set[str] = set()
        # Whether pack.toml could be parsed, so references to what it declares (categories,
        # attributes, price bands) can be checked; if not, checking them would only repeat
        # its error as "unknown category" everywhere.
        self.declared = False

    def read(self) -> RawPack:
        """Read every file, whatever is wrong with pack.toml: one pass shows every error."""
        doc = load_toml(self.root, PACK_FILE, self.issues)
        if doc is not None:
            self.declared = True
            self._read_pack(doc)
        for rel in pack_files(self.root, "products"):
            self._read_products(rel)
        for rel in pack_files(self.root, "lookbooks"):
            self._read_lookbook(rel)
        self._read_questionnaire()
        if (self.root / CARE_FILE).exists():
            doc = load_toml(self.root, CARE_FILE, self.issues)
            if doc is not None:
                read_care(self.fields(CARE_FILE), doc, self.raw, self.declared)
        return self.raw

    def fields(self, file: str) -> Fields:
        info = self.raw.info
        if info is None:  # pack.toml has errors: check types and lengths only
            return Fields(file, self.issues, (), "")
        return Fields(file, self.issues, info.languages, info.default_language, self.raw.tally)

    def image(
        self, f: Fields, table: dict[str, Any], key: str, path: str, required: bool = True
    ) -> Path | None:
        rel = f.text_field(table, key, path, required)
        return None if rel is None else self.image_at(f, rel, f.join(path, key))

    def image_at(self, f: Fields, rel: str, where: str, still: bool = True) -> Path | None:
        """Resolve a pack-relative image name and remember where it was referenced (a
        ``still`` is checked as a JPEG or PNG; attract's loop is checked on its own).

        A name the file system cannot take (too long, a control character such as NUL) is
        refused here: resolving it would raise instead of being reported."""
        if not rel.strip() or len(rel) > PLAIN_LIMITS["image"]:
            f.error(where, f"must be an image path of 1 to {PLAIN_LIMITS['image']} characters")
            return None
        if any(ord(c) < 32 or c == "\x7f" for c in rel):
            f.error(where, f"{rel!r} contains a control character; it cannot be a file name")
            return None
        image = (self.root / rel).resolve()
        if still:
            self.raw.images.append((f.file, where, image))
        return image

    # -- pack.toml ---------------------------------------------------------------------
    def _languages(self, meta: dict[str, Any] | None) -> tuple[tuple[str, ...], str] | None:
        """The declared languages and the default one, or None (an error says why)."""
        if meta is None:
            return None
        f = Fields(PACK_FILE, self.issues)
        langs = tuple(lang for _, lang in f.strings(meta, "languages", "pack"))
        default = f.text_field(meta, "default_language", "pack")
        if not langs:
            if "languages" in meta:
                f.error("pack.languages", "must list at least one language")
            return None
        if default is not None and default not in langs:
            f.error("pack.default_language", f"{default!r} is not one of pack.languages")
            return None
        return None if default is None else (langs, default)

    def _read_pack(self, doc: dict[str, Any]) -> None:
        meta = Fields(PACK_FILE, self.issues).table(doc, "pack", "")
        declared = self._languages(meta)
        if declared is None:
            f = Fields(PACK_FILE, self.issues, (), "")  # still check everything else
        else:
            langs, default = declared
            self.raw.tally = TranslationTally(langs)
            f = Fields(PACK_FILE, self.issues, langs, default, self.raw.tally)
        if meta is not None:
            ident = f.ident(meta, "id", "pack")
            brand = f.text_field(meta, "brand", "pack")
            version = f.text_field(meta, "version", "pack")
            tagline = f.local(meta, "tagline", "pack", required=False)
            loop = f.text_field(meta, "attract_loop", "pack", required=False)
            if loop is not None:
                where = f.join("pack", "attract_loop")
                if (image := self.image_at(f, loop, where, still=False)) is not None:
                    self.raw.attract_loop = (where, image)
            if declared is not None:
                self.raw.info = PackInfo(
                    id=ident or "",
                    brand=brand or "",
                    version=version or "",
                    languages=declared[0],
                    default_language=declared[1],
                    tagline=tagline,
                )
        for path, t in f.tables(doc, "attributes", ""):
            ident, name, reason = (
                f.ident(t, "id", path),
                f.local(t, "name", path),
                f.local(t, "reason", path),
            )
            if ident and name and reason:
                self._unique(f, self.raw.attributes, ident, path, "attribute")
                self.raw.attributes[ident] = Attribute(ident, name, reason)
        for path, t in f.tables(doc, "categories", ""):
            ident, name = f.ident(t, "id", path), f.local(t, "name", path)
            if ident and name:
                self._unique(f, self.raw.categories, ident, path, "category")
                self.raw.categories[ident] = Category(ident, name)
        for path, t in f.tables(doc, "collections", "", required=False):
            ident, name = f.ident(t, "id", path), f.local(t, "name", path)
            desc = f.local(t, "description", path, required=False)
            if ident and name:
                self._unique(f, self.raw.collections, ident, path, "collection")
                self.raw.collections[ident] = Collection(ident, name, desc)
        for rank, (path, t) in enumerate(f.tables(doc, "price_bands", "")):
            ident, label = f.ident(t, "id", path), f.local(t, "label", path)
            if ident and label:
                self._unique(f, self.raw.price_bands, ident, path, "price band")
                self.raw.price_bands[ident] = PriceBand(ident, label, rank)
        self.raw.case_categories = read_case_categories(f, doc)
        if "attract" in doc:
            for where, rel in f.strings(doc, "attract", ""):
                if (image := self.image_at(f, rel, where)) is not None:
                    self.raw.attract.append(image)
        else:
            for image in sorted((self.root / "attract").glob("*.jpg")):
                self.raw.attract.append(image.resolve())
                self.raw.images.append((f"attract/{image.name}", "", image.resolve()))

    @staticmethod
    def _unique(f: Fields, seen: dict[str, Any], ident: str, path: str, what: str) -> None:
        if ident in seen:
            f.error(f.join(path, "id"), f"duplicate {what} id {ident!r}")

    # -- products ----------------------------------------------------------------------
    def _read_products(self, rel: str) -> None:
        doc = load_toml(self.root, rel, self.issues)
        if doc is None:
            self.raw.products_unread = True
            return
        f = self.fields(rel)
        for path, t in f.tables(doc, "products", ""):
            product = self._product(f, path, t)
            if product is None:
                continue
            if product.sku in self.raw.products:
                first_file, first_path = self.raw.product_places[product.sku]
                f.error(
                    f.join(path, "sku"),
                    f"duplicate SKU {product.sku!r} (first in {first_file}: {first_path})",
                )
                continue
            self.raw.products[product.sku] = product
            self.raw.product_places[product.sku] = (rel, path)

    def _product(self, f: Fields, path: str, t: dict[str, Any]) -> Product | None:
        sku = f.ident(t, "sku", path)
        if sku is not None:
            self.skus.add(sku)
        name = f.local(t, "name", path)
        summary = f.local(t, "summary", path)
        category = f.ident(t, "category", path)
        collection = f.ident(t, "collection", path, required=False)
        band = f.ident(t, "price_band", path)
        scores: dict[str, float] = {}
        attrs = f.table(t, "attributes", path) or {}
        for key in attrs:
            score = f.number(attrs, key, f.join(path, "attributes"), 0.0, 1.0)
            if score is not None:
                scores[key] = score
        specs: list[Spec] = []
        for spath, s in f.tables(t, "specs", path, required=False):
            label, value = (
                f.local(s, "label", spath, limit=SPEC_LABEL_LIMIT),
                f.local(s, "value", spath),
            )
            if label and value:
                specs.append(Spec(label, value))
        gallery: list[Path] = []
        for where, rel in f.strings(t, "gallery", path):
            if (image := self.image_at(f, rel, where)) is not None:
                gallery.append(image)
        if "gallery" in t and isinstance(t["gallery"], list) and not t["gallery"]:
            f.error(f.join(path, "gallery"), "needs at least one image")
        chapters: list[Chapter] = []
        for cpath, c in f.tables(t, "chapters", path):
            kind = f.text_field(c, "kind", cpath)
            title, body = f.local(c, "title", cpath), f.local(c, "body", cpath)
            image = self.image(f, c, "image", cpath, required=False)
            if kind is not None and kind not in CHAPTER_KINDS:
                f.error(
                    f.join(cpath, "kind"),
                    f"{kind!r} is not a chapter kind ({', '.join(CHAPTER_KINDS)})",
                )
            elif kind and title and body:
                chapters.append(Chapter(kind, title, body, image))
            if kind == CARE_KIND:
                check_languages(f, cpath, {"title": title, "body": body})
        if sum(1 for c in chapters if c.kind == CARE_KIND) > 1:
            f.error(f.join(path, "chapters"), "a product has at most one care chapter")
        finishes = read_finishes(f, t, path)
        new_arrival = f.boolean(t, "new_arrival", path, False)
        self._check_refs(f, path, category, collection, band, scores)
        if not (sku and name and summary and category and band):
            return None
        return Product(
            sku,
            name,
            summary,
            category,
            collection,
            band,
            scores,
            tuple(specs),
            tuple(gallery),
            tuple(chapters),
            finishes,
            new_arrival,
        )

    def _check_refs(
        self,
        f: Fields,
        path: str,
        category: str | None,
        collection: str | None,
        band: str | None,
        scores: dict[str, float],
    ) -> None:
        """Products may only name what pack.toml declares (read first, so it is known)."""
        raw = self.raw
        if not self.declared:
            return
        if category is not None and category not in raw.categories:
            f.error(f.join(path, "category"), f"unknown category {category!r}")
        if collection is not None and collection not in raw.collections:
            f.error(f.join(path, "collection"), f"unknown collection {collection!r}")
        if band is not None and band not in raw.price_bands:
            f.error(f.join(path, "price_band"), f"unknown price band {band!r}")
        for key in scores:
            if key not in raw.attributes:
                f.error(
                    f.join(f.join(path, "attributes"), key),
                    f"unknown attribute {key!r} (not declared in pack.toml)",
                )

    # -- lookbooks ---------------------------------------------------------------------
    def _read_lookbook(self, rel: str) -> None:
        doc = load_toml(self.root, rel, self.issues)
        if doc is None:
            return
        f = self.fields(rel)
        ident, title = f.ident(doc, "id", ""), f.local(doc, "title", "")
        description = f.local(doc, "description", "")
        scenes: list[Scene] = []
        for path, s in f.tables(doc, "scenes", ""):
            sid, caption = f.ident(s, "id", path), f.local(s, "caption", path)
            image = self.image(f, s, "image", path)
            hotspots: list[Hotspot] = []
            for hpath, h in f.tables(s, "hotspots", path, required=False):
                sku = f.ident(h, "sku", hpath)
                x, y = f.number(h, "x", hpath), f.number(h, "y", hpath)
                for axis, value in (("x", x), ("y", y)):
                    if value is not None and not 0.0 <= value <= 1.0:
                        f.error(
                            f.join(hpath, axis),
                            f"{value:g} places the hotspot outside the image "
                            "(relative coordinates run from 0 to 1)",
                        )
                label = f.local(h, "label", hpath, required=False)
                if sku is not None and sku not in self.skus and not self.raw.products_unread:
                    f.error(f.join(hpath, "sku"), f"unknown SKU {sku!r}")
                    sku = None
                if sku and x is not None and y is not None and 0 <= x <= 1 and 0 <= y <= 1:
                    hotspots.append(Hotspot(sku, x, y, label))
            if sid and caption and image:
                scenes.append(Scene(sid, image, caption, tuple(hotspots)))
        if isinstance(doc.get("scenes"), list) and not doc["scenes"]:
            f.error("scenes", "a lookbook needs at least one scene")
        if ident is not None and any(lb.id == ident for _, lb in self.raw.lookbooks):
            f.error("id", f"duplicate lookbook id {ident!r}")
        if ident and title and description:
            self.raw.lookbooks.append((rel, Lookbook(ident, title, description, tuple(scenes))))

    # -- questionnaire -----------------------------------------------------------------
    def _read_questionnaire(self) -> None:
        doc = load_toml(self.root, QUESTIONNAIRE_FILE, self.issues)
        if doc is None:
            return
        f = self.fields(QUESTIONNAIRE_FILE)
        for path, q in f.tables(doc, "questions", ""):
            ident, kind = f.ident(q, "id", path), f.text_field(q, "kind", path)
            prompt = f.local(q, "prompt", path)
            help_text = f.local(q, "help", path, required=False)
            skippable = f.boolean(q, "skippable", path, True)
            if kind is not None and kind not in ("single", "multiple"):
                f.error(f.join(path, "kind"), f"{kind!r} must be 'single' or 'multiple'")
                kind = None
            options: list[AnswerOption] = []
            for opath, o in f.tables(q, "options", path, required=False):
                oid, label = f.ident(o, "id", opath), f.local(o, "label", opath)
                weights: dict[str, float] = {}
                for key in f.table(o, "weights", opath, required=False) or {}:
                    w = f.number(o["weights"], key, f.join(opath, "weights"), -1.0, 1.0)
                    if w is not None:
                        weights[key] = w
                for key in weights:
                    if self.declared and key not in self.raw.attributes:
                        f.error(
                            f.join(f.join(opath, "weights"), key),
                            f"unknown attribute {key!r} (not declared in pack.toml)",
                        )
                band_items = f.strings(o, "price_bands", opath, required=False)
                for bpath, band in band_items:
                    if self.declared and band not in self.raw.price_bands:
                        f.error(bpath, f"unknown price band {band!r}")
                bands = tuple(b for _, b in band_items)
                category_items = f.strings(o, "categories", opath, required=False)
                for cpath, category in category_items:
                    if self.declared and category not in self.raw.categories:
                        f.error(cpath, f"unknown category {category!r}")
                categories = tuple(c for _, c in category_items)
                if oid is not None and any(o.id == oid for o in options):
                    f.error(f.join(opath, "id"), f"duplicate answer id {oid!r}")
                if oid and label:
                    options.append(AnswerOption(oid, label, weights, bands, categories))
            if not options:
                f.error(f.join(path, "options"), "a question needs at least one answer option")
            if ident is not None and any(x.id == ident for x in self.raw.questions):
                f.error(f.join(path, "id"), f"duplicate question id {ident!r}")
            if ident and kind and prompt and options:
                self.raw.questions.append(
                    Question(ident, kind, prompt, help_text, skippable, tuple(options))
                )
        read_reasons(f, doc, self.raw, self.declared)
