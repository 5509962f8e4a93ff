"""The right to be forgotten, and consent withdrawal: a client's personal data erased everywhere.

What is personal here: the client's row (name, phone, email, member number, preferences,
notes), the associates' notes on the client's visits, the free text of follow-up tasks, and
the consents. Erasing empties all of it and keeps what is anonymous: the visits with their
stages, events, needs, selection, outcome and scores, so the store's figures do not change.

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
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, or_, select
from sqlalchemy.orm import Session

from kiosk.clients.lookup import ClientKey, find_query
from kiosk.clients.masking import mask_contact, mask_name
from kiosk.db.models import Consent, Customer, FollowupTask, Synced, Visit, VisitNote
from kiosk.db.outbox import save
from kiosk.db.reads import Read, Scope, StoreReader
from kiosk.db.versions import new_version
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.station.runtime import Runtime

log = logging.getLogger(__name__)

ERASED_VERSION_STEP = 1_000_000
"""How far an erased client's version jumps: beyond any version an un-erased copy can reach."""

ERASED_OUTCOME = "erased"
NOT_IN_STORE = "the store database does not have this client yet"
NO_STORE = "no store database is set"
STORE_DOWN = "the store database did not answer"
WITHDRAWN_OUTCOME = "consent_withdrawn"

Touch = Callable[[Session, Synced], None]
"""How a changed row is recorded: through the outbox on a kiosk, a version bump in the store."""


class ErasureError(KioskError):
    """The client cannot be erased as asked (unknown here and the store did not answer...)."""


@dataclass(frozen=True)
class ErasurePlan:
    """What forgetting a client will do, counted (shown before the manager confirms)."""

    customer_id: uuid.UUID
    name: str  # masked
    contact: str  # masked
    erased: bool  # already forgotten
    created_at: dt.datetime
    visits: int  # kept, anonymous
    notes: int  # emptied
    tasks: int  # emptied of free text; open ones closed
    open_tasks: int
    consents: int  # withdrawn


@dataclass(frozen=True)
class ErasureCounts:
    customer: bool = False
    notes: int = 0
    tasks: int = 0
    consents: int = 0

    @property
    def changed(self) -> bool:
        return self.customer or bool(self.notes or self.tasks or self.consents)


class StoreShare(enum.StrEnum):
    """Where the store database's share of an erasure stands, as a manager is told."""

    DONE = "done"  # erased in the store database, across every kiosk's rows
    LATER = "later"  # the store does not have the client yet: the tombstone travels alone
    PENDING = "pending"  # the store did not answer: the tombstone waits in the outbox
    NONE = "none"  # no store database is set: it follows once one is set and this kiosk syncs


_WHY = {
    StoreShare.DONE: None,
    StoreShare.LATER: NOT_IN_STORE,
    StoreShare.PENDING: STORE_DOWN,
    StoreShare.NONE: NO_STORE,
}


@dataclass(frozen=True)
class ErasureResult:
    customer_id: uuid.UUID
    here: ErasureCounts | None  # None: the client is not on this kiosk
    store: ErasureCounts | None  # None: not done in the store database (see ``share``)
    share: StoreShare = StoreShare.DONE

    @property
    def store_error(self) -> str | None:
        """Why the store's share waits for the next sync (None: it is done)."""
        return _WHY[self.share]

    @property
    def store_pending(self) -> bool:
        return self.store is None


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


def plan(s: Session, store_id: str, customer_id: uuid.UUID) -> ErasurePlan | None:
    """What forgetting this client would change, in the database ``s`` reads; None if unknown."""
    customer = s.get(Customer, customer_id)
    if customer is None or customer.store_id != store_id:
        return None
    visits = client_visit_ids(s, customer_id)
    tasks = _tasks(s, customer_id, visits)
    consents = s.scalars(select(Consent).where(Consent.customer_id == customer_id)).all()
    return ErasurePlan(
        customer_id=customer.id,
        name=mask_name(customer.full_name),
        contact=mask_contact(customer),
        erased=customer.erased_at is not None,
        created_at=customer.created_at,
        visits=len(visits),
        notes=sum(1 for n in _notes(s, visits) if n.text is not None or n.erased_at is None),
        tasks=len(tasks),
        open_tasks=sum(1 for t in tasks if t.completed_at is None),
        consents=sum(1 for c in consents if c.withdrawn_at is None),
    )


def find_plans(s: Session, store_id: str, key: ClientKey) -> list[ErasurePlan]:
    """The clients ``key`` finds, consent or not (a client who withdrew consent must still be
    forgettable), each with what forgetting them does."""
    customers = s.scalars(find_query(store_id, key, consented_only=False)).all()
    plans = (plan(s, store_id, c.id) for c in customers)
    return [p for p in plans if p is not None]


def look_up(
    reader: StoreReader, finder: Callable[[Session], list[ErasurePlan]]
) -> Read[list[ErasurePlan]]:
    """``finder`` in the store database (every kiosk's clients), else this kiosk's records;
    also this kiosk's when the store has no match (a client enrolled here whose row has not
    reached the store yet must be forgettable too)."""
    found = reader.read(finder)
    if found.value or found.scope is Scope.KIOSK:
        return found
    with Session(reader.local) as s:
        return Read(finder(s), Scope.STORE)  # the store answered: nothing there, maybe here


def find_to_forget(runtime: Runtime, key: ClientKey) -> Read[list[ErasurePlan]]:
    """The clients ``key`` finds, with what forgetting each would do (``look_up``): the
    manager's search, off the GUI thread."""
    store_id = runtime.config.store_id
    return look_up(runtime.reader, lambda s: find_plans(s, store_id, key))


def client_to_forget(runtime: Runtime, customer_id: uuid.UUID) -> Read[list[ErasurePlan]]:
    """One client by id (opened from their profile): a list of one, or empty if unknown."""
    store_id = runtime.config.store_id

    def one(s: Session) -> list[ErasurePlan]:
        found = plan(s, store_id, customer_id)
        return [] if found is None else [found]

    return look_up(runtime.reader, one)


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
    holds_data = bool(_clear_contact(customer) or customer.member_number or customer.preferences)
    if (
        holds_data
        or customer.erased_at is None
        or (jump and customer.version < ERASED_VERSION_STEP)
    ):
        customer.member_number = None
        customer.preferences = {}
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
    s.flush()
    return ErasureCounts(erased_customer, notes, tasks, consents)


def erase_here(
    local: Engine, store_id: str, customer_id: uuid.UUID, at: dt.datetime, by: str
) -> ErasureCounts | None:
    """This kiosk's share, in one local transaction through the outbox (run on the recorder).

    SQLite's free space is zeroed as the rows change (``secure_delete``) and the write-ahead
    log, which still holds the old pages, is checkpointed and truncated: the erased text is
    not left in the kiosk's files either.
    """
    with local.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            conn.commit()
        try:
            with Session(bind=conn, expire_on_commit=False) as s:
                counts = erase_rows(s, store_id, customer_id, at, outbox_touch)
                s.commit()
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA secure_delete=OFF")
                conn.commit()
        if counts is not None and counts.changed:
            scrub_local(conn)
    if counts is not None and counts.changed:
        log.info("client %s erased on this kiosk by %s", customer_id, by)
    return counts


def scrub_local(conn: Connection) -> None:
    """Move the write-ahead log into the database file and empty it, so the pages from
    before an erasure are gone from the WAL file. Best effort: a reader still holding an old
    snapshot keeps its frames until SQLite's next automatic checkpoint."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()


def erase_in_store(
    store: Engine | Connection, store_id: str, customer_id: uuid.UUID, at: dt.datetime, by: str
) -> ErasureCounts | None:
    """The store database's share, across every kiosk's rows, in one store transaction."""
    with Session(store, expire_on_commit=False) as s, s.begin():
        counts = erase_rows(s, store_id, customer_id, at, store_touch(at))
    if counts is not None and counts.changed:
        log.info("client %s erased in the store database by %s", customer_id, by)
    return counts


def forget(
    local: Engine,
    store: Engine | None,
    store_id: str,
    customer_id: uuid.UUID,
    at: dt.datetime,
    by: str,
) -> ErasureResult:
    """Forget a client on this kiosk and, when it answers, in the store database: both
    phases one after the other (the command line; a screen runs them one at a time, see
    ``forget_here`` and ``forget_in_store``)."""
    here = erase_here(local, store_id, customer_id, at, by)
    return store_share(lambda: store, store_id, customer_id, here, at, by)


def store_share(
    store: Callable[[], Engine | None],
    store_id: str,
    customer_id: uuid.UUID,
    here: ErasureCounts | None,
    at: dt.datetime,
    by: str,
) -> ErasureResult:
    """The second phase, once this kiosk's share (``here``) is committed: the store
    database's share (``store()`` opens it; None: no store database is set), and what the
    whole erasure came to.

    When the store does not answer, this kiosk's erasure stands and its tombstone waits in
    the outbox; when it reaches the store, the push applies the store's share (see
    ``kiosk.clients.erasure_sync.settle_pushed``). Whatever stops the store's share, the tombstone
    carries it, so it is never a failure of the erasure. A client known only to the store
    needs the store to answer: ``ErasureError`` then, and nothing was changed anywhere.
    """
    try:
        engine = store()
        in_store = None if engine is None else erase_in_store(engine, store_id, customer_id, at, by)
    except Exception as exc:  # noqa: BLE001 - the tombstone in the outbox carries it
        if here is None:
            raise ErasureError(
                "this client is not on this kiosk and the store database did not answer; "
                "nothing was changed: try again when the store database answers"
            ) from None
        log.warning("store database unreachable for an erasure (%s)", type(exc).__name__)
        return ErasureResult(customer_id, here, None, StoreShare.PENDING)
    if engine is None:
        if here is None:
            raise ErasureError("this client is not on this kiosk and no store database is set")
        return ErasureResult(customer_id, here, None, StoreShare.NONE)
    if here is None and in_store is None:
        raise ErasureError(f"no client {customer_id} in store {store_id}")
    if in_store is None:  # enrolled here, not yet synced: the tombstone travels alone
        return ErasureResult(customer_id, here, None, StoreShare.LATER)
    return ErasureResult(customer_id, here, in_store)


# -- the two phases as a kiosk screen runs them ------------------------------------------------
def forget_here(
    runtime: Runtime, customer_id: uuid.UUID, at: dt.datetime, by: str
) -> ErasureCounts | None:
    """Phase one on a kiosk: this kiosk's share, through the outbox (run it on the recorder,
    then wake the sync: the tombstone should travel at once). None: not on this kiosk."""
    return erase_here(runtime.engine, runtime.config.store_id, customer_id, at, by)


def forget_in_store(
    runtime: Runtime,
    customer_id: uuid.UUID,
    here: ErasureCounts | None,
    at: dt.datetime,
    by: str,
) -> ErasureResult:
    """Phase two on a kiosk, off the GUI thread: the store database's share (``store_share``)
    through the kiosk's store connection, opened on first use."""
    reader, store_id = runtime.reader, runtime.config.store_id
    return store_share(lambda: reader.store, store_id, customer_id, here, at, by)


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
    stops at once (``consent_withdrawn``). When no consent remains, the profile has no ground
    left: the client is erased as by ``forget`` (contact details first of all, as the
    follow-up page's withdrawal does). Returns the consents withdrawn."""
    active = select(Consent).where(
        Consent.customer_id == customer_id, Consent.withdrawn_at.is_(None)
    )
    withdrawn = 0
    for consent in s.scalars(active).all():
        if purpose is None or consent.purpose == purpose:
            consent.withdrawn_at = at
            touch(s, consent)
            withdrawn += 1
    open_tasks = s.scalars(
        select(FollowupTask).where(
            FollowupTask.customer_id == customer_id, FollowupTask.completed_at.is_(None)
        )
    ).all()
    close_open_tasks(s, open_tasks, at, WITHDRAWN_OUTCOME, touch)
    s.flush()
    if s.scalar(active.limit(1)) is None:
        erase_rows(s, store_id, customer_id, at, touch)
    return withdrawn
