"""The erasure catching up with late rows through sync, in the store and on every kiosk.

Hooks called by the sync code, each inside the transaction that brought the rows:

- ``settle_pushed`` (the push, in the store transaction, after its upserts): a forgotten
  client's tombstone arriving applies the store's share of the erasure; any other row of a
  forgotten client arriving late (a note, consent, task, case, visit, purchase or score from a
  kiosk that was offline) is erased on arrival. The store never keeps such a row past that commit.
  The same goes for a key date resting on a withdrawn consent, and an open outreach task whose
  consent is gone (``kiosk.clients.erasure_keys``), though the client is not forgotten.
- ``settle_local`` (the pull, in its local transaction; and the push, for the clients its
  batch touched): this kiosk's own rows of a forgotten client are erased through the outbox.

Both are idempotent (see ``kiosk.clients.erasure``), so replays and several kiosks settle once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from kiosk.clients.erasure import (
    WITHDRAWN_OUTCOME,
    _outrank_copies,
    close_open_tasks,
    erase_rows,
    outbox_touch,
    store_touch,
)
from kiosk.clients.erasure_keys import OUTREACH_KINDS, erase_key_dates
from kiosk.db.models import Customer, FollowupTask

_ERASED_LINKED_SQL = {
    # table pushed -> erased clients its rows in this batch point to (after the upsert)
    "customers": "SELECT c.id, c.store_id FROM customers c WHERE c.id IN ({ids}) "
    "AND c.erased_at IS NOT NULL",
    "visits": "SELECT c.id, c.store_id FROM visits v JOIN customers c ON c.id = v.customer_id "
    "WHERE v.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "consents": "SELECT c.id, c.store_id FROM consents x JOIN customers c ON c.id = x.customer_id "
    "WHERE x.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "followup_tasks": "SELECT c.id, c.store_id FROM followup_tasks t "
    "JOIN customers c ON c.id = t.customer_id WHERE t.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "cases": "SELECT c.id, c.store_id FROM cases k JOIN customers c ON c.id = k.customer_id "
    "WHERE k.id IN ({ids}) AND c.erased_at IS NOT NULL "
    "UNION SELECT c.id, c.store_id FROM cases k JOIN visits v ON v.id = k.visit_id "
    "JOIN customers c ON c.id = v.customer_id WHERE k.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "purchases": "SELECT c.id, c.store_id FROM purchases p "
    "JOIN customers c ON c.id = p.customer_id WHERE p.id IN ({ids}) AND c.erased_at IS NOT NULL "
    "UNION SELECT c.id, c.store_id FROM purchases p JOIN visits v ON v.id = p.visit_id "
    "JOIN customers c ON c.id = v.customer_id WHERE p.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "touchpoint_scores": "SELECT c.id, c.store_id FROM touchpoint_scores x "
    "JOIN customers c ON c.id = x.customer_id WHERE x.id IN ({ids}) AND c.erased_at IS NOT NULL "
    "UNION SELECT c.id, c.store_id FROM touchpoint_scores x "
    "JOIN purchases p ON p.id = x.purchase_id JOIN visits v ON v.id = p.visit_id "
    "JOIN customers c ON c.id = v.customer_id "
    "WHERE x.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "visit_notes": "SELECT c.id, c.store_id FROM visit_notes n JOIN visits v ON v.id = n.visit_id "
    "JOIN customers c ON c.id = v.customer_id WHERE n.id IN ({ids}) AND c.erased_at IS NOT NULL "
    "UNION SELECT c.id, c.store_id FROM visit_notes n "
    "JOIN consents x ON x.visit_id = n.visit_id JOIN customers c ON c.id = x.customer_id "
    "WHERE n.id IN ({ids}) AND c.erased_at IS NOT NULL",
    "key_dates": "SELECT c.id, c.store_id FROM key_dates k "
    "JOIN customers c ON c.id = k.customer_id WHERE k.id IN ({ids}) AND c.erased_at IS NOT NULL",
}
_WITHDRAWN_KEY_DATES_SQL = {
    # table pushed -> clients with a key date still holding data on a withdrawn consent
    "consents": "SELECT DISTINCT k.customer_id FROM key_dates k JOIN consents x "
    "ON x.id = k.consent_id WHERE x.id IN ({ids}) AND x.withdrawn_at IS NOT NULL "
    "AND k.month IS NOT NULL",
    "key_dates": "SELECT DISTINCT k.customer_id FROM key_dates k JOIN consents x "
    "ON x.id = k.consent_id WHERE k.id IN ({ids}) AND x.withdrawn_at IS NOT NULL "
    "AND k.month IS NOT NULL",
}
_OUTREACH_WITHOUT_CONSENT_SQL = (
    # open outreach tasks of the clients a batch touched whose ground is gone: no active
    # clienteling consent, or (a key date's) no active key_dates consent
    "SELECT t.id FROM followup_tasks t WHERE t.completed_at IS NULL "
    "AND t.customer_id IN ({clients}) AND t.kind IN ({kinds}) AND (NOT EXISTS ("
    "SELECT 1 FROM consents c WHERE c.customer_id = t.customer_id "
    "AND c.purpose = 'clienteling' AND c.withdrawn_at IS NULL) "
    "OR (t.kind = 'key_date' AND NOT EXISTS (SELECT 1 FROM consents c "
    "WHERE c.customer_id = t.customer_id AND c.purpose = 'key_dates' "
    "AND c.withdrawn_at IS NULL)))"
)
_OUTREACH_CLIENTS_SQL = {
    "followup_tasks": "SELECT t.customer_id FROM followup_tasks t WHERE t.id IN ({ids})",
    "consents": "SELECT x.customer_id FROM consents x WHERE x.id IN ({ids}) "
    "AND x.withdrawn_at IS NOT NULL",
}
BATCH_IDS = "SELECT CAST(r.v->>0 AS uuid) FROM jsonb_array_elements(CAST(:rows AS jsonb)) r(v)"


def settle_pushed(
    conn: Connection, shares: Iterable[tuple[str, str]], at: dt.datetime
) -> list[uuid.UUID]:
    """The push hook, in the push's own store transaction, after its upserts: rows that just
    arrived and belong to a forgotten client (the tombstone itself, or a note, consent, task
    or visit a kiosk sent late) are erased at once. ``shares`` are (table, rows as JSON with
    the id first). Returns the forgotten clients the batch touched: the pushing kiosk then
    settles its own rows of them (``settle_local``), which notes it never pulls back."""
    shares = list(shares)
    found: dict[uuid.UUID, str] = {}
    for table, rows_json in shares:
        sql = _ERASED_LINKED_SQL.get(table)
        if sql is None:
            continue
        for cid, sid in conn.execute(text(sql.format(ids=BATCH_IDS)), {"rows": rows_json}):
            found[cid] = sid
    for cid, sid in found.items():
        with Session(bind=conn, join_transaction_mode="rollback_only") as s:
            erase_rows(s, sid, cid, at, store_touch(at))
    _settle_withdrawn_key_dates(conn, shares, at)
    _stop_outreach_without_consent(conn, shares, at)
    return list(found)


def _settle_withdrawn_key_dates(
    conn: Connection, shares: list[tuple[str, str]], at: dt.datetime
) -> None:
    """A withdrawal of the key dates consent arriving (or a date made offline on a consent
    already withdrawn): the dates resting on a withdrawn consent are erased in the store,
    though the kiosk that took the withdrawal never held them."""
    clients: set[uuid.UUID] = set()
    for table, rows_json in shares:
        sql = _WITHDRAWN_KEY_DATES_SQL.get(table)
        if sql is not None:
            clients.update(
                conn.execute(text(sql.format(ids=BATCH_IDS)), {"rows": rows_json}).scalars()
            )
    for cid in clients:
        with Session(bind=conn, join_transaction_mode="rollback_only") as s:
            erase_key_dates(s, cid, at, store_touch(at), _outrank_copies, withdrawn_only=True)


def settle_local(conn: Connection, customer_ids: Iterable[uuid.UUID]) -> int:
    """On a kiosk, in the caller's local transaction: for each of these clients whose
    tombstone this kiosk holds, erase this kiosk's rows of them (notes, tasks, consents)
    through the outbox, at the erasure's time. Run by the pull for tombstones that came
    down, and by the push for forgotten clients a pushed row belonged to (a note or a case
    written here after the tombstone arrived). Returns how many clients had something erased: then
    the caller runs ``kiosk.clients.erasure.scrub_local`` after its commit."""
    ids = list(customer_ids)
    if not ids:
        return 0
    settled = 0
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # freed space zeroed as the rows change (the caller scrubs the WAL after)
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
    with Session(bind=conn, join_transaction_mode="rollback_only") as s:
        erased = s.scalars(
            select(Customer).where(Customer.id.in_(ids), Customer.erased_at.is_not(None))
        ).all()
        for customer in erased:
            assert customer.erased_at is not None
            counts = erase_rows(
                s, customer.store_id, customer.id, customer.erased_at, outbox_touch, jump=False
            )
            settled += int(counts is not None and counts.changed)
    if sqlite:
        conn.exec_driver_sql("PRAGMA secure_delete=OFF")
    return settled


def _stop_outreach_without_consent(
    conn: Connection, shares: list[tuple[str, str]], at: dt.datetime
) -> None:
    """A withdrawal arriving, or an outreach task a kiosk made before it heard of one: every
    open outreach task without its consent stops in the store (``consent_withdrawn``), the
    tasks the withdrawing kiosk never held included."""
    kinds = ", ".join(f"'{k}'" for k in OUTREACH_KINDS)
    stop: set[uuid.UUID] = set()
    for table, rows_json in shares:
        clients = _OUTREACH_CLIENTS_SQL.get(table)
        if clients is None:
            continue
        sql = _OUTREACH_WITHOUT_CONSENT_SQL.format(
            clients=clients.format(ids=BATCH_IDS), kinds=kinds
        )
        stop.update(conn.execute(text(sql), {"rows": rows_json}).scalars())
    if not stop:
        return
    with Session(bind=conn, join_transaction_mode="rollback_only") as s:
        tasks = s.scalars(select(FollowupTask).where(FollowupTask.id.in_(stop))).all()
        close_open_tasks(s, tasks, at, WITHDRAWN_OUTCOME, store_touch(at))
        s.flush()
