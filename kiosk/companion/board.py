"""The store's open requests and cases as the companion lists and answers them.

Read from the store database, where every kiosk pushes its customers' requests and cases
and the phone page writes "I'm in the store". Requests for me (the client's advisor is the
signed-in associate) come first, then the rest, the longest wait first; then the open cases,
mine (opened, owned or answered by me) first, then overdue, then the oldest.
Nothing personal: what, where (the kiosk or the area the customer named) and since when.

"On my way" and "Done" are the kiosk's own rules (``acknowledge_row``, ``resolve_row``,
who and when, a resolution outranking an acknowledgement), written store side with a newer
version (``store_save``) so every kiosk pulls them. A case is acknowledged here; its
resolution (a note, a reply to the customer) stays on the kiosk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from kiosk.associates.desk import Answered, ServiceDesk, acknowledge_row, resolve_row
from kiosk.db.models import Case, ServiceRequest
from kiosk.db.versions import store_save
from kiosk.recovery.cases import CaseBook

REQUEST, CASE = "request", "case"
SHARED_S = 0.5
"""How long one look at the store database serves every open live list."""
ACK, DONE = "ack", "done"


@dataclass(frozen=True)
class Item:
    """One line of the live list."""

    kind: str  # request | case
    id: uuid.UUID
    what: str  # a request's kind (associate | refreshment | in_store) or a case's category
    where: str  # the area the customer named, else the kiosk; "phone" for the phone page
    since: dt.datetime
    mine: bool
    taken_by: str | None  # who said "On my way"
    overdue: bool = False


class Board:
    def __init__(
        self,
        engine: Engine,
        store_id: str,
        response_target: dt.timedelta,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self.store_id = store_id
        self.clock = clock
        self._desk = ServiceDesk(engine, store_id)
        self._cases = CaseBook(engine, store_id, "companion", response_target)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.Lock()
        self._last: tuple[float, str] = (0.0, "")

    def items(self, me: uuid.UUID) -> list[Item]:
        requests = [
            Item(
                REQUEST,
                r.id,
                r.kind,
                r.area or r.kiosk_id,
                r.created_at,
                r.for_me(me),
                r.acknowledged_by,
            )
            for r in self._desk.open_requests(me)
        ]
        now = self.clock()
        # mine: cases I opened, own or answered (associate mode's own list of them)
        mine = {c.id for c in self._cases.list_for(me, manager=False, now=now)}
        cases = [
            Item(
                CASE,
                c.id,
                c.category,
                c.kiosk_id or "",
                c.created_at,
                c.id in mine,
                c.acknowledged_by,
                c.overdue,
            )
            for c in self._cases.list_for(me, manager=True, now=now)
            if c.resolved_at is None
        ]
        cases.sort(key=lambda c: not c.mine)  # stable: overdue, then oldest, within each
        return requests + cases

    def fingerprint(self) -> str:
        """Changes whenever the list would: an open request or case added, answered or
        closed. One cheap query per table, for the live list's once-a-second look; every
        open phone shares one look per ``SHARED_S`` (thirty phones, not thirty queries)."""
        with self._lock:
            at, seen = self._last
            if seen and time.monotonic() - at < SHARED_S:
                return seen
            seen = self._look()
            self._last = (time.monotonic(), seen)
            return seen

    def _look(self) -> str:
        digest = hashlib.sha256()
        with self._sessions() as s:
            for model in (ServiceRequest, Case):
                rows = s.execute(
                    select(model.id, model.version)
                    .where(model.store_id == self.store_id, model.resolved_at.is_(None))
                    .order_by(model.id)
                ).all()
                digest.update(repr(rows).encode())
        return digest.hexdigest()

    def answer(self, kind: str, item_id: uuid.UUID, action: str, me: uuid.UUID) -> bool:
        """The answer "On my way" (``ack``) or "Done" (``done``, requests only) by ``me``,
        now. False: someone had already (their name stays), or nothing of this store by that
        id."""
        if kind not in (REQUEST, CASE) or action not in (ACK, DONE):
            return False
        if kind == CASE and action == DONE:
            return False
        at = self.clock()
        with self._sessions.begin() as s:
            row: Answered | None = (
                s.get(ServiceRequest, item_id) if kind == REQUEST else s.get(Case, item_id)
            )
            if row is None or row.store_id != self.store_id:
                return False
            changed = (acknowledge_row if action == ACK else resolve_row)(row, me, at)
            if changed:
                store_save(s, row)
            return changed
