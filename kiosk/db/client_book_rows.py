"""The client book: the dates a client agreed to share, and (on existing tables) the client's
one advisor, an associate's absence, where a request is for, and how an outreach was made.

``KeyDate`` is a synced row of its own, stamped and pulled to every kiosk like clients and
consents, so associate mode offline knows the dates that matter. A key date exists only with
the client's ``key_dates`` consent (``consent_id``, whose wording version it repeats): no
consent, no date. The columns added to existing tables by migration ``0009_client_book``:

- ``customers.advisor_id`` - the client's one advisor (an associate), set in the profile by an
  associate or a manager, only for a client with an active clienteling consent.
- ``associates.away_until`` - an associate away (holiday, training) until then: a client's
  request, task or outreach goes to the store instead of an advisor away for longer than the
  ``advisor_away_hours`` setting (``kiosk.clients.advisor.route``).
- ``service_requests.for_associate`` - whom a request is for first (the client's advisor);
  NULL: anyone. ``service_requests.area`` - the kiosk or area a customer chose ("I'm in the
  store" on the phone page); NULL: not said.
- ``followup_tasks.channel`` - how an outreach was made: ``call``, ``message``, ``in_store``
  or ``letter`` (``outcome`` holds its result).

Personal data, and what an erasure does to it (``kiosk.clients.erasure``): a key date's
``label``, ``month``, ``day`` and ``year`` are emptied and ``erased_at`` set (the row stays,
so the erasure travels like any update); ``customers.advisor_id`` is cleared with the rest of
the profile; outreach tasks are closed as other tasks are.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utcnow
from kiosk.db.base import Base, StoreStamped, Synced, UtcDateTime

KEY_DATE_KINDS = ("birthday", "anniversary", "move_in", "other")
"""What a key date is; ``other`` carries the client's own ``label``."""

CHANNELS = ("call", "message", "in_store", "letter")
"""How an outreach was made (``FollowupTask.channel``)."""


class KeyDate(Synced, StoreStamped, Base):
    """A date a client agreed to share: a birthday, an anniversary, a move-in date, or one of
    their own naming. ``year`` is optional (a birthday without the year); ``month`` and
    ``day`` are NULL only once erased. Removing a date sets ``removed_at``; an erasure empties
    the row and sets ``erased_at``."""

    __tablename__ = "key_dates"

    store_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), index=True)
    consent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("consents.id"))
    wording_version: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))  # KEY_DATE_KINDS
    label: Mapped[str | None] = mapped_column(String(80))
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)
    year: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associates.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    erased_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_key_dates_store_month_day", "store_id", "month", "day"),)
