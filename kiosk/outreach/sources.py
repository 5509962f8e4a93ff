"""What the outreach rules read: the store's clienteling clients and their key dates,
purchases, last visits and needs answers, and the open outreach that should stop. Queries
only; the rules themselves are in ``kiosk.outreach.rules``."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from kiosk.aftersale.rules import CANCELLED
from kiosk.associates.rules import WITHDRAWN, Saver
from kiosk.clients.consent import CLIENTELING, has_active_consent
from kiosk.clients.erasure import close_open_tasks
from kiosk.content.model import ContentPack
from kiosk.db.models import (
    Consent,
    Customer,
    FollowupTask,
    KeyDate,
    NeedsAnswer,
    Purchase,
    Visit,
)
from kiosk.outreach import interest
from kiosk.outreach.rules import KEY_DATE, OUTREACH_KINDS

Live = Select[uuid.UUID]
"""The ids of the store's live clienteling clients, as a subquery the other reads filter on."""


def clienteling_clients(s: Session, store_id: str) -> Live:
    """Clients of the store, not erased, with an active clienteling consent."""
    return select(Customer.id).where(
        Customer.store_id == store_id,
        Customer.erased_at.is_(None),
        has_active_consent(CLIENTELING),
    )


def _months(today: dt.date, days: int) -> list[int]:
    """The months a window of ``days`` from ``today`` touches (an index on month narrows)."""
    if days >= 365:
        return list(range(1, 13))
    last = today + dt.timedelta(days=days)
    months, day = {today.month}, today
    while (day.year, day.month) < (last.year, last.month):
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        months.add(day.month)
    return sorted(months)


def key_dates(s: Session, store_id: str, live: Live, today: dt.date, days: int) -> list[KeyDate]:
    """Live key dates of live clients in the window's months, whose consent still holds."""
    consent = aliased(Consent)
    query = (
        select(KeyDate)
        .outerjoin(consent, consent.id == KeyDate.consent_id)
        .where(
            KeyDate.store_id == store_id,
            KeyDate.month.in_(_months(today, days)),
            KeyDate.day.is_not(None),
            KeyDate.removed_at.is_(None),
            KeyDate.erased_at.is_(None),
            KeyDate.customer_id.in_(live),
            consent.withdrawn_at.is_(None),
        )
        .order_by(KeyDate.id)
    )
    return list(s.scalars(query).all())


def purchases(s: Session, store_id: str, live: Live, now: dt.datetime, days: int) -> list[Purchase]:
    """Live clients' standing purchases old enough for an anniversary in the window."""
    cutoff = now - dt.timedelta(days=max(0, 364 - days))
    query = (
        select(Purchase)
        .where(
            Purchase.store_id == store_id,
            Purchase.customer_id.in_(live),
            Purchase.cancelled_at.is_(None),
            Purchase.erased_at.is_(None),
            Purchase.created_at <= cutoff,
        )
        .order_by(Purchase.id)
    )
    return list(s.scalars(query).all())


def last_visits(
    s: Session, store_id: str, live: Live
) -> Iterator[tuple[uuid.UUID, uuid.UUID, dt.datetime]]:
    """Each live client's last visit: (client, visit, started at). Store-wide only."""
    last = (
        select(Visit.customer_id, func.max(Visit.started_at).label("at"))
        .where(Visit.store_id == store_id, Visit.customer_id.in_(live))
        .group_by(Visit.customer_id)
        .subquery()
    )
    query = (
        select(Visit.customer_id, Visit.id, Visit.started_at)
        .join(last, and_(last.c.customer_id == Visit.customer_id, last.c.at == Visit.started_at))
        .order_by(Visit.customer_id, Visit.id)
    )
    seen: set[uuid.UUID] = set()
    for customer_id, visit_id, at in s.execute(query).all():
        if customer_id is not None and customer_id not in seen:  # two at one instant: one
            seen.add(customer_id)
            yield customer_id, visit_id, at


def needs_of_clients(
    s: Session, store_id: str, live: Live
) -> dict[uuid.UUID, dict[str, list[str]]]:
    """Every live client's needs answers over their visits, the latest answer to a question
    standing (a client who first wanted a kitchen and later a salon wants the salon)."""
    query = (
        select(Visit.customer_id, NeedsAnswer.question_id, NeedsAnswer.answer)
        .join(Visit, Visit.id == NeedsAnswer.visit_id)
        .where(
            Visit.store_id == store_id,
            Visit.customer_id.in_(live),
            NeedsAnswer.skipped.is_(False),
        )
        .order_by(NeedsAnswer.answered_at, NeedsAnswer.id)
    )
    found: dict[uuid.UUID, dict[str, list[str]]] = {}
    for customer_id, question, answer in s.execute(query).all():
        if customer_id is not None and answer:
            found.setdefault(customer_id, {})[question] = [str(a) for a in answer]
    return found


def bought_skus(
    s: Session, store_id: str, live: Live, skus: list[str]
) -> dict[uuid.UUID, set[str]]:
    """Which of ``skus`` each live client has bought here (sales not voided)."""
    query = select(Purchase.customer_id, Purchase.items).where(
        Purchase.store_id == store_id,
        Purchase.customer_id.in_(live),
        Purchase.cancelled_at.is_(None),
    )
    wanted = set(skus)
    found: dict[uuid.UUID, set[str]] = {}
    for customer_id, items in s.execute(query).all():
        hits = {str(i.get("sku")) for i in items or [] if isinstance(i, dict)} & wanted
        if customer_id is not None and hits:
            found.setdefault(customer_id, set()).update(hits)
    return found


def new_arrivals(
    s: Session, store_id: str, live: Live, pack: ContentPack
) -> Iterator[tuple[uuid.UUID, dict[str, Any]]]:
    """(client, facts) for each new arrival of ``pack`` a live client's answers favour and
    they have not bought already."""
    arrivals = interest.new_arrivals(pack)
    if not arrivals:
        return
    bought = bought_skus(s, store_id, live, [p.sku for p in arrivals])
    for customer_id, needs in sorted(needs_of_clients(s, store_id, live).items()):
        for product in arrivals:
            if product.sku in bought.get(customer_id, ()):
                continue
            facts = interest.suits(pack, needs, product)
            if facts is not None:
                yield customer_id, facts


def stop_unwanted(s: Session, store_id: str, live: Live, at: dt.datetime, save: Saver) -> int:
    """Stop the open outreach of clients without clienteling consent (made offline before a
    withdrawal arrived: ``consent_withdrawn``) and of key dates removed since (``cancelled``)."""
    open_outreach = select(FollowupTask).where(
        FollowupTask.store_id == store_id,
        FollowupTask.completed_at.is_(None),
        FollowupTask.kind.in_(OUTREACH_KINDS),
    )
    no_consent = open_outreach.where(
        or_(FollowupTask.customer_id.is_(None), not_(FollowupTask.customer_id.in_(live)))
    )
    stopped = close_open_tasks(s, s.scalars(no_consent).all(), at, WITHDRAWN, save)
    gone = []
    for task in s.scalars(open_outreach.where(FollowupTask.kind == KEY_DATE)).all():
        ident = _uuid(task.details.get("key_date"))
        key_date = s.get(KeyDate, ident) if ident is not None else None
        if key_date is not None and (key_date.removed_at or key_date.erased_at):
            gone.append(task)
    return stopped + close_open_tasks(s, gone, at, CANCELLED, save)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
