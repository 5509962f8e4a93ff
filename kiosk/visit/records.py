"""Visit records in the local database: each call is one transaction with its outbox entries.

Only the journey calls these, from the recorder thread; screens never write to the database.
A write that fails because the database is busy is tried again
(``kiosk.station.local_writes``): each is one transaction, rolled back whole, so trying it
again cannot write anything twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clients.advisor import route
from kiosk.db.models import (
    NeedsAnswer,
    SelectionItem,
    ServiceRequest,
    Visit,
    VisitEvent,
    VisitNote,
)
from kiosk.db.outbox import save
from kiosk.errors import JourneyError
from kiosk.handoff.links import IssuedLink, issue_link
from kiosk.insights.summary import write_summary
from kiosk.station.local_writes import retried, sleep

T = TypeVar("T")


class VisitStore:
    def __init__(self, engine: Engine, store_id: str, kiosk_id: str) -> None:
        self.engine = engine
        self.store_id = store_id
        self.kiosk_id = kiosk_id
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.pause: Callable[[float], None] = sleep  # between attempts of a busy write

    def session(self) -> Session:
        return self._sessions()

    @retried
    def start_visit(self, visit_id: uuid.UUID, language: str, at: dt.datetime) -> None:
        with self._sessions.begin() as s:
            visit = Visit(
                id=visit_id,
                store_id=self.store_id,
                kiosk_id=self.kiosk_id,
                started_at=at,
                language=language,
                stage="greeting",
            )
            save(s, visit)
            self._event(s, visit, "visit_started", {"language": language}, at)

    @retried
    def record_event(
        self,
        visit_id: uuid.UUID,
        kind: str,
        payload: dict[str, Any],
        at: dt.datetime,
        visit_changes: dict[str, Any] | None = None,
    ) -> int:
        """Append one event (and optional changes to the visit row); returns its sequence."""
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            if visit_changes:
                for name, value in visit_changes.items():
                    setattr(visit, name, value)
            return self._event(s, visit, kind, payload, at)

    @retried
    def answer(
        self,
        visit_id: uuid.UUID,
        question_id: str,
        values: Sequence[str],
        skipped: bool,
        at: dt.datetime,
    ) -> None:
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            row = s.scalars(
                select(NeedsAnswer).where(
                    NeedsAnswer.visit_id == visit_id, NeedsAnswer.question_id == question_id
                )
            ).first()
            if row is None:
                row = NeedsAnswer(visit_id=visit_id, question_id=question_id)
            row.answer = list(values)
            row.skipped = skipped
            row.answered_at = at
            save(s, row)
            self._event(
                s,
                visit,
                "question_skipped" if skipped else "question_answered",
                {"question": question_id, "answer": list(values)},
                at,
            )

    @retried
    def set_selected(self, visit_id: uuid.UUID, sku: str, selected: bool, at: dt.datetime) -> None:
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            row = s.scalars(
                select(SelectionItem).where(
                    SelectionItem.visit_id == visit_id, SelectionItem.sku == sku
                )
            ).first()
            if selected:
                if row is None:
                    row = SelectionItem(visit_id=visit_id, sku=sku, added_at=at)
                row.removed_at = None
                row.added_at = at
            elif row is None:
                return
            else:
                row.removed_at = at
            save(s, row)
            self._event(
                s, visit, "selection_added" if selected else "selection_removed", {"sku": sku}, at
            )

    @retried
    def request_service(
        self,
        visit_id: uuid.UUID,
        kind: str,
        at: dt.datetime,
        away_limit: dt.timedelta | None = None,
    ) -> uuid.UUID:
        """A service request on the visit; for a visit with a client, for the client's
        advisor first (``kiosk.clients.advisor.route``, given ``away_limit``)."""
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            request = ServiceRequest(
                store_id=self.store_id,
                kiosk_id=self.kiosk_id,
                visit_id=visit_id,
                kind=kind,
                for_associate=(
                    route(s, visit.customer_id, at, away_limit) if away_limit is not None else None
                ),
                created_at=at,
            )
            save(s, request)
            self._event(s, visit, "service_requested", {"kind": kind}, at)
            return request.id

    @retried
    def issue_link(
        self, visit_id: uuid.UUID, base_url: str, at: dt.datetime, valid_for: dt.timedelta
    ) -> IssuedLink:
        """The visit's hand-off link (the same one if the customer comes back to it)."""
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            link = issue_link(s, visit_id, base_url, at, valid_for)
            if not link.reused:  # the link's id only: its token opens the selection
                self._event(s, visit, "link_issued", {"link_id": str(link.link_id)}, at)
            return link

    @retried
    def add_note(
        self, visit_id: uuid.UUID, associate_id: uuid.UUID, text: str, at: dt.datetime
    ) -> uuid.UUID:
        """An associate's note; its text lives only in ``visit_notes`` (erasable), the event
        says that a note was left, not what it says."""
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            note = VisitNote(visit_id=visit_id, associate_id=associate_id, text=text, created_at=at)
            save(s, note)
            self._event(s, visit, "associate_note", {"note_id": str(note.id)}, at)
            return note.id

    def notes(self, visit_id: uuid.UUID) -> list[tuple[dt.datetime, str]]:
        """The visit's notes that are not erased, oldest first (read off the GUI thread)."""
        with self._sessions() as s:
            rows = s.execute(
                select(VisitNote.created_at, VisitNote.text)
                .where(VisitNote.visit_id == visit_id, VisitNote.erased_at.is_(None))
                .order_by(VisitNote.created_at, VisitNote.id)
            ).all()
            return [(at, text or "") for at, text in rows]

    @retried
    def end_visit(self, visit_id: uuid.UUID, reason: str, at: dt.datetime) -> None:
        with self._sessions.begin() as s:
            visit = self._open_visit(s, visit_id)
            visit.ended_at = at
            visit.end_reason = reason
            self._event(s, visit, "visit_ended", {"reason": reason}, at)
            write_summary(s, visit)  # with the end: an ended visit always has its summary

    @retried
    def recover_open_visits(self) -> list[uuid.UUID]:
        """Close visits this kiosk left open (a crash, a power cut) as crash-recovered.

        The end time is the last thing the visit recorded: that is when the customer was last
        seen, and it keeps dwell statistics honest.
        """
        recovered = []
        with self._sessions.begin() as s:
            open_visits = s.scalars(
                select(Visit).where(Visit.kiosk_id == self.kiosk_id, Visit.ended_at.is_(None))
            ).all()
            for visit in open_visits:
                last = s.scalar(
                    select(func.max(VisitEvent.at)).where(VisitEvent.visit_id == visit.id)
                )
                at = last or visit.started_at
                visit.ended_at = at
                visit.end_reason = "crash_recovered"
                self._event(s, visit, "visit_ended", {"reason": "crash_recovered"}, at)
                write_summary(s, visit)
                recovered.append(visit.id)
        return recovered

    def _open_visit(self, s: Session, visit_id: uuid.UUID) -> Visit:
        return open_visit(s, visit_id)

    def _event(
        self, s: Session, visit: Visit, kind: str, payload: dict[str, Any], at: dt.datetime
    ) -> int:
        return append_event(s, visit, kind, payload, at)

    @retried
    def in_transaction(self, write: Callable[[Session], T]) -> T:
        """``write(session)`` in one local transaction (committed, or rolled back whole)."""
        with self._sessions.begin() as s:
            return write(s)


def open_visit(s: Session, visit_id: uuid.UUID) -> Visit:
    """The visit, which must exist and still be open."""
    visit = s.get(Visit, visit_id, with_for_update=False)
    if visit is None:
        raise JourneyError(f"visit {visit_id} does not exist")
    if visit.ended_at is not None:
        raise JourneyError(f"visit {visit_id} has already ended")
    return visit


def append_event(
    s: Session, visit: Visit, kind: str, payload: dict[str, Any], at: dt.datetime
) -> int:
    """The visit's next event (and the visit row, if changed), with their outbox entries."""
    # Asked before the query below, whose autoflush would hide the visit's changes.
    changed = s.is_modified(visit)
    last = s.scalar(select(func.max(VisitEvent.seq)).where(VisitEvent.visit_id == visit.id))
    seq = (last or 0) + 1
    if changed:
        save(s, visit)
    save(s, VisitEvent(visit_id=visit.id, seq=seq, kind=kind, payload=payload, at=at))
    return seq
