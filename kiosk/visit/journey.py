"""The one object that owns a visit's life on the kiosk.

Screens report what the customer does here; the journey keeps the visit's in-memory state
(stage, language, needs, selection), hands every change to the recorder to be committed with its
outbox entry, and tells its listeners when the visit starts, moves or ends. Ending a visit
forgets the customer: nothing of them stays in this object.
A visit whose write failed does not go on as if it had been recorded (``kiosk.visit.writes``).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.clock import utcnow
from kiosk.errors import JourneyError
from kiosk.ids import uuid7
from kiosk.station.local_writes import WriteHealth
from kiosk.visit.recorder import run_inline
from kiosk.visit.stages import Change, EndReason, Stage
from kiosk.visit.writes import START, FailureListener, Submit, VisitWrites

if TYPE_CHECKING:  # the database's modules and uuid: the kiosk starts before they are loaded
    import uuid

    from kiosk.clients.attach import Attachment
    from kiosk.handoff.links import IssuedLink
    from kiosk.visit.records import VisitStore

log = logging.getLogger(__name__)
T = TypeVar("T")
DEFAULT_AWAY_LIMIT = dt.timedelta(hours=48)
"""The ``advisor_away_hours`` setting's default; the runtime passes the store's own."""


@dataclass
class VisitState:
    """What the kiosk holds in memory about the current customer; dropped at reset."""

    visit_id: uuid.UUID
    language: str
    stage: Stage = Stage.GREETING
    stage_entered: float = field(default_factory=time.monotonic)
    needs: dict[str, list[str]] = field(default_factory=dict)
    selection: list[str] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)
    associate_id: uuid.UUID | None = None
    outcome: str | None = None
    customer_id: uuid.UUID | None = None  # set once the client's consent is recorded
    failed: str | None = None  # the write that failed: nothing more is written for the visit
    unrecorded: bool = False  # its very first write failed: there is no record to end


Listener = Callable[[Change], None]


class Journey:
    def __init__(
        self,
        store: VisitStore,
        default_language: str = "en",
        submit: Submit = run_inline,
        clock: Callable[[], dt.datetime] = utcnow,
        health: WriteHealth | None = None,
        away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
    ) -> None:
        self.store = store
        self.away_limit = away_limit  # a client's advisor away longer: the store is asked
        self.default_language = default_language
        self._clock = clock
        self._writes = VisitWrites(store, submit, health)
        self._write = self._writes.write
        self._state: VisitState | None = None
        self._listeners: list[Listener] = []

    # -- observation ---------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def on_write_failed(self, listener: FailureListener) -> None:
        """``listener`` hears of each visit write that failed, on the thread that ran the
        write (the recorder's): a window must pass it on to its own thread."""
        self._writes.on_failed(listener)

    @property
    def state(self) -> VisitState | None:
        return self._state

    @property
    def active(self) -> bool:
        return self._state is not None

    @property
    def stage(self) -> Stage:
        return self._state.stage if self._state else Stage.ATTRACT

    @property
    def language(self) -> str:
        return self._state.language if self._state else self.default_language

    # -- the visit's life ------------------------------------------------------------------
    def begin(self, language: str | None = None) -> Future[None]:
        """First touch: a new visit, recorded before anything else happens."""
        if self._state is not None:
            raise JourneyError("a visit is already open; end it first")
        lang = language or self.default_language
        state = self._state = VisitState(visit_id=uuid7(), language=lang)
        visit_id, at = state.visit_id, self._clock()
        future = self._write(state, START, lambda: self.store.start_visit(visit_id, lang, at))
        log.info("visit %s started", visit_id)
        self._emit(Change.STARTED)
        return future

    def record(self, kind: str, **payload: Any) -> Future[int]:
        return self._record_change(kind, dict(payload), {})

    def enter_stage(self, stage: Stage) -> Future[int]:
        """Move to ``stage``; the stage left is recorded with how long the customer stayed."""
        state = self._require()
        now = time.monotonic()
        left, dwell_ms = state.stage, round((now - state.stage_entered) * 1000)
        state.stage, state.stage_entered = stage, now
        visit_id, at = state.visit_id, self._clock()

        def write() -> int:
            self.store.record_event(
                visit_id, "stage_left", {"stage": left, "dwell_ms": dwell_ms}, at
            )
            return self.store.record_event(
                visit_id, "stage_entered", {"stage": str(stage)}, at, {"stage": str(stage)}
            )

        future = self._write(state, "stage change", write)
        self._emit(Change.STAGE)
        return future

    def set_language(self, language: str) -> Future[int]:
        state = self._require()
        previous, state.language = state.language, language
        future = self._record_change(
            "language_switched", {"from": previous, "to": language}, {"language": language}
        )
        self._emit(Change.LANGUAGE)
        return future

    def answer(
        self, question_id: str, values: Sequence[str], skipped: bool = False
    ) -> Future[None]:
        state = self._require()
        chosen = [] if skipped else list(values)
        state.needs[question_id] = chosen
        visit_id, at = state.visit_id, self._clock()
        future = self._write(
            state,
            "needs answer",
            lambda: self.store.answer(visit_id, question_id, chosen, skipped, at),
        )
        self._emit(Change.NEEDS)
        return future

    def set_selected(self, sku: str, selected: bool) -> Future[None]:
        state = self._require()
        if selected and sku not in state.selection:
            state.selection.append(sku)
        elif not selected and sku in state.selection:
            state.selection.remove(sku)
        visit_id, at = state.visit_id, self._clock()
        future = self._write(
            state, "selection", lambda: self.store.set_selected(visit_id, sku, selected, at)
        )
        self._emit(Change.SELECTION)
        return future

    MAX_COMPARED = 3

    def set_compared(self, sku: str, compared: bool) -> Future[int]:
        """Put a product beside others for comparison (at most three) or take it away."""
        state = self._require()
        if compared and sku not in state.compared:
            if len(state.compared) >= self.MAX_COMPARED:
                raise JourneyError(f"at most {self.MAX_COMPARED} products can be compared")
            state.compared.append(sku)
        elif not compared and sku in state.compared:
            state.compared.remove(sku)
        skus = list(state.compared)
        future = self.record("comparison_changed", sku=sku, compared=compared, skus=skus)
        self._emit(Change.COMPARISON)
        return future

    def request_service(self, kind: str) -> Future[uuid.UUID]:
        """'An associate, please' or 'a refreshment': a service request on this visit, for
        the client's advisor first when the visit has a client (``kiosk.clients.advisor``)."""
        if kind not in {"associate", "refreshment"}:
            raise JourneyError(f"unknown service request kind {kind!r}")
        state = self._require()
        visit_id, at, away = state.visit_id, self._clock(), self.away_limit
        return self._write(
            state,
            "service request",
            lambda: self.store.request_service(visit_id, kind, at, away),
        )

    def issue_link(
        self, base_url: str, valid_for: dt.timedelta = dt.timedelta(days=30)
    ) -> Future[IssuedLink]:
        """The hand-off link for this visit: issued once, the same one if the customer comes
        back to the hand-off. Works offline; it resolves once the visit has reached the store
        database (the link travels through the outbox with it)."""
        state = self._require()
        visit_id, at = state.visit_id, self._clock()
        return self._write(
            state,
            "hand-off link",
            lambda: self.store.issue_link(visit_id, base_url, at, valid_for),
        )

    # -- an associate beside the customer ---------------------------------------------------
    OUTCOMES = ("purchased", "reserved", "considering", "not_today")

    def join_associate(self, associate_id: uuid.UUID) -> Future[int] | None:
        """An associate signed in during this visit: the visit records who helped. Returns
        None when the same associate is already recorded (signing in again changes nothing)."""
        state = self._require()
        if state.associate_id == associate_id:
            return None
        state.associate_id = associate_id
        return self._record_change(
            "associate_joined", {"associate_id": str(associate_id)}, {"associate_id": associate_id}
        )

    def add_note(self, associate_id: uuid.UUID, text: str) -> Future[uuid.UUID]:
        """An associate's note on this visit (personal data: kept erasable, never logged)."""
        state = self._require()
        body = text.strip()
        if not body:
            raise JourneyError("a note needs some text")
        if len(body) > 2000:
            raise JourneyError("a note has at most 2000 characters")
        visit_id, at = state.visit_id, self._clock()
        return self._write(
            state, "associate note", lambda: self.store.add_note(visit_id, associate_id, body, at)
        )

    def record_outcome(
        self, outcome: str, skus: Sequence[str], associate_id: uuid.UUID | None
    ) -> Future[int]:
        """How the visit turned out (purchased, reserved, considering, not today), with the
        products it concerns; the last one recorded stands."""
        if outcome not in self.OUTCOMES:
            raise JourneyError(f"unknown outcome {outcome!r}; one of {', '.join(self.OUTCOMES)}")
        state = self._require()
        state.outcome = outcome
        payload = {
            "outcome": outcome,
            "skus": list(skus),
            "associate_id": str(associate_id) if associate_id else None,
        }
        return self._record_change("outcome_recorded", payload, {"outcome": outcome})

    def attach_client(self, attachment: Attachment) -> Future[uuid.UUID]:
        """Attach this visit to a client who has just agreed on screen: the client (new or
        known), their consents and the visit's ``customer_id`` in one transaction. The
        state learns the client only once that is committed."""
        state = self._require()
        visit_id, at, store = state.visit_id, self._clock(), self.store

        def write() -> uuid.UUID:
            customer_id = store.in_transaction(
                lambda s: attachment.write(s, store.store_id, visit_id, at)
            )
            # Committed: the state learns the client before the future says so. Set in a
            # done-callback, it came after the waiters were woken: whoever waited for the
            # result could still find no client on the visit (seen in CI).
            if self._state is state:
                state.customer_id = customer_id
            return customer_id

        return self._write(state, "client attachment", write)

    def _record_change(
        self, kind: str, payload: dict[str, Any], changes: dict[str, Any]
    ) -> Future[int]:
        state = self._require()
        visit_id, at = state.visit_id, self._clock()
        return self._write(
            state, kind, lambda: self.store.record_event(visit_id, kind, payload, at, changes)
        )

    def feedback(self, question: str, score: int | None) -> Future[int]:
        """One tap of the farewell's questions: NPS 0-10 or CES 1-7; ``None`` is a skip."""
        ranges = {"nps": (0, 10), "ces": (1, 7)}
        if question not in ranges:
            raise JourneyError(f"unknown feedback question {question!r}")
        low, high = ranges[question]
        if score is not None and not low <= score <= high:
            raise JourneyError(f"{question} score must be from {low} to {high}, got {score}")
        kind = "feedback_skipped" if score is None else "feedback_given"
        changes = {} if score is None else {question: score}
        return self._record_change(kind, {"question": question, "score": score}, changes)

    def end(self, reason: EndReason) -> Future[None]:
        """End the visit and forget the customer in memory at once.

        The record is still written (the returned Future completes after the commit); the
        screen may reset without waiting, because nothing more is shown as done.
        """
        state = self._state
        if state is None:
            done: Future[None] = Future()
            done.set_result(None)
            return done
        dwell_ms = round((time.monotonic() - state.stage_entered) * 1000)
        visit_id = state.visit_id
        future = self._writes.end(state, str(reason), self._clock(), dwell_ms)
        self._state = None
        log.info("visit %s ended: %s", visit_id, reason)
        self._emit(Change.ENDED)
        return future

    def _require(self) -> VisitState:
        if self._state is None:
            raise JourneyError("no visit is open")
        return self._state
