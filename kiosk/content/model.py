"""The loaded content pack: immutable values the UI and the needs matcher read.

Everything here is a frozen dataclass built once by the reader and then shared read-only
between the GUI thread and workers, so no screen can change the catalogue under another.
Image fields are absolute paths resolved at load time, so a pack keeps working whichever
folder it was installed into.

Each is a ``@value`` class (kiosk/values.py): a dataclass frozen, compared, hashed and shown
by ``Value`` as ``@dataclass(frozen=True)`` would, with only ``__init__`` compiled for it (of
six methods a class: the module's body 8.0 -> 5.3 ms for three, the package's import 14.6 ->
11.2 ms for two more), on the worker the attract screen waits for. Each has a docstring: a
dataclass without one is given its signature as one, found by ``inspect.signature`` at import
(0.2-0.4 ms a class).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from kiosk.values import Value, value

CHAPTER_KINDS = ("heritage", "craftsmanship", "technology", "design", "materials", "care")
CARE_KIND = "care"
"""A ``care`` chapter is the product's care guide: read after the purchase (the phone page),
not told as part of the story on the kiosk, where cleaning advice would interrupt it."""
STORY_KINDS = tuple(kind for kind in CHAPTER_KINDS if kind != CARE_KIND)
QUESTION_KINDS = ("single", "multiple")


@value
class LocalText(Value):
    """Customer-facing text in several languages, falling back to the pack's default.

    ``neutral`` marks text that is the same in every language (a model number, "60 cm"),
    so it never counts as a missing translation.
    """

    values: Mapping[str, str]
    fallback: str
    neutral: bool = False

    def get(self, language: str) -> str:
        """The text in ``language``, else in the pack's default language, else any."""
        text = self.values.get(language) or self.values.get(self.fallback)
        if text:
            return text
        return next(iter(self.values.values()), "")

    def has(self, language: str) -> bool:
        return self.neutral or bool(self.values.get(language))


@value
class Attribute(Value):
    """A product quality the needs questionnaire can weigh (``quietness``, ``capacity``...).

    ``reason`` is the plain phrase a recommendation shows ("quiet operation").
    """

    id: str
    name: LocalText
    reason: LocalText


@value
class Category(Value):
    """A product family (ovens, sofas, rings): what the browse screens group by."""

    id: str
    name: LocalText


@value
class Collection(Value):
    """A named line of products across families, with its own short story."""

    id: str
    name: LocalText
    description: LocalText | None = None


@value
class PriceBand(Value):
    """A discreet price indication: luxury screens show bands, never a price tag."""

    id: str
    label: LocalText
    rank: int


@value
class Spec(Value):
    """One line of a product's specifications: a label and its value ("Capacity", "77 L")."""

    label: LocalText
    value: LocalText


@value
class Chapter(Value):
    """One chapter of a product's story (see ``CHAPTER_KINDS``)."""

    kind: str
    title: LocalText
    body: LocalText
    image: Path | None = None


@value
class Finish(Value):
    """A finish or variant a product is sold in (an enamel colour, brass or nickel, oak or
    walnut); the sale records its ``id``, the customer reads its ``name``."""

    id: str
    name: LocalText


@value
class CareGuide(Value):
    """How to look after a piece once it is home: a product's own ``care`` chapter, else
    its category's ``[[care]]`` entry (see ``ContentPack.care_for``)."""

    title: LocalText
    body: LocalText


@value
class Product(Value):
    """One product of the catalogue: its words, its story and pictures, what the needs
    questionnaire weighs it by (``attributes``, 0-1), and its finishes."""

    sku: str
    name: LocalText
    summary: LocalText
    category: str
    collection: str | None
    price_band: str
    attributes: Mapping[str, float]
    specs: tuple[Spec, ...]
    gallery: tuple[Path, ...]
    chapters: tuple[Chapter, ...]
    finishes: tuple[Finish, ...] = ()
    new_arrival: bool = False
    """Flagged new in the pack (``new_arrival = true``): outreach offers it to clients whose
    needs answers favour it (``kiosk.outreach.interest``)."""

    def chapter(self, kind: str) -> Chapter | None:
        return next((c for c in self.chapters if c.kind == kind), None)

    @property
    def story_chapters(self) -> tuple[Chapter, ...]:
        """The chapters the kiosk's story tells: all but the care guide."""
        return tuple(c for c in self.chapters if c.kind in STORY_KINDS)

    def finish(self, ident: str) -> Finish | None:
        return next((f for f in self.finishes if f.id == ident), None)


@value
class Hotspot(Value):
    """A product placed on a scene image; ``x`` and ``y`` are fractions (0..1) of its size."""

    sku: str
    x: float
    y: float
    label: LocalText | None = None


@value
class Scene(Value):
    """One picture of a lookbook, with the products in it marked where they stand."""

    id: str
    image: Path
    caption: LocalText
    hotspots: tuple[Hotspot, ...]


@value
class Lookbook(Value):
    """A set of scenes telling one way of living with the products."""

    id: str
    title: LocalText
    description: LocalText
    scenes: tuple[Scene, ...]


@value
class AnswerOption(Value):
    """One answer; ``weights`` maps attribute ids to how much this answer wants them
    (-1..1), ``price_bands`` (budget answers) narrows the bands the customer accepts, and
    ``categories`` (room answers) the categories shown: a customer who chose the kitchen is
    not shown washing machines."""

    id: str
    label: LocalText
    weights: Mapping[str, float]
    price_bands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


@value
class Reason(Value):
    """Why a piece is shown, in the words of the customer's own answer ("for the dinners you
    host"): the answer ``question``/``option`` wanting ``attribute`` (or, with no attribute,
    a room answer naming the piece's category)."""

    question: str
    option: str
    attribute: str | None
    text: LocalText

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.question, self.option, self.attribute)


@value
class Question(Value):
    """One question of the needs questionnaire (``kind``: one of ``QUESTION_KINDS``)."""

    id: str
    kind: str
    prompt: LocalText
    help: LocalText | None
    skippable: bool
    options: tuple[AnswerOption, ...]


@value
class CaseCategory(Value):
    """What a service-recovery case can be about ("waiting", "delivery"...), as the customer
    chooses it at farewell; ``id`` is what the case records and the dashboard counts by."""

    id: str
    label: LocalText


def _default_case_category(ident: str, en: str, zh: str) -> CaseCategory:
    return CaseCategory(ident, LocalText({"en": en, "zh-Hans": zh}, "en"))


DEFAULT_CASE_CATEGORIES: tuple[CaseCategory, ...] = (
    _default_case_category("product", "A product", "产品"),
    _default_case_category("service", "The service", "服务"),
    _default_case_category("waiting", "Waiting", "等候"),
    _default_case_category("delivery", "A delivery", "配送"),
    _default_case_category("other", "Something else", "其他"),
)
"""A pack without ``[[case_categories]]`` offers these."""


@value
class PackInfo(Value):
    """Who the pack is for and what it offers: the brand, its version and languages."""

    id: str
    brand: str
    version: str
    languages: tuple[str, ...]
    default_language: str
    tagline: LocalText | None = None


@value
class ContentPack(Value):
    """A whole validated pack. ``root`` is the folder it was loaded from."""

    root: Path
    info: PackInfo
    attributes: Mapping[str, Attribute]
    categories: Mapping[str, Category]
    collections: Mapping[str, Collection]
    price_bands: Mapping[str, PriceBand]
    products: Mapping[str, Product]
    lookbooks: tuple[Lookbook, ...]
    questions: tuple[Question, ...]
    attract_images: tuple[Path, ...] = field(default=())
    reasons: tuple[Reason, ...] = field(default=())
    case_categories: tuple[CaseCategory, ...] = field(default=DEFAULT_CASE_CATEGORIES)
    attract_loop: Path | None = None
    """An animated WebP attract plays in place of its stills (kiosk/content/loop.py)."""
    care: Mapping[str, CareGuide] = field(default_factory=dict)
    """care.toml's guides by category id, for products without a care chapter of their own."""

    def product(self, sku: str) -> Product | None:
        return self.products.get(sku)

    def care_for(self, sku: str) -> CareGuide | None:
        """The care guide of ``sku``: its own care chapter, else its category's; None for a
        product the pack does not have or whose family has no guide."""
        product = self.products.get(sku)
        if product is None:
            return None
        own = product.chapter(CARE_KIND)
        if own is not None:
            return CareGuide(own.title, own.body)
        return self.care.get(product.category)

    def image_paths(self) -> list[Path]:
        """Every image the pack uses, once each, in a stable order (for ``build``)."""
        seen: dict[Path, None] = {}
        for path in self.attract_images:
            seen[path] = None
        for product in self.products.values():
            for path in product.gallery:
                seen[path] = None
            for chapter in product.chapters:
                if chapter.image is not None:
                    seen[chapter.image] = None
        for lookbook in self.lookbooks:
            for scene in lookbook.scenes:
                seen[scene.image] = None
        return list(seen)
