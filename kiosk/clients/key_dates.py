"""Key dates: the dates a client agreed to share (a birthday, an anniversary, a move into a
new home, or one of their own naming), so that their advisor can mark them.

A key date exists only with the client's ``key_dates`` consent, a purpose of its own with its
own wording (assets/i18n/key_dates.json), which an associate records when the client says yes
(``give_key_dates_consent``): a client profile alone is not agreement to keep dates. Each date
repeats the wording version of the consent it rests on. Withdrawing that consent erases the
client's dates (``kiosk.clients.erasure``); removing one date empties it too: nothing of a
removed date is kept, only the row that carries the removal to the other kiosks.

Session-level functions here; ``kiosk.clients.book.ClientBook`` runs them for a screen.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, KEY_DATES, has_active_consent, wording_digest
from kiosk.clock import utcnow
from kiosk.db.base import Synced
from kiosk.db.client_book_rows import KEY_DATE_KINDS, KeyDate
from kiosk.db.models import Consent, Customer, Visit
from kiosk.db.outbox import save as outbox_save
from kiosk.errors import KioskError
from kiosk.ids import uuid7
from kiosk.station.setting_values import SUPPORTED_LANGUAGES
from kiosk.typesetting import visible_text

__all__ = [
    "KEY_DATES",
    "KEY_DATES_WORDING_DIGEST",
    "KEY_DATES_WORDING_KEYS",
    "KEY_DATES_WORDING_VERSION",
    "KeyDateError",
    "KeyDateView",
    "add_key_date",
    "give_key_dates_consent",
    "key_dates_of",
    "key_dates_wording_digest",
    "remove_key_date",
]

KEY_DATES_WORDING_VERSION = "key-dates-2026-12"
"""The version of the key dates wording the client agrees to (recorded with the consent and
repeated on every date that rests on it)."""
KEY_DATES_WORDING_KEYS = ("clients.key_dates.wording", "clients.key_dates.ask")
"""The strings that make up that agreement (assets/i18n/key_dates.json)."""
KEY_DATES_WORDING_DIGEST = "e10e662bd72d75fa"
"""The digest of that wording in every language: a test fails when the wording changes and
this does not (change the text, bump the version, record the digest)."""

MAX_LABEL = 80
MAX_KEY_DATES = 20
"""Dates one client may have at once: a client book, not a calendar."""
EARLIEST_YEAR = 1900
YEARS_AHEAD = 2
"""A move-in may be planned; nothing further ahead is a key date yet."""
ONE_ONLY = ("birthday",)

Saver = Callable[[Session, Synced], None]


class KeyDateError(KioskError):
    """A key date that cannot be recorded or removed as asked; nothing was written.
    ``field`` names what is wrong for the screen: kind, label, date or consent."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class KeyDateView:
    id: uuid.UUID
    kind: str
    label: str | None
    month: int
    day: int
    year: int | None
    wording_version: str

    def next_on(self, today: dt.date) -> dt.date:
        """The next time this date comes round, ``today`` included; 29 February falls on
        28 February in common years."""
        for year in (today.year, today.year + 1):
            day = self.day if calendar.isleap(year) or (self.month, self.day) != (2, 29) else 28
            when = dt.date(year, self.month, day)
            if when >= today:
                return when
        raise AssertionError("a date comes round within a year")  # pragma: no cover


def key_dates_wording_digest() -> str:
    return wording_digest(KEY_DATES_WORDING_KEYS)


def _live_client(s: Session, customer_id: uuid.UUID, store_id: str | None) -> Customer:
    customer = s.get(Customer, customer_id)
    if customer is None:
        raise KeyDateError(
            "this client has not reached this kiosk yet: try after its next sync", "consent"
        )
    if customer.erased_at is not None:
        raise KeyDateError("this client was forgotten", "consent")
    if store_id is not None and customer.store_id != store_id:
        raise KeyDateError("this client belongs to another store", "consent")
    if not s.scalar(select(has_active_consent(CLIENTELING, customer_id))):
        raise KeyDateError("this client has no client profile consent", "consent")
    return customer


def active_key_dates_consent(s: Session, customer_id: uuid.UUID) -> Consent | None:
    """The client's key dates consent in force, the most recent if several."""
    return s.scalars(
        select(Consent)
        .where(
            Consent.customer_id == customer_id,
            Consent.purpose == KEY_DATES,
            Consent.withdrawn_at.is_(None),
        )
        .order_by(Consent.given_at.desc(), Consent.id)
    ).first()


def give_key_dates_consent(
    s: Session,
    store_id: str,
    customer_id: uuid.UUID,
    visit_id: uuid.UUID | None,
    language: str,
    at: dt.datetime,
    save: Saver = outbox_save,
) -> uuid.UUID:
    """The client said yes to the key dates wording, read in ``language``: the consent, given
    to an associate (``given_via`` "associate"). Only for a client with a profile consent;
    a consent already in force is returned as it is."""
    _live_client(s, customer_id, store_id)
    if language not in SUPPORTED_LANGUAGES:
        raise KeyDateError(f"no key dates wording in {language!r}", "consent")
    current = active_key_dates_consent(s, customer_id)
    if current is not None:
        return current.id
    if visit_id is not None and s.get(Visit, visit_id) is None:
        visit_id = None  # a visit of another kiosk: the consent stands without it
    consent = Consent(
        id=uuid7(),
        store_id=store_id,
        customer_id=customer_id,
        visit_id=visit_id,
        purpose=KEY_DATES,
        wording_version=KEY_DATES_WORDING_VERSION,
        language=language,
        given_via="associate",
        given_at=at,
    )
    save(s, consent)
    return consent.id


def check_date(month: int, day: int, year: int | None, kind: str, today: dt.date) -> None:
    """A real day of the calendar (29 February only in a leap year when the year is given),
    in a plausible year: a birthday not in the future, nothing beyond ``YEARS_AHEAD``."""
    if not 1 <= month <= 12:
        raise KeyDateError("the month is from 1 to 12", "date")
    if year is not None and not EARLIEST_YEAR <= year <= today.year + YEARS_AHEAD:
        raise KeyDateError(
            f"the year is from {EARLIEST_YEAR} to {today.year + YEARS_AHEAD}, or left out", "date"
        )
    last = calendar.monthrange(2000 if year is None else year, month)[1]
    if not 1 <= day <= last:
        raise KeyDateError(f"that month has {last} days", "date")
    if kind == "birthday" and year is not None and dt.date(year, month, day) > today:
        raise KeyDateError("a birthday cannot be in the future", "date")


def clean_label(kind: str, label: str | None) -> str | None:
    """The label as it can be stored and shown: one line, required for ``other``."""
    text = visible_text(label or "", lines=False)
    if kind == "other" and not text:
        raise KeyDateError("a date of the client's own needs a name", "label")
    if len(text) > MAX_LABEL:
        raise KeyDateError(f"a name has at most {MAX_LABEL} characters", "label")
    return text or None


def add_key_date(
    s: Session,
    store_id: str,
    customer_id: uuid.UUID,
    kind: str,
    month: int,
    day: int,
    year: int | None,
    label: str | None,
    by: uuid.UUID | None,
    at: dt.datetime,
    save: Saver = outbox_save,
) -> uuid.UUID:
    """Record a date the client shared; every refusal is a KeyDateError raised before
    anything is written."""
    if kind not in KEY_DATE_KINDS:
        raise KeyDateError(
            f"unknown kind of date {kind!r}; one of {', '.join(KEY_DATE_KINDS)}", "kind"
        )
    text = clean_label(kind, label)
    check_date(month, day, year, kind, at.date())
    _live_client(s, customer_id, store_id)
    consent = active_key_dates_consent(s, customer_id)
    if consent is None:
        raise KeyDateError("the client has not agreed to share key dates", "consent")
    live = key_dates_of(s, customer_id, at.date())
    if len(live) >= MAX_KEY_DATES:
        raise KeyDateError(f"a client has at most {MAX_KEY_DATES} key dates", "date")
    for v in live:
        if v.kind == kind and kind in ONE_ONLY:
            raise KeyDateError("the client already has a birthday: remove it first", "kind")
        if (v.kind, v.label, v.month, v.day, v.year) == (kind, text, month, day, year):
            raise KeyDateError("the client already has this date", "date")
    row = KeyDate(
        id=uuid7(),
        store_id=store_id,
        customer_id=customer_id,
        consent_id=consent.id,
        wording_version=consent.wording_version,
        kind=kind,
        label=text,
        month=month,
        day=day,
        year=year,
        created_by=by,
        created_at=at,
    )
    save(s, row)
    return row.id


def remove_key_date(
    s: Session,
    key_date_id: uuid.UUID,
    by: uuid.UUID | None,
    at: dt.datetime,
    save: Saver = outbox_save,
) -> None:
    """The client no longer wants this date kept: it is emptied and marked removed (the row
    carries the removal to the store and every kiosk). ``by`` is who removed it (not kept:
    the row records the date's own history only)."""
    row = s.get(KeyDate, key_date_id)
    if row is None or row.erased_at is not None:
        raise KeyDateError("this date is not known here (yet), or was erased", "date")
    if row.removed_at is not None:
        raise KeyDateError("this date was already removed", "date")
    empty(row)
    row.removed_at = at
    save(s, row)


def empty(row: KeyDate) -> bool:
    """Empty a date's personal fields; True if there was anything to empty."""
    had = any(v is not None for v in (row.label, row.month, row.day, row.year))
    row.label = row.month = row.day = row.year = None
    return had


def key_dates_of(
    s: Session, customer_id: uuid.UUID, today: dt.date | None = None
) -> list[KeyDateView]:
    """The client's live dates (not removed, not erased, consent in force), the next to come
    round first (from ``today``, by default the calendar's today in UTC)."""
    rows = s.scalars(
        select(KeyDate).where(
            KeyDate.customer_id == customer_id,
            KeyDate.removed_at.is_(None),
            KeyDate.erased_at.is_(None),
            KeyDate.month.is_not(None),
            KeyDate.day.is_not(None),
            has_active_consent(KEY_DATES, customer_id),
        )
    ).all()
    views = [
        KeyDateView(r.id, r.kind, r.label, r.month, r.day, r.year, r.wording_version)
        for r in rows
        if r.month is not None and r.day is not None
    ]
    day = today or utcnow().date()
    return sorted(views, key=lambda v: (v.next_on(day), v.kind, str(v.id)))
