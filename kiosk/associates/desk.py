"""The store's open service requests, as associate mode lists and answers them.

Requests come from this kiosk's customers and, pulled from the store database, from every
other kiosk of the store and from the customers' phone pages ("I'm in the store"). A request
for a client goes to their advisor first (``for_associate``, ``kiosk.clients.advisor.route``):
it heads that advisor's list, and every other associate still sees it. Acknowledging ("I'm
coming") and resolving record who and when, through the outbox, so every kiosk and the store
database learn it. Two kiosks answering the same request offline converge on the store's one
winner: a resolution outranks an acknowledgement (``RESOLUTION_STEP``), as for cases
(``kiosk.recovery.cases``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kiosk.db.models import Associate, Case, ServiceRequest
from kiosk.db.outbox import save
from kiosk.errors import KioskError

RESOLUTION_STEP = 2
"""How many versions a resolution moves a request on, where an acknowledgement moves it one:
a kiosk that, offline, only acknowledges its older copy after another resolved it then never
outranks the resolution (the version guard's tie-break would let the later change win and the
request would come back open on every kiosk). Cases are answered the same way."""

Answered = ServiceRequest | Case
"""What associates answer: a customer's request, and a service-recovery case."""


def acknowledge_row(row: Answered, associate_id: uuid.UUID, at: dt.datetime) -> bool:
    """``row`` acknowledged by ``associate_id`` ("I'm on it"); False, unchanged, when someone
    had already (their name stays) or it was resolved. The caller saves it."""
    if row.acknowledged_at is not None or row.resolved_at is not None:
        return False
    row.acknowledged_at, row.acknowledged_by = at, associate_id
    return True


def resolve_row(row: Answered, associate_id: uuid.UUID, at: dt.datetime) -> bool:
    """``row`` resolved by ``associate_id``; False, unchanged, when it was already. Resolving
    an unacknowledged row acknowledges it too (the same associate took care of it), and moves
    the version ``RESOLUTION_STEP`` on once the caller saves it."""
    if row.resolved_at is not None:
        return False
    if row.acknowledged_at is None:
        row.acknowledged_at, row.acknowledged_by = at, associate_id
    row.resolved_at, row.resolved_by = at, associate_id
    row.version += RESOLUTION_STEP - 1  # save() adds the last step
    return True


class ServiceDeskError(KioskError):
    """A request that cannot be answered as asked (unknown, or of another store)."""


@dataclass(frozen=True)
class OpenRequest:
    id: uuid.UUID
    kind: str  # associate | refreshment | in_store
    kiosk_id: str  # "phone" for the phone page's "I'm in the store"
    created_at: dt.datetime
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None  # the associate's display name
    for_associate: uuid.UUID | None = None  # the client's advisor; None: anyone
    area: str | None = None  # where in the store the customer said they are

    def for_me(self, me: uuid.UUID | None) -> bool:
        return me is not None and self.for_associate == me

    def age(self, now: dt.datetime) -> dt.timedelta:
        return max(now - self.created_at, dt.timedelta(0))


def short_age(age: dt.timedelta) -> tuple[int, str]:
    """(number, unit) for "3 min": seconds under a minute count as "now" (0, "min")."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return minutes, "min"
    hours = minutes // 60
    return (hours, "h") if hours < 48 else (hours // 24, "d")


class ServiceDesk:
    def __init__(self, engine: Engine, store_id: str) -> None:
        self.store_id = store_id
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def open_requests(self, me: uuid.UUID | None = None) -> list[OpenRequest]:
        """Unresolved requests of the store: those for ``me`` (the signed-in associate, whose
        clients they are) first, then the rest; oldest first within each (the longest wait
        comes first)."""
        by = aliased(Associate)
        query = (
            select(ServiceRequest, by.display_name)
            .outerjoin(by, by.id == ServiceRequest.acknowledged_by)
            .where(ServiceRequest.store_id == self.store_id, ServiceRequest.resolved_at.is_(None))
            .order_by(ServiceRequest.created_at, ServiceRequest.id)
        )
        with self._sessions() as s:
            found = [
                OpenRequest(
                    r.id,
                    r.kind,
                    r.kiosk_id,
                    r.created_at,
                    r.acknowledged_at,
                    name,
                    r.for_associate,
                    r.area,
                )
                for r, name in s.execute(query).all()
            ]
        return sorted(found, key=lambda r: not r.for_me(me))  # stable: age order kept

    def acknowledge(self, request_id: uuid.UUID, associate_id: uuid.UUID, at: dt.datetime) -> bool:
        """Returns False when someone had already acknowledged it (their name stays)."""
        with self._sessions.begin() as s:
            request = self._get(s, request_id)
            if not acknowledge_row(request, associate_id, at):
                return False
            save(s, request)
            return True

    def resolve(self, request_id: uuid.UUID, associate_id: uuid.UUID, at: dt.datetime) -> bool:
        """Returns False when it was already resolved. Resolving an unacknowledged request
        acknowledges it too: the same associate took care of it."""
        with self._sessions.begin() as s:
            request = self._get(s, request_id)
            if not resolve_row(request, associate_id, at):
                return False
            save(s, request)
            return True

    def _get(self, s: Session, request_id: uuid.UUID) -> ServiceRequest:
        request = s.get(ServiceRequest, request_id)
        if request is None or request.store_id != self.store_id:
            raise ServiceDeskError(f"no service request {request_id} in store {self.store_id}")
        return request
