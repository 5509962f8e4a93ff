"""After the sale: the purchase, its booked services, the customer's score at each
touchpoint and the private-viewing invitations a client passes to a friend.

Rows of their own (not notes, not visit events) because each lives longer than the visit
and changes after it: a booking is moved or cancelled from the phone page, a delivery is
marked done, a score arrives weeks later. All of them travel like every synced row
(``Synced``: a kiosk-made UUID and a version the store database applies only when newer).

Personal data, and what an erasure does to it (``kiosk.clients.erasure``):

- ``Purchase.customer_id`` is the erasable link to a client and ``order_ref`` (the till's
  reference, which leads to the till's own records) is emptied; the items stay, anonymous,
  for the dashboard.
- ``TouchpointScore.comment`` (the customer's optional word) is emptied; the score stays.
- A ``ServiceBooking`` and an ``Invitation`` hold nothing personal: no address, no name.
  An invitation carries nothing about either person; the inviting link is known only to
  the store database (never in its URL or code).

Capacity is enforced by the store database itself: a booking takes a numbered ``place`` in
its slot, below the slot's capacity (the ``service_capacity`` setting), and a partial
unique index lets only one live booking hold each place. Two customers (or a kiosk and the
page) racing for the last place both try place N; one insert wins, the other gets a unique
violation and is offered the next free slots (``kiosk.aftersale.bookings``). A second
partial unique index keeps one live booking per purchase and service.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utcnow
from kiosk.db.base import Base, JsonDoc, StoreStamped, Synced, UtcDateTime

SERVICES = ("delivery", "installation")
"""The services a purchased item can need, each booked on its own slot."""

LIVE = text("cancelled_at IS NULL")
"""A booking that holds its place: booked or done, not cancelled."""

TOUCHPOINTS = ("visit", "purchase", "delivery", "installation", "ninety_days")
"""Where the customer is asked for a score, in the order of the journey. ``visit`` is the
farewell's NPS (``visits.nps``); the others are ``TouchpointScore`` rows."""


class Purchase(Synced, StoreStamped, Base):
    """A sale recorded by an associate in the consultation.

    ``items`` is a list of ``{"sku", "quantity", "finish", "delivery", "installation"}``:
    ``finish`` is the pack's finish id or null, ``delivery`` and ``installation`` say which
    services that item needs. One row, so the sale travels and is versioned as one record.
    """

    __tablename__ = "purchases"

    store_id: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    associate_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    order_ref: Mapped[str | None] = mapped_column(String(64))  # the till's; emptied at erasure
    items: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    language: Mapped[str] = mapped_column(String(16), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # a voided sale
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_purchases_store_created", "store_id", "created_at"),)


class ServiceBooking(Synced, StoreStamped, Base):
    """One service (delivery or installation) of a purchase on one slot of one day.

    ``day`` is the store's local date and ``slot`` a slot name of the store's capacity
    (``morning``, ``afternoon``...). ``status`` is ``booked``, ``done`` or ``cancelled``; a
    move is a cancellation plus a new booking whose ``replaces_id`` names the old one, so
    the history stays and the place is freed in the same transaction.
    """

    __tablename__ = "service_bookings"

    store_id: Mapped[str] = mapped_column(String(64))
    purchase_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("purchases.id"), index=True)
    service: Mapped[str] = mapped_column(String(16))  # delivery | installation
    day: Mapped[dt.date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(16))
    place: Mapped[int] = mapped_column(Integer)  # 0 .. capacity-1 within the slot
    status: Mapped[str] = mapped_column(String(16), default="booked")
    booked_via: Mapped[str] = mapped_column(String(16))  # page | associate
    booked_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    replaces_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_bookings.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    done_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))

    __table_args__ = (
        Index("ix_service_bookings_store_day", "store_id", "day"),
        # one live booking per place of a slot: the store database refuses the second
        Index(
            "uq_service_bookings_place",
            "store_id",
            "service",
            "day",
            "slot",
            "place",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
        # one live booking per service of a purchase: the page and a kiosk cannot both book
        Index(
            "uq_service_bookings_live",
            "purchase_id",
            "service",
            unique=True,
            postgresql_where=LIVE,
            sqlite_where=LIVE,
        ),
    )


class TouchpointScore(Synced, Base):
    """The customer's 0-10 answer at one touchpoint after the visit (``TOUCHPOINTS`` but
    ``visit``), given on the phone page or told to an associate by phone.

    One score per touchpoint and source: the id is derived (``kiosk.aftersale.scores``) from
    the touchpoint and the purchase, so a second answer is refused, not added.
    """

    __tablename__ = "touchpoint_scores"

    store_id: Mapped[str] = mapped_column(String(64))
    touchpoint: Mapped[str] = mapped_column(String(16))
    purchase_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("purchases.id"), index=True)
    booking_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service_bookings.id"))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)  # the optional word; erasable
    given_via: Mapped[str] = mapped_column(String(16))  # page | phone
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    given_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_touchpoint_scores_store_given", "store_id", "given_at"),)


class Invitation(Synced, StoreStamped, Base):
    """A private-viewing invitation a client passes to a friend: an opaque token and a
    typed code, nothing about either person. ``link_id`` (the inviting client's hand-off
    link) stays in the store database, so the thank-you reaches the right advisor.

    Redeemed when the friend books a viewing from the invitation page (``page``) or enters
    the code on a kiosk's greeting (``kiosk``, with the visit it began).
    """

    __tablename__ = "invitations"

    store_id: Mapped[str] = mapped_column(String(64))
    link_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("followup_links.id"), index=True)
    purchase_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("purchases.id"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    redeemed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    redeemed_via: Mapped[str | None] = mapped_column(String(16))  # page | kiosk
    redeemed_visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"))

    __table_args__ = (Index("ix_invitations_store_created", "store_id", "created_at"),)


class CodeMiss(Base):
    """A wrong code typed on this kiosk (an invitation or a hand-off code): counted in the
    local database so that a restart forgives nothing, and never synced. Holds no code."""

    __tablename__ = "code_misses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # invitation | handoff
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
