"""The chain dashboard's figures: every store's, read at headquarters with the store
dashboard's own queries (``kiosk.insights.dashboard.figures``), so a store's line at
headquarters is the figure its manager reads in the store.

Headquarters holds what the stores publish (``kiosk.chain.publication``): visits, their
summaries and per-day counts, selections, cases, purchases, bookings, touchpoint scores and
invitations. It has no follow-up tasks and no associates (they stay in the store), so the
follow-ups and the outreach per associate are not chain figures and are left out of the report.
A visit still open at a store counts at headquarters as a visit only until its summary arrives
with its end.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from collections.abc import Iterator, Mapping, Sequence

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kiosk.db.models import VisitDayCount, VisitSummary
from kiosk.errors import KioskError
from kiosk.insights.cli import rows
from kiosk.insights.dashboard import figures
from kiosk.insights.measures import Period, StoreFigures
from kiosk.insights.recovery import RESPONSE_TARGET

STORE_ONLY_SECTIONS = frozenset(
    {"followups", "outreach_due", "outreach_done", "outreach_done_by_channel"}
)
"""Sections of ``kiosk report`` that headquarters cannot count (their rows stay in stores)."""
CHAIN_HEADER = ("store", "period", "section", "name", "value")


def stores(session: Session | Connection) -> list[str]:
    """Every store with a visit at headquarters, in name order: the stores of the per-day
    counts and of the summaries (today's are not counted per day yet). Each is found by one
    probe of an index that leads with the store, not by reading every row."""
    found: set[str] = set()
    for table in (VisitDayCount.__tablename__, VisitSummary.__tablename__):
        found.update(session.scalars(text(SKIP_SCAN.format(table=table))))
    return sorted(found)


SKIP_SCAN = """
WITH RECURSIVE s(id) AS (
    SELECT min(store_id) FROM {table}
    UNION ALL
    SELECT (SELECT min(store_id) FROM {table} WHERE store_id > s.id) FROM s WHERE s.id IS NOT NULL
)
SELECT id FROM s WHERE id IS NOT NULL
"""


def chain_figures(
    session: Session,
    periods: Sequence[Period],
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    response_target: dt.timedelta = RESPONSE_TARGET,
    zones: Mapping[str, dt.tzinfo] | None = None,
) -> list[tuple[str, StoreFigures]]:
    """Each store's figures for each period, stores in name order. A store's days are its
    own (``zones``, by store_id), as on its dashboard; ``tz`` for the stores not named."""
    zones = zones or {}
    return [
        (store, figures(session, store, period, now, zones.get(store, tz), response_target))
        for store in stores(session)
        for period in periods
    ]


def chain_rows(
    found: Sequence[tuple[str, StoreFigures]],
) -> Iterator[tuple[str, str, str, str, str]]:
    """``kiosk report``'s rows, each with its store first, without the store-only sections."""
    for store, f in found:
        for row in rows(f):
            if row[1] not in STORE_ONLY_SECTIONS:
                yield (store, *row)


def to_chain_csv(found: Sequence[tuple[str, StoreFigures]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CHAIN_HEADER)
    writer.writerows(chain_rows(found))
    return buffer.getvalue()


class ChainReader:
    """Headquarters' figures for the dashboard's "Stores" view (``hq_db_url``): one engine,
    made at the first read (on the caller's worker thread, never the screen's) and kept, so
    each period is one short transaction; ``close`` lets its connections go. A headquarters
    that does not answer raises ``HqUnreachable`` within the connect timeout, naming the
    server (host, port, database; never the password)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def figures(
        self,
        period: Period,
        now: dt.datetime,
        tz: dt.tzinfo | None,
        response_target: dt.timedelta = RESPONSE_TARGET,
    ) -> list[tuple[str, StoreFigures]]:
        from kiosk.chain.hq import engine_for, reason, shown

        with self._lock:
            if self._engine is None:
                self._engine = engine_for(self.url, autocommit=False)
            engine = self._engine
        try:
            with Session(engine) as s:
                return chain_figures(s, [period], now, tz, response_target)
        except DBAPIError as exc:
            raise HqUnreachable(f"headquarters ({shown(self.url)}): {reason(exc)}") from None

    def close(self) -> None:
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.dispose()


class HqUnreachable(KioskError):
    """Headquarters did not answer (or refused the login): the "Stores" view says so calmly
    and asks again shortly."""
