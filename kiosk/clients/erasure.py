"""The right to be forgotten, and consent withdrawal: a client's personal data erased everywhere.

What is personal here: the client's row (name, phone, email, member number, preferences,
notes), the associates' notes on the client's visits, the free text of follow-up tasks, the
consents, the words and contact of the client's service-recovery cases, their purchases'
till references and their touchpoint scores' words (``kiosk.clients.sale_erasure``), their
key dates and advisor (``kiosk.clients.erasure_keys``).
Erasing empties all of it and keeps what is anonymous: the visits with their stages, events,
needs, selection, outcome and scores, each case's category, score, times and flags, each
purchase's items and bookings, each touchpoint's score, so the store's figures do not change.

**The tombstone.** The client's row stays, emptied, with ``erased_at`` set: it is how the
erasure travels (kiosks pull customers from the store database, so every kiosk receives the
tombstone and erases its own rows of that client) and how a late arrival is recognised. Its
version jumps by ``ERASED_VERSION_STEP``: the sync version guards (the store's upsert and the
kiosks' pull) let only a higher version through, so an older, un-erased version still
waiting in some kiosk's outbox can never bring the data back.

**Visits stay linked to the tombstone** (``visits.customer_id`` is kept). The tombstone
names nobody: it holds no name, contact, number, preference or note, only its random id, the
store and the dates of enrolment and erasure. The link is what lets the store database and
every kiosk recognise a row of the forgotten client that arrives late (a note pushed by a
kiosk that was offline, a consent given there) and erase it on arrival; unlinking would lose
exactly that. Client searches never find an erased client (``kiosk.clients.lookup.find_query``).

**Late rows** are caught by the sync (``kiosk.clients.erasure_sync``): the store database erases any
row of a forgotten client as it arrives, and a kiosk erases its own when the tombstone comes
down. **Withdrawing the last consent** forgets the client the same way.

Every change is idempotent: a row already erased is left alone, so running the erasure again
(a replay, a second kiosk, the push hook) changes nothing and bumps no version.

Here is the row erasure that every path runs (the sync's hooks, consent withdrawal, the
hand-off page); forgetting a client as a manager does it (the look-up, the two phases and
what each came to) is in ``kiosk.clients.forgetting``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import Session

from kiosk.clients.erasure_keys import erase_key_dates, tasks_to_stop, withdraw_book
from kiosk.clients.sale_erasure import erase_sales
from kiosk.db.models import Case, Consent, Customer, FollowupTask, Synced, Visit, VisitNote
from kiosk.db.outbox import save
from kiosk.db.versions import new_version

ERASED_VERSION_STEP = 1_000_000
"""How far an erased client's version jumps: beyond any version an un-erased copy can reach."""
TASK_STOP_STEP = 3
"""How many versions stopping a follow-up on a withdrawal moves it on: more than a completion
(``kiosk.associates.tasks.COMPLETION_STEP``, 2), so a completion another kiosk made offline on
an older copy never brings the dropped note back."""

ERASED_OUTCOME = "erased"
CASE_CONTACT = "case_contact"  # kiosk.recovery.report.CASE_CONTACT_PURPOSE
WITHDRAWN_OUTCOME = "consent_withdrawn"

Touch = Callable[[Session, Synced], None]
"""How a changed row is recorded: through the outbox on a kiosk, a version bump in the store."""


@dataclass(frozen=True)
class ErasureCounts:
    customer: bool = False
    notes: int = 0
    tasks: int = 0
    consents: int = 0
    cases: int = 0
    purchases: int = 0  # order reference emptied, client unlinked
    scores: int = 0  # touchpoint scores' words emptied, client unlinked
    key_dates: int = 0  # emptied (kiosk.clients.erasure_keys)

    @property
    def changed(self) -> bool:
        return self.customer or bool(
            self.notes
            or self.tasks
            or self.consents
            or self.cases
            or self.purchases
            or self.scores
            or self.key_dates
        )


# -- which rows are the client's ---------------------------------------------------------------
def client_visit_ids(s: Session, customer_id: uuid.UUID) -> set[uuid.UUID]:
    """The client's visits: attached at a kiosk, or named by a consent or a task."""
    ids: set[uuid.UUID] = set(s.scalars(select(Visit.id).where(Visit.customer_id == customer_id)))
    for model in (Consent, FollowupTask):
        ids.update(
            v
            for v in s.scalars(select(model.visit_id).where(model.customer_id == customer_id))
            if v is not None
        )
    return ids


def _notes(s: Session, visit_ids: Iterable[uuid.UUID]) -> list[VisitNote]:
    ids = list(visit_ids)
    if not ids:
        return []
    return list(s.scalars(select(VisitNote).where(VisitNote.visit_id.in_(ids))))


def _tasks(
    s: Session, customer_id: uuid.UUID, visit_ids: Iterable[uuid.UUID]
) -> list[FollowupTask]:
    ids = list(visit_ids)
    cond = FollowupTask.customer_id == customer_id
    if ids:
        cond = or_(cond, FollowupTask.visit_id.in_(ids))
    return list(s.scalars(select(FollowupTask).where(cond)))


def _cases(s: Session, customer_id: uuid.UUID, visit_ids: Iterable[uuid.UUID]) -> list[Case]:
    """The client's cases: opened for them, or about one of their visits."""
    ids = list(visit_ids)
    cond = Case.customer_id == customer_id
    if ids:
        cond = or_(cond, Case.visit_id.in_(ids))
    return list(s.scalars(select(Case).where(cond)))


CASE_CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
CASE_PERSONAL_FIELDS = (
    "description",
    *CASE_CONTACT_FIELDS,
    "internal_note",
    "customer_reply",
    "escalation_reason",
)
"""A case's free text and contact: what an erasure empties (the category, score, times and
flags stay, anonymous, for the dashboard)."""


def _outrank_copies(row: Synced) -> None:
    """Cases (and purchases) are pulled to every kiosk: a copy another kiosk changes offline
    (an acknowledgement) must not bring the emptied fields back. As for a client's tombstone,
    the version jumps beyond what such a copy can reach (the touch adds the last step)."""
    if row.version < ERASED_VERSION_STEP:
        row.version += ERASED_VERSION_STEP - 1


def _withdraw_case_consent(s: Session, case: Case, at: dt.datetime, touch: Touch) -> bool:
    consent = s.get(Consent, case.contact_consent_id) if case.contact_consent_id else None
    if consent is None or consent.withdrawn_at is not None:
        return False
    consent.withdrawn_at = at
    touch(s, consent)
    return True


def erase_case(s: Session, case: Case, at: dt.datetime, touch: Touch) -> bool:
    """Empty the case's personal fields and mark it erased (its contact consent withdrawn):
    True if it changed (an erased case is left alone)."""
    _withdraw_case_consent(s, case, at, touch)
    if case.erased_at is not None and not any(getattr(case, f) for f in CASE_PERSONAL_FIELDS):
        return False
    for name in CASE_PERSONAL_FIELDS:
        setattr(case, name, None)
    case.erased_at = case.erased_at or at
    _outrank_copies(case)
    touch(s, case)
    return True


def clear_case_contact(
    s: Session, case: Case, at: dt.datetime, touch: Touch, outcome: str = WITHDRAWN_OUTCOME
) -> bool:
    """The customer withdrew the consent to be contacted about ``case``: its contact details
    go, and its open call-back stops (``outcome``). True if anything changed."""
    from kiosk.associates.rules import CASE_CALLBACK, rule_id  # the rules import this module

    changed = _withdraw_case_consent(s, case, at, touch)
    if any(getattr(case, f) for f in CASE_CONTACT_FIELDS):
        for name in CASE_CONTACT_FIELDS:
            setattr(case, name, None)
        _outrank_copies(case)
        touch(s, case)
        changed = True
    callback = s.get(FollowupTask, rule_id(CASE_CALLBACK, case.id))
    if callback is not None:
        changed |= bool(close_open_tasks(s, [callback], at, outcome, touch))
    return changed


# -- the erasure itself, for either database ---------------------------------------------------
def outbox_touch(s: Session, row: Synced) -> None:
    """On a kiosk: the change goes to the store database through the outbox."""
    save(s, row)


def store_touch(at: dt.datetime) -> Touch:
    """In the store database: a newer version (the trigger stamps it for the kiosks' pull)."""

    def touch(s: Session, row: Synced) -> None:
        new_version(row, max(at, row.updated_at))

    return touch


def _clear_contact(customer: Customer) -> bool:
    """Empty the contact details; True if there was anything to empty."""
    had = any((customer.full_name, customer.phone, customer.email, customer.notes))
    customer.full_name = customer.phone = customer.email = customer.notes = None
    return had


def close_open_tasks(
    s: Session, tasks: Iterable[FollowupTask], at: dt.datetime, outcome: str, touch: Touch
) -> int:
    """Stop every open follow-up at once, dropping the free-text note; returns how many."""
    closed = 0
    for task in tasks:
        if task.completed_at is not None:
            continue
        task.completed_at, task.outcome = at, outcome
        task.details = {k: v for k, v in (task.details or {}).items() if k != "note"}
        task.version += TASK_STOP_STEP - 1  # the touch adds the last step
        touch(s, task)
        closed += 1
    return closed


def erase_rows(
    s: Session,
    store_id: str,
    customer_id: uuid.UUID,
    at: dt.datetime,
    touch: Touch,
    jump: bool = True,
) -> ErasureCounts | None:
    """Erase the client's personal data among the rows ``s`` can see; None if unknown here.

    ``jump`` False (a tombstone pulled from the store) leaves a clean tombstone as it came:
    its version is the writer's business; only leftover data is erased (and then jumped).
    """
    customer = s.get(Customer, customer_id)
    if customer is None or customer.store_id != store_id:
        return None
    when = customer.erased_at or at
    visits = client_visit_ids(s, customer_id)
    erased_customer = False
    holds_data = bool(
        _clear_contact(customer)
        or customer.member_number
        or customer.preferences
        or customer.advisor_id
    )
    if (
        holds_data
        or customer.erased_at is None
        or (jump and customer.version < ERASED_VERSION_STEP)
    ):
        customer.member_number = None
        customer.preferences = {}
        customer.advisor_id = None
        customer.erased_at = when
        if customer.version < ERASED_VERSION_STEP:
            customer.version += ERASED_VERSION_STEP - 1  # plus the touch's own step
        touch(s, customer)
        erased_customer = True
    notes = 0
    for note in _notes(s, visits):
        if note.text is None and note.erased_at is not None:
            continue
        note.text, note.erased_at = None, note.erased_at or when
        touch(s, note)
        notes += 1
    tasks = 0
    for task in _tasks(s, customer_id, visits):
        if task.completed_at is None:
            task.completed_at, task.outcome = when, ERASED_OUTCOME
        elif not task.details:
            continue
        task.details = {}
        touch(s, task)
        tasks += 1
    consents = 0
    for consent in s.scalars(
        select(Consent).where(Consent.customer_id == customer_id, Consent.withdrawn_at.is_(None))
    ):
        consent.withdrawn_at = when
        touch(s, consent)
        consents += 1
    cases = sum(erase_case(s, case, when, touch) for case in _cases(s, customer_id, visits))
    sales = erase_sales(s, customer_id, visits, when, touch, _outrank_copies)
    key_dates = erase_key_dates(s, customer_id, when, touch, _outrank_copies)
    s.flush()
    return ErasureCounts(
        erased_customer, notes, tasks, consents, cases, sales.purchases, sales.scores, key_dates
    )


def scrub_local(conn: Connection) -> None:
    """Move the write-ahead log into the database file and empty it, so the pages from
    before an erasure are gone from the WAL file. Best effort: a reader still holding an old
    snapshot keeps its frames until SQLite's next automatic checkpoint."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()


# -- consent withdrawal on a kiosk -------------------------------------------------------------
def withdraw_consent(
    s: Session,
    store_id: str,
    customer_id: uuid.UUID,
    at: dt.datetime,
    purpose: str | None = None,
    touch: Touch = outbox_touch,
) -> int:
    """The client withdraws consent (one purpose, or all): every open follow-up of the client
    stops at once (``consent_withdrawn``; for the key dates consent, its outreach only), and
    the client book's share follows (``kiosk.clients.erasure_keys.withdraw_book``: key dates
    erased, advisor cleared). When no consent remains, the profile has no ground left: the
    client is erased as by ``forget`` (contact details first of all, as the follow-up page's
    withdrawal does). Returns the consents withdrawn."""
    active = select(Consent).where(
        Consent.customer_id == customer_id, Consent.withdrawn_at.is_(None)
    )
    withdrawn = 0
    for consent in s.scalars(active).all():
        if purpose is None or consent.purpose == purpose:
            consent.withdrawn_at = at
            touch(s, consent)
            withdrawn += 1
    open_tasks = tasks_to_stop(s, customer_id, purpose)
    close_open_tasks(s, open_tasks, at, WITHDRAWN_OUTCOME, touch)
    if purpose is None or purpose == CASE_CONTACT:
        for case in _cases(s, customer_id, client_visit_ids(s, customer_id)):
            clear_case_contact(s, case, at, touch)
    withdraw_book(s, customer_id, at, purpose, touch, _outrank_copies)
    s.flush()
    if s.scalar(active.limit(1)) is None:
        erase_rows(s, store_id, customer_id, at, touch)
    return withdrawn
