"""Two kiosks and a store database with a known client, and a scan of every table for them."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session

from kiosk.clients.lookup import normalise_email, normalise_phone
from kiosk.db.models import Associate, Case, Consent, Customer, FollowupTask, Visit, utcnow
from kiosk.db.outbox import save
from kiosk.recovery.cases import CaseReport
from kiosk.station.runtime import Runtime
from kiosk.sync import SyncWorker, open_store
from kiosk.visit.journey import EndReason

STORE_ID = "store-7"
NAME = "Élise Marchand-Vuillard"
PHONE_TYPED = "+44 20 7946 0018"
EMAIL_TYPED = "Elise.Private@Example.org"
MEMBER = "MV-40917"
PROFILE_NOTE = "Allergic to lilies; prefers Tuesday mornings"
NOTE_A = "Anniversary gift for her husband, thinks about the walnut bureau"
NOTE_B = "Lives near Regent's Park, asked about delivery to the flat"
TASK_NOTE = "Call after six about the Sable sofa in ochre"
CASE_TEXT = "The bureau arrived with a torn seam on the leather top"
CASE_NOTE = "Workshop re-covers the top; the courier was told off"
CASE_REPLY = "Our workshop is re-covering your bureau top this week"
ORDER_REF = "ORD-EMV 2026/77419"
SCORE_WORD = "The fitter left crumbs by the piano"
PHONE_WORD = "Happy, though the drawer squeaks"
KEY_LABEL = "Her niece's vernissage at Galerie Perrotin"


def needles() -> list[str]:
    """Every way the client's personal data could be written down."""
    phone = normalise_phone(PHONE_TYPED)
    return [
        NAME,
        "Marchand",
        PHONE_TYPED,
        phone,
        phone.lstrip("+"),
        EMAIL_TYPED,
        normalise_email(EMAIL_TYPED),
        MEMBER,
        PROFILE_NOTE,
        "Tuesday mornings",
        NOTE_A,
        NOTE_B,
        TASK_NOTE,
        "ochre",
        CASE_TEXT,
        "torn seam",
        CASE_NOTE,
        CASE_REPLY,
        ORDER_REF,
        "77419",
        SCORE_WORD,
        "crumbs",
        PHONE_WORD,
        "squeaks",
        KEY_LABEL,
        "Perrotin",
    ]


def case_for(
    kiosk: Runtime,
    client: Client | None,
    visit_id: uuid.UUID | None,
    resolve: bool = False,
) -> uuid.UUID:
    """A service-recovery case with the client's words and contact, opened as the farewell
    screen does (a visit) or as an associate does for the client in person (no visit), and
    resolved with a note and a reply when asked."""
    report = CaseReport(
        category="delivery",
        description=CASE_TEXT,
        contact_name=NAME,
        contact_phone=PHONE_TYPED,
        contact_email=EMAIL_TYPED,
        consent=True,
        score=4,
    )
    cases = kiosk.cases
    by = associate(kiosk) if visit_id is None else None
    categories = [c.id for c in kiosk.pack.case_categories]
    case_id = cases.open_case(
        report,
        categories,
        at=utcnow(),
        visit_id=visit_id,
        customer_id=client.id if client and visit_id is None else None,
        opened_by=by,
    )
    if resolve:
        cases.resolve(
            case_id,
            associate(kiosk),
            utcnow(),
            internal_note=CASE_NOTE,
            customer_reply=CASE_REPLY,
            first_contact=False,
            escalated=True,
            escalation_reason=f"Sent to the workshop for {NAME}",
        )
    return case_id


def case_facts(engine: Engine) -> list[tuple[object, ...]]:
    """What the dashboard counts of every case: kept by an erasure."""
    with Session(engine) as s:
        rows = s.execute(
            select(
                Case.id,
                Case.category,
                Case.score,
                Case.created_at,
                Case.resolved_at,
                Case.first_contact,
                Case.escalated,
                Case.opened_via,
            ).order_by(Case.id)
        ).all()
    return [tuple(r) for r in rows]


@dataclass
class Client:
    id: uuid.UUID
    visits: list[uuid.UUID] = field(default_factory=list)


def enrol(kiosk: Runtime, at: dt.datetime | None = None) -> Client:
    """The client's profile and contact consent, written on a kiosk as the kiosk would."""
    at = at or utcnow()
    with Session(kiosk.engine) as s, s.begin():
        customer = Customer(
            store_id=STORE_ID,
            full_name=NAME,
            phone=normalise_phone(PHONE_TYPED),
            email=normalise_email(EMAIL_TYPED),
            member_number=MEMBER,
            preferences={"materials": ["walnut"], "remark": "Tuesday mornings"},
            notes=PROFILE_NOTE,
            created_at=at,
        )
        save(s, customer)
        cid = customer.id
    return Client(cid)


def client_visit(kiosk: Runtime, client: Client, note: str, nps: int, outcome: str) -> uuid.UUID:
    """A visit attached to the client with their consent, an associate's note, an outcome."""
    journey = kiosk.journey
    journey.begin("en").result()
    state = journey.state
    assert state is not None
    visit_id = state.visit_id
    journey.set_selected("SKU-1", True).result()
    with Session(kiosk.engine) as s, s.begin():
        visit = s.get(Visit, visit_id)
        assert visit is not None
        visit.customer_id = client.id
        save(s, visit)
        save(
            s,
            Consent(
                customer_id=client.id,
                visit_id=visit_id,
                purpose="followup_contact",
                wording_version="contact-v1-en-test",
                language="en",
                given_via="kiosk",
            ),
        )
    journey.add_note(associate(kiosk), note).result()
    journey.record_outcome(outcome, ["SKU-1"], None).result()
    journey.feedback("nps", nps).result()
    journey.end(EndReason.COMPLETED).result()
    client.visits.append(visit_id)
    return visit_id


def associate(kiosk: Runtime) -> uuid.UUID:
    """An associate of the store (written directly: the PIN plays no part here)."""
    with Session(kiosk.engine) as s, s.begin():
        found = s.scalar(select(Associate.id).where(Associate.store_id == STORE_ID))
        if found is not None:
            return found
        row = Associate(store_id=STORE_ID, display_name="Advisor", role="manager", pin_hash="x")
        save(s, row)
        return row.id


def page_task(store_url: str, client: Client, visit_id: uuid.UUID) -> uuid.UUID:
    """A follow-up task the follow-up page made in the store database, with a note."""
    store = open_store(store_url)
    try:
        with Session(store) as s, s.begin():
            task = FollowupTask(
                store_id=STORE_ID,
                visit_id=visit_id,
                customer_id=client.id,
                kind="contact",
                due_at=utcnow() + dt.timedelta(days=2),
                details={"requested_via": "page", "language": "en", "note": TASK_NOTE},
            )
            s.add(task)
            s.flush()
            return task.id
    finally:
        store.dispose()


def sync(kiosk: Runtime, store_url: str) -> None:
    store = open_store(store_url)
    try:
        SyncWorker(kiosk.engine, store, STORE_ID).run_pass()
    finally:
        store.dispose()


def dump(engine: Engine) -> dict[str, str]:
    """Every table of a database as one text each (all columns, all rows, JSON included)."""
    out = {}
    names = inspect(engine).get_table_names()
    with engine.connect() as conn:
        for name in names:
            if engine.dialect.name == "postgresql":
                rows = conn.execute(text(f'SELECT t::text FROM "{name}" t')).scalars().all()
            else:
                rows = [repr(tuple(r)) for r in conn.execute(text(f'SELECT * FROM "{name}"'))]
            out[name] = "\n".join(rows)
    return out


def found(engines: dict[str, Engine], words: list[str]) -> list[str]:
    """Where any of ``words`` (as typed, or as JSON escapes them) appears, as "db.table: word"."""
    hits = []
    forms = {w: {w.casefold(), json.dumps(w)[1:-1].casefold()} for w in words}
    for db, engine in engines.items():
        for table, content in dump(engine).items():
            folded = content.casefold()
            for word, variants in forms.items():
                if any(_occurs(v, folded) for v in variants):
                    hits.append(f"{db}.{table}: {word}")
    return hits


def _occurs(word: str, text: str) -> bool:
    """``word`` in ``text``; a word of digits alone only where no digit or hex letter is
    beside it: "77419" (an order's number) was once found inside a random id's hex or a
    timestamp's microseconds, a failure one run in a few hundred."""
    if not word.isdigit():
        return word in text
    return re.search(rf"(?<![0-9a-f]){word}(?![0-9a-f])", text) is not None


def visit_stats(engine: Engine, ids: list[uuid.UUID]) -> list[tuple[object, ...]]:
    with Session(engine) as s:
        rows = s.execute(
            select(Visit.id, Visit.outcome, Visit.nps, Visit.stage, Visit.end_reason)
            .where(Visit.id.in_(ids))
            .order_by(Visit.id)
        ).all()
    return [tuple(r) for r in rows]


def kiosk_path(kiosk: Runtime) -> Path:
    return Path(kiosk.config.local_db_path)


def raw_hits(kiosk: Runtime, words: list[str]) -> list[str]:
    """The words found in the bytes of the kiosk's database files (the file, its write-ahead
    log, its shared memory): erased text must not linger in free pages or old WAL frames."""
    hits = []
    for path in sorted(kiosk_path(kiosk).parent.glob("kiosk.sqlite3*")):
        data = path.read_bytes()
        for word in words:
            forms = {word.encode(), json.dumps(word)[1:-1].encode()}
            if any(f in data for f in forms):
                hits.append(f"{path.name}: {word}")
    return hits


def sale_for(kiosk: Runtime, client: Client, visit_id: uuid.UUID | None) -> uuid.UUID:
    """A sale with the till's order reference, recorded in the client's visit (the visit's
    client is the sale's) or for the client in person; its delivery booked in the store
    database (bookings hold nothing personal and stay), and a score given by phone on the
    kiosk with the customer's word."""
    from kiosk.aftersale.purchases import SaleLine
    from kiosk.db.after_sale_rows import TouchpointScore

    fridge = SaleLine("MV-CL-FR75", 1, None, delivery=True, installation=True)
    at = utcnow()
    purchase_id = kiosk.recorder.submit(
        lambda: kiosk.purchases.record(
            kiosk.pack,
            visit_id,
            None if visit_id else client.id,
            None,
            [fridge],
            ORDER_REF,
            "en",
            at,
        )
    ).result()
    capacity = kiosk.bookings.capacity
    day = at.astimezone().date() + dt.timedelta(days=2)
    while capacity.is_closed(day):
        day += dt.timedelta(days=1)
    kiosk.bookings.book(purchase_id, "delivery", day, capacity.slots_on(day)[0].name, None, at)
    with Session(kiosk.engine) as s, s.begin():
        phone = TouchpointScore(
            store_id=STORE_ID,
            touchpoint="purchase",
            purchase_id=purchase_id,
            visit_id=visit_id,
            customer_id=client.id,
            score=8,
            comment=PHONE_WORD,
            given_via="phone",
            given_at=at,
        )
        save(s, phone)
    return purchase_id


def page_score(store_url: str, client: Client, purchase_id: uuid.UUID) -> None:
    """A score the customer gave on the follow-up page, with a word, in the store database."""
    from kiosk.db.after_sale_rows import TouchpointScore

    store = open_store(store_url)
    try:
        with Session(store) as s, s.begin():
            s.add(
                TouchpointScore(
                    store_id=STORE_ID,
                    touchpoint="delivery",
                    purchase_id=purchase_id,
                    customer_id=client.id,
                    score=9,
                    comment=SCORE_WORD,
                    given_via="page",
                )
            )
    finally:
        store.dispose()


def sale_facts(engine: Engine) -> list[tuple[object, ...]]:
    """What the dashboard counts of every sale, booking and score: kept by an erasure."""
    from kiosk.db.after_sale_rows import Purchase, ServiceBooking, TouchpointScore

    with Session(engine) as s:
        sales = s.execute(select(Purchase.id, Purchase.items, Purchase.created_at)).all()
        bookings = s.execute(
            select(ServiceBooking.id, ServiceBooking.day, ServiceBooking.slot)
        ).all()
        scores = s.execute(select(TouchpointScore.id, TouchpointScore.score)).all()
    return sorted(tuple(map(str, r)) for r in [*sales, *bookings, *scores])


def key_date_for(kiosk: Runtime, client: Client) -> uuid.UUID:
    """On a kiosk that holds the client: their profile consent, an advisor, the key dates
    consent and a date of their own naming (kiosk.clients.book), written through the outbox."""
    from kiosk.clients.consent import CLIENTELING

    book, by, at = kiosk.client_book, associate(kiosk), utcnow()
    with Session(kiosk.engine) as s, s.begin():
        save(
            s,
            Consent(
                store_id=STORE_ID,
                customer_id=client.id,
                purpose=CLIENTELING,
                wording_version="clienteling-2026-11",
                language="en",
                given_via="kiosk",
            ),
        )
    book.set_advisor(client.id, by, by, at)
    book.give_key_dates_consent(client.id, None, "en", at)
    return book.add_key_date(client.id, "other", 4, 12, 2027, KEY_LABEL, by, at)
