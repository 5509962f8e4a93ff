"""Private-viewing invitations a client passes to a friend, and their redemption.

An invitation is an opaque token (for its page, ``/f/i/{token}``) and a typed code (for a
kiosk's greeting), made like a hand-off link's (``kiosk.handoff.links``: 192 random bits;
10 Crockford base32 characters read back with the same forgiving rules). It carries nothing
about either person: the inviting hand-off link stays in the store database.

- ``create_invitation``: store-side, from the after-purchase page; at most ``MAX_LIVE`` live
  (neither redeemed nor expired) per link, so a link cannot mint codes without end.
- ``redeem``: once only, from the invitation page (a viewing booked) or a kiosk's greeting
  (the code typed, with the visit it began: the visit gets a ``referred`` event holding the
  invitation's id). The inviting client's associate gets a thank-you (``referral_thanks``).
- ``Referrals.redeem_code``: the kiosk's side. Wrong codes are counted in the kiosk's own
  ``code_misses`` table (a restart forgives nothing); past ``MISSES_PER_MINUTE`` misses in a
  minute the kiosk answers ``SLOW`` with ``retry_after`` seconds, without looking (the rule
  is ``kiosk.db.code_misses``, shared with the hand-off codes of returning customers).
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, and_, func, select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from kiosk.aftersale.rules import ensure_referral_task
from kiosk.aftersale.scores import Saver
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT
from kiosk.db.code_misses import count_miss
from kiosk.db.code_misses import retry_after as misses_retry_after
from kiosk.db.models import FollowupLink, Invitation, Purchase, Visit
from kiosk.db.outbox import save as outbox_save
from kiosk.db.reads import StoreReader
from kiosk.errors import KioskError
from kiosk.handoff.links import display_code, looks_like_token, new_code, new_token, normalize_code

log = logging.getLogger(__name__)

MAX_LIVE = 5
MAX_DAYS = 365
VIA = ("page", "kiosk")
REFERRED = "referred"
"""The visit event of a visit that began with an invitation: ``{"invitation": id}``."""


class InvitationStatus(enum.StrEnum):
    OK = "ok"
    EXPIRED = "expired"
    REDEEMED = "redeemed"
    UNKNOWN = "unknown"


class RedeemResult(enum.Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    SLOW = "slow"


class ReferralError(KioskError):
    """An invitation that cannot be made or redeemed as asked; nothing was stored. ``code``:
    ``link``, ``purchase``, ``days``, ``limit``, ``unknown``, ``expired``, ``redeemed``,
    ``visit``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class InvitationView:
    """What the inviting client's page and the friend's page show: nothing personal."""

    id: uuid.UUID
    token: str
    code: str
    created_at: dt.datetime
    expires_at: dt.datetime
    redeemed_at: dt.datetime | None
    status: InvitationStatus

    @property
    def code_for_display(self) -> str:
        return display_code(self.code)


def status_of(row: Invitation, now: dt.datetime) -> InvitationStatus:
    if row.redeemed_at is not None:
        return InvitationStatus.REDEEMED
    if row.expires_at <= now:
        return InvitationStatus.EXPIRED
    return InvitationStatus.OK


def view_of(row: Invitation, now: dt.datetime) -> InvitationView:
    return InvitationView(
        row.id,
        row.token,
        row.code,
        row.created_at,
        row.expires_at,
        row.redeemed_at,
        status_of(row, now),
    )


def _live(link_id: uuid.UUID, now: dt.datetime) -> ColumnElement[bool]:
    return and_(
        Invitation.link_id == link_id,
        Invitation.redeemed_at.is_(None),
        Invitation.expires_at > now,
    )


# -- the page's side (store database) ---------------------------------------------------------
def create_invitation(
    s: Session,
    store_id: str,
    link_id: uuid.UUID,
    purchase_id: uuid.UUID | None,
    now: dt.datetime,
    days: int,
    save: Saver | None = None,
) -> Invitation:
    """A new invitation from the inviting client's link, valid ``days`` days; written with
    ``save`` (the store side's ``store_save`` by default). ReferralError, nothing stored."""
    from kiosk.db.versions import store_save

    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ReferralError(f"an invitation is valid from 1 to {MAX_DAYS} days", "days")
    # the link's row locked: two taps at once count the invitations one after the other
    link = s.get(FollowupLink, link_id, with_for_update=True)
    visit = s.get(Visit, link.visit_id) if link is not None else None
    if link is None or visit is None or visit.store_id != store_id:
        raise ReferralError("this link is unknown here", "link")
    if link.revoked_at is not None or link.expires_at <= now:
        raise ReferralError("this link has expired or was withdrawn", "link")
    if purchase_id is not None:
        purchase = s.get(Purchase, purchase_id)
        if purchase is None or purchase.visit_id != link.visit_id:
            raise ReferralError("this purchase is not one of this link's", "purchase")
    live = s.scalar(select(func.count()).select_from(Invitation).where(_live(link_id, now)))
    if (live or 0) >= MAX_LIVE:
        raise ReferralError(
            f"{MAX_LIVE} invitations are waiting to be used: one must be used or expire "
            "before another",
            "limit",
        )
    code = new_code()
    while s.scalar(select(Invitation.id).where(Invitation.code == code)):
        code = new_code()  # pragma: no cover - 1 in 2**50
    row = Invitation(
        store_id=store_id,
        link_id=link_id,
        purchase_id=purchase_id,
        token=new_token(),
        code=code,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    (save or store_save)(s, row)
    return row


def invitations_for_link(s: Session, link_id: uuid.UUID, now: dt.datetime) -> list[InvitationView]:
    """The link's invitations, newest first (the page lists what was sent and what came)."""
    rows = s.scalars(
        select(Invitation)
        .where(Invitation.link_id == link_id)
        .order_by(Invitation.created_at.desc(), Invitation.id)
    ).all()
    return [view_of(row, now) for row in rows]


def invitation_for_token(s: Session, token: str, now: dt.datetime) -> InvitationView | None:
    """The invitation of a page's token, with its status; None when there is none (a token
    that is not a token's shape is not looked up)."""
    if not looks_like_token(token):
        return None
    row = s.scalars(select(Invitation).where(Invitation.token == token)).first()
    return view_of(row, now) if row is not None else None


def invitation_status(s: Session, token: str, now: dt.datetime) -> InvitationStatus:
    view = invitation_for_token(s, token, now)
    return view.status if view is not None else InvitationStatus.UNKNOWN


def redeem(
    s: Session,
    invitation_id: uuid.UUID,
    via: str,
    visit_id: uuid.UUID | None,
    now: dt.datetime,
    save: Saver,
    away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> None:
    """Mark the invitation redeemed (once), append ``referred`` to ``visit_id``'s visit (open,
    in this database) and make the thank-you when the inviting link is known here (for the
    inviting client's advisor first: ``away_limit``, the store's ``advisor_away_hours``).
    ReferralError, nothing stored, for an unknown, expired or used invitation."""
    from kiosk.visit.records import append_event, open_visit

    if via not in VIA:
        raise ValueError(f"an invitation is redeemed via {' or '.join(VIA)}, not {via!r}")
    row = s.get(Invitation, invitation_id, with_for_update=True)  # the page, twice at once
    if row is None:
        raise ReferralError("this invitation is unknown", "unknown")
    status = status_of(row, now)
    if status is InvitationStatus.REDEEMED:
        raise ReferralError("this invitation was already used", "redeemed")
    if status is InvitationStatus.EXPIRED:
        raise ReferralError("this invitation has expired", "expired")
    visit = None
    if visit_id is not None:
        try:
            visit = open_visit(s, visit_id)
        except KioskError as exc:
            raise ReferralError(str(exc), "visit") from None
    row.redeemed_at, row.redeemed_via = now, via
    row.redeemed_visit_id = visit_id
    save(s, row)
    if visit is not None:
        append_event(s, visit, REFERRED, {"invitation": str(row.id)}, now)
    ensure_referral_task(s, row, save, now, away_limit)


# -- the kiosk's side -------------------------------------------------------------------------
class Referrals:
    """Invitation codes typed on a kiosk's greeting. ``redeem_code`` writes (one local
    transaction with its outbox entries): call it on the recorder."""

    def __init__(
        self,
        engine: Engine,
        reader: StoreReader,
        store_id: str,
        kiosk_id: str,
        away_limit: dt.timedelta = DEFAULT_AWAY_LIMIT,
    ) -> None:
        self.engine = engine
        self.reader = reader
        self.store_id = store_id
        self.kiosk_id = kiosk_id
        self.away_limit = away_limit  # a thank-you made here: the client's advisor first

    def retry_after(self, now: dt.datetime, kind: str = "invitation") -> int:
        """Seconds before another code may be tried: 0, or until the misses of the last
        minute fall below the limit (``kiosk.db.code_misses``, shared with hand-off codes)."""
        return misses_retry_after(self.engine, kind, now)

    def redeem_code(self, code: str, visit_id: uuid.UUID, at: dt.datetime) -> RedeemResult:
        """The greeting's "I have an invitation": OK (the visit is referred), UNKNOWN (a miss,
        counted), EXPIRED, USED, or SLOW (too many misses: ``retry_after``)."""
        if self.retry_after(at):
            return RedeemResult.SLOW
        normal = normalize_code(code)
        row_id = self._find(normal) if normal is not None else None
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            row = s.get(Invitation, row_id) if row_id is not None else None
            if row is None:
                count_miss(s, "invitation", at)
                return RedeemResult.UNKNOWN
            status = status_of(row, at)
            if status is InvitationStatus.REDEEMED:
                return RedeemResult.USED
            if status is InvitationStatus.EXPIRED:
                return RedeemResult.EXPIRED
            redeem(s, row.id, "kiosk", visit_id, at, outbox_save, self.away_limit)
            return RedeemResult.OK

    def _find(self, code: str) -> uuid.UUID | None:
        """The invitation's id in this kiosk's copy, brought up to date from the store
        database first when it answers (an invitation made or used minutes ago)."""
        self._refresh()
        with Session(self.engine) as s:
            return s.scalar(
                select(Invitation.id).where(
                    Invitation.code == code, Invitation.store_id == self.store_id
                )
            )

    def _refresh(self) -> None:
        store = self.reader.store
        if store is None:
            return
        from kiosk.sync.pull import Puller

        try:
            Puller(self.engine, store, self.store_id).pull_table(Invitation.__table__)  # type: ignore[arg-type]
        except (OperationalError, DBAPIError) as exc:
            log.warning("invitations: the store did not answer (%s)", type(exc).__name__)
