"""The phone page's "I'm in the store": a service request for the client's advisor.

A customer back in the store taps it on their page (the hand-off link of an earlier visit),
optionally saying where they are (one of the store's ``store_areas``). The page writes a
``ServiceRequest`` of kind ``in_store`` straight into the store database (``store_save``,
stamped by the store's trigger), so every kiosk's next pull shows it on the associate home.
It is for the visit's client's advisor first (``kiosk.clients.advisor.route``); None, the
whole store, when the visit has no client, the client no advisor, or the advisor is away.

One open request per link: a second tap, a replayed form or a form from an old tab while
one is open is told "we've let them know" and writes nothing. Once an associate has
resolved it, the customer may ask again (another day in the store).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clients.advisor import route
from kiosk.db.models import FollowupLink, ServiceRequest, Visit
from kiosk.db.versions import store_save
from kiosk.handoff.records import LinkClosed, LinkView

KIND = "in_store"
PHONE = "phone"
"""The request's ``kiosk_id``: it came from the customer's phone, not a kiosk."""


class AlreadyAsked(Exception):
    """The link has an open in-store request, or the form was issued before the last one:
    a double tap or a replay. Nothing was written."""


class BadArea(Exception):
    """The area sent is not one of the store's (forged, stale or over-long)."""


@dataclass(frozen=True)
class InStoreStatus:
    """What the page shows of it: how many the link has made (the form's sequence), and
    the open one's state (None: none open; "waiting"; "coming" once acknowledged)."""

    made: int
    state: str | None
    area: str | None = None


def read_area(raw: str | None, areas: tuple[str, ...]) -> str | None:
    """The area a form names: one of ``areas`` exactly, or None for "anywhere" (empty or
    absent). Anything else raises ``BadArea``; nothing the customer types is stored."""
    if raw is None or raw == "":
        return None
    if raw in areas:
        return raw
    raise BadArea()


def _made(s: Session, visit_id: uuid.UUID) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(ServiceRequest)
            .where(ServiceRequest.visit_id == visit_id, ServiceRequest.kind == KIND)
        )
        or 0
    )


def _open(s: Session, visit_id: uuid.UUID) -> ServiceRequest | None:
    return s.scalars(
        select(ServiceRequest)
        .where(
            ServiceRequest.visit_id == visit_id,
            ServiceRequest.kind == KIND,
            ServiceRequest.resolved_at.is_(None),
        )
        .order_by(ServiceRequest.created_at.desc(), ServiceRequest.id)
    ).first()


def status(s: Session, view: LinkView) -> InStoreStatus:
    assert view.visit_id is not None
    row = _open(s, view.visit_id)
    if row is None:
        return InStoreStatus(_made(s, view.visit_id), None)
    state = "coming" if row.acknowledged_at is not None else "waiting"
    return InStoreStatus(_made(s, view.visit_id), state, row.area)


def announce(
    s: Session,
    view: LinkView,
    area: str | None,
    sequence: int,
    now: dt.datetime,
    away_limit: dt.timedelta,
) -> ServiceRequest:
    """The request, in the caller's store transaction. ``sequence`` is how many the link
    had made when the form was issued. The link's row is locked first, so two taps sent at
    once cannot both pass the checks."""
    assert view.visit_id is not None
    assert view.link_id is not None
    link = s.scalars(
        select(FollowupLink).where(FollowupLink.id == view.link_id).with_for_update()
    ).one()
    if link.revoked_at is not None or link.expires_at <= now:
        raise LinkClosed()
    if _made(s, view.visit_id) != sequence or _open(s, view.visit_id) is not None:
        raise AlreadyAsked()
    customer_id = s.scalar(select(Visit.customer_id).where(Visit.id == view.visit_id))
    request = ServiceRequest(
        store_id=view.store_id,
        kiosk_id=PHONE,
        visit_id=view.visit_id,
        kind=KIND,
        for_associate=route(s, customer_id, now, away_limit),
        area=area,
        created_at=now,
        updated_at=now,
    )
    store_save(s, request)
    return request
