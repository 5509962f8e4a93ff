"""The follow-up tasks a case calls for, made as ``kiosk.associates.rules`` makes the others.

- ``case_callback`` - a case whose customer gave contact details with the consent to be
  contacted: call them back within the store's response target (``case_response_hours``),
  assigned to the case's owner when it has one.
- ``case_check`` - a week after a case was resolved: did the remedy hold? Assigned to whoever
  resolved it.

Both have deterministic ids (uuid5 of the rule and the case), so the write that opens or
resolves a case, a later sweep on any kiosk and a store-side sweep make one task. A case with
a client (its own, or its visit's) sends both to the client's advisor first, the owner or
resolver second, else the store, decided by the first writer
(``kiosk.clients.advisor.ensure_routed``). Details hold the case's id, category and language:
nothing personal (the contact stays on the case, where an erasure or a withdrawal empties it).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk.associates.rules import (
    CASE_CALLBACK,
    CASE_CHECK,
    Saver,
    client_is_live,
    rule_id,
)
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT, ensure_routed
from kiosk.db.models import Case, FollowupTask, Visit
from kiosk.db.outbox import save as outbox_save

CASE_KINDS = (CASE_CALLBACK, CASE_CHECK)
CHECK_AFTER = dt.timedelta(days=7)
DEFAULT_RESPONSE = dt.timedelta(hours=24)
"""The response target when none is given (the ``case_response_hours`` setting's default)."""
LOOKBACK = dt.timedelta(days=30)
"""How far back a sweep looks for cases opened or resolved without their tasks."""


def wants_callback(case: Case) -> bool:
    """Contact details given with the consent, and not erased or withdrawn since."""
    return (
        case.contact_consent_id is not None
        and case.erased_at is None
        and bool(case.contact_phone or case.contact_email)
    )


def callback_task(
    case: Case,
    response_target: dt.timedelta,
    customer_id: uuid.UUID | None = None,
    visit_id: uuid.UUID | None = None,
) -> FollowupTask | None:
    """``customer_id``: the case's client, or its visit's (the task then shows them);
    ``visit_id``: the case's visit when the writer holds it (see ``ensure_case_tasks``)."""
    if not wants_callback(case):
        return None
    return FollowupTask(
        id=rule_id(CASE_CALLBACK, case.id),
        store_id=case.store_id,
        visit_id=visit_id,
        customer_id=customer_id or case.customer_id,
        kind=CASE_CALLBACK,
        due_at=case.created_at + response_target,
        assigned_to=case.owner_id,
        created_at=case.created_at,
        details=_details(CASE_CALLBACK, case),
    )


def check_task(
    case: Case, customer_id: uuid.UUID | None = None, visit_id: uuid.UUID | None = None
) -> FollowupTask | None:
    if case.resolved_at is None:
        return None
    return FollowupTask(
        id=rule_id(CASE_CHECK, case.id),
        store_id=case.store_id,
        visit_id=visit_id,
        customer_id=customer_id or case.customer_id,
        kind=CASE_CHECK,
        due_at=case.resolved_at + CHECK_AFTER,
        assigned_to=case.resolved_by,
        created_at=case.resolved_at,
        details=_details(CASE_CHECK, case),
    )


def _details(rule: str, case: Case) -> dict[str, str]:
    return {
        "rule": rule,
        "case": str(case.id),
        "category": case.category,
        "language": case.language,
    }


def ensure_case_tasks(
    session: Session,
    case: Case,
    response_target: dt.timedelta,
    save: Saver = outbox_save,
    at: dt.datetime | None = None,
    away: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> dict[str, bool]:
    """Make the case's missing rule tasks; which kinds were made. None for a case of a
    client who was forgotten or withdrew every consent (``client_is_live``).

    The task names the case's visit only when this writer holds that visit: a kiosk that
    pulled a case raised on another kiosk has not got its visit, and the local foreign key
    would refuse the task (the manager's "resolve" there failed). The task still leads to
    the case through its details. Routed at ``at`` (None: when the case was opened, or
    resolved for its check: the writer's own moment)."""
    customer_id = case.customer_id
    visit = session.get(Visit, case.visit_id) if case.visit_id is not None else None
    if customer_id is None and visit is not None:
        customer_id = visit.customer_id
    if not client_is_live(session, customer_id):
        return {}
    visit_id = visit.id if visit is not None else None
    callback = callback_task(case, response_target, customer_id, visit_id)
    check = check_task(case, customer_id, visit_id)
    return {
        CASE_CALLBACK: ensure_routed(session, callback, at or case.created_at, away, save),
        CASE_CHECK: ensure_routed(
            session, check, at or case.resolved_at or case.created_at, away, save
        ),
    }


def case_sources(session: Session, store_id: str, at: dt.datetime) -> list[Case]:
    """The store's cases opened or resolved within LOOKBACK: those a sweep makes tasks for
    (e.g. a case written before its rule existed, or by a writer that made none)."""
    since = at - LOOKBACK
    query = select(Case).where(
        Case.store_id == store_id,
        or_(Case.created_at >= since, Case.resolved_at >= since),
    )
    return list(session.scalars(query).all())
