"""What a client's erasure does to the after-sale records (``kiosk.db.after_sale_rows``).

A purchase keeps its items, anonymous, for the dashboard's figures; its ``order_ref`` (the
till's reference, which leads to the till's records of the client) is emptied and its link
to the client goes. A touchpoint score keeps its number; the customer's optional word goes,
and its link to the client. Bookings and invitations hold nothing personal and stay.

Found by the client's id or through the client's visits (a purchase recorded in a visit the
client was attached to, a score about such a purchase). As for cases, the version jumps
beyond what an un-erased copy (another kiosk's pulled purchase, changed there offline) can
reach, so the words never come back. Idempotent: an erased row is left alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.db.after_sale_rows import Purchase, TouchpointScore
from kiosk.db.models import Synced

if TYPE_CHECKING:
    from kiosk.clients.erasure import Touch


@dataclass(frozen=True)
class SaleErasure:
    purchases: int = 0
    scores: int = 0


def client_purchases(
    s: Session, customer_id: uuid.UUID, visit_ids: Collection[uuid.UUID]
) -> list[Purchase]:
    cond = Purchase.customer_id == customer_id
    if visit_ids:
        cond = or_(cond, Purchase.visit_id.in_(list(visit_ids)))
    return list(s.scalars(select(Purchase).where(cond)))


def client_scores(
    s: Session,
    customer_id: uuid.UUID,
    visit_ids: Collection[uuid.UUID],
    purchase_ids: Collection[uuid.UUID],
) -> list[TouchpointScore]:
    cond = TouchpointScore.customer_id == customer_id
    if visit_ids:
        cond = or_(cond, TouchpointScore.visit_id.in_(list(visit_ids)))
    if purchase_ids:
        cond = or_(cond, TouchpointScore.purchase_id.in_(list(purchase_ids)))
    return list(s.scalars(select(TouchpointScore).where(cond)))


def to_erase(
    s: Session, customer_id: uuid.UUID, visit_ids: Collection[uuid.UUID]
) -> tuple[list[Purchase], list[TouchpointScore]]:
    """The client's purchases and scores that still hold something personal."""
    purchases = client_purchases(s, customer_id, visit_ids)
    scores = client_scores(s, customer_id, visit_ids, [p.id for p in purchases])
    return (
        [p for p in purchases if p.order_ref is not None or p.customer_id is not None],
        [x for x in scores if x.comment is not None or x.customer_id is not None],
    )


def erase_sales(
    s: Session,
    customer_id: uuid.UUID,
    visit_ids: Collection[uuid.UUID],
    when: dt.datetime,
    touch: Touch,
    outrank: Callable[[Synced], None],
) -> SaleErasure:
    """Empty and unlink the client's purchases and scores; how many changed. ``outrank``
    jumps a row's version as the erasure does (``kiosk.clients.erasure``)."""
    purchases, scores = to_erase(s, customer_id, visit_ids)
    for purchase in purchases:
        purchase.order_ref, purchase.customer_id = None, None
        purchase.erased_at = purchase.erased_at or when
        outrank(purchase)
        touch(s, purchase)
    for score in scores:
        score.comment, score.customer_id = None, None
        score.erased_at = score.erased_at or when
        outrank(score)
        touch(s, score)
    return SaleErasure(len(purchases), len(scores))
