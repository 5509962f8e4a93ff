"""Needs matching: from the customer's answers to a short, honest list of products.

Each answer option wants some attributes (weights -1..1); each product has them (0..1). A
product's score is how much of what the customer wants it offers, normalised by how much they
asked for, so a long questionnaire and a short one give scores on the same scale. Budget answers
name the price bands the customer accepts; products outside them are left out.

The list is never empty. When nothing fits (every score <= 0, or the budget leaves nothing that
fits) the nearest pieces are offered instead and ``fallback`` says so, so the screen can be honest
about it rather than pretend. Pure Python, no Qt: the same code can serve an associate's console.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.content.model import ContentPack, Product

MAX_REASONS = 2
REASON_SHARE = 0.1
"""A contribution counts as a reason only if it is at least this share of everything asked for:
a product is not "made for entertaining" because entertaining was a tenth of one answer."""

Scored = tuple[str, float]
_CJK_SEPARATOR = "，"
_CJK_LANGUAGES = ("zh", "ja")


@dataclass(frozen=True)
class Recommendation:
    sku: str
    score: float
    reasons: tuple[str, ...]
    """Attribute ids of the strongest positive contributions, strongest first."""


@dataclass(frozen=True)
class Recommendations:
    items: tuple[Recommendation, ...]
    fallback: bool
    """Nothing matched the wishes (and budget) well: these are the nearest pieces instead."""
    personal: bool
    """Some answer weighed attributes or a budget; False for an empty questionnaire."""

    @property
    def skus(self) -> list[str]:
        return [item.sku for item in self.items]


@dataclass(frozen=True)
class Wishes:
    """The answers reduced to what matching needs: wanted attributes and accepted bands."""

    wants: Mapping[str, float]
    bands: frozenset[str] | None
    """Accepted price bands, or None when the customer gave no budget."""

    @property
    def empty(self) -> bool:
        return not self.wants and self.bands is None


def wishes(pack: ContentPack, needs: Mapping[str, Sequence[str]]) -> Wishes:
    """Sum the weights of every chosen option; unknown questions and options are ignored (a pack
    may have changed between visits, or an associate typed a note)."""
    wants: dict[str, float] = {}
    bands: set[str] | None = None
    for question in pack.questions:
        chosen = set(needs.get(question.id, ()))
        for option in question.options:
            if option.id not in chosen:
                continue
            for attr, weight in option.weights.items():
                wants[attr] = wants.get(attr, 0.0) + weight
            if option.price_bands:
                bands = (bands or set()) | set(option.price_bands)
    return Wishes(
        wants={a: w for a, w in wants.items() if w != 0.0},
        bands=None if bands is None else frozenset(bands),
    )


def _scores(pack: ContentPack, wants: Mapping[str, float], norm: float) -> list[Scored]:
    """Every product's score: the hot loop, kept to plain arithmetic for large packs."""
    wanted = list(wants.items())
    scored: list[Scored] = []
    for sku, product in pack.products.items():
        values = product.attributes
        total = 0.0
        for attr, weight in wanted:
            value = values.get(attr)
            if value:
                total += weight * value
        scored.append((sku, total / norm))
    return scored


def _reasons(product: Product, wants: Mapping[str, float], norm: float) -> tuple[str, ...]:
    """The strongest positive contributions, strongest first (only for products shown)."""
    parts = [(weight * product.attributes.get(attr, 0.0), attr) for attr, weight in wants.items()]
    strong = sorted((p for p in parts if p[0] > 0 and p[0] >= REASON_SHARE * norm), key=_by_part)
    return tuple(attr for _, attr in strong[:MAX_REASONS])


def _by_part(part: tuple[float, str]) -> tuple[float, str]:
    return (-part[0], part[1])


def curated_order(pack: ContentPack) -> list[str]:
    """The pack's own order, dealt across categories so a first look shows the range (a hob, a
    sofa, a lamp...) rather than the whole kitchen before anything else."""
    by_category: dict[str, list[str]] = {c: [] for c in pack.categories}
    for sku, product in pack.products.items():
        by_category.setdefault(product.category, []).append(sku)
    queues = [skus for skus in by_category.values() if skus]
    order: list[str] = []
    depth = 0
    while queues:
        queues = [q for q in queues if depth < len(q)]
        order.extend(q[depth] for q in queues)
        depth += 1
    return order


def recommend(
    pack: ContentPack, needs: Mapping[str, Sequence[str]], limit: int = 12
) -> Recommendations:
    """The best ``limit`` products for ``needs`` (question id -> chosen option ids)."""
    wish = wishes(pack, needs)
    curated = curated_order(pack)
    if not wish.wants:
        # Nothing to weigh: the pack's curated order, within the budget if one was given.
        if wish.bands is not None:
            in_band = [s for s in curated if pack.products[s].price_band in wish.bands]
            if in_band:
                return _plain(in_band, limit, fallback=False, personal=True)
            return _plain(curated, limit, fallback=True, personal=True)
        return _plain(curated, limit, fallback=False, personal=False)

    norm = sum(abs(w) for w in wish.wants.values())
    scored = _scores(pack, wish.wants, norm)

    def ranked(fits: list[Scored], fallback: bool) -> Recommendations:
        best = heapq.nsmallest(limit, fits, key=lambda s: (-round(s[1], 9), s[0]))
        items = tuple(
            Recommendation(sku, score, _reasons(pack.products[sku], wish.wants, norm))
            for sku, score in best
        )
        return Recommendations(items=items, fallback=fallback, personal=True)

    if wish.bands is not None:
        bands = wish.bands
        fits = [s for s in scored if s[1] > 0 and pack.products[s[0]].price_band in bands]
    else:
        fits = [s for s in scored if s[1] > 0]
    if fits:
        return ranked(fits, fallback=False)
    # Nearest matches: the budget set aside, then anything with something of what was asked,
    # then simply the best scores, ties in the pack's curated order.
    fits = [s for s in scored if s[1] > 0]
    if fits:
        return ranked(fits, fallback=True)
    rank = {sku: i for i, sku in enumerate(curated)}
    nearest = heapq.nsmallest(limit, scored, key=lambda s: (-round(s[1], 9), rank[s[0]]))
    items = tuple(Recommendation(sku, score, ()) for sku, score in nearest)
    return Recommendations(items=items, fallback=True, personal=True)


def _plain(skus: Sequence[str], limit: int, fallback: bool, personal: bool) -> Recommendations:
    items = tuple(Recommendation(sku, 0.0, ()) for sku in skus[:limit])
    return Recommendations(items=items, fallback=fallback, personal=personal)


def reason_text(pack: ContentPack, reasons: Sequence[str], language: str) -> str:
    """The reasons as one plain phrase: "quiet operation, suits an open-plan room"."""
    phrases = [
        pack.attributes[attr].reason.get(language) for attr in reasons if attr in pack.attributes
    ]
    separator = _CJK_SEPARATOR if language.startswith(_CJK_LANGUAGES) else ", "
    return separator.join(p for p in phrases if p)
