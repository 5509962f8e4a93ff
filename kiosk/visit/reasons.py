"""One reason per piece, in the customer's own terms, and never the same reason twice in view.

The pack's ``[[reasons]]`` (see docs/content-packs.md) word a reason per answer and attribute
("for the dinners you host"). A piece may be shown for several of them; it gets the strongest
one not already given to a piece above it in the first screenful, so eight cards read as eight
reasons rather than "quiet operation" four times. A piece whose every reason is taken waits
below the first screenful (the ranking resumes there), unless too few distinct reasons exist to
fill it: a customer who gave one answer has one reason, and seeing fewer pieces would not help.
Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk.content.model import AnswerOption, ContentPack, Product, Reason

VIEW = 8
"""Cards a customer sees before scrolling: four columns by two rows in landscape, two by three
in portrait. Within these no two cards share a reason (when the answers give enough)."""

LOOKAHEAD = 5
"""How far down the ranking (times the cards asked for) a piece with a fresh reason is looked
for: far enough for the demo pack's eight reasons, near enough that a large catalogue is not
walked to its end when the answers give only one or two reasons."""

Key = tuple[str, str, str | None]


@dataclass(frozen=True)
class Speaker:
    """The reasons the customer's answers make available, ready to be asked per product."""

    chosen: tuple[tuple[str, AnswerOption], ...]
    reasons: Mapping[Key, Reason]

    def candidates(self, product: Product) -> list[Reason]:
        """Every reason that is true of ``product`` for these answers, strongest first: how
        much the answer wants the attribute times how much the piece has it. A room answer
        speaks only for pieces of its rooms, and its own reason ("for your kitchen") comes
        after the others, as the least specific."""
        found: list[tuple[float, str, Reason]] = []
        for question, option in self.chosen:
            if option.categories and product.category not in option.categories:
                continue  # "for your dining table" is not said of an oven
            for attr, weight in option.weights.items():
                reason = self.reasons.get((question, option.id, attr))
                value = product.attributes.get(attr, 0.0)
                if reason is not None and weight > 0 and value > 0:
                    found.append((weight * value, f"{question}.{option.id}.{attr}", reason))
            if option.categories:
                reason = self.reasons.get((question, option.id, None))
                if reason is not None:
                    found.append((0.0, f"{question}.{option.id}", reason))
        found.sort(key=lambda f: (-f[0], f[1]))
        return [reason for _, _, reason in found]


def speaker(pack: ContentPack, needs: Mapping[str, Sequence[str]]) -> Speaker:
    chosen = tuple(
        (question.id, option)
        for question in pack.questions
        for option in question.options
        if option.id in set(needs.get(question.id, ()))
    )
    return Speaker(chosen, {reason.key: reason for reason in pack.reasons})


def arrange(
    pack: ContentPack, ranked: Sequence[str], speak: Speaker, limit: int, view: int = VIEW
) -> list[tuple[str, Reason | None]]:
    """The first ``limit`` of ``ranked`` (best first), each with its reason: distinct reasons
    in the first ``view``, pieces that would repeat one moved just below it."""
    used: set[Key] = set()
    placed: list[tuple[str, Reason | None]] = []
    waiting: list[str] = []
    position = 0
    horizon = min(len(ranked), LOOKAHEAD * limit)
    while position < horizon and len(placed) < min(view, limit):
        sku = ranked[position]
        position += 1
        fresh = _first_unused(speak.candidates(pack.products[sku]), used)
        if fresh is None:
            waiting.append(sku)
            continue
        used.add(fresh.key)
        placed.append((sku, fresh))
    # Below the first screenful (or when distinct reasons ran out) the ranking resumes, and
    # a fresh reason is still preferred when one is left.
    order = {sku: i for i, sku in enumerate(ranked)}
    rest = sorted([*waiting, *ranked[position:]], key=order.__getitem__)
    for sku in rest:
        if len(placed) >= limit:
            break
        candidates = speak.candidates(pack.products[sku])
        reason = _first_unused(candidates, used) or (candidates[0] if candidates else None)
        if reason is not None:
            used.add(reason.key)
        placed.append((sku, reason))
    return placed


def _first_unused(candidates: list[Reason], used: set[Key]) -> Reason | None:
    return next((r for r in candidates if r.key not in used), None)
