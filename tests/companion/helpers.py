"""Kiosk-side actions the companion's tests make: a customer's request on a kiosk, a
request from the phone page for a client's advisor, the live stream read over a socket."""

from __future__ import annotations

import datetime as dt
import socket
import uuid

from sqlalchemy.orm import Session

from kiosk.db.models import Customer, FollowupTask, ServiceRequest, utcnow
from kiosk.db.versions import store_save
from kiosk.station.runtime import Runtime
from kiosk.visit.stages import EndReason
from tests.companion.conftest import Shop


def customer_asks(shop: Shop, rt: Runtime | None = None, kind: str = "associate") -> uuid.UUID:
    """A customer on kiosk A (or ``rt``) taps "An associate, please"; the kiosk pushes."""
    kiosk = rt or shop.kiosk
    kiosk.journey.begin("en").result()
    request_id = kiosk.journey.request_service(kind).result()
    kiosk.journey.end(EndReason.COMPLETED).result()  # the customer walks on; the ask stays
    shop.push(kiosk)
    return request_id


def client_in_store(shop: Shop, advisor: uuid.UUID, area: str = "Salon") -> uuid.UUID:
    """A client's "I'm in the store" from their phone page: written store side, for their
    advisor, as ``kiosk.handoff.in_store`` does."""
    with Session(shop.engine) as s, s.begin():
        row = ServiceRequest(
            store_id="store-7",
            kiosk_id="phone",
            kind="in_store",
            for_associate=advisor,
            area=area,
            created_at=utcnow(),
        )
        store_save(s, row)
        return row.id


class Stream:
    """``/c/events`` read as a browser's EventSource would, one event at a time."""

    def __init__(self, port: int, cookies: dict[str, str]) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.sock.sendall(
            b"GET /c/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + f"Cookie: {cookie}\r\n\r\n".encode()
        )
        self.buffer = b""
        head = self._until(b"\r\n\r\n")
        self.status = int(head.split(b" ", 2)[1])
        self.headers = head.decode("latin-1").lower()

    def _until(self, mark: bytes) -> bytes:
        while mark not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the stream ended")
            self.buffer += chunk
        found, _, self.buffer = self.buffer.partition(mark)
        return found

    def next_event(self) -> tuple[str, str]:
        """The next named event and its data (chunked framing lines dropped)."""
        while True:
            block = self._until(b"\n\n").decode()
            lines = [ln for ln in block.split("\n") if ln.startswith(("event:", "data:"))]
            name = next((ln[6:].strip() for ln in lines if ln.startswith("event:")), "")
            if name:
                return name, "\n".join(ln[5:].strip() for ln in lines if ln.startswith("data:"))

    def close(self) -> None:
        self.sock.close()


def case_opened(shop: Shop, category: str = "delivery_delay") -> uuid.UUID:
    """A service-recovery case of the store (as a kiosk's farewell opens one), in the store
    database; its words and contact are left empty: the list never shows them."""
    from kiosk.db.models import Case

    with Session(shop.engine) as s, s.begin():
        row = Case(
            store_id="store-7",
            kiosk_id="kiosk-a",
            opened_via="farewell",
            category=category,
            language="en",
            description="The delivery came a week late.",
            created_at=utcnow(),
        )
        store_save(s, row)
        return row.id


CLIENT = "Hélène Marchetti"


def task_for(
    shop: Shop, assignee: str, due_in: dt.timedelta = dt.timedelta(0), kind: str = "thank_you"
) -> uuid.UUID:
    """A follow-up of a named client in the store database, as a kiosk's sweep makes one."""
    who = shop.directory().find(assignee).id
    with Session(shop.engine) as s, s.begin():
        client = Customer(store_id="store-7", full_name=CLIENT, created_at=utcnow())
        store_save(s, client)
        task = FollowupTask(
            store_id="store-7",
            customer_id=client.id,
            kind=kind,
            due_at=utcnow() + due_in,
            assigned_to=who,
            created_at=utcnow(),
        )
        store_save(s, task)
        return task.id
