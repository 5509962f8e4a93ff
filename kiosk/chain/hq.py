"""Headquarters subscribes to every store's publication: PostgreSQL's logical replication,
set up and checked from here, never a copying loop of our own.

Headquarters is a database at the same schema as the stores' (``kiosk.db.migrations``), so
the store dashboard's queries run on it unchanged (``kiosk.insights.chain``). Rows of several
stores never collide: every published row is keyed by an id made on a kiosk (a UUIDv7), and the
per-day counts by their ``store_id``. Columns a store holds back arrive as NULL, so at
headquarters they must accept it (``_prepare_hq``); PostgreSQL applies replicated rows without
firing triggers or foreign keys, so the stores' triggers (per-day counts, sync stamps) and their
references to unpublished tables (customers, associates) stay quiet here.

One subscription per store, named ``hq_<name>``, with a replication slot of the same name on
the store's server: the store keeps its changes while headquarters is away, and headquarters
catches up when it is back (the slot holds WAL on the store meanwhile; ``kiosk chain status``
shows how much).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, create_engine, make_url, text
from sqlalchemy.exc import DBAPIError

from kiosk.chain.publication import HELD_BACK, PUBLICATION, alter_sql, create_sql
from kiosk.errors import KioskError

NAME = re.compile(r"^[a-z0-9_]{1,40}$")
PREFIX = "hq_"
CONNECT_TIMEOUT_S = 5


class ChainError(KioskError):
    """A store or headquarters refused, or could not be reached; nothing half-done is left."""


def libpq_url(url: str) -> str:
    """``url`` as libpq reads it (what a subscription's ``CONNECTION`` takes)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def shown(url: str) -> str:
    """A database named in a message: host, port and name, never the password."""
    u = make_url(url)
    return f"{u.host or 'localhost'}:{u.port or 5432}/{u.database}"


def engine_for(url: str, autocommit: bool = True) -> Engine:
    """An engine on ``url`` that gives up connecting after a few seconds; ``autocommit`` for
    the statements that may not run in a transaction (subscriptions)."""
    sa_url = make_url(url).set(drivername="postgresql+psycopg")
    return create_engine(
        sa_url,
        isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        pool_pre_ping=False,
    )


def reason(exc: DBAPIError) -> str:
    """The server's (or libpq's) own first line, which names the cause."""
    return str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)


def sqlstate(exc: DBAPIError) -> str | None:
    return getattr(exc.orig, "sqlstate", None)


def connect(engine: Engine, what: str) -> Connection:
    try:
        return engine.connect()
    except DBAPIError as exc:
        raise ChainError(f"{what}: cannot connect ({reason(exc)})") from None


def subscription(name: str) -> str:
    if not NAME.match(name):
        raise ChainError(
            f"store name {name!r}: use 1-40 lower-case letters, digits or underscores "
            "(it names the subscription and the store's replication slot)"
        )
    return PREFIX + name


@dataclass(frozen=True)
class Added:
    name: str
    publication: str  # created | updated
    subscription: str  # created | refreshed | reconnected

    def line(self) -> str:
        return (
            f"store {self.name}: publication {self.publication}, subscription {self.subscription}"
        )


def add_store(name: str, store_url: str, hq_url: str) -> Added:
    """Publish the store's anonymous facts and subscribe headquarters to them. Running it again
    brings both up to date (column lists, new tables, a changed store address) and changes
    nothing else."""
    sub = subscription(name)
    store, hq = engine_for(store_url), engine_for(hq_url)
    where = f"store {name} ({shown(store_url)})"
    try:
        with connect(store, where) as sconn:
            store_rev = _check_store(sconn, where)
            with connect(hq, f"headquarters ({shown(hq_url)})") as hconn:
                _prepare_hq(hconn, store_rev, hq)
                published = _publish(sconn, where)
                subscribed = _subscribe(hconn, sconn, sub, store_url, where)
        return Added(name, published, subscribed)
    finally:
        store.dispose()
        hq.dispose()


def remove_store(name: str, hq_url: str) -> bool:
    """Drop the store's subscription (and its slot on the store, when the store answers);
    the rows that arrived stay. False when there was none."""
    sub = subscription(name)
    hq = engine_for(hq_url)
    try:
        with connect(hq, f"headquarters ({shown(hq_url)})") as conn:
            if not _exists(conn, sub):
                return False
            try:
                conn.execute(text(f"DROP SUBSCRIPTION {sub}"))
            except DBAPIError:  # the store is gone: forget its slot here, drop it there by hand
                conn.execute(text(f"ALTER SUBSCRIPTION {sub} DISABLE"))
                conn.execute(text(f"ALTER SUBSCRIPTION {sub} SET (slot_name = NONE)"))
                conn.execute(text(f"DROP SUBSCRIPTION {sub}"))
            if conn.execute(text(f"SELECT to_regclass('{STORE_IDS}')")).scalar() is not None:
                conn.execute(text(f"DELETE FROM {STORE_IDS} WHERE store = :n"), {"n": name})
            return True
    finally:
        hq.dispose()


# -- the steps -------------------------------------------------------------------------------
def _check_store(conn: Connection, where: str) -> str:
    """The store can publish: logical WAL, a user that may replicate, a migrated schema."""
    level = conn.execute(text("SHOW wal_level")).scalar_one()
    if level != "logical":
        raise ChainError(
            f"{where}: wal_level is {level!r}; set wal_level = logical in its postgresql.conf "
            "and restart the server"
        )
    may = conn.execute(
        text("SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user")
    ).scalar_one()
    if not may:
        user = conn.execute(text("SELECT current_user")).scalar_one()
        raise ChainError(
            f"{where}: user {user} may not replicate; run ALTER ROLE {user} REPLICATION there"
        )
    rev = _revision(conn)
    if rev is None:
        raise ChainError(f"{where}: not a kiosk store database (no schema); run `kiosk db upgrade`")
    return rev


def _revision(conn: Connection) -> str | None:
    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _prepare_hq(conn: Connection, store_rev: str, engine: Engine) -> None:
    """Headquarters at the newest schema (migrated here when new), at the store's schema, and
    accepting NULL where the stores hold columns back."""
    from kiosk.db.migrate import head_revision, upgrade

    head = head_revision()
    if store_rev != head:
        raise ChainError(
            f"the store is at schema {store_rev}, this build at {head}: upgrade the store "
            "(`kiosk db upgrade --store`) or use the build that matches it"
        )
    rev = _revision(conn)
    if rev != head:
        if rev is not None and conn.execute(text("SELECT count(*) FROM pg_subscription")).scalar():
            raise ChainError(
                f"headquarters is at schema {rev}, behind {head}: upgrade it before adding stores"
            )
        upgrade(engine, backup=False)
    required = conn.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_nullable = 'NO'"
        )
    ).all()
    for table, column in required:  # only where needed: ALTER TABLE locks out the reports
        if column in HELD_BACK.get(table, {}):
            conn.execute(text(f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL"))


def _publish(conn: Connection, where: str) -> str:
    exists = conn.execute(
        text("SELECT 1 FROM pg_publication WHERE pubname = :p"), {"p": PUBLICATION}
    ).first()
    try:
        conn.execute(text(alter_sql() if exists else create_sql()))
    except DBAPIError as exc:
        if sqlstate(exc) == "42501":
            raise ChainError(
                f"{where}: may not create the publication ({reason(exc)}); connect as the "
                "owner of the kiosk tables"
            ) from None
        raise
    return "updated" if exists else "created"


def _exists(conn: Connection, sub: str) -> bool:
    row = conn.execute(
        text(
            "SELECT 1 FROM pg_subscription WHERE subname = :s AND subdbid = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"s": sub},
    ).first()
    return row is not None


STORE_IDS = "chain_store_ids"
"""At headquarters only: which store (subscription) each store_id came from when added, so a
second store database with the same store_id is refused even before the first's rows have
all arrived."""


def _check_store_ids(
    hq: Connection, store: Connection, name: str, where: str, new: bool
) -> set[str]:
    """The store's ``store_id``s, which must not come from another store already: its per-day
    counts would collide with theirs and stop its subscription."""
    from kiosk.insights.chain import stores

    hq.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {STORE_IDS} "
            "(store_id text PRIMARY KEY, store text NOT NULL)"
        )
    )
    ids = set(stores(store))
    others: dict[str, str] = dict(
        hq.execute(
            text(f"SELECT store_id, store FROM {STORE_IDS} WHERE store <> :n"), {"n": name}
        ).all()
    )
    taken = ids & set(others)
    if new:  # rows that arrived from stores added before this record existed
        taken |= ids & set(stores(hq))
    if taken:
        raise ChainError(
            f"{where}: store_id {', '.join(sorted(taken))} already arrives at headquarters "
            "from another store; each store database must keep its own store_id"
        )
    return ids


def _record_store_ids(hq: Connection, name: str, ids: set[str]) -> None:
    for store_id in sorted(ids):
        hq.execute(
            text(f"INSERT INTO {STORE_IDS} VALUES (:i, :n) ON CONFLICT DO NOTHING"),
            {"i": store_id, "n": name},
        )


def _subscribe(
    conn: Connection, store_conn: Connection, sub: str, store_url: str, where: str
) -> str:
    conninfo = libpq_url(store_url).replace("'", "''")
    try:
        new, name = not _exists(conn, sub), sub[len(PREFIX) :]
        ids = _check_store_ids(conn, store_conn, name, where, new)
        if new:
            conn.execute(
                text(
                    f"CREATE SUBSCRIPTION {sub} CONNECTION '{conninfo}' PUBLICATION "
                    f"{PUBLICATION} WITH (slot_name = '{sub}')"
                ).execution_options(no_parameters=True)
            )
            _record_store_ids(conn, name, ids)
            return "created"
        old = conn.execute(
            text("SELECT subconninfo FROM pg_subscription WHERE subname = :s"), {"s": sub}
        ).scalar_one()
        done = "refreshed"
        if old != libpq_url(store_url):
            conn.execute(
                text(f"ALTER SUBSCRIPTION {sub} CONNECTION '{conninfo}'").execution_options(
                    no_parameters=True
                )
            )
            done = "reconnected"
        conn.execute(text(f"ALTER SUBSCRIPTION {sub} ENABLE"))
        conn.execute(text(f"ALTER SUBSCRIPTION {sub} REFRESH PUBLICATION"))
        _record_store_ids(conn, name, ids)
        return done
    except DBAPIError as exc:
        if sqlstate(exc) == "42501":
            raise ChainError(
                f"headquarters may not subscribe ({reason(exc)}); on PostgreSQL 15 creating a "
                "subscription needs a superuser"
            ) from None
        raise ChainError(f"{where}: headquarters could not subscribe: {reason(exc)}") from None
