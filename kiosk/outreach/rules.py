"""The outreach rules: which client to contact, when, and the facts of why.

Kinds (``FollowupTask.kind``) and what makes each, once (``outreach_id``, a uuid5 in the
follow-up rules' namespace, so kiosks and the store sweep never make two):

- ``key_date`` - a key date the client shared (``KeyDate``) falls in the next
  ``outreach_key_date_days``: due at 09:00 store-local on the date itself; one a key date a
  year (id: key date, year).
- ``lapsed`` - no visit for ``outreach_lapsed_days``: due at 09:00 on the day the client
  lapsed, or the day the rule first saw it (id: client, last visit, so a client who comes
  back and lapses again gets a new one).
- ``purchase_anniversary`` - a year (two, three...) after a purchase, in the same window as
  key dates: due at 09:00 on the anniversary (id: purchase, years).
- ``new_arrival`` - a product the content pack flags ``new_arrival`` suits the client's needs
  answers (``kiosk.outreach.interest``): due at 09:00 on the day it is seen (id: client, sku).

Only for a client of the store with an active clienteling consent who is not erased; a task
whose client lost that consent is stopped by the next sweep (``consent_withdrawn``) and never
listed (``kiosk.associates.due``). Key dates and purchases are pulled to every kiosk, so
their rules run on any kiosk; lapsed and new arrival need every visit and every needs answer,
so they run only store-wide (``kiosk followups sweep --store``).

``details`` hold ``rule`` and the facts of the reason (kiosk.outreach.reasons), no name, no
contact, no label: an associate reads the client's name only on opening the task.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from kiosk.associates.rules import NAMESPACE, Saver, SweepResult, ensure
from kiosk.clients.advisor import route
from kiosk.content.model import ContentPack
from kiosk.db.models import FollowupTask, KeyDate, Purchase
from kiosk.db.outbox import save as outbox_save
from kiosk.station.place import at_local, local_day

KEY_DATE = "key_date"
LAPSED = "lapsed"
ANNIVERSARY = "purchase_anniversary"
NEW_ARRIVAL = "new_arrival"
OUTREACH_KINDS = (KEY_DATE, LAPSED, ANNIVERSARY, NEW_ARRIVAL)

OUTREACH_OUTCOMES = (
    "reached",
    "left_message",
    "no_answer",
    "declined",
    "visit_booked",
    "not_needed",
)
"""How an outreach ended; the channel it was made on is recorded beside it."""
OUTREACH_TIME = dt.time(9)
"""When an outreach falls due on the store's clocks."""
ANNIVERSARY_LATE = dt.timedelta(days=7)
"""An anniversary a sweep missed (kiosks off for a few days) is still made this long after."""


class OutreachSettings(Protocol):
    """The settings the rules read (``kiosk.station.config.Config`` has them)."""

    @property
    def outreach_key_date_days(self) -> int: ...
    @property
    def outreach_lapsed_days(self) -> int: ...
    @property
    def advisor_away_hours(self) -> int: ...


@dataclass(frozen=True)
class DefaultOutreach:
    """The settings' defaults (kiosk.station.settings_clients), for callers without a config."""

    outreach_key_date_days: int = 14
    outreach_lapsed_days: int = 180
    advisor_away_hours: int = 48


def outreach_id(kind: str, *parts: object) -> uuid.UUID:
    """The derived id of an outreach: the same on every kiosk and in the store."""
    return uuid.uuid5(NAMESPACE, ":".join((kind, *(str(p) for p in parts))))


def on_or_before(year: int, month: int, day: int) -> dt.date:
    """``month``/``day`` in ``year``; 29 February is the 28th in a common year."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, 28)


def next_date(month: int, day: int, today: dt.date) -> dt.date:
    """The next ``month``/``day`` from ``today`` (today included)."""
    this_year = on_or_before(today.year, month, day)
    return this_year if this_year >= today else on_or_before(today.year + 1, month, day)


# -- the rules: one task from its source and the store's clock --------------------------------
def _task(
    kind: str,
    ident: uuid.UUID,
    store_id: str,
    customer_id: uuid.UUID,
    due_at: dt.datetime,
    created_at: dt.datetime,
    assigned_to: uuid.UUID | None,
    details: dict[str, Any],
    visit_id: uuid.UUID | None = None,
) -> FollowupTask:
    return FollowupTask(
        id=ident,
        store_id=store_id,
        visit_id=visit_id,
        customer_id=customer_id,
        kind=kind,
        due_at=due_at,
        assigned_to=assigned_to,
        created_at=min(created_at, due_at),
        details={"rule": kind, **details},
    )


def key_date_task(
    key_date: KeyDate,
    today: dt.date,
    window_days: int,
    zone: dt.tzinfo,
    assigned_to: uuid.UUID | None = None,
) -> FollowupTask | None:
    """The outreach of ``key_date``'s next occurrence when it is at most ``window_days``
    away from the store's ``today``; None otherwise (or for an erased, removed date)."""
    if key_date.month is None or key_date.day is None or key_date.customer_id is None:
        return None
    if key_date.removed_at is not None or key_date.erased_at is not None:
        return None
    on = next_date(key_date.month, key_date.day, today)
    if (on - today).days > window_days or (key_date.year and on.year < key_date.year):
        return None
    due = at_local(on, OUTREACH_TIME, zone)
    made = max(key_date.created_at, at_local(on - dt.timedelta(days=window_days), dt.time(0), zone))
    facts = {"key_date": str(key_date.id), "date_kind": key_date.kind, "on": on.isoformat()}
    return _task(
        KEY_DATE,
        outreach_id(KEY_DATE, key_date.id, on.year),
        key_date.store_id,
        key_date.customer_id,
        due,
        made,
        assigned_to,
        facts,
    )


def anniversary_task(
    purchase: Purchase,
    today: dt.date,
    window_days: int,
    zone: dt.tzinfo,
    assigned_to: uuid.UUID | None = None,
) -> FollowupTask | None:
    """The outreach of ``purchase``'s anniversary from ``ANNIVERSARY_LATE`` ago to
    ``window_days`` ahead of the store's ``today``; None when none falls there."""
    if purchase.customer_id is None or purchase.cancelled_at or purchase.erased_at:
        return None
    bought = local_day(purchase.created_at, zone)
    for years in (today.year - bought.year, today.year - bought.year + 1):
        if years < 1:
            continue
        on = on_or_before(bought.year + years, bought.month, bought.day)
        if -ANNIVERSARY_LATE.days <= (on - today).days <= window_days:
            skus = sorted({str(i.get("sku")) for i in purchase.items or [] if i.get("sku")})
            facts = {
                "purchase": str(purchase.id),
                "purchased_on": bought.isoformat(),
                "on": on.isoformat(),
                "years": years,
                "skus": skus,
            }
            made = at_local(on - dt.timedelta(days=window_days), dt.time(0), zone)
            return _task(
                ANNIVERSARY,
                outreach_id(ANNIVERSARY, purchase.id, years),
                purchase.store_id,
                purchase.customer_id,
                at_local(on, OUTREACH_TIME, zone),
                made,
                assigned_to,
                facts,
                purchase.visit_id,
            )
    return None


def lapsed_task(
    store_id: str,
    customer_id: uuid.UUID,
    last_visit_id: uuid.UUID,
    last_visit_at: dt.datetime,
    today: dt.date,
    lapsed_days: int,
    zone: dt.tzinfo,
    assigned_to: uuid.UUID | None = None,
) -> FollowupTask | None:
    """The client's outreach once ``lapsed_days`` have passed since their last visit."""
    last = local_day(last_visit_at, zone)
    lapsed_on = last + dt.timedelta(days=lapsed_days)
    if lapsed_on > today:
        return None
    due = at_local(max(lapsed_on, today), OUTREACH_TIME, zone)
    facts = {"last_visit_on": last.isoformat(), "days": (max(lapsed_on, today) - last).days}
    return _task(
        LAPSED,
        outreach_id(LAPSED, customer_id, last_visit_id),
        store_id,
        customer_id,
        due,
        at_local(lapsed_on, dt.time(0), zone),
        assigned_to,
        facts,
        last_visit_id,
    )


def new_arrival_task(
    store_id: str,
    customer_id: uuid.UUID,
    facts: dict[str, Any],
    today: dt.date,
    zone: dt.tzinfo,
    assigned_to: uuid.UUID | None = None,
) -> FollowupTask:
    """A new arrival (``facts["sku"]``) that suits the client's answers, due today at 09:00."""
    due = at_local(today, OUTREACH_TIME, zone)
    ident = outreach_id(NEW_ARRIVAL, customer_id, facts["sku"])
    return _task(NEW_ARRIVAL, ident, store_id, customer_id, due, due, assigned_to, facts)


# -- the sweep --------------------------------------------------------------------------------
def store_pack(content_dir: Path) -> ContentPack | None:
    """The pack installed in ``content_dir`` for the store sweep's new arrivals; None when
    there is none (or it cannot be read): the other rules run all the same."""
    from kiosk.content.errors import ContentError
    from kiosk.content.store import PackStore

    try:
        return PackStore(content_dir).current()
    except (ContentError, OSError):
        return None


def sweep_outreach(
    s: Session,
    store_id: str,
    now: dt.datetime,
    zone: dt.tzinfo,
    config_like: OutreachSettings | None = None,
    pack: ContentPack | None = None,
    save: Saver = outbox_save,
    store_wide: bool = False,
    result: SweepResult | None = None,
) -> int:
    """Make every missing outreach task of the store from what ``s`` holds and stop those
    whose client lost the clienteling consent; returns how many were made. Key dates and
    anniversaries always; lapsed clients and new arrivals (with a ``pack``) only
    ``store_wide``, where every visit and answer is known. Idempotent."""
    from kiosk.outreach import sources

    settings = config_like or DefaultOutreach()
    away = dt.timedelta(hours=settings.advisor_away_hours)
    today = local_day(now, zone)
    window = settings.outreach_key_date_days
    result = result if result is not None else SweepResult()
    made_before = result.total

    def make(tasks: Iterable[FollowupTask]) -> None:
        for task in tasks:
            if s.get(FollowupTask, task.id) is not None:
                continue  # made before: no routing to look up
            assert task.customer_id is not None
            task.assigned_to = route(s, task.customer_id, now, away)
            result.add(task.kind, ensure(s, task, save))

    live = sources.clienteling_clients(s, store_id)
    make(
        t
        for k in sources.key_dates(s, store_id, live, today, window)
        if (t := key_date_task(k, today, window, zone)) is not None
    )
    make(
        t
        for p in sources.purchases(s, store_id, live, now, window)
        if (t := anniversary_task(p, today, window, zone)) is not None
    )
    if store_wide:
        lapsed_days = settings.outreach_lapsed_days
        make(
            t
            for customer, visit_id, at in sources.last_visits(s, store_id, live)
            if (t := lapsed_task(store_id, customer, visit_id, at, today, lapsed_days, zone))
        )
        if pack is not None:
            make(
                new_arrival_task(store_id, customer, facts, today, zone)
                for customer, facts in sources.new_arrivals(s, store_id, live, pack)
            )
    result.stopped += sources.stop_unwanted(s, store_id, live, now, save)
    return result.total - made_before
