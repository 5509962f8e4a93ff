"""Forgetting a client as a manager does it (``kiosk customers forget`` and the privacy
screen): the look-up that shows what forgetting each client found will do, then the two
phases, this kiosk's share through the outbox and the store database's share when it
answers, with what the whole erasure came to.

Apart from ``kiosk.clients.erasure`` (the row erasure itself, which the sync's hooks,
consent withdrawal and the hand-off page run too) because this is the one workflow around
it: finding, counting, and the order of the phases and what a manager is told when the store
does not answer. What is erased, the tombstone and why it is safe to replay are explained
there.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from kiosk.clients.erasure import (
    CASE_PERSONAL_FIELDS,
    ErasureCounts,
    _cases,
    _notes,
    _tasks,
    client_visit_ids,
    erase_rows,
    outbox_touch,
    scrub_local,
    store_touch,
)
from kiosk.clients.erasure_keys import OUTREACH_KINDS
from kiosk.clients.lookup import ClientKey, find_query
from kiosk.clients.masking import mask_contact, mask_name
from kiosk.clients.sale_erasure import to_erase as sales_to_erase
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Consent, Customer
from kiosk.db.reads import Read, Scope, StoreReader
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.station.runtime import Runtime

log = logging.getLogger("kiosk.clients.erasure")  # the erasure's log lines keep their name

NOT_IN_STORE = "the store database does not have this client yet"
NO_STORE = "no store database is set"
STORE_DOWN = "the store database did not answer"


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
    cases: int = 0  # service-recovery cases emptied of their words and contact
    purchases: int = 0  # purchases emptied of their till reference, unlinked
    scores: int = 0  # touchpoint scores emptied of their words, unlinked
    key_dates: int = 0  # the dates the client shared, emptied
    advisor: bool = False  # an advisor is assigned: the assignment goes with the profile
    outreach: int = 0  # open outreach tasks (of ``open_tasks``), stopped


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


def plan(s: Session, store_id: str, customer_id: uuid.UUID) -> ErasurePlan | None:
    """What forgetting this client would change, in the database ``s`` reads; None if unknown."""
    customer = s.get(Customer, customer_id)
    if customer is None or customer.store_id != store_id:
        return None
    visits = client_visit_ids(s, customer_id)
    tasks = _tasks(s, customer_id, visits)
    consents = s.scalars(select(Consent).where(Consent.customer_id == customer_id)).all()
    purchases, scores = sales_to_erase(s, customer_id, visits)
    open_tasks = [t for t in tasks if t.completed_at is None]
    return ErasurePlan(
        customer_id=customer.id,
        name=mask_name(customer.full_name),
        contact=mask_contact(customer),
        erased=customer.erased_at is not None,
        created_at=customer.created_at,
        visits=len(visits),
        notes=sum(1 for n in _notes(s, visits) if n.text is not None or n.erased_at is None),
        tasks=len(tasks),
        open_tasks=len(open_tasks),
        consents=sum(1 for c in consents if c.withdrawn_at is None),
        cases=sum(
            1
            for case in _cases(s, customer_id, visits)
            if any(getattr(case, f) for f in CASE_PERSONAL_FIELDS)
        ),
        purchases=len(purchases),
        scores=len(scores),
        key_dates=s.scalar(
            select(func.count(KeyDate.id)).where(
                KeyDate.customer_id == customer_id, KeyDate.month.is_not(None)
            )
        )
        or 0,
        advisor=customer.advisor_id is not None,
        outreach=sum(1 for t in open_tasks if t.kind in OUTREACH_KINDS),
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
