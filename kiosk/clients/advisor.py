"""A client's one advisor, and where the client's requests, tasks and outreach go.

The advisor is ``customers.advisor_id``: set in the profile by an associate or a manager, only
for a client with an active clienteling consent (``kiosk.clients.book`` writes it). Routing
is one rule, used by every maker of a request or a task (the phone page's "I'm in the
store", the follow-up and outreach rules): the advisor first, the whole store (``None``)
when there is no advisor, the advisor is disabled, the client's clienteling consent is gone,
or the advisor is away for longer than ``advisor_away_hours`` from now.

Follow-up tasks that had an assignee before advisors existed (the visit's associate for a
thank-you, the seller for a delivery call, the case's owner...) keep that associate as the
second choice (``assignee``): the advisor first; else that associate, when they too are
available (not disabled, not away longer than the setting); else the whole store (None).
Assignment is decided once, when the task is made: the kiosk, the page and the store sweep
derive the same task id and the first writer wins (``kiosk.associates.rules.ensure``), so a
task is never re-routed when its advisor comes back. The one move afterwards is
``release_to_store``: a sweep hands the open tasks of an advisor who became disabled, or
went away for longer than the setting, to the store, and they stay there.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, has_active_consent
from kiosk.db.models import Associate, Customer, FollowupTask, Synced
from kiosk.db.outbox import save as outbox_save

DEFAULT_AWAY_LIMIT = dt.timedelta(hours=48)
"""The ``advisor_away_hours`` setting's default, for callers not handed the store's own."""


def advisor_available(advisor: Associate, now: dt.datetime, away_limit: dt.timedelta) -> bool:
    """Not disabled, and not away for longer than ``away_limit`` from ``now``."""
    if advisor.disabled_at is not None:
        return False
    away = advisor.away_until
    if away is None:
        return True
    if away.tzinfo is None:  # SQLite hands back naive UTC
        away = away.replace(tzinfo=dt.UTC)
    return away - now <= away_limit


def route(
    s: Session, customer_id: uuid.UUID | None, now: dt.datetime, away_limit: dt.timedelta
) -> uuid.UUID | None:
    """The associate a request or task for ``customer_id`` goes to first; None: the store."""
    if customer_id is None:
        return None
    advisor_id = s.scalar(
        select(Customer.advisor_id).where(Customer.id == customer_id, Customer.erased_at.is_(None))
    )
    if advisor_id is None:
        return None
    if not s.scalar(select(has_active_consent(CLIENTELING, customer_id))):
        return None
    advisor = s.get(Associate, advisor_id)
    if advisor is None or not advisor_available(advisor, now, away_limit):
        return None
    return advisor_id


def assignee(
    s: Session,
    customer_id: uuid.UUID | None,
    fallback_id: uuid.UUID | None,
    now: dt.datetime,
    away_limit: dt.timedelta,
) -> uuid.UUID | None:
    """Who a follow-up task for ``customer_id`` is assigned to when made at ``now``: the
    client's advisor (``route``); else ``fallback_id``, the associate the task went to
    before advisors (the visit's, the seller, the case's owner), when available; else None,
    the whole store. A fallback unknown to this database goes to the store too."""
    advisor_id = route(s, customer_id, now, away_limit)
    if advisor_id is not None or fallback_id is None:
        return advisor_id
    fallback = s.get(Associate, fallback_id)
    if fallback is None or not advisor_available(fallback, now, away_limit):
        return None
    return fallback_id


def ensure_routed(
    s: Session,
    task: FollowupTask | None,
    now: dt.datetime,
    away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
    save: Callable[[Session, Synced], None] = outbox_save,
) -> bool:
    """``kiosk.associates.rules.ensure`` (write ``task`` unless its id exists; True if new),
    the new task assigned at ``now`` by ``assignee``: the associate its rule named
    (``task.assigned_to``) is the second choice. A task that exists keeps the assignee its
    first writer gave it."""
    if task is None or s.get(FollowupTask, task.id) is not None:
        return False
    task.assigned_to = assignee(s, task.customer_id, task.assigned_to, now, away_limit)
    save(s, task)
    return True


def release_to_store(
    s: Session,
    store_id: str,
    now: dt.datetime,
    away_limit: dt.timedelta,
    save: Callable[[Session, Synced], None],
) -> int:
    """Hand to the store (``assigned_to`` None) every open task assigned to its client's
    advisor when that advisor is disabled or away for longer than ``away_limit``; how many.
    Run by every sweep; the tasks stay with the store when the advisor is back (a colleague
    may already be on them). Each is saved once (a plain version step: a completion made
    meanwhile elsewhere, a bigger step, wins over it)."""
    query = (
        select(FollowupTask, Associate)
        .join(Customer, Customer.id == FollowupTask.customer_id)
        .join(Associate, Associate.id == FollowupTask.assigned_to)
        .where(
            FollowupTask.store_id == store_id,
            FollowupTask.completed_at.is_(None),
            FollowupTask.assigned_to == Customer.advisor_id,
        )
    )
    moved = 0
    for task, advisor in s.execute(query).all():
        if advisor_available(advisor, now, away_limit):
            continue
        task.assigned_to = None
        save(s, task)
        moved += 1
    return moved
