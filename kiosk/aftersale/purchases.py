"""The sale an associate records in the consultation: items, quantities, finishes, the till's
order reference, and which items need delivery and which installation.

A purchase is its own synced row (``kiosk.db.after_sale_rows.Purchase``), written on the
kiosk through the outbox in one transaction, so it survives the store database being away
and travels like every record (version guard, erasable link to a client). Checked first
(``check_sale``): a refusal names the field and stores nothing. Reads go through the store
reader: the store database when it answers, else this kiosk's pulled copy.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.after_sale_rows import SERVICES, Purchase, ServiceBooking
from kiosk.db.models import Customer, OutboxEntry, Visit
from kiosk.db.outbox import save
from kiosk.db.reads import Read, Scope, StoreReader
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.aftersale.capacity import Capacity
    from kiosk.content.model import ContentPack

MAX_QUANTITY = 99
MAX_LINES = 40
MAX_ORDER_REF = 40
_ORDER_REF = re.compile(r"^[A-Za-z0-9/ -]+$")


class SaleError(KioskError):
    """A sale refused before anything is stored; ``field`` is what the associate corrects:
    ``items``, ``sku``, ``quantity``, ``finish`` or ``order_ref`` (``visit`` or ``customer``
    when the sale names a record this kiosk does not have)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SaleLine:
    sku: str
    quantity: int
    finish: str | None
    delivery: bool
    installation: bool


@dataclass(frozen=True)
class ItemView(SaleLine):
    """An item of a recorded sale: the line as it was checked and stored."""


@dataclass(frozen=True)
class BookingView:
    id: uuid.UUID
    purchase_id: uuid.UUID
    service: str
    day: dt.date
    slot: str
    start: dt.time | None  # None: the slot is no longer in the store's capacity
    end: dt.time | None
    status: str  # booked | done | cancelled
    done_at: dt.datetime | None


@dataclass(frozen=True)
class PurchaseView:
    id: uuid.UUID
    visit_id: uuid.UUID | None
    customer_id: uuid.UUID | None
    created_at: dt.datetime
    order_ref: str
    items: tuple[ItemView, ...]
    bookings: tuple[BookingView, ...]  # live ones (booked or done)

    def needs(self) -> tuple[str, ...]:
        """The services some item needs, in ``SERVICES`` order."""
        return tuple(s for s in SERVICES if any(getattr(i, s) for i in self.items))

    def unbooked(self) -> tuple[str, ...]:
        """The services needed and not booked (nor done) yet."""
        booked = {b.service for b in self.bookings}
        return tuple(s for s in self.needs() if s not in booked)


def _finish_ids(product: object) -> tuple[str, ...]:
    # Product.finishes comes with the content branch; a pack without it has no finishes
    return tuple(f.id for f in getattr(product, "finishes", ()))


def check_sale(
    pack: ContentPack, lines: Sequence[SaleLine], order_ref: str
) -> tuple[tuple[SaleLine, ...], str]:
    """The lines and the order reference, cleaned; SaleError naming the first fault."""
    if not lines:
        raise SaleError("a sale needs at least one item", "items")
    if len(lines) > MAX_LINES:
        raise SaleError(f"a sale holds at most {MAX_LINES} lines", "items")
    clean: list[SaleLine] = []
    for line in lines:
        sku = line.sku.strip()
        product = pack.product(sku)
        if product is None:
            raise SaleError(f"no item '{sku[:40]}' in the catalogue", "sku")
        quantity = line.quantity
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise SaleError(f"{sku}: the quantity must be a whole number", "quantity")
        if not 1 <= quantity <= MAX_QUANTITY:
            raise SaleError(f"{sku}: the quantity must be from 1 to {MAX_QUANTITY}", "quantity")
        finish = (line.finish or "").strip() or None
        finishes = _finish_ids(product)
        if finish is not None and finish not in finishes:
            offered = f" (offered: {', '.join(finishes)})" if finishes else " (it has none)"
            raise SaleError(f"{sku}: no finish '{finish[:40]}'{offered}", "finish")
        clean.append(SaleLine(sku, quantity, finish, bool(line.delivery), bool(line.installation)))
    ref = " ".join(order_ref.split())
    if not ref:
        raise SaleError("the till's order reference is needed", "order_ref")
    if len(ref) > MAX_ORDER_REF:
        raise SaleError(f"the order reference is at most {MAX_ORDER_REF} characters", "order_ref")
    if not _ORDER_REF.match(ref):
        raise SaleError(
            "the order reference holds letters, digits, '-', '/' and spaces only", "order_ref"
        )
    return tuple(clean), ref


def items_of(purchase: Purchase) -> tuple[ItemView, ...]:
    return tuple(
        ItemView(
            sku=str(i.get("sku", "")),
            quantity=int(i.get("quantity", 1)),
            finish=i.get("finish"),
            delivery=bool(i.get("delivery")),
            installation=bool(i.get("installation")),
        )
        for i in purchase.items or ()
    )


def booking_view(row: ServiceBooking, capacity: Capacity | None = None) -> BookingView:
    slot = capacity.slot(row.day, row.slot) if capacity is not None else None
    return BookingView(
        id=row.id,
        purchase_id=row.purchase_id,
        service=row.service,
        day=row.day,
        slot=row.slot,
        start=slot.start if slot else None,
        end=slot.end if slot else None,
        status=row.status,
        done_at=row.done_at,
    )


def purchase_view(s: Session, row: Purchase, capacity: Capacity | None = None) -> PurchaseView:
    live = s.scalars(
        select(ServiceBooking)
        .where(ServiceBooking.purchase_id == row.id, ServiceBooking.cancelled_at.is_(None))
        .order_by(ServiceBooking.service, ServiceBooking.created_at)
    ).all()
    return PurchaseView(
        id=row.id,
        visit_id=row.visit_id,
        customer_id=row.customer_id,
        created_at=row.created_at,
        order_ref=row.order_ref or "",
        items=items_of(row),
        bookings=tuple(booking_view(b, capacity) for b in live),
    )


class PurchaseBook:
    """Recording sales on this kiosk (on the recorder) and reading them store-wide."""

    def __init__(
        self,
        engine: Engine,
        reader: StoreReader,
        store_id: str,
        kiosk_id: str,
        capacity: Capacity | None = None,
    ) -> None:
        self.reader = reader
        self.store_id = store_id
        self.kiosk_id = kiosk_id
        self.capacity = capacity  # for the bookings' times of day; None: times not known
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def record(
        self,
        pack: ContentPack,
        visit_id: uuid.UUID | None,
        customer_id: uuid.UUID | None,
        associate_id: uuid.UUID | None,
        lines: Sequence[SaleLine],
        order_ref: str,
        language: str,
        at: dt.datetime,
    ) -> uuid.UUID:
        """Check and write the sale with its outbox entry in one local transaction; SaleError,
        nothing stored, on bad input. A visit's client is the sale's when none is given."""
        clean, ref = check_sale(pack, lines, order_ref)
        with self._sessions.begin() as s:
            if visit_id is not None:
                visit = s.get(Visit, visit_id)
                if visit is None:
                    raise SaleError("the visit of this sale is not on this kiosk", "visit")
                customer_id = customer_id or visit.customer_id
            if customer_id is not None and s.get(Customer, customer_id) is None:
                raise SaleError("the client of this sale is not known on this kiosk", "customer")
            purchase = Purchase(
                store_id=self.store_id,
                kiosk_id=self.kiosk_id,
                visit_id=visit_id,
                customer_id=customer_id,
                associate_id=associate_id,
                order_ref=ref,
                items=[_item(line) for line in clean],
                language=(language or "en").strip()[:16],
                created_at=at,
            )
            save(s, purchase)
            return purchase.id

    def for_visit(self, visit_id: uuid.UUID) -> Read[list[PurchaseView]]:
        return self._list(Purchase.visit_id == visit_id)

    def for_client(self, customer_id: uuid.UUID) -> Read[list[PurchaseView]]:
        return self._list(Purchase.customer_id == customer_id)

    def get(self, purchase_id: uuid.UUID) -> Read[PurchaseView | None]:
        found = self._list(Purchase.id == purchase_id)
        return Read(found.value[0] if found.value else None, found.scope)

    def _list(self, where: Any) -> Read[list[PurchaseView]]:
        """Store-wide, with the sales recorded here and not sent yet laid over: a sale
        recorded a moment ago is on the profile at once (as ``kiosk.associates.due``)."""

        def query(s: Session, only: set[uuid.UUID] | None = None) -> list[PurchaseView]:
            stmt = select(Purchase).where(
                where, Purchase.store_id == self.store_id, Purchase.cancelled_at.is_(None)
            )
            if only is not None:
                stmt = stmt.where(Purchase.id.in_(only))
            rows = s.scalars(stmt).all()
            return [purchase_view(s, r, self.capacity) for r in rows]

        # The unsent sales first, then the store: a sale the sync sends in between is in the
        # store's answer. Asked after, it was in neither (the store read before it arrived,
        # the outbox after it left): a sale just recorded was "not found" now and then.
        with Session(self.reader.local) as s:
            pending = set(
                s.scalars(
                    select(OutboxEntry.row_id).where(
                        OutboxEntry.table_name == Purchase.__tablename__
                    )
                )
            )
        result = self.reader.read(query)
        if result.scope is not Scope.STORE:
            return Read(_newest_first(result.value), result.scope)
        with Session(self.reader.local) as s:
            mine = query(s, pending) if pending else []
        kept = [p for p in result.value if p.id not in pending]
        return Read(_newest_first(kept + mine), Scope.STORE)


def _newest_first(views: list[PurchaseView]) -> list[PurchaseView]:
    return sorted(views, key=lambda p: (p.created_at, p.id), reverse=True)


def _item(line: SaleLine) -> dict[str, Any]:
    return {
        "sku": line.sku,
        "quantity": line.quantity,
        "finish": line.finish,
        "delivery": line.delivery,
        "installation": line.installation,
    }
