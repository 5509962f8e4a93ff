"""A customer back in the store: their hand-off code typed on a kiosk's greeting.

The code is the one under the hand-off QR (``kiosk.handoff.links``: 10 characters, read back
as forgivingly as the phone page reads it). Its link is looked for in the store database
first, where every kiosk's links arrive and where they are revoked, through the
``StoreReader``; a link the store does not hold yet (a visit of this kiosk still in its
outbox) or a store that does not answer falls back to this kiosk's own copy. Links are not
pulled to kiosks, so a store that does not answer and a code not issued here is answered
``UNAVAILABLE`` ("we cannot look this up just now"): that is not the customer's mistake and
counts no miss.

Wrong codes are counted like invitation codes (``kiosk.db.code_misses``, kind ``handoff``):
in the local database, so a restart forgives nothing, and past the limit the kiosk answers
``SLOW`` without looking. Expired and revoked links are answered as the phone page answers
them, and restore nothing.

A kiosk with a camera reads the phone page's own QR code instead (``kiosk.visit.qr_return``):
its link is looked up by token (``look_up_token``) with the same answers, misses and slowing,
and a QR code that is no page of ours is a miss too (``miss``, answered ``FOREIGN``).

What comes back is only what the customer kept: the earlier visit's selection (not removed)
and its needs answers, and that visit's id. ``restore`` replays them into the new visit
through the journey, after a ``returned`` event holding ``{"from_visit": id}``: nothing
personal, no client, no history.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.db.code_misses import count_miss, retry_after
from kiosk.db.models import FollowupLink, NeedsAnswer, SelectionItem, Visit
from kiosk.db.reads import StoreReader
from kiosk.handoff.links import looks_like_token, normalize_code
from kiosk.scope import Scope

if TYPE_CHECKING:
    from kiosk.visit.journey import Journey

MISS_KIND = "handoff"
RETURNED = "returned"
"""The event of a visit that began with a hand-off code: ``{"from_visit": id}``."""


class ReturnStatus(enum.StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"  # a miss, counted
    EXPIRED = "expired"
    REVOKED = "revoked"
    SLOW = "slow"  # too many misses in the last minute: not looked up
    UNAVAILABLE = "unavailable"  # the store did not answer and the link is not known here
    FOREIGN = "foreign"  # a QR code that is no phone page of ours (kiosk.visit.qr_return): a miss


@dataclass(frozen=True)
class Answer:
    question_id: str
    values: tuple[str, ...]
    skipped: bool


@dataclass(frozen=True)
class Kept:
    """What the earlier visit kept: its id, its selection in the order it was made, its
    needs answers in the order they were given."""

    visit_id: uuid.UUID
    selection: tuple[str, ...]
    needs: tuple[Answer, ...]


@dataclass(frozen=True)
class ReturnResult:
    status: ReturnStatus
    kept: Kept | None = None
    retry_after: int = 0  # SLOW: seconds until another code is looked up


@dataclass(frozen=True)
class _Found:
    status: ReturnStatus
    kept: Kept | None


def kept_for(
    s: Session, code: str, store_id: str, at: dt.datetime, *, by_token: bool = False
) -> _Found | None:
    """The link of ``code`` (normalised) in this database, with its state; None when this
    database has no such link for this store. ``by_token``: ``code`` is the link's token
    (read from the phone page's QR, ``kiosk.visit.qr_return``), not its typed code."""
    column = FollowupLink.token if by_token else FollowupLink.fallback_code
    link = s.scalars(select(FollowupLink).where(column == code)).first()
    visit = s.get(Visit, link.visit_id) if link is not None else None
    if link is None or visit is None or visit.store_id != store_id:
        return None
    if link.revoked_at is not None:
        return _Found(ReturnStatus.REVOKED, None)
    if link.expires_at <= at:
        return _Found(ReturnStatus.EXPIRED, None)
    skus = s.scalars(
        select(SelectionItem.sku)
        .where(SelectionItem.visit_id == visit.id, SelectionItem.removed_at.is_(None))
        .order_by(SelectionItem.added_at, SelectionItem.id)
    ).all()
    answers = s.scalars(
        select(NeedsAnswer)
        .where(NeedsAnswer.visit_id == visit.id)
        .order_by(NeedsAnswer.answered_at, NeedsAnswer.id)
    ).all()
    needs = tuple(Answer(a.question_id, tuple(a.answer), a.skipped) for a in answers)
    return _Found(ReturnStatus.OK, Kept(visit.id, tuple(skus), needs))


class Returning:
    """Hand-off codes typed on the greeting. ``look_up`` writes only a miss (one local
    transaction): call it on the recorder, never on the GUI thread (it may ask the store)."""

    def __init__(self, engine: Engine, reader: StoreReader, store_id: str) -> None:
        self.engine = engine
        self.reader = reader
        self.store_id = store_id

    def retry_after(self, now: dt.datetime) -> int:
        return retry_after(self.engine, MISS_KIND, now)

    def look_up(self, code: str, at: dt.datetime) -> ReturnResult:
        """OK with what the visit kept, UNKNOWN (a miss, counted), EXPIRED, REVOKED, SLOW
        (``retry_after``) or UNAVAILABLE (the store did not answer; no miss)."""
        return self._look_up(normalize_code(code), at, by_token=False)

    def look_up_token(self, token: str, at: dt.datetime) -> ReturnResult:
        """As ``look_up``, for a link's token (read from the phone page's QR by
        ``kiosk.visit.qr_return``): the same answers, the same misses, the same slowing."""
        return self._look_up(token if looks_like_token(token) else None, at, by_token=True)

    def miss(self, at: dt.datetime, status: ReturnStatus = ReturnStatus.UNKNOWN) -> ReturnResult:
        """A text that is no code of ours: counted like a wrong code, answered ``status``
        (``SLOW`` instead while misses are being slowed)."""
        wait = self.retry_after(at)
        if wait:
            return ReturnResult(ReturnStatus.SLOW, retry_after=wait)
        return self._counted(at, status)

    def _counted(self, at: dt.datetime, status: ReturnStatus) -> ReturnResult:
        with Session(self.engine) as s, s.begin():
            count_miss(s, MISS_KIND, at)
        return ReturnResult(status)

    def _look_up(self, key: str | None, at: dt.datetime, by_token: bool) -> ReturnResult:
        wait = self.retry_after(at)
        if wait:
            return ReturnResult(ReturnStatus.SLOW, retry_after=wait)
        found, answered = self._find(key, at, by_token) if key is not None else (None, True)
        if found is not None:
            return ReturnResult(found.status, found.kept)
        if not answered:
            return ReturnResult(ReturnStatus.UNAVAILABLE)
        return self._counted(at, ReturnStatus.UNKNOWN)

    def _find(self, key: str, at: dt.datetime, by_token: bool) -> tuple[_Found | None, bool]:
        """The link, and whether the answer is certain (False: not known here, and the store
        did not answer)."""
        store_id = self.store_id
        read = self.reader.read(lambda s: kept_for(s, key, store_id, at, by_token=by_token))
        if read.value is not None:
            return read.value, True
        if read.scope is Scope.STORE:  # not at the store (yet): a visit still in our outbox
            with Session(self.engine) as s:
                return kept_for(s, key, store_id, at, by_token=by_token), True
        return None, self.reader.store is None  # no store at all: this kiosk is the answer


def restore(
    journey: Journey,
    kept: Kept,
    known_sku: Callable[[str], bool] = lambda sku: True,
    known_question: Callable[[str], bool] = lambda question: True,
) -> Future[Any]:
    """Replay what the earlier visit kept into the journey's open visit: the ``returned``
    event first, then the answers, then the selection (products and questions the content
    pack no longer has are left out). On the journey's thread (the GUI's); the Future is
    the last write's, committed after all the others."""
    last: Future[Any] = journey.record(RETURNED, from_visit=str(kept.visit_id))
    state = journey.state
    if state is None or state.visit_id == kept.visit_id:  # the code of this very visit
        return last
    for answer in kept.needs:
        if known_question(answer.question_id):
            last = journey.answer(answer.question_id, answer.values, answer.skipped)
    for sku in kept.selection:
        if known_sku(sku):
            last = journey.set_selected(sku, True)
    return last
