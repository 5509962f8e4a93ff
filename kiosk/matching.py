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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.content.model import ContentPack, Product

MAX_REASONS = 2
REASON_SHARE = 0.1
"""A contribution counts as a reason only if it is at least this share of everything asked for:
a product is not "made for entertaining" because entertaining was a tenth of one answer."""

Scored = tuple[str, float, list[str]]
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


def _score(product: Product, wants: Mapping[str, float], norm: float) -> tuple[float, list[str]]:
    score = 0.0
    positive: list[tuple[float, str]] = []
    values = product.attributes
    for attr, weight in wants.items():
        value = values.get(attr)
        if not value:
            continue
        part = weight * value
        score += part
        if part >= REASON_SHARE * norm:
            positive.append((part, attr))
    positive.sort(key=lambda p: (-p[0], p[1]))
    return score / norm, [attr for _, attr in positive[:MAX_REASONS]]


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
    fits: list[Scored]
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
    scored: list[Scored] = []
    for sku, product in pack.products.items():
        score, reasons = _score(product, wish.wants, norm)
        scored.append((sku, score, reasons))
    if wish.bands is not None:
        bands = wish.bands
        fits = [s for s in scored if s[1] > 0 and pack.products[s[0]].price_band in bands]
        if fits:
            return _ranked(fits, limit, fallback=False)
    else:
        fits = [s for s in scored if s[1] > 0]
        if fits:
            return _ranked(fits, limit, fallback=False)
    # Nearest matches: the budget set aside, then anything with something of what was asked,
    # then simply the best scores, ties in the pack's curated order.
    fits = [s for s in scored if s[1] > 0]
    if fits:
        return _ranked(fits, limit, fallback=True)
    rank = {sku: i for i, sku in enumerate(curated)}
    nearest = sorted(scored, key=lambda s: (-round(s[1], 9), rank[s[0]]))
    items = tuple(Recommendation(sku, score, ()) for sku, score, _ in nearest[:limit])
    return Recommendations(items=items, fallback=True, personal=True)


def _ranked(scored: Iterable[Scored], limit: int, fallback: bool) -> Recommendations:
    best = sorted(scored, key=lambda s: (-round(s[1], 9), s[0]))[:limit]
    items = tuple(Recommendation(sku, score, tuple(reasons)) for sku, score, reasons in best)
    return Recommendations(items=items, fallback=fallback, personal=True)


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
