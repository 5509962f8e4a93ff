"""The store's service-recovery cases, as associate mode opens, lists and answers them.

A case is written on the kiosk through the outbox (``kiosk.db.outbox.save``) with, when the
customer ticked it, its ``case_contact`` consent in the same transaction, and is pulled to
every kiosk of the store so associate mode works offline. Acknowledging and resolving record
who and when; two kiosks answering the same case at once converge on the store's one winner
(the version guard, ties broken by the later change; a resolution outranks an
acknowledgement, ``kiosk.associates.desk.RESOLUTION_STEP``). The rules' follow-up tasks of a case
(``kiosk.recovery.rules``) are made in the transaction that writes it.

Summaries carry no personal data; ``detail`` does, and only associate mode asks for it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Engine, Select, and_, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kiosk.associates.desk import acknowledge_row, resolve_row
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT
from kiosk.clients.erasure import clear_case_contact, outbox_touch
from kiosk.db.models import Associate, Case, Consent, utcnow
from kiosk.db.outbox import save
from kiosk.recovery.report import (
    CASE_CONTACT_PURPOSE,
    CASE_CONTACT_WORDING,
    MAX_TEXT,
    CaseError,
    CaseReport,
    check_report,
    clean_text,
)
from kiosk.recovery.rules import ensure_case_tasks

__all__ = [
    "CASE_CONTACT_PURPOSE",
    "CASE_CONTACT_WORDING",
    "MAX_TEXT",
    "RESOLVED_SHOWN",
    "CaseBook",
    "CaseDetail",
    "CaseError",
    "CaseReport",
    "CaseSummary",
    "check_report",
]

RESOLVED_SHOWN = dt.timedelta(days=14)
"""How long a resolved case stays on the associate home's list."""
OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"


@dataclass(frozen=True)
class CaseSummary:
    """One case as a list shows it: no words, no contact, names rather than ids.

    ``due_at`` is the creation plus the store's response target (``case_response_hours``);
    ``overdue`` means unresolved and past it at the ``now`` the list was made for."""

    id: uuid.UUID
    category: str
    state: str  # open | acknowledged | resolved
    created_at: dt.datetime
    due_at: dt.datetime
    overdue: bool
    kiosk_id: str | None
    score: int | None
    has_contact: bool
    owner: str | None
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None

    def age(self, now: dt.datetime) -> dt.timedelta:
        return max(now - self.created_at, dt.timedelta(0))


@dataclass(frozen=True)
class CaseDetail(CaseSummary):
    """A case with its personal fields: only on request, only in associate mode. An erased
    case has them empty."""

    visit_id: uuid.UUID | None
    description: str
    contact_name: str
    contact_phone: str
    contact_email: str
    internal_note: str
    customer_reply: str
    first_contact: bool | None
    escalated: bool
    escalation_reason: str


def case_state(case: Case) -> str:
    if case.resolved_at is not None:
        return RESOLVED
    return ACKNOWLEDGED if case.acknowledged_at is not None else OPEN


class CaseBook:
    def __init__(
        self,
        engine: Engine,
        store_id: str,
        kiosk_id: str,
        response_target: dt.timedelta,
        away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
    ) -> None:
        self.store_id = store_id
        self.kiosk_id = kiosk_id
        self.response_target = response_target
        self.away_limit = away_limit  # the client's advisor first (advisor_away_hours)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- writing -----------------------------------------------------------------------
    def open_case(
        self,
        report: CaseReport,
        categories: Collection[str],
        *,
        at: dt.datetime,
        visit_id: uuid.UUID | None = None,
        customer_id: uuid.UUID | None = None,
        opened_by: uuid.UUID | None = None,
    ) -> uuid.UUID:
        """Check ``report`` and write the case (and its consent, and its rule tasks) in one
        transaction; CaseError, nothing stored, on bad input."""
        clean = check_report(report, categories)
        language = clean.language.strip()[:16] or "en"
        with self._sessions.begin() as s:
            consent = None
            if clean.consent:
                consent = Consent(
                    store_id=self.store_id,
                    customer_id=customer_id,
                    visit_id=visit_id,
                    purpose=CASE_CONTACT_PURPOSE,
                    wording_version=CASE_CONTACT_WORDING,
                    language=language,
                    given_via="kiosk",
                    given_at=at,
                )
                save(s, consent)
            case = Case(
                store_id=self.store_id,
                kiosk_id=self.kiosk_id,
                visit_id=visit_id,
                customer_id=customer_id,
                opened_via="farewell" if opened_by is None else "associate",
                opened_by=opened_by,
                category=clean.category,
                score=clean.score,
                language=language,
                description=clean.description or None,
                contact_name=clean.contact_name or None,
                contact_phone=clean.contact_phone or None,
                contact_email=clean.contact_email or None,
                contact_consent_id=consent.id if consent is not None else None,
                created_at=at,
                owner_id=opened_by,
                escalated=False,
            )
            save(s, case)
            ensure_case_tasks(s, case, self.response_target, away=self.away_limit)
            return case.id

    def acknowledge(self, case_id: uuid.UUID, associate_id: uuid.UUID, at: dt.datetime) -> bool:
        """False when someone had already acknowledged it (their name stays)."""
        with self._sessions.begin() as s:
            case = self._get(s, case_id)
            if not acknowledge_row(case, associate_id, at):
                return False
            save(s, case)
            return True

    def resolve(
        self,
        case_id: uuid.UUID,
        associate_id: uuid.UUID,
        at: dt.datetime,
        *,
        internal_note: str,
        customer_reply: str,
        first_contact: bool,
        escalated: bool = False,
        escalation_reason: str = "",
    ) -> bool:
        """False when it was already resolved. Resolving an unacknowledged case acknowledges
        it too: the same associate took care of it. CaseError for an escalation without a
        reason or a text over MAX_TEXT; nothing is written then."""
        note = clean_text(internal_note, MAX_TEXT, "note", "the internal note")
        reply = clean_text(customer_reply, MAX_TEXT, "reply", "the reply to the customer")
        reason = clean_text(escalation_reason, MAX_TEXT, "escalation", "the escalation reason")
        if escalated and not reason:
            raise CaseError("an escalation needs its reason", "escalation")
        with self._sessions.begin() as s:
            case = self._get(s, case_id)
            if not resolve_row(case, associate_id, at):
                return False
            case.internal_note = note or None
            case.customer_reply = reply or None
            case.first_contact = bool(first_contact)
            case.escalated = bool(escalated)
            case.escalation_reason = (reason or None) if escalated else None
            save(s, case)
            ensure_case_tasks(s, case, self.response_target, away=self.away_limit)
            return True

    def withdraw_contact(self, case_id: uuid.UUID, at: dt.datetime) -> bool:
        """The customer no longer wants to be contacted about the case (told in person):
        its contact details go, its consent is withdrawn and its call-back stops; the words
        of the complaint stay. False when there was nothing left to withdraw."""
        with self._sessions.begin() as s:
            return clear_case_contact(s, self._get(s, case_id), at, outbox_touch)

    # -- reading -----------------------------------------------------------------------
    def list_for(
        self, associate_id: uuid.UUID, manager: bool, now: dt.datetime
    ) -> list[CaseSummary]:
        """Managers: every case of the store; others: those they opened, own, acknowledged or
        resolved.
        Unresolved first (overdue first, then oldest first), then the resolved of the last
        14 days, most recent first."""
        query = self._query().where(
            or_(Case.resolved_at.is_(None), Case.resolved_at >= now - RESOLVED_SHOWN)
        )
        if not manager:
            query = query.where(
                or_(
                    Case.opened_by == associate_id,
                    Case.owner_id == associate_id,
                    Case.acknowledged_by == associate_id,
                    Case.resolved_by == associate_id,
                )
            )
        return self._ordered(self._summaries(query, now))

    def unacknowledged(self, now: dt.datetime) -> list[CaseSummary]:
        """Cases nobody has answered yet, oldest first: the desk's urgent alert."""
        query = self._query().where(
            and_(Case.acknowledged_at.is_(None), Case.resolved_at.is_(None))
        )
        return self._ordered(self._summaries(query, now))

    def detail(self, case_id: uuid.UUID, now: dt.datetime | None = None) -> CaseDetail:
        """The case with its personal fields; CaseError("case") when unknown here. ``overdue``
        is judged at ``now`` (the clock's time when not given)."""
        with self._sessions() as s:
            row = s.execute(self._query().where(Case.id == case_id)).first()
        if row is None:
            raise CaseError(f"no case {case_id} in store {self.store_id}", "case")
        case, owner, by = row
        base = self._summary(case, owner, by, now or utcnow())
        fields = {f: getattr(base, f) for f in CaseSummary.__dataclass_fields__}
        return CaseDetail(
            **fields,
            visit_id=case.visit_id,
            description=case.description or "",
            contact_name=case.contact_name or "",
            contact_phone=case.contact_phone or "",
            contact_email=case.contact_email or "",
            internal_note=case.internal_note or "",
            customer_reply=case.customer_reply or "",
            first_contact=case.first_contact,
            escalated=bool(case.escalated),
            escalation_reason=case.escalation_reason or "",
        )

    # -- helpers -----------------------------------------------------------------------
    def _query(self) -> Select[Case, str, str]:
        owner, by = aliased(Associate), aliased(Associate)
        return (
            select(Case, owner.display_name, by.display_name)
            .outerjoin(owner, owner.id == Case.owner_id)
            .outerjoin(by, by.id == Case.acknowledged_by)
            .where(Case.store_id == self.store_id)
        )

    def _summaries(self, query: Select[Case, str, str], now: dt.datetime) -> list[CaseSummary]:
        with self._sessions() as s:
            return [self._summary(c, o, b, now) for c, o, b in s.execute(query).all()]

    def _summary(
        self, case: Case, owner: str | None, by: str | None, now: dt.datetime
    ) -> CaseSummary:
        due = case.created_at + self.response_target
        return CaseSummary(
            id=case.id,
            category=case.category,
            state=case_state(case),
            created_at=case.created_at,
            due_at=due,
            overdue=case.resolved_at is None and now > due,
            kiosk_id=case.kiosk_id,
            score=case.score,
            has_contact=bool(case.contact_phone or case.contact_email),
            owner=owner,
            acknowledged_by=by,
            acknowledged_at=case.acknowledged_at,
            resolved_at=case.resolved_at,
        )

    @staticmethod
    def _ordered(cases: list[CaseSummary]) -> list[CaseSummary]:
        unresolved = sorted(
            (c for c in cases if c.resolved_at is None),
            key=lambda c: (not c.overdue, c.created_at, c.id),
        )
        resolved = sorted(
            (c for c in cases if c.resolved_at is not None),
            key=lambda c: (c.resolved_at, c.id),
            reverse=True,
        )
        return unresolved + resolved

    def _get(self, s: Session, case_id: uuid.UUID) -> Case:
        case = s.get(Case, case_id)
        if case is None or case.store_id != self.store_id:
            raise CaseError(f"no case {case_id} in store {self.store_id}", "case")
        return case
