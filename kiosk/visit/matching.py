"""Needs matching: from the customer's answers to a short, honest list of products.

Each answer option wants some attributes (weights -1..1); each product has them (0..1). A
product's score is how much of what the customer wants it offers, normalised by how much they
asked for, so a long questionnaire and a short one give scores on the same scale. Budget answers
name the price bands the customer accepts; products outside them are left out.

Room answers name categories: a customer who chose the kitchen and the dining room is shown
pieces for those rooms only. Each piece carries one reason in the customer's own terms, none
twice in the first screenful (``kiosk.visit.reasons``).

The list is never empty. When nothing fits (every score <= 0, or the budget and rooms leave
nothing that fits) the budget is set aside first, then the rooms, and ``fallback`` (and
``outside_rooms``) say so, so the screen can be honest about it rather than pretend. Pure Python,
no Qt: the same code can serve an associate's console.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.content.model import ContentPack, Product, Reason
from kiosk.typesetting import is_cjk_language
from kiosk.visit.reasons import VIEW, Speaker, arrange, speaker

MAX_REASONS = 2
REASON_SHARE = 0.1
"""A contribution counts as a reason only if it is at least this share of everything asked for:
a product is not "made for entertaining" because entertaining was a tenth of one answer."""

Scored = tuple[str, float]
# Reasons are clauses ("运行安静，适合开放式厨房"), which Chinese separates with a comma, not
# the enumeration comma a list of words takes (kiosk.typesetting.join_list).
_CJK_CLAUSE_SEPARATOR = "，"


@dataclass(frozen=True)
class Recommendation:
    sku: str
    score: float
    reasons: tuple[str, ...]
    """Attribute ids of the strongest positive contributions, strongest first."""
    reason: Reason | None = None
    """The one reason shown, in the words of the customer's answer (when the pack words it)."""


@dataclass(frozen=True)
class Recommendations:
    items: tuple[Recommendation, ...]
    fallback: bool
    """Nothing matched the wishes (and budget) well: these are the nearest pieces instead."""
    personal: bool
    """Some answer weighed attributes or a budget; False for an empty questionnaire."""
    outside_rooms: bool = False
    """Nothing in the rooms chosen fitted: these pieces are from other rooms."""

    @property
    def skus(self) -> list[str]:
        return [item.sku for item in self.items]


@dataclass(frozen=True)
class Wishes:
    """The answers reduced to what matching needs: wanted attributes and accepted bands."""

    wants: Mapping[str, float]
    bands: frozenset[str] | None
    """Accepted price bands, or None when the customer gave no budget."""
    categories: frozenset[str] | None = None
    """Categories of the rooms chosen, or None when no room was."""

    @property
    def empty(self) -> bool:
        return not self.wants and self.bands is None and self.categories is None


def wishes(pack: ContentPack, needs: Mapping[str, Sequence[str]]) -> Wishes:
    """Sum the weights of every chosen option; unknown questions and options are ignored (a pack
    may have changed between visits, or an associate typed a note)."""
    wants: dict[str, float] = {}
    bands: set[str] | None = None
    categories: set[str] | None = None
    for question in pack.questions:
        chosen = set(needs.get(question.id, ()))
        for option in question.options:
            if option.id not in chosen:
                continue
            for attr, weight in option.weights.items():
                wants[attr] = wants.get(attr, 0.0) + weight
            if option.price_bands:
                bands = (bands or set()) | set(option.price_bands)
            if option.categories:
                categories = (categories or set()) | set(option.categories)
    return Wishes(
        wants={a: w for a, w in wants.items() if w != 0.0},
        bands=None if bands is None else frozenset(bands),
        categories=None if categories is None else frozenset(categories),
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
    pack: ContentPack, needs: Mapping[str, Sequence[str]], limit: int = 12, view: int = VIEW
) -> Recommendations:
    """The best ``limit`` products for ``needs`` (question id -> chosen option ids); within the
    first ``view`` no two share a reason."""
    wish = wishes(pack, needs)
    curated = curated_order(pack)
    if wish.empty:
        return _plain(pack, curated, limit, fallback=False, personal=False)
    speak = speaker(pack, needs)
    rooms, bands = wish.categories, wish.bands

    def tiers() -> list[tuple[Callable[[Product], bool], bool, bool]]:
        """Filters from the strictest, each with (fallback, outside_rooms): the budget is set
        aside first, then the rooms; a filter that is not there is not relaxed twice."""
        found: list[tuple[Callable[[Product], bool], bool, bool]] = [
            (lambda p: _within(p, rooms, bands), False, False)
        ]
        if bands is not None:
            found.append((lambda p: _within(p, rooms, None), True, False))
        if rooms is not None:
            found.append((lambda p: True, True, True))
        return found

    if not wish.wants:
        # Nothing to weigh: the pack's curated order, within the budget and rooms given.
        for keep, fallback, outside in tiers():
            kept = [s for s in curated if keep(pack.products[s])]
            if kept:
                return _plain(pack, kept, limit, fallback, True, outside, speak, view)
        return _plain(pack, curated, limit, True, True, rooms is not None, speak, view)

    norm = sum(abs(w) for w in wish.wants.values())
    scored = _scores(pack, wish.wants, norm)

    def ranked(fits: list[Scored], fallback: bool, outside: bool) -> Recommendations:
        key: Callable[[Scored], tuple[float, str]] = lambda s: (-round(s[1], 9), s[0])  # noqa: E731
        best = sorted(fits, key=key) if pack.reasons else heapq.nsmallest(limit, fits, key=key)
        score = dict(best)
        items = tuple(
            Recommendation(sku, score[sku], _reasons(pack.products[sku], wish.wants, norm), reason)
            for sku, reason in _arranged(pack, [s for s, _ in best], speak, limit, view)
        )
        return Recommendations(items, fallback, personal=True, outside_rooms=outside)

    for keep, fallback, outside in tiers():
        fits = [s for s in scored if s[1] > 0 and keep(pack.products[s[0]])]
        if fits:
            return ranked(fits, fallback, outside)
    # Nothing has anything of what was asked: simply the best scores, ties in the pack's
    # curated order, in the rooms chosen if they hold anything.
    rank = {sku: i for i, sku in enumerate(curated)}
    in_rooms = [s for s in scored if _within(pack.products[s[0]], rooms, None)]
    nearest = heapq.nsmallest(
        limit, in_rooms or scored, key=lambda s: (-round(s[1], 9), rank[s[0]])
    )
    score = dict(nearest)
    items = tuple(
        Recommendation(sku, score[sku], (), reason)
        for sku, reason in _arranged(pack, [s for s, _ in nearest], speak, limit, view)
    )
    outside = rooms is not None and not in_rooms
    return Recommendations(items, fallback=True, personal=True, outside_rooms=outside)


def _within(product: Product, rooms: frozenset[str] | None, bands: frozenset[str] | None) -> bool:
    return (rooms is None or product.category in rooms) and (
        bands is None or product.price_band in bands
    )


def _arranged(
    pack: ContentPack, skus: Sequence[str], speak: Speaker | None, limit: int, view: int
) -> list[tuple[str, Reason | None]]:
    """The order and reasons shown: the pack's own wording of reasons when it has some."""
    if speak is None or not pack.reasons:
        return [(sku, None) for sku in skus[:limit]]
    return arrange(pack, skus, speak, limit, view)


def _plain(
    pack: ContentPack,
    skus: Sequence[str],
    limit: int,
    fallback: bool,
    personal: bool,
    outside_rooms: bool = False,
    speak: Speaker | None = None,
    view: int = VIEW,
) -> Recommendations:
    items = tuple(
        Recommendation(sku, 0.0, (), reason)
        for sku, reason in _arranged(pack, skus, speak, limit, view)
    )
    return Recommendations(items, fallback, personal, outside_rooms)


def reason_text(pack: ContentPack, reasons: Sequence[str], language: str) -> str:
    """The reasons as one plain phrase: "quiet operation, suits an open-plan room"."""
    phrases = [
        pack.attributes[attr].reason.get(language) for attr in reasons if attr in pack.attributes
    ]
    separator = _CJK_CLAUSE_SEPARATOR if is_cjk_language(language) else ", "
    return separator.join(p for p in phrases if p)
