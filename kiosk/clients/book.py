"""The client book of associate mode: "My clients" (the clients whose advisor I am), a
client's one advisor, and an associate's absence.

A client has an advisor only with an active clienteling consent, and the advisor is an active
associate or manager of the client's store; where a client's requests and tasks go is one
rule, ``kiosk.clients.advisor.route``. An absence (``associates.away_until``) is set by the
associate, or by a manager for anyone (the command line: ``kiosk associates away``).

"My clients" shows a client's name and masked contact, as the search does: the whole
contact only on the profile, once opened. Reads go through ``runtime.reader`` (store-wide
when the store answers, else this kiosk's copy); writes go through the outbox on the kiosk's
recorder (``ClientBook``), as the other profile writes do.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from kiosk.clients import key_dates as kd
from kiosk.clients.consent import CLIENTELING, KEY_DATES, has_active_consent
from kiosk.clients.erasure import withdraw_consent
from kiosk.clients.key_dates import KeyDateView, Saver
from kiosk.clients.lookup import find_query, parse_key
from kiosk.clients.masking import masked_contact
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Associate, Consent, Customer, FollowupTask, Visit
from kiosk.db.outbox import save as outbox_save
from kiosk.db.reads import Read, StoreReader
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.station.runtime import Runtime

SORTS = ("name", "last_visit", "open_tasks", "next_key_date")
ADVISOR_ROLES = ("associate", "manager")
"""Who may be a client's advisor (store IT signs in to run the kiosk, not to sell)."""
MAX_AWAY = dt.timedelta(days=366)


class BookError(KioskError):
    """A change to the client book that cannot be made as asked; nothing was written.
    ``code`` names the reason for a screen: consent, advisor, unknown, refused, date, sort."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class BookRow:
    customer_id: uuid.UUID
    name: str
    masked_contact: str
    member_number: str | None
    last_visit: dt.datetime | None
    open_tasks: int
    next_key_date: dt.date | None
    next_key_kind: str | None


# -- "My clients" -----------------------------------------------------------------------------
def _mine_query(store_id: str, associate_id: uuid.UUID, typed: str) -> Select[Customer]:
    if typed.strip():
        query = find_query(store_id, parse_key(typed))  # ClientLookupError for nonsense
    else:
        query = select(Customer).where(
            Customer.store_id == store_id, Customer.erased_at.is_(None), has_active_consent()
        )
    return query.where(Customer.advisor_id == associate_id)


def _sort_key(sort: str) -> Callable[[BookRow], tuple[object, ...]]:
    far = dt.date.max
    keys: dict[str, Callable[[BookRow], tuple[object, ...]]] = {
        "name": lambda r: (r.name.casefold(), str(r.customer_id)),
        "last_visit": lambda r: (
            r.last_visit is None,
            -(r.last_visit.timestamp() if r.last_visit else 0.0),
            r.name.casefold(),
        ),
        "open_tasks": lambda r: (-r.open_tasks, r.name.casefold()),
        "next_key_date": lambda r: (r.next_key_date or far, r.name.casefold()),
    }
    return keys[sort]


def my_clients(
    s: Session,
    store_id: str,
    associate_id: uuid.UUID,
    today: dt.date,
    sort: str = "next_key_date",
    typed: str = "",
) -> list[BookRow]:
    """The clients whose advisor is ``associate_id`` (with a live clienteling consent), with
    their last visit, open tasks and next key date from ``today``; ``typed`` narrows them as
    the client search does (phone, e-mail, member number)."""
    if sort not in SORTS:
        raise BookError(f"unknown order {sort!r}; one of {', '.join(SORTS)}", "sort")
    customers = s.scalars(_mine_query(store_id, associate_id, typed)).all()
    ids = [c.id for c in customers]
    if not ids:
        return []
    last = dict(
        s.execute(
            select(Visit.customer_id, func.max(Visit.started_at))
            .where(Visit.customer_id.in_(ids))
            .group_by(Visit.customer_id)
        ).all()
    )
    tasks = dict(
        s.execute(
            select(FollowupTask.customer_id, func.count(FollowupTask.id))
            .where(FollowupTask.customer_id.in_(ids), FollowupTask.completed_at.is_(None))
            .group_by(FollowupTask.customer_id)
        ).all()
    )
    sharing = set(
        s.scalars(
            select(Consent.customer_id).where(
                Consent.customer_id.in_(ids),
                Consent.purpose == KEY_DATES,
                Consent.withdrawn_at.is_(None),
            )
        )
    )
    dates: dict[uuid.UUID, list[KeyDateView]] = defaultdict(list)
    for row in s.scalars(
        select(KeyDate).where(
            KeyDate.customer_id.in_(sharing),
            KeyDate.removed_at.is_(None),
            KeyDate.erased_at.is_(None),
        )
    ):
        if row.customer_id is not None and row.month is not None and row.day is not None:
            view = KeyDateView(row.id, row.kind, row.label, row.month, row.day, row.year, "")
            dates[row.customer_id].append(view)
    rows = []
    for c in customers:
        soon = min(dates[c.id], key=lambda v: (v.next_on(today), v.kind), default=None)
        seen = last.get(c.id)
        rows.append(
            BookRow(
                c.id,
                c.full_name or "",
                masked_contact(c),
                c.member_number,
                None if seen is None else (seen if seen.tzinfo else seen.replace(tzinfo=dt.UTC)),
                int(tasks.get(c.id, 0)),
                soon.next_on(today) if soon else None,
                soon.kind if soon else None,
            )
        )
    return sorted(rows, key=_sort_key(sort))


# -- the advisor ------------------------------------------------------------------------------
def _acting(s: Session, by: uuid.UUID, store_id: str) -> Associate:
    who = s.get(Associate, by)
    if who is None or who.store_id != store_id or who.disabled_at is not None:
        raise BookError("only an active associate of this store may do this", "refused")
    return who


def set_advisor(
    s: Session,
    customer_id: uuid.UUID,
    advisor_id: uuid.UUID | None,
    by: uuid.UUID,
    at: dt.datetime,
    save: Saver = outbox_save,
) -> None:
    """Make ``advisor_id`` the client's advisor (None: the client has none). Refused for a
    client without an active clienteling consent, and for an advisor who is not an active
    associate or manager of the client's store."""
    customer = s.get(Customer, customer_id)
    if customer is None or customer.erased_at is not None:
        raise BookError("this client is not known here (yet), or was forgotten", "unknown")
    _acting(s, by, customer.store_id)
    if not s.scalar(select(has_active_consent(CLIENTELING, customer_id))):
        raise BookError("this client has no client profile consent: no advisor", "consent")
    if advisor_id is not None:
        advisor = s.get(Associate, advisor_id)
        if advisor is None or advisor.store_id != customer.store_id:
            raise BookError("the advisor is not an associate of this store", "advisor")
        if advisor.disabled_at is not None:
            raise BookError(f"{advisor.display_name} no longer works here", "advisor")
        if advisor.role not in ADVISOR_ROLES:
            raise BookError("an advisor is an associate or a manager", "advisor")
    if customer.advisor_id == advisor_id:
        return
    customer.advisor_id = advisor_id
    save(s, customer)


def set_away(
    s: Session,
    associate_id: uuid.UUID,
    until: dt.datetime | None,
    by: uuid.UUID | None,
    at: dt.datetime,
    save: Saver = outbox_save,
) -> None:
    """``associate_id`` is away until ``until`` (None: back). An associate sets their own
    absence, a manager anyone's; ``by`` None is the store's command line."""
    who = s.get(Associate, associate_id)
    if who is None:
        raise BookError("no such associate here", "unknown")
    if by is not None and by != associate_id:
        actor = _acting(s, by, who.store_id)
        if actor.role != "manager":
            raise BookError("only a manager sets another associate's absence", "refused")
    elif by is not None:
        _acting(s, by, who.store_id)
    if until is not None:
        if until.tzinfo is None:
            raise BookError("the end of an absence needs a time zone", "date")
        if until <= at:
            raise BookError("the end of an absence is in the future", "date")
        if until > at + MAX_AWAY:
            raise BookError("an absence is set for a year at most", "date")
    current = who.away_until
    if current is not None and current.tzinfo is None:
        current = current.replace(tzinfo=dt.UTC)
    if current == until:
        return
    who.away_until = until
    save(s, who)


# -- as a screen works it ---------------------------------------------------------------------
class ClientBook:
    """The client book as associate mode works it, one operation a method: a read opens its
    own session through the reader (store-wide when the store answers), a write its own
    transaction on this kiosk's database through the outbox, so a screen hands the method
    to ``ui.operations`` (writes on the recorder) and never holds a session. Every refusal
    is raised before anything is written."""

    def __init__(self, engine: Engine, reader: StoreReader, store_id: str) -> None:
        self.engine = engine
        self.reader = reader
        self.store_id = store_id

    @classmethod
    def of(cls, runtime: Runtime) -> ClientBook:
        return cls(runtime.engine, runtime.reader, runtime.config.store_id)

    def mine(
        self, associate_id: uuid.UUID, today: dt.date, sort: str = "next_key_date", typed: str = ""
    ) -> Read[list[BookRow]]:
        store_id = self.store_id
        return self.reader.read(lambda s: my_clients(s, store_id, associate_id, today, sort, typed))

    def key_dates(
        self, customer_id: uuid.UUID, today: dt.date | None = None
    ) -> Read[list[KeyDateView]]:
        return self.reader.read(lambda s: kd.key_dates_of(s, customer_id, today))

    def add_key_date(
        self,
        customer_id: uuid.UUID,
        kind: str,
        month: int,
        day: int,
        year: int | None,
        label: str | None,
        by: uuid.UUID,
        at: dt.datetime,
    ) -> uuid.UUID:
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            return kd.add_key_date(
                s, self.store_id, customer_id, kind, month, day, year, label, by, at
            )

    def remove_key_date(self, key_date_id: uuid.UUID, by: uuid.UUID, at: dt.datetime) -> None:
        with Session(self.engine) as s, s.begin():
            kd.remove_key_date(s, key_date_id, by, at)

    def give_key_dates_consent(
        self, customer_id: uuid.UUID, visit_id: uuid.UUID | None, language: str, at: dt.datetime
    ) -> uuid.UUID:
        with Session(self.engine) as s, s.begin():
            return kd.give_key_dates_consent(s, self.store_id, customer_id, visit_id, language, at)

    def withdraw_key_dates(self, customer_id: uuid.UUID, at: dt.datetime) -> int:
        """The client withdraws the key dates consent: their dates are erased and the
        key-date outreach stops (``kiosk.clients.erasure.withdraw_consent``); the profile
        stands. Returns the consents withdrawn (0: there was none in force)."""
        with Session(self.engine) as s, s.begin():
            return withdraw_consent(s, self.store_id, customer_id, at, KEY_DATES)

    def set_advisor(
        self, customer_id: uuid.UUID, advisor_id: uuid.UUID | None, by: uuid.UUID, at: dt.datetime
    ) -> None:
        with Session(self.engine) as s, s.begin():
            set_advisor(s, customer_id, advisor_id, by, at)

    def set_away(
        self,
        associate_id: uuid.UUID,
        until: dt.datetime | None,
        by: uuid.UUID | None,
        at: dt.datetime,
    ) -> None:
        with Session(self.engine) as s, s.begin():
            set_away(s, associate_id, until, by, at)

    def advisors(self) -> list[tuple[uuid.UUID, str]]:
        """Who may be chosen as an advisor here: active associates and managers, by name."""
        with Session(self.engine) as s:
            rows = s.execute(
                select(Associate.id, Associate.display_name)
                .where(
                    Associate.store_id == self.store_id,
                    Associate.disabled_at.is_(None),
                    Associate.role.in_(ADVISOR_ROLES),
                )
                .order_by(Associate.display_name)
            ).all()
        return [(i, n) for i, n in rows]
