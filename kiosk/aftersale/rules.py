"""The follow-up tasks after the sale, made as ``kiosk.associates.rules`` makes the others.

- ``delivery_confirm`` - due at 09:00 store-local time the day before a booked delivery
  (never before the booking itself): call the client to confirm. One per booking. When the
  booking is cancelled or moved (a move cancels it and books anew, whose own task follows),
  or its sale voided, the sweep closes the open task with the outcome ``cancelled``.
- ``installation_check`` - due at 09:00 the day after an installation was marked done: is
  everything in place? Assigned to the associate who made the sale.
- ``referral_thanks`` - made when a private-viewing invitation is redeemed: thank the
  inviting client, assigned to the associate of the visit whose hand-off link sent it.
  Only for a client with an active contact consent (as the 90-day call). Only the store
  database knows that link (kiosks do not pull links), so a kiosk's redeemed
  code gets its task from the store's sweep (``kiosk followups sweep --store``) or the page.

Ids are derived (``rule_id`` of the rule and the booking or invitation), so the writer of the
source, a sweep on any kiosk and the store's sweep make one task. Each goes to the client's
advisor first, the associate named above second, else the store, decided by its first
writer (``kiosk.clients.advisor.ensure_routed``). Details say in one line why the task
exists (ids, SKUs, the day and slot, the channel): nothing personal.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.aftersale.scores import visit_here
from kiosk.associates.rules import (
    CONTACT_PURPOSES,
    Saver,
    client_is_live,
    rule_id,
)
from kiosk.clients.advisor import DEFAULT_AWAY_LIMIT, ensure_routed
from kiosk.clients.consent import has_active_consent
from kiosk.db.models import (
    FollowupLink,
    FollowupTask,
    Invitation,
    Purchase,
    ServiceBooking,
    Visit,
)
from kiosk.db.outbox import save as outbox_save

DELIVERY_CONFIRM = "delivery_confirm"
INSTALLATION_CHECK = "installation_check"
REFERRAL_THANKS = "referral_thanks"
AFTER_SALE_KINDS = (DELIVERY_CONFIRM, INSTALLATION_CHECK, REFERRAL_THANKS)
CANCELLED = "cancelled"
"""The outcome of a delivery confirmation closed because its booking went: not done."""

MORNING = dt.time(9)
THANKS_AFTER = dt.timedelta(days=1)
LOOKBACK = dt.timedelta(days=30)
"""How far back a sweep looks for installations done and invitations redeemed."""


def local_morning(day: dt.date, tz: dt.tzinfo | None = None) -> dt.datetime:
    """09:00 on ``day`` in the store's zone ``tz`` (``store_timezone``, threaded by the
    sweep; None: the machine's, as the page's slots read it), as UTC."""
    naive = dt.datetime.combine(day, MORNING)
    local = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    return local.astimezone(dt.UTC)


def local_day(at: dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    return (at.astimezone(tz) if tz is not None else at.astimezone()).date()


def _skus(purchase: Purchase, service: str) -> list[str]:
    return [str(item.get("sku")) for item in purchase.items or [] if item.get(service)]


def _booking_details(rule: str, booking: ServiceBooking, purchase: Purchase) -> dict[str, Any]:
    return {
        "rule": rule,
        "booking": str(booking.id),
        "purchase": str(purchase.id),
        "service": booking.service,
        "day": booking.day.isoformat(),
        "slot": booking.slot,
        "skus": _skus(purchase, booking.service),
        "language": purchase.language,
    }


def delivery_confirm_task(
    booking: ServiceBooking,
    purchase: Purchase,
    visit_id: uuid.UUID | None = None,
    tz: dt.tzinfo | None = None,
) -> FollowupTask | None:
    """Confirm a booked delivery the day before; None for anything but a live delivery."""
    if booking.service != "delivery" or not _live(booking) or purchase.cancelled_at is not None:
        return None
    due = max(local_morning(booking.day - dt.timedelta(days=1), tz), booking.created_at)
    return FollowupTask(
        id=rule_id(DELIVERY_CONFIRM, booking.id),
        store_id=booking.store_id,
        visit_id=visit_id,
        customer_id=purchase.customer_id,
        kind=DELIVERY_CONFIRM,
        due_at=due,
        assigned_to=purchase.associate_id,
        created_at=booking.created_at,
        details=_booking_details(DELIVERY_CONFIRM, booking, purchase),
    )


def installation_check_task(
    booking: ServiceBooking,
    purchase: Purchase,
    visit_id: uuid.UUID | None = None,
    tz: dt.tzinfo | None = None,
) -> FollowupTask | None:
    """Check in the day after an installation was done; None until it is."""
    if booking.service != "installation" or booking.done_at is None or not _live(booking):
        return None
    done_on = local_day(booking.done_at, tz)
    return FollowupTask(
        id=rule_id(INSTALLATION_CHECK, booking.id),
        store_id=booking.store_id,
        visit_id=visit_id,
        customer_id=purchase.customer_id,
        kind=INSTALLATION_CHECK,
        due_at=local_morning(done_on + dt.timedelta(days=1), tz),
        assigned_to=purchase.associate_id,
        created_at=booking.done_at,
        details={
            **_booking_details(INSTALLATION_CHECK, booking, purchase),
            "done_on": done_on.isoformat(),
        },
    )


def referral_thanks_task(
    invitation: Invitation,
    visit: Visit,
    visit_id: uuid.UUID | None,
    seller: uuid.UUID | None = None,
) -> FollowupTask | None:
    """Thank the inviting client (``visit``: the inviting link's visit) once the friend
    came, assigned to the visit's associate, else ``seller`` (who recorded the sale the
    invitation came with); None until redeemed or for a visit without a client to thank."""
    if invitation.redeemed_at is None or visit.customer_id is None:
        return None
    details: dict[str, Any] = {
        "rule": REFERRAL_THANKS,
        "invitation": str(invitation.id),
        "redeemed_via": invitation.redeemed_via or "",
        "redeemed_on": invitation.redeemed_at.date().isoformat(),
        "language": visit.language,
    }
    if invitation.purchase_id is not None:
        details["purchase"] = str(invitation.purchase_id)
    return FollowupTask(
        id=rule_id(REFERRAL_THANKS, invitation.id),
        store_id=invitation.store_id,
        visit_id=visit_id,
        customer_id=visit.customer_id,
        kind=REFERRAL_THANKS,
        due_at=invitation.redeemed_at + THANKS_AFTER,
        assigned_to=visit.associate_id or seller,
        created_at=invitation.redeemed_at,
        details=details,
    )


def _live(booking: ServiceBooking) -> bool:
    return booking.cancelled_at is None and booking.status != CANCELLED


# -- making them ------------------------------------------------------------------------------
def ensure_booking_tasks(
    s: Session,
    booking: ServiceBooking,
    save: Saver = outbox_save,
    tz: dt.tzinfo | None = None,
    at: dt.datetime | None = None,
    away: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> dict[str, bool]:
    """The booking's missing task (its confirmation, or its check once done), in the
    writer's transaction, routed at ``at`` (None: when the task's source happened);
    which kinds were made. None for a client no longer live."""
    purchase = s.get(Purchase, booking.purchase_id)
    if purchase is None or not client_is_live(s, purchase.customer_id):
        return {}
    visit_id = visit_here(s, purchase.visit_id)
    made = {}
    for kind, task in (
        (DELIVERY_CONFIRM, delivery_confirm_task(booking, purchase, visit_id, tz)),
        (INSTALLATION_CHECK, installation_check_task(booking, purchase, visit_id, tz)),
    ):
        now = at or (task.created_at if task is not None else booking.created_at)
        made[kind] = ensure_routed(s, task, now, away, save)
    return made


def ensure_referral_task(
    s: Session,
    invitation: Invitation,
    save: Saver = outbox_save,
    at: dt.datetime | None = None,
    away: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> bool:
    """The thank-you of a redeemed invitation, when this database knows its inviting link
    (the store database does; a kiosk seldom) and the client is live: True if made. Routed
    at ``at`` (None: when the invitation was redeemed)."""
    link = s.get(FollowupLink, invitation.link_id) if invitation.link_id else None
    visit = s.get(Visit, link.visit_id) if link is not None else None
    if visit is None or visit.customer_id is None or not client_is_live(s, visit.customer_id):
        return False
    if not s.scalar(select(has_active_consent(CONTACT_PURPOSES, visit.customer_id))):
        return False  # a thank-you is a call: only to a client who agreed to be contacted
    sale = s.get(Purchase, invitation.purchase_id) if invitation.purchase_id else None
    seller = sale.associate_id if sale is not None else None
    now = at or invitation.redeemed_at or visit.started_at
    task = referral_thanks_task(invitation, visit, visit.id, seller)
    return ensure_routed(s, task, now, away, save)


def close_gone_confirmations(
    s: Session, store_id: str, at: dt.datetime, save: Saver = outbox_save
) -> int:
    """Close (outcome ``cancelled``) the open delivery confirmations whose booking was
    cancelled or moved, or whose sale was voided: nobody is to be called about them."""
    from kiosk.clients.erasure import close_open_tasks

    open_tasks = s.scalars(
        select(FollowupTask).where(
            FollowupTask.store_id == store_id,
            FollowupTask.kind == DELIVERY_CONFIRM,
            FollowupTask.completed_at.is_(None),
        )
    ).all()
    gone = []
    for task in open_tasks:
        booking = _booking_of(s, task)
        if booking is None:
            continue  # not here yet: its store copy decides
        purchase = s.get(Purchase, booking.purchase_id)
        if not _live(booking) or (purchase is not None and purchase.cancelled_at is not None):
            gone.append(task)
    return close_open_tasks(s, gone, at, CANCELLED, save)


def _booking_of(s: Session, task: FollowupTask) -> ServiceBooking | None:
    try:
        return s.get(ServiceBooking, uuid.UUID(str(task.details.get("booking"))))
    except ValueError:
        return None


def after_sale_sweep(
    s: Session,
    store_id: str,
    at: dt.datetime,
    save: Saver = outbox_save,
    tz: dt.tzinfo | None = None,
    away: dt.timedelta = DEFAULT_AWAY_LIMIT,
) -> tuple[dict[str, int], int]:
    """Every missing after-sale task of the store, and the confirmations closed:
    ``({kind: made}, closed)``. Part of ``kiosk.associates.rules.sweep``; idempotent."""
    made: dict[str, int] = {}

    def count(results: dict[str, bool]) -> None:
        for kind, new in results.items():
            if new:
                made[kind] = made.get(kind, 0) + 1

    closed = close_gone_confirmations(s, store_id, at, save)
    upcoming = select(ServiceBooking).where(
        ServiceBooking.store_id == store_id,
        ServiceBooking.service == "delivery",
        ServiceBooking.cancelled_at.is_(None),
        ServiceBooking.done_at.is_(None),
        ServiceBooking.day >= local_day(at, tz),
    )
    installed = select(ServiceBooking).where(
        ServiceBooking.store_id == store_id,
        ServiceBooking.service == "installation",
        ServiceBooking.cancelled_at.is_(None),
        ServiceBooking.done_at >= at - LOOKBACK,
    )
    for booking in [*s.scalars(upcoming).all(), *s.scalars(installed).all()]:
        count(ensure_booking_tasks(s, booking, save, tz, at, away))
    redeemed = select(Invitation).where(
        Invitation.store_id == store_id, Invitation.redeemed_at >= at - LOOKBACK
    )
    for invitation in s.scalars(redeemed).all():
        count({REFERRAL_THANKS: ensure_referral_task(s, invitation, save, at, away)})
    return made, closed
