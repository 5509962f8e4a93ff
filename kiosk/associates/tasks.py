"""Follow-up tasks as associates work them: added by hand, completed with an outcome,
stopped when consent is withdrawn, and ``FollowupTasks``, the operations associate mode calls.
The kinds and the rules that make tasks are in ``kiosk.associates.rules``; the due list (the
one read of tasks, grouped by the store's day) is in ``kiosk.associates.due``.

A task is *due* while ``completed_at`` is NULL, and *done* once it is set, with ``outcome``
one of ``OUTCOMES[kind]`` and ``completed_by`` the associate. ``outcome ==
"consent_withdrawn"`` (``completed_by`` NULL) means it was stopped by a withdrawal or an
erasure, not done: count it apart. ``due_at`` is UTC.

Personal data in a task: only ``details["note"]`` (a manual note or the page's note); rule
details hold ids, dates, languages and product SKUs. A client who was erased, or whose every
consent was withdrawn, has no live task: none is shown or completed, and ``stop_for_customer``
closes the open ones.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.aftersale.rules import (
    CANCELLED,
    DELIVERY_CONFIRM,
    INSTALLATION_CHECK,
    REFERRAL_THANKS,
)
from kiosk.aftersale.scores import ScoreError, record_task_score, task_score_id
from kiosk.associates.due import DueItem, read_due
from kiosk.associates.rules import (
    APPOINTMENT,
    BOOKED,
    CASE_CALLBACK,
    CASE_CHECK,
    KINDS,
    LEGACY_CONTACT,
    MANUAL,
    REMINDER,
    SATISFACTION,
    THANK_YOU,
    WITHDRAWN,
    Saver,
    client_is_live,
    reminder_task,
)
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT, ensure_routed
from kiosk.clients.consent import CLIENTELING, has_active_consent
from kiosk.clients.erasure import close_open_tasks
from kiosk.db.client_book_rows import CHANNELS
from kiosk.db.models import Customer, FollowupTask, TouchpointScore, Visit, utcnow
from kiosk.db.outbox import save as outbox_save
from kiosk.db.reads import Read, StoreReader
from kiosk.errors import KioskError
from kiosk.ids import uuid7
from kiosk.outreach.rules import OUTREACH_KINDS, OUTREACH_OUTCOMES

_CALL = ("reached", "left_message", "no_answer", "declined", "not_needed")
OUTCOMES: dict[str, tuple[str, ...]] = {
    THANK_YOU: ("reached", "left_message", "no_answer", "not_needed"),
    APPOINTMENT: ("booked", "left_message", "no_answer", "declined", "not_needed"),
    REMINDER: _CALL,
    SATISFACTION: _CALL,
    MANUAL: ("done", "reached", "left_message", "no_answer", "not_needed"),
}
OUTCOMES[LEGACY_CONTACT] = OUTCOMES[THANK_YOU]
OUTCOMES[CASE_CALLBACK] = _CALL
OUTCOMES[CASE_CHECK] = ("done", *_CALL)
OUTCOMES[DELIVERY_CONFIRM] = ("confirmed", "left_message", "no_answer", "not_needed")
OUTCOMES[INSTALLATION_CHECK] = _CALL
OUTCOMES[REFERRAL_THANKS] = ("reached", "left_message", "no_answer", "not_needed")
OUTCOMES.update({kind: OUTREACH_OUTCOMES for kind in OUTREACH_KINDS})
SCORED = {SATISFACTION: "ninety_days", INSTALLATION_CHECK: "installation"}
"""The follow-ups whose call may take the client's score, and the touchpoint it is for."""
SCORE_OUTCOME = "reached"
COMPLETION_STEP = 2
"""How many versions a completion moves a task on, where any other kiosk edit moves it one: an
edit made offline on an older copy (a reassignment, say) then never undoes the completion, as
a resolution outranks an acknowledgement of a case (``kiosk.recovery.cases``). A stop on a
withdrawal moves it further still (``TASK_STOP_STEP``): the dropped note never comes back."""
MAX_BOOK_AHEAD = dt.timedelta(days=366)
MAX_NOTE = 500


class FollowupError(KioskError):
    """A follow-up change that cannot be made as asked; nothing was changed. ``code`` names
    the reason for a screen to word it (unknown, done, stopped, withdrawn, outcome, channel,
    date, refused)."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


# -- by hand ----------------------------------------------------------------------------------
def add_task(
    session: Session,
    store_id: str,
    *,
    kind: str = MANUAL,
    customer_id: uuid.UUID | None = None,
    visit_id: uuid.UUID | None = None,
    due_at: dt.datetime,
    assigned_to: uuid.UUID | None = None,
    note: str = "",
    created_by: uuid.UUID | None = None,
    at: dt.datetime | None = None,
    save: Saver = outbox_save,
) -> uuid.UUID:
    """A follow-up added by an associate, for a client or a visit (its client, if any)."""
    now = at or utcnow()
    if kind not in KINDS:
        raise FollowupError(f"unknown follow-up kind {kind!r}; one of {', '.join(KINDS)}")
    if customer_id is None and visit_id is None:
        raise FollowupError("a follow-up is for a client or a visit: give one of them")
    if due_at.tzinfo is None:
        raise FollowupError("the due time needs a time zone")
    if due_at < now - dt.timedelta(minutes=5) or due_at > now + MAX_BOOK_AHEAD:
        raise FollowupError("a follow-up is due from now to a year ahead")
    text = note.strip()
    if len(text) > MAX_NOTE:
        raise FollowupError(f"a note has at most {MAX_NOTE} characters")
    if visit_id is not None:
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise FollowupError(f"no visit {visit_id} on this kiosk")
        customer_id = customer_id or visit.customer_id
    if not client_is_live(session, customer_id):
        raise FollowupError(
            "this client withdrew consent or was forgotten: no follow-up", "withdrawn"
        )
    details: dict[str, Any] = {"rule": MANUAL}
    if text:
        details["note"] = text
    if created_by is not None:
        details["created_by"] = str(created_by)
    task = FollowupTask(
        id=uuid7(),
        store_id=store_id,
        visit_id=visit_id,
        customer_id=customer_id,
        kind=kind,
        due_at=due_at,
        assigned_to=assigned_to,
        created_at=now,
        details=details,
    )
    save(session, task)
    return task.id


# -- done -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Completed:
    task_id: uuid.UUID
    outcome: str
    reminder_id: uuid.UUID | None = None  # the reminder a booking made


def complete(
    session: Session,
    task_id: uuid.UUID,
    associate_id: uuid.UUID,
    outcome: str,
    at: dt.datetime,
    details: dict[str, Any] | None = None,
    save: Saver = outbox_save,
    score: int | None = None,
    comment: str = "",
    zone: dt.tzinfo = dt.UTC,
    channel: str | None = None,
    away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> Completed:
    """Complete a task with one of its kind's outcomes, made on ``channel`` (one of
    ``CHANNELS``: required for an outreach, optional otherwise). A booked appointment needs
    ``details={"booked_for": date}`` (from the store's today, in ``zone``) and makes its
    reminder, due at 09:00 in ``zone``. ``score`` (0-10, with an
    optional ``comment``): the client's answer on a ``reached`` call of a task that asks
    one (``SCORED``), recorded as a phone ``TouchpointScore`` in the same transaction.
    Every refusal raises FollowupError before anything is written."""
    task = session.get(FollowupTask, task_id)
    if task is None:
        raise FollowupError(
            f"no follow-up {task_id} on this kiosk (yet): it may still be on its way",
            "unknown",
        )
    if task.completed_at is not None:
        if task.outcome == WITHDRAWN:
            raise FollowupError(
                "this follow-up was stopped: the client withdrew consent", "stopped"
            )
        if task.outcome == CANCELLED:
            raise FollowupError(
                "this booking was cancelled or moved: nothing to confirm any more", "stopped"
            )
        raise FollowupError(f"this follow-up was already completed ({task.outcome})", "done")
    if not client_is_live(session, task.customer_id):
        raise FollowupError(
            "the client withdrew consent or was forgotten: nothing to complete", "withdrawn"
        )
    _check_outreach(session, task, channel)
    allowed = OUTCOMES.get(task.kind, OUTCOMES[MANUAL])
    if outcome not in allowed:
        choices = ", ".join(allowed)
        raise FollowupError(
            f"{outcome!r} is not an outcome of a {task.kind} follow-up; one of {choices}", "outcome"
        )
    extra = dict(details or {})
    unknown = set(extra) - {"booked_for"}
    if unknown:
        raise FollowupError(f"unknown completion detail(s): {', '.join(sorted(unknown))}")
    booked_for = extra.get("booked_for")
    if outcome == BOOKED:
        day = _booking_day(booked_for, at.astimezone(zone))
        task.details = {**task.details, "booked_for": day.isoformat()}
    elif booked_for is not None:
        raise FollowupError("only a booked appointment has a date")
    if score is not None:
        _record_score(session, task, outcome, score, comment, associate_id, at, save)
    elif comment.strip():
        raise FollowupError("a word goes with a score: give the score too", "score")
    task.completed_at, task.completed_by, task.outcome = at, associate_id, outcome
    task.channel = channel
    task.version += COMPLETION_STEP - 1  # save() adds the last step
    save(session, task)
    reminder = reminder_task(task, zone)  # the client's advisor first (``away_limit``)
    made = ensure_routed(session, reminder, at, away_limit, save)
    return Completed(task.id, outcome, reminder.id if reminder is not None and made else None)


def _check_outreach(session: Session, task: FollowupTask, channel: str | None) -> None:
    """An outreach says how it was made, and is made only with the clienteling consent."""
    if channel is not None and channel not in CHANNELS:
        choices = ", ".join(CHANNELS)
        raise FollowupError(f"{channel!r} is not a channel; one of {choices}", "channel")
    if task.kind not in OUTREACH_KINDS:
        return
    if channel is None:
        choices = ", ".join(CHANNELS)
        raise FollowupError(f"say how the client was contacted: one of {choices}", "channel")
    customer_id = task.customer_id
    if customer_id is None or not session.scalar(
        select(has_active_consent(CLIENTELING, customer_id))
    ):
        raise FollowupError(
            "the client withdrew their clienteling consent: no outreach any more", "withdrawn"
        )


def _record_score(
    session: Session,
    task: FollowupTask,
    outcome: str,
    score: int,
    comment: str,
    by: uuid.UUID,
    at: dt.datetime,
    save: Saver,
) -> None:
    touchpoint = SCORED.get(task.kind)
    if touchpoint is None:
        raise FollowupError(f"a {task.kind} follow-up takes no score", "score")
    if outcome != SCORE_OUTCOME:
        raise FollowupError("a score is taken when the client was reached", "score")
    try:
        record_task_score(session, task, touchpoint, score, comment, by, at, save)
    except ScoreError as exc:
        code = exc.field if exc.field in ("score", "comment") else "answered"
        raise FollowupError(str(exc), code) from None


def _booking_day(value: Any, at: dt.datetime) -> dt.date:
    if value is None:
        raise FollowupError("a booked appointment needs its date", "date")
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise FollowupError(f"{value!r} is not a date (YYYY-MM-DD)", "date") from None
    if not at.date() <= day <= (at + MAX_BOOK_AHEAD).date():
        raise FollowupError("the appointment date is from today to a year ahead", "date")
    return day


# -- withdrawal -------------------------------------------------------------------------------
def stop_for_customer(
    session: Session, customer_id: uuid.UUID, at: dt.datetime, save: Saver = outbox_save
) -> int:
    """Consent withdrawn (or the client forgotten): close every open task of the client at
    once, with outcome "consent_withdrawn", and drop their notes. Returns how many."""
    open_tasks = select(FollowupTask).where(
        FollowupTask.customer_id == customer_id, FollowupTask.completed_at.is_(None)
    )
    return close_open_tasks(session, session.scalars(open_tasks).all(), at, WITHDRAWN, save)


# -- as an associate screen works them --------------------------------------------------------
class FollowupTasks:
    """The follow-ups as associate mode works them, one operation a method: each opens its
    own session (a read) or transaction (a write, through the outbox), so a screen hands the
    method to ``ui.operations`` and never holds a session. Writes belong on the recorder,
    the kiosk's single writer. Every refusal is a FollowupError raised before anything is
    written."""

    def __init__(
        self,
        engine: Engine,
        reader: StoreReader,
        store_id: str,
        zone: dt.tzinfo = dt.UTC,
        away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
    ) -> None:
        self.engine = engine
        self.reader = reader
        self.store_id = store_id
        self.zone = zone  # the store's: its days group the due list, its 09:00 reminds
        self.away_limit = away_limit  # a reminder goes to the client's advisor first

    def due(self, now: dt.datetime, associate_id: uuid.UUID | None = None) -> Read[list[DueItem]]:
        """The due list, store-wide when the store answers (``read_due``)."""
        return read_due(self.reader, self.engine, self.store_id, now, associate_id, zone=self.zone)

    def client_of_visit(self, visit_id: uuid.UUID) -> str | None:
        """The name of the visit's client, for "a follow-up for ..."; None when the visit
        has no client here or the client was forgotten."""
        with Session(self.engine) as s:
            visit = s.get(Visit, visit_id)
            customer = s.get(Customer, visit.customer_id) if visit and visit.customer_id else None
            if customer is None or customer.erased_at is not None:
                return None
            return customer.full_name

    def complete(
        self,
        task_id: uuid.UUID,
        associate_id: uuid.UUID,
        outcome: str,
        at: dt.datetime,
        booked_for: dt.date | None = None,
        score: int | None = None,
        comment: str = "",
        channel: str | None = None,
    ) -> Completed:
        """Complete a task (``complete``) made on ``channel`` (an outreach needs one);
        ``booked_for`` is the date of a booked appointment,
        ``score`` and ``comment`` the client's answer on the call (``SCORED`` kinds). The
        store database is asked first whether that touchpoint was answered on the page
        (kiosks do not hold scores), so the answer is refused rather than lost there."""
        details = None if booked_for is None else {"booked_for": booked_for}
        if score is not None:
            self._not_answered_at_store(task_id)
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            return complete(
                s,
                task_id,
                associate_id,
                outcome,
                at,
                details,
                score=score,
                comment=comment,
                zone=self.zone,
                channel=channel,
                away_limit=self.away_limit,
            )

    def _not_answered_at_store(self, task_id: uuid.UUID) -> None:
        with Session(self.engine) as s:
            task = s.get(FollowupTask, task_id)
            touchpoint = SCORED.get(task.kind) if task is not None else None
            sid = task_score_id(s, task, touchpoint) if task and touchpoint else None
        if sid is not None and self.reader.read(lambda s: s.get(TouchpointScore, sid)).value:
            raise FollowupError("the client already answered this on the page", "answered")

    def add(
        self,
        visit_id: uuid.UUID,
        *,
        due_at: dt.datetime,
        assigned_to: uuid.UUID | None,
        note: str,
        created_by: uuid.UUID,
        at: dt.datetime,
    ) -> uuid.UUID:
        """A follow-up by hand for a visit's client (``add_task``): the new task's id."""
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            return add_task(
                s,
                self.store_id,
                visit_id=visit_id,
                due_at=due_at,
                assigned_to=assigned_to,
                note=note,
                created_by=created_by,
                at=at,
            )
