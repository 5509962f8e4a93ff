"""What a store database publishes to headquarters, column by column, and what it never does.

Headquarters compares stores with the store dashboard's own definitions
(``kiosk.insights.dashboard``), so it receives exactly the columns those figures read, and
nothing personal: PostgreSQL's publication column lists (15+) name them, so the publication
itself, read from ``pg_publication_tables``, is the proof (tests/chain/test_replication.py).

Every column of a published table is classified here, published or held back with the reason,
so a column added to a model later stops the tests until someone decides where it belongs.
The personal columns are those ``kiosk.clients.erasure`` empties (names, contacts, notes, the
free text of cases and touchpoint scores, till references); secrets (link tokens and codes)
and the store's own bookkeeping (sync versions, the associates who did what) stay too.

``customer_id`` on visits and cases is published: a random id that names nobody without the
store's ``customers`` table, which never leaves the store; it is what lets headquarters read
"NPS after a resolved case" (the client's next visit) the way the store does. An erasure keeps
it (the tombstone's id) and changes no published column, so headquarters needs no erasure.

Not published: visit events (their payload is free-form; the visit's summary holds what the
dashboard counts of them), needs answers (a client's stated wishes), consents, follow-up tasks,
hand-off links, customers, associates, notes. A visit still open is therefore counted at
headquarters as a visit only, its stages and items arriving with its summary when it ends.
"""

from __future__ import annotations

PUBLICATION = "kiosk_hq"
"""The publication's name in every store database."""

PERSONAL = "personal"
SECRET = "secret"
BOOKKEEPING = "store bookkeeping"
STORE_ONLY = "store only"

_SYNC = {"version": BOOKKEEPING, "updated_at": BOOKKEEPING}
_STAMPED = {**_SYNC, "store_txid": BOOKKEEPING}

PUBLISHED: dict[str, tuple[str, ...]] = {
    "visits": (
        "id",
        "store_id",
        "kiosk_id",
        "started_at",
        "ended_at",
        "end_reason",
        "stage",
        "language",
        "customer_id",
        "outcome",
        "nps",
        "ces",
    ),
    "selection_items": ("id", "visit_id", "sku", "added_at", "removed_at"),
    "visit_summaries": (
        "id",
        "visit_id",
        "store_id",
        "started_at",
        "dwell_us",
        "nps",
        "ces",
        "stages",
        "items",
        "later",
    ),
    "visit_day_counts": ("store_id", "day", "key", "n"),
    "cases": (
        "id",
        "store_id",
        "kiosk_id",
        "visit_id",
        "customer_id",
        "opened_via",
        "category",
        "score",
        "language",
        "created_at",
        "acknowledged_at",
        "resolved_at",
        "first_contact",
        "escalated",
    ),
    "purchases": (
        "id",
        "store_id",
        "kiosk_id",
        "visit_id",
        "items",
        "language",
        "created_at",
        "cancelled_at",
    ),
    "service_bookings": (
        "id",
        "store_id",
        "purchase_id",
        "service",
        "day",
        "slot",
        "place",
        "status",
        "booked_via",
        "replaces_id",
        "created_at",
        "cancelled_at",
        "done_at",
    ),
    "touchpoint_scores": (
        "id",
        "store_id",
        "touchpoint",
        "purchase_id",
        "booking_id",
        "visit_id",
        "score",
        "given_via",
        "given_at",
    ),
    "invitations": (
        "id",
        "store_id",
        "link_id",
        "purchase_id",
        "created_at",
        "expires_at",
        "redeemed_at",
        "redeemed_via",
        "redeemed_visit_id",
    ),
}
"""Each published table (parents first) and its published columns."""

HELD_BACK: dict[str, dict[str, str]] = {
    "visits": {**_SYNC, "associate_id": STORE_ONLY},
    "selection_items": dict(_SYNC),
    "visit_summaries": dict(_SYNC),
    "visit_day_counts": {},
    "cases": {
        **_STAMPED,
        "description": PERSONAL,
        "contact_name": PERSONAL,
        "contact_phone": PERSONAL,
        "contact_email": PERSONAL,
        "internal_note": PERSONAL,
        "customer_reply": PERSONAL,
        "escalation_reason": PERSONAL,
        "contact_consent_id": PERSONAL,
        "erased_at": BOOKKEEPING,
        "opened_by": STORE_ONLY,
        "owner_id": STORE_ONLY,
        "acknowledged_by": STORE_ONLY,
        "resolved_by": STORE_ONLY,
    },
    "purchases": {
        **_STAMPED,
        "customer_id": PERSONAL,
        "order_ref": PERSONAL,
        "associate_id": STORE_ONLY,
        "erased_at": BOOKKEEPING,
    },
    "service_bookings": {**_STAMPED, "booked_by": STORE_ONLY, "done_by": STORE_ONLY},
    "touchpoint_scores": {
        **_SYNC,
        "customer_id": PERSONAL,
        "comment": PERSONAL,
        "recorded_by": STORE_ONLY,
        "erased_at": BOOKKEEPING,
    },
    "invitations": {**_STAMPED, "token": SECRET, "code": SECRET},
}
"""Each published table's other columns, with why they stay in the store."""

NEVER_PUBLISHED = ("customers", "visit_notes", "consents", "followup_tasks", "key_dates")
"""Tables that are personal through and through: no column of theirs leaves the store."""


def create_sql() -> str:
    """``CREATE PUBLICATION`` with every table's column list (no row filter: every row)."""
    return f"CREATE PUBLICATION {PUBLICATION} FOR {_tables()}"


def alter_sql() -> str:
    """The same list for a publication that exists: a newer kiosk may publish more."""
    return f"ALTER PUBLICATION {PUBLICATION} SET {_tables()}"


def _tables() -> str:
    return "TABLE " + ", ".join(
        f"{table} ({', '.join(columns)})" for table, columns in PUBLISHED.items()
    )
