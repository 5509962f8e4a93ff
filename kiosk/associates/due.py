"""The follow-up due list: which open tasks an associate sees, grouped overdue, today and
upcoming, read store-wide when the store answers with this kiosk's unsent changes laid over
it. Apart from ``kiosk.associates.tasks`` (the writes: adding, completing, stopping) because
it is the one read of tasks, with its own grouping by the store's day and its own merging of
the store's list with this kiosk's outbox.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Engine, exists, or_, select
from sqlalchemy.orm import Session, aliased

from kiosk.associates.rules import LEGACY_CONTACT, THANK_YOU, live_client
from kiosk.clients.consent import CLIENTELING
from kiosk.db.models import Associate, Consent, Customer, FollowupTask, OutboxEntry, Visit
from kiosk.db.reads import Read, Scope, StoreReader
from kiosk.outreach.reasons import OutreachReason, reason_of
from kiosk.outreach.rules import OUTREACH_KINDS


# -- the due list -----------------------------------------------------------------------------
class Group(enum.StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    UPCOMING = "upcoming"


GROUP_ORDER = (Group.OVERDUE, Group.TODAY, Group.UPCOMING)
HORIZON = dt.timedelta(days=30)


@dataclass(frozen=True)
class DueItem:
    id: uuid.UUID
    kind: str
    due_at: dt.datetime
    group: Group
    client_name: str | None  # None: no client, or erased
    customer_id: uuid.UUID | None
    visit_id: uuid.UUID | None
    visit_started_at: dt.datetime | None
    assigned_to: uuid.UUID | None
    assignee_name: str | None
    details: dict[str, Any]
    version: int
    updated_at: dt.datetime
    reason: OutreachReason | None = None
    """An outreach's reason, as facts the screen words in one line; None for other kinds."""
    channel: str | None = None
    """How the task was done (call, message, in_store, letter), when it says."""


def day_start(now: dt.datetime) -> dt.datetime:
    """Midnight of ``now``'s day in ``now``'s own time zone (the store's clock)."""
    return dt.datetime.combine(now.date(), dt.time(0), tzinfo=now.tzinfo)


def group_of(due_at: dt.datetime, now: dt.datetime) -> Group:
    today = day_start(now)
    if due_at < today:
        return Group.OVERDUE
    if due_at < today + dt.timedelta(days=1):
        return Group.TODAY
    return Group.UPCOMING


def outreach_allowed() -> ColumnElement[bool]:
    """Not an outreach, or one whose client still holds an active clienteling consent: an
    outreach made offline before a withdrawal arrived is never listed."""
    return or_(
        FollowupTask.kind.not_in(OUTREACH_KINDS),
        exists().where(
            Consent.customer_id == FollowupTask.customer_id,
            Consent.purpose == CLIENTELING,
            Consent.withdrawn_at.is_(None),
        ),
    )


def due_list(
    session: Session,
    store_id: str,
    now: dt.datetime,
    associate_id: uuid.UUID | None = None,
    horizon: dt.timedelta = HORIZON,
    only_ids: Iterable[uuid.UUID] | None = None,
) -> list[DueItem]:
    """Open tasks of live clients due before the horizon, overdue first, then today, then
    upcoming, each by due time. With ``associate_id``: "mine", assigned to them or to
    nobody; without: the whole store."""
    owner = aliased(Associate)
    query = (
        select(
            FollowupTask,
            Customer.full_name,
            Customer.erased_at,
            owner.display_name,
            Visit.started_at,
        )
        .outerjoin(Customer, Customer.id == FollowupTask.customer_id)
        .outerjoin(owner, owner.id == FollowupTask.assigned_to)
        .outerjoin(Visit, Visit.id == FollowupTask.visit_id)
        .where(
            FollowupTask.store_id == store_id,
            FollowupTask.completed_at.is_(None),
            FollowupTask.due_at < day_start(now) + horizon,
            live_client(),
            outreach_allowed(),
        )
        .order_by(FollowupTask.due_at, FollowupTask.kind, FollowupTask.id)
    )
    if associate_id is not None:
        query = query.where(
            or_(FollowupTask.assigned_to == associate_id, FollowupTask.assigned_to.is_(None))
        )
    if only_ids is not None:
        query = query.where(FollowupTask.id.in_(list(only_ids)))
    items = []
    for task, name, erased_at, assignee, visit_at in session.execute(query).all():
        items.append(
            DueItem(
                task.id,
                THANK_YOU if task.kind == LEGACY_CONTACT else task.kind,
                task.due_at,
                group_of(task.due_at, now),
                None if erased_at is not None else name,
                task.customer_id,
                task.visit_id,
                visit_at,
                task.assigned_to,
                assignee,
                dict(task.details),
                task.version,
                task.updated_at,
                reason_of(task.kind, task.details),
                task.channel,
            )
        )
    return items


def pending_ids(session: Session) -> set[uuid.UUID]:
    """Tasks changed on this kiosk whose change has not reached the store yet."""
    query = select(OutboxEntry.row_id).where(OutboxEntry.table_name == FollowupTask.__tablename__)
    return set(session.scalars(query).all())


def merge(
    store: Sequence[DueItem], local: Sequence[DueItem], pending: set[uuid.UUID]
) -> list[DueItem]:
    """The store's list with this kiosk's not-yet-sent changes laid over it: a task done
    here a moment ago is gone, one added here is there."""
    kept = [item for item in store if item.id not in pending]
    merged = kept + [item for item in local if item.id in pending]
    # tasks due at one moment (a sweep makes several) in the order of their kind, then id:
    # the same list on every kiosk and every run, ids being random
    return sorted(merged, key=lambda i: (i.due_at, i.kind, i.id))


def read_due(
    reader: StoreReader,
    local: Engine,
    store_id: str,
    now: dt.datetime,
    associate_id: uuid.UUID | None = None,
    horizon: dt.timedelta = HORIZON,
    zone: dt.tzinfo | None = None,
) -> Read[list[DueItem]]:
    """The due list store-wide when the store answers (with this kiosk's unsent changes laid
    over it), else this kiosk's own; off the GUI thread. ``zone``: the store's, whose days
    group the list (None: ``now``'s own zone)."""
    if zone is not None:
        now = now.astimezone(zone)
    with Session(local) as s:  # before the store's: a change sent meanwhile is in its answer
        pending = pending_ids(s)
    result = reader.read(lambda s: due_list(s, store_id, now, associate_id, horizon))
    if result.scope is not Scope.STORE:
        return result
    with Session(local) as s:
        mine = due_list(s, store_id, now, associate_id, horizon, pending) if pending else []
    return Read(merge(result.value, mine, pending), Scope.STORE)
