"""Whether a new arrival suits a client: their needs answers read as the kiosk's matcher reads
them (``kiosk.visit.matching.wishes``), and the one answer that says why.

A product suits a client when it is within what their answers allow (the rooms they chose,
the budget they gave) and the answers favour it: a room answer naming its category, or
attributes they asked for that it offers, weighing at least the matcher's ``REASON_SHARE`` of
everything they asked for (a product is not "for the dinners you host" on a tenth of one
answer). A budget alone favours nothing. The reason kept is the question and the answer, as
ids: the screen words them from the pack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kiosk.content.model import ContentPack, Product
from kiosk.visit.matching import REASON_SHARE, wishes


def new_arrivals(pack: ContentPack) -> tuple[Product, ...]:
    """The pack's products flagged ``new_arrival``, in SKU order."""
    return tuple(p for _, p in sorted(pack.products.items()) if p.new_arrival)


def suits(
    pack: ContentPack, needs: Mapping[str, Sequence[str]], product: Product
) -> dict[str, Any] | None:
    """The facts of why ``product`` suits a client who answered ``needs`` (question id ->
    chosen option ids): ``sku``, ``category``, ``question``, ``answer``; None if it does not."""
    wish = wishes(pack, needs)
    if wish.categories is not None and product.category not in wish.categories:
        return None
    if wish.bands is not None and product.price_band not in wish.bands:
        return None
    best: tuple[float, str, str] | None = None
    norm = sum(abs(w) for w in wish.wants.values())
    for question in pack.questions:
        chosen = set(needs.get(question.id, ()))
        for option in question.options:
            if option.id not in chosen:
                continue
            if product.category in option.categories:
                weight = float("inf")  # the client named this room: the clearest reason
            else:
                offered = sum(w * product.attributes.get(a, 0.0) for a, w in option.weights.items())
                if norm == 0 or offered < REASON_SHARE * norm or offered <= 0:
                    continue
                weight = offered
            if best is None or weight > best[0]:
                best = (weight, question.id, option.id)
    if best is None:
        return None
    return {
        "sku": product.sku,
        "category": product.category,
        "question": best[1],
        "answer": best[2],
    }
