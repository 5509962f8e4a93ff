"""A score at every touchpoint after the sale: the purchase itself, the delivery, the
installation and the first three months (``ninety_days``).

Each answer is a ``TouchpointScore`` row whose id is derived from the touchpoint and the
purchase (``score_id``), so an answer is given once: the second is refused with a message,
whether it comes from the phone page, an associate taking it by phone, or two kiosks; and
when two writers race, the store database's primary key keeps the first. The visit's own
touchpoint (``visit``) is the farewell's NPS, on the visit row, not here.

When a touchpoint is asked (``offered``): ``purchase`` once the sale is recorded;
``delivery`` and ``installation`` once that booking is marked done; ``ninety_days`` ninety
days after the purchase. By phone an associate may take the 90-day answer from 60 days on
(the satisfaction task shows on the due list a month ahead), or whenever that task is
worked (the task decides when the call is due), never a delivery's answer before it was
done.

Personal data: only ``comment`` (the optional word), emptied at an erasure.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.db.models import (
    FollowupTask,
    Purchase,
    ServiceBooking,
    Synced,
    TouchpointScore,
    Visit,
)
from kiosk.db.outbox import save as outbox_save
from kiosk.db.reads import Read, StoreReader
from kiosk.errors import KioskError
from kiosk.typesetting import visible_text

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "maison-kiosk/touchpoint-scores")
ASKED = ("purchase", "delivery", "installation", "ninety_days")
"""The touchpoints that are ``TouchpointScore`` rows, in the order of the journey."""
NINETY_DAYS = dt.timedelta(days=90)
PHONE_NINETY_DAYS = dt.timedelta(days=60)
"""From when an associate may take the 90-day answer by phone: the satisfaction task is on
the due list up to 30 days ahead, and may be worked then."""
MAX_COMMENT = 280
VIA = ("page", "phone")

if TYPE_CHECKING:
    from kiosk.aftersale.purchases import PurchaseView

Saver = Callable[[Session, Synced], None]


class ScoreError(KioskError):
    """An answer that cannot be stored as given; nothing was stored. ``field`` names what
    to correct: ``score``, ``comment``, ``touchpoint`` or ``purchase``."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def score_id(touchpoint: str, source_id: uuid.UUID) -> uuid.UUID:
    """The one id an answer at ``touchpoint`` about ``source_id`` (the purchase) can have."""
    return uuid.uuid5(NAMESPACE, f"{touchpoint}:{source_id}")


def _purchase_id(purchase: PurchaseView | uuid.UUID) -> uuid.UUID:
    return purchase if isinstance(purchase, uuid.UUID) else purchase.id


def _done_bookings(s: Session, purchase_id: uuid.UUID) -> dict[str, ServiceBooking]:
    """The purchase's services marked done and not cancelled, by service."""
    rows = s.scalars(
        select(ServiceBooking)
        .where(
            ServiceBooking.purchase_id == purchase_id,
            ServiceBooking.cancelled_at.is_(None),
            ServiceBooking.done_at.is_not(None),
        )
        .order_by(ServiceBooking.done_at)
    ).all()
    return {row.service: row for row in rows}


def reached(
    s: Session, purchase: Purchase, now: dt.datetime, via: str = "page", by_task: bool = False
) -> list[str]:
    """The touchpoints the purchase has reached at ``now``, answered or not. ``by_task``: a
    follow-up task that asks the 90-day question is being worked, its due date decided."""
    if purchase.cancelled_at is not None or purchase.erased_at is not None:
        return []
    found = ["purchase"]
    done = _done_bookings(s, purchase.id)
    found += [service for service in ("delivery", "installation") if service in done]
    wait = PHONE_NINETY_DAYS if via == "phone" else NINETY_DAYS
    if by_task or now >= purchase.created_at + wait:
        found.append("ninety_days")
    return found


def offered(
    s: Session, purchase: PurchaseView | uuid.UUID, now: dt.datetime, via: str = "page"
) -> tuple[str, ...]:
    """The touchpoints to ask about now and not answered yet, in journey order; empty for
    an unknown or voided purchase. ``via="phone"``: what an associate may take by phone."""
    row = s.get(Purchase, _purchase_id(purchase))
    if row is None:
        return ()
    candidates = reached(s, row, now, via)
    ids = {score_id(t, row.id): t for t in candidates}
    answered = set(s.scalars(select(TouchpointScore.id).where(TouchpointScore.id.in_(ids))))
    return tuple(t for sid, t in ids.items() if sid not in answered)


def check_answer(score: object, comment: str) -> tuple[int, str]:
    """The score and the comment as stored, or ScoreError."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise ScoreError("a score is a whole number from 0 to 10", "score")
    if not 0 <= score <= 10:
        raise ScoreError(f"a score is from 0 to 10, not {score}", "score")
    # Control and format characters (a NUL the store database refuses, a lone surrogate,
    # invisible marks) are dropped; spaces and line breaks fold to single spaces.
    text = visible_text(comment, lines=False)
    if len(text) > MAX_COMMENT:
        raise ScoreError(
            f"the word is at most {MAX_COMMENT} characters ({len(text)} given)", "comment"
        )
    return score, text


def record_score(
    s: Session,
    store_id: str,
    touchpoint: str,
    purchase_id: uuid.UUID,
    score: int,
    comment: str,
    via: str,
    by: uuid.UUID | None,
    at: dt.datetime,
    save: Saver,
    *,
    by_task: bool = False,
) -> uuid.UUID:
    """Store one answer (``save``: the outbox on a kiosk, ``store_save`` on the page) and
    return its id. ``by_task``: taken on the call of the follow-up that asks it (``reached``).
    Every refusal is a ScoreError raised before anything is written."""
    if via not in VIA:
        raise ValueError(f"a score is given via {' or '.join(VIA)}, not {via!r}")
    if touchpoint not in ASKED:
        raise ScoreError(
            f"unknown touchpoint {touchpoint!r}; one of {', '.join(ASKED)}", "touchpoint"
        )
    value, text = check_answer(score, comment)
    purchase = s.get(Purchase, purchase_id)
    if purchase is None or purchase.store_id != store_id:
        raise ScoreError(
            f"no purchase {purchase_id} here (yet): it may still be on its way", "purchase"
        )
    sid = score_id(touchpoint, purchase.id)
    if s.get(TouchpointScore, sid) is not None:
        raise ScoreError(f"the {_words(touchpoint)} was already answered", "touchpoint")
    if touchpoint not in reached(s, purchase, at, via, by_task):
        raise ScoreError(_not_yet(touchpoint, purchase), "touchpoint")
    booking = _done_bookings(s, purchase.id).get(touchpoint)
    visit_id = visit_here(s, purchase.visit_id)  # a kiosk holds its own visits only
    row = TouchpointScore(
        id=sid,
        store_id=store_id,
        touchpoint=touchpoint,
        purchase_id=purchase.id,
        booking_id=booking.id if booking is not None else None,
        visit_id=visit_id,
        customer_id=purchase.customer_id,
        score=value,
        comment=text or None,
        given_via=via,
        recorded_by=by,
        given_at=at,
    )
    if s.get_bind().dialect.name != "postgresql":
        save(s, row)  # a kiosk has one writer (the recorder): no race to lose
        return sid
    try:
        with s.begin_nested():  # the page, twice at once: the primary key keeps the first
            save(s, row)
    except IntegrityError:
        raise ScoreError(f"the {_words(touchpoint)} was already answered", "touchpoint") from None
    return sid


def _words(touchpoint: str) -> str:
    return {
        "purchase": "purchase",
        "delivery": "delivery",
        "installation": "installation",
        "ninety_days": "90-day check",
    }.get(touchpoint, touchpoint)


def _not_yet(touchpoint: str, purchase: Purchase) -> str:
    if purchase.cancelled_at is not None or purchase.erased_at is not None:
        return "this sale was voided: there is nothing to score"
    if touchpoint == "ninety_days":
        return "the 90-day question is asked ninety days after the purchase (by phone, sixty)"
    return f"the {touchpoint} is not done yet: it is scored once it is"


def purchase_of_task(s: Session, task: FollowupTask) -> Purchase | None:
    """The purchase a follow-up is about: named in its details (after-sale rules), else the
    latest live sale of its visit (the 90-day ``satisfaction`` task is made from the visit)."""
    named = task.details.get("purchase")
    if named:
        try:
            return s.get(Purchase, uuid.UUID(str(named)))
        except ValueError:
            return None
    if task.visit_id is None:
        return None
    return s.scalars(
        select(Purchase)
        .where(Purchase.visit_id == task.visit_id, Purchase.cancelled_at.is_(None))
        .order_by(Purchase.created_at.desc())
    ).first()


def task_score_id(s: Session, task: FollowupTask, touchpoint: str) -> uuid.UUID | None:
    """The id the task's answer would have; None when the task leads to nothing to score."""
    purchase = purchase_of_task(s, task)
    if purchase is not None:
        return score_id(touchpoint, purchase.id)
    return score_id(touchpoint, task.visit_id) if task.visit_id is not None else None


def record_task_score(
    s: Session,
    task: FollowupTask,
    touchpoint: str,
    score: int,
    comment: str,
    by: uuid.UUID,
    at: dt.datetime,
    save: Saver,
) -> uuid.UUID:
    """The answer a client gave on the call a task asked for (``given_via`` phone), in the
    task's transaction. A visit recorded as "purchased" before sales were records has no
    purchase: its 90-day answer is then the visit's (id derived from the visit)."""
    purchase = purchase_of_task(s, task)
    if purchase is not None:
        return record_score(
            s,
            task.store_id,
            touchpoint,
            purchase.id,
            score,
            comment,
            "phone",
            by,
            at,
            save,
            by_task=True,
        )
    if touchpoint != "ninety_days" or task.visit_id is None:
        raise ScoreError("this follow-up's sale is not on this kiosk (yet)", "purchase")
    value, text = check_answer(score, comment)
    sid = score_id(touchpoint, task.visit_id)
    if s.get(TouchpointScore, sid) is not None:
        raise ScoreError(f"the {_words(touchpoint)} was already answered", "touchpoint")
    row = TouchpointScore(
        id=sid,
        store_id=task.store_id,
        touchpoint=touchpoint,
        visit_id=visit_here(s, task.visit_id),
        customer_id=task.customer_id,
        score=value,
        comment=text or None,
        given_via="phone",
        recorded_by=by,
        given_at=at,
    )
    save(s, row)
    return sid


def visit_here(s: Session, visit_id: uuid.UUID | None) -> uuid.UUID | None:
    """The visit id when this database holds the visit (a kiosk holds its own only)."""
    return visit_id if visit_id is not None and s.get(Visit, visit_id) is not None else None


class Scores:
    """Scores as associate mode takes them by phone. Each method is one operation: a write
    is one local transaction with its outbox entry, made on the recorder (the kiosk's
    single writer); a read asks the store database (scores are not pulled to kiosks) and
    falls back to this kiosk's own records."""

    def __init__(self, engine: Engine, reader: StoreReader, store_id: str) -> None:
        self.engine = engine
        self.reader = reader
        self.store_id = store_id

    def offered(
        self, purchase_id: uuid.UUID, now: dt.datetime, via: str = "phone"
    ) -> Read[tuple[str, ...]]:
        """What may be asked about the purchase now and was not answered (store-wide)."""
        return self.reader.read(lambda s: offered(s, purchase_id, now, via))

    def record_by_phone(
        self,
        touchpoint: str,
        purchase_id: uuid.UUID,
        score: int,
        comment: str,
        by: uuid.UUID | None,
        at: dt.datetime,
    ) -> uuid.UUID:
        """An answer the customer gave an associate on the phone (``record_score``).

        The store database is asked first whether the touchpoint was answered on the page
        (kiosks do not hold scores): if it was, this is refused rather than silently lost
        at the store; offline, this kiosk's records decide and the store keeps the first."""
        check_answer(score, comment)  # a typo is refused before any network wait
        sid = score_id(touchpoint, purchase_id)
        known = self.reader.read(lambda s: s.get(TouchpointScore, sid) is not None)
        if known.value:
            raise ScoreError(f"the {_words(touchpoint)} was already answered", "touchpoint")
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            return record_score(
                s,
                self.store_id,
                touchpoint,
                purchase_id,
                score,
                comment,
                "phone",
                by,
                at,
                outbox_save,
            )
