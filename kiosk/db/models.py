"""The visit domain as typed SQLAlchemy models, identical on the kiosk and the store database.

Every row a kiosk creates has a time-ordered UUID made on the kiosk and a ``version`` that
grows with each change: the store database applies a row only when the incoming version is
newer, which makes delivery through the outbox idempotent. The outbox itself stays local.

The shared column types and bases (``kiosk.db.base``) and the sync worker's own tables
(``kiosk.db.sync_rows``) live in their own modules and are importable from here too: this
module is the one place that imports every table, which the migrations' ``Base.metadata``
relies on.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utcnow as utcnow  # kept here: models and migrations use it
from kiosk.db.after_sale_rows import CodeMiss as CodeMiss
from kiosk.db.after_sale_rows import Invitation as Invitation
from kiosk.db.after_sale_rows import Purchase as Purchase
from kiosk.db.after_sale_rows import ServiceBooking as ServiceBooking
from kiosk.db.after_sale_rows import TouchpointScore as TouchpointScore
from kiosk.db.base import NAMING_CONVENTION as NAMING_CONVENTION
from kiosk.db.base import Base as Base
from kiosk.db.base import JsonDoc as JsonDoc
from kiosk.db.base import StoreStamped as StoreStamped
from kiosk.db.base import Synced as Synced
from kiosk.db.base import UtcDateTime as UtcDateTime
from kiosk.db.client_book_rows import KeyDate as KeyDate
from kiosk.db.pack_rows import ContentBlob as ContentBlob
from kiosk.db.pack_rows import ContentBlobChunk as ContentBlobChunk
from kiosk.db.pack_rows import ContentCurrent as ContentCurrent
from kiosk.db.pack_rows import ContentVersion as ContentVersion
from kiosk.db.sync_rows import OutboxEntry as OutboxEntry
from kiosk.db.sync_rows import SyncState as SyncState


class Associate(Synced, StoreStamped, Base):
    __tablename__ = "associates"

    store_id: Mapped[str] = mapped_column(String(64), index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16))  # associate | manager | store_it
    pin_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    away_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Customer(Synced, StoreStamped, Base):
    """A known client; exists only with consent, erased (fields emptied) on request."""

    __tablename__ = "customers"

    store_id: Mapped[str] = mapped_column(String(64), index=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    member_number: Mapped[str | None] = mapped_column(String(40), index=True)
    preferences: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
    advisor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Visit(Synced, Base):
    __tablename__ = "visits"

    store_id: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(24))
    stage: Mapped[str] = mapped_column(String(24), default="greeting")
    language: Mapped[str] = mapped_column(String(16), default="en")
    associate_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"))
    outcome: Mapped[str | None] = mapped_column(String(24))
    nps: Mapped[int | None] = mapped_column(Integer)
    ces: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_visits_store_started", "store_id", "started_at"),
        Index("ix_visits_open", "kiosk_id", "ended_at"),
    )


class VisitEvent(Synced, Base):
    """What the customer did, in order; written once and never changed."""

    __tablename__ = "visit_events"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)

    __table_args__ = (UniqueConstraint("visit_id", "seq"),)


class VisitNote(Synced, Base):
    """An associate's note on a visit. Notes are personal data, so each is its own row that a
    right-to-be-forgotten request can empty (``text`` cleared, ``erased_at`` set) without
    touching the visit's events."""

    __tablename__ = "visit_notes"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    associate_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class NeedsAnswer(Synced, Base):
    __tablename__ = "needs_answers"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    answer: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    answered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("visit_id", "question_id"),)


class SelectionItem(Synced, Base):
    __tablename__ = "selection_items"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    sku: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class FollowupLink(Synced, Base):
    """An opaque hand-off link: random token only; expiry and revocation live here."""

    __tablename__ = "followup_links"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    fallback_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    first_opened_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Consent(Synced, StoreStamped, Base):
    """Explicit consent for one named purpose, with the wording version the customer saw.
    Pulled by every kiosk of its store, so offline look-ups know who consented anywhere."""

    __tablename__ = "consents"

    # NULL only on rows older than 0008 whose client and visit are both unknown; the store
    # database fills it from the client or visit when a writer leaves it out.
    store_id: Mapped[str | None] = mapped_column(String(64))

    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    wording_version: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(16))
    given_via: Mapped[str] = mapped_column(String(16))  # kiosk | page
    given_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class ServiceRequest(Synced, StoreStamped, Base):
    """ "An associate, please" or "a refreshment", visible on every kiosk of the store."""

    __tablename__ = "service_requests"

    store_id: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # associate | refreshment | in_store
    for_associate: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    area: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))

    __table_args__ = (Index("ix_service_requests_open", "store_id", "resolved_at"),)


class FollowupTask(Synced, StoreStamped, Base):
    __tablename__ = "followup_tasks"

    store_id: Mapped[str] = mapped_column(String(64))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # thank_you | appointment | satisfaction | ...
    due_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    completed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    outcome: Mapped[str | None] = mapped_column(String(40))
    channel: Mapped[str | None] = mapped_column(String(16))  # call | message | in_store | letter
    details: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)

    __table_args__ = (Index("ix_followup_tasks_due", "store_id", "completed_at", "due_at"),)


class Case(Synced, StoreStamped, Base):
    """A service-recovery case: a visit that went wrong, raised by the customer at farewell
    or opened by an associate for a customer in person, with or without a visit.

    ``description``, ``internal_note`` and the ``contact_*`` fields are personal data: an
    erasure or a withdrawal of the contact consent empties them (``erased_at`` set) and keeps
    the anonymous facts (category, score, times, flags) the dashboard counts. Only
    ``customer_reply`` is ever shown to the customer (on the hand-off page).
    """

    __tablename__ = "cases"

    store_id: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str | None] = mapped_column(String(64))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    opened_via: Mapped[str] = mapped_column(String(16))  # farewell | associate
    opened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    category: Mapped[str] = mapped_column(String(32))  # from the content pack
    score: Mapped[int | None] = mapped_column(Integer)  # the farewell NPS that led here
    language: Mapped[str] = mapped_column(String(16), default="en")
    description: Mapped[str | None] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consents.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    acknowledged_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    internal_note: Mapped[str | None] = mapped_column(Text)  # what was done; never shown out
    customer_reply: Mapped[str | None] = mapped_column(Text)  # what the customer is told
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    first_contact: Mapped[bool | None] = mapped_column(Boolean)  # resolved at first contact
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    escalation_reason: Mapped[str | None] = mapped_column(Text)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_cases_open", "store_id", "resolved_at"),
        Index("ix_cases_store_created", "store_id", "created_at"),
    )


class VisitSummary(Synced, Base):
    """What the dashboard counts of one ended visit, written in the same transaction as the
    visit's end (``kiosk.insights.summary`` makes it from the visit's events), so the
    dashboard reads one narrow row per visit instead of scanning every event twice.

    One summary per visit (``visit_id`` is unique). ``store_id`` and ``started_at`` are the
    visit's, copied so that a period is read from this table alone. ``stages`` holds a bit
    per funnel stage the visit proved (see ``kiosk.insights.summary.STAGE_BITS``); ``items``
    the distinct things it viewed and kept, each once (``p:SKU``, ``l:lookbook/scene``,
    ``c:SKU/chapter``, ``k:SKU``). What other tables say later (a link opened, a consent
    given on the phone) is ``later``, set by the store database's triggers; a kiosk's
    dashboard reads those small tables themselves.
    """

    __tablename__ = "visit_summaries"

    visit_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), unique=True
    )
    store_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    dwell_us: Mapped[int] = mapped_column(BigInteger)  # ended_at - started_at, microseconds
    nps: Mapped[int | None] = mapped_column(Integer)
    ces: Mapped[int | None] = mapped_column(Integer)
    stages: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    # On the store's PostgreSQL, the later stages as bits (1 link opened, 2 consent,
    # 4 appointment), set by triggers (migration 0006) whoever writes; 0 on a kiosk.
    later: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    __table_args__ = (
        Index("ix_visit_summaries_store_started", "store_id", "started_at"),
        # the median dwell read in order: an index-only scan instead of sorting the period
        Index(
            "ix_visit_summaries_store_dwell",
            "store_id",
            "dwell_us",
            postgresql_include=["started_at"],
        ),
    )


class VisitDayCount(Base):
    """The visit summaries added up per store and UTC day of the visits' start: one row per
    figure (``#visits``, ``#needs``, ``#promoters``, ``#ces_sum``...) and per viewed or kept
    item (the summaries' ``items`` keys), holding how many visits (or the sum) it counts.

    Kept by triggers on ``visit_summaries`` on PostgreSQL (migration 0006), whoever writes a
    summary (the visit's end, a sync batch, a migration), so 30 days of a store are read from
    a few thousand rows instead of a million summaries; the partial days at a period's ends
    are read from the summaries. Empty, and unread, on a kiosk's SQLite."""

    __tablename__ = "visit_day_counts"

    store_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


OPEN_VISITS_INDEX = Index(
    "ix_visits_store_open",
    Visit.store_id,
    Visit.started_at,
    postgresql_where=Visit.ended_at.is_(None),
    sqlite_where=Visit.ended_at.is_(None),
)
"""The visits still open (few at any time): the dashboard counts them from their events, as
they have no summary yet, without reading every visit of the period to find them."""

CUSTOMER_VISITS_INDEX = Index("ix_visits_customer_id", Visit.customer_id)
"""A known customer's visits: the dashboard's NPS after a case reads their next visit."""


SYNCED_TABLES: tuple[type[Synced], ...] = (
    Associate,
    Customer,
    Visit,
    VisitEvent,
    NeedsAnswer,
    SelectionItem,
    FollowupLink,
    VisitNote,
    Consent,
    ServiceRequest,
    FollowupTask,
    Case,
    VisitSummary,
    Purchase,
    ServiceBooking,
    TouchpointScore,
    Invitation,
    KeyDate,
)
"""In parent-before-child order: the order a sync batch applies them in."""

PULLED_TABLES: tuple[type[Synced], ...] = (
    Associate,
    Customer,
    Consent,
    ServiceRequest,
    FollowupTask,
    Case,
    Purchase,
    ServiceBooking,
    Invitation,
    KeyDate,
)
"""Tables every kiosk of the store keeps a copy of, so associate mode works offline."""
