"""Bringing the kiosk's domain up: the local database, migrations, crash recovery, and the
store sync worker when a store database is configured.

Shared by the kiosk window, the command line and the tests, so they all start the same way
(``start``). The kiosk window starts in two steps, so that a touch begins a visit before the
database's modules (SQLAlchemy, the models: about a quarter of a second to import) are loaded:
``start_early`` gives the pack, the recorder and the journey, with the local database checked
at this build's newest schema by the standard library (kiosk.db.schema_head); ``open_store``
then opens it. Until it is open, the visit's writes wait in the recorder's queue, in order,
and go in as soon as it is (``LateStore``); nothing asks the database for anything meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from kiosk.content.errors import ContentError
from kiosk.content.model import ContentPack
from kiosk.content.store import PackStore
from kiosk.errors import StorageError
from kiosk.station.config import Config
from kiosk.station.local_writes import WriteHealth
from kiosk.station.opening import LateStore, Opening
from kiosk.station.storage import ensure_writable_dir, free_mb
from kiosk.visit.recorder import Recorder
from kiosk.visit.stages import Change

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kiosk.aftersale.bookings import Bookings
    from kiosk.aftersale.purchases import PurchaseBook
    from kiosk.aftersale.referrals import Referrals
    from kiosk.aftersale.scores import Scores
    from kiosk.associates.desk import ServiceDesk
    from kiosk.associates.tasks import FollowupTasks
    from kiosk.clients.book import ClientBook
    from kiosk.db.reads import StoreReader
    from kiosk.recovery.cases import CaseBook
    from kiosk.station.health import KioskHealth
    from kiosk.sync.worker import SyncWorker
    from kiosk.visit.journey import Journey
    from kiosk.visit.records import VisitStore
    from kiosk.visit.returning import Returning

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """The kiosk's domain, running: its configuration, the recorder and the journey, the
    packs, the health of its writes, the store sync, and the local database once open."""

    config: Config
    recorder: Recorder
    journey: Journey
    packs: PackStore
    writes: WriteHealth
    sync: SyncWorker | None = None
    _reader: StoreReader | None = None
    opening: Opening = field(default_factory=Opening)
    closed: bool = False

    @property
    def engine(self) -> Engine:
        """The local database's engine (waits while it opens: only ever at the very start)."""
        return self.opening.wait()[0]

    @property
    def store(self) -> VisitStore:
        return self.opening.wait()[1]

    @property
    def database_open(self) -> bool:
        return self.opening.engine is not None

    @property
    def reader(self) -> StoreReader:
        """Store-wide reads for associate mode (the store database, else this kiosk)."""
        if self._reader is None:
            from kiosk.db.reads import reader_for

            self._reader = reader_for(self.engine, self.config)
        return self._reader

    @property
    def pack(self) -> ContentPack:
        """The content pack in service; a newer one is adopted only between visits."""
        return self.packs.current()

    @property
    def followups(self) -> FollowupTasks:
        """Follow-up tasks as associate screens work them, store-wide through ``reader``."""
        from kiosk.associates.tasks import FollowupTasks
        from kiosk.station.place import store_zone

        return FollowupTasks(
            self.engine,
            self.reader,
            self.config.store_id,
            store_zone(self.config),
            dt.timedelta(hours=self.config.advisor_away_hours),
        )

    @property
    def desk(self) -> ServiceDesk:
        """The store's open service requests, as the associate home answers them."""
        from kiosk.associates.desk import ServiceDesk

        return ServiceDesk(self.engine, self.config.store_id)

    @property
    def cases(self) -> CaseBook:
        """The store's service-recovery cases (kiosk.recovery), answered against the store's
        response target (``case_response_hours``)."""
        from kiosk.recovery.cases import CaseBook

        target = dt.timedelta(hours=self.config.case_response_hours)
        away = dt.timedelta(hours=self.config.advisor_away_hours)
        return CaseBook(self.engine, self.config.store_id, self.config.kiosk_id, target, away)

    @property
    def purchases(self) -> PurchaseBook:
        """Sales recorded in the consultation (kiosk.aftersale.purchases): written here
        through the outbox, read store-wide through ``reader``."""
        from kiosk.aftersale.capacity import capacity_from
        from kiosk.aftersale.purchases import PurchaseBook

        config = self.config
        return PurchaseBook(
            self.engine, self.reader, config.store_id, config.kiosk_id, capacity_from(config)
        )

    @property
    def bookings(self) -> Bookings:
        """Delivery and installation bookings for associate mode: in the store database only
        (kiosk.aftersale.bookings), on the store's capacity and horizon."""
        from kiosk.aftersale.bookings import Bookings
        from kiosk.aftersale.capacity import capacity_from
        from kiosk.station.place import store_zone  # zoneinfo: not in the start's seconds

        config = self.config
        cutoff = dt.timedelta(hours=config.service_cutoff_hours)
        return Bookings(
            self.reader,
            config.store_id,
            capacity_from(config),
            cutoff,
            config.service_booking_days,
            store_zone(config),  # the store's days, whatever the machine's zone
        )

    @property
    def health(self) -> KioskHealth:
        """This kiosk's disk, failed writes and sync, with the sync worker of the moment."""
        from kiosk.station.health import KioskHealth

        return KioskHealth(self.engine, self.config, self.writes, self.sync)

    @property
    def scores(self) -> Scores:
        """Touchpoint scores an associate takes by phone (kiosk.aftersale.scores)."""
        from kiosk.aftersale.scores import Scores

        return Scores(self.engine, self.reader, self.config.store_id)

    @property
    def referrals(self) -> Referrals:
        """Invitation codes typed on the greeting (kiosk.aftersale.referrals)."""
        from kiosk.aftersale.referrals import Referrals

        away = dt.timedelta(hours=self.config.advisor_away_hours)
        return Referrals(self.engine, self.reader, self.config.store_id, self.config.kiosk_id, away)

    @property
    def returning(self) -> Returning:
        """Hand-off codes typed on the greeting by a customer back in the store
        (kiosk.visit.returning): looked up store-wide through ``reader``."""
        from kiosk.visit.returning import Returning

        return Returning(self.engine, self.reader, self.config.store_id)

    @property
    def client_book(self) -> ClientBook:
        """The client book (kiosk.clients.book: "My clients", advisors, key dates, absences): read
        store-wide through ``reader``, written here through the outbox."""
        from kiosk.clients.book import ClientBook

        return ClientBook(self.engine, self.reader, self.config.store_id)

    def wake_sync(self) -> bool:
        """Send the outbox to the store now rather than at the next pass; False when this
        kiosk runs no sync worker (no store database, or the command line)."""
        if self.sync is None:
            return False
        self.sync.wake()
        return True

    def close(self) -> None:
        self.closed = True  # an open_store still under way closes what it opened
        if not self.opening.done.is_set():
            self.opening.failure = StorageError("the kiosk closed while its database opened")
            self.opening.done.set()  # writes queued meanwhile fail at once, not in two minutes
        if self.sync is not None:
            self.sync.stop()  # what it did not send stays in the outbox for the next start
            self.sync.store.dispose()
        if self._reader is not None:
            self._reader.close()
        self.recorder.close()
        if self.opening.engine is not None:
            self.opening.engine.dispose()


def open_database(config: Config) -> Engine:
    """Open and migrate the local database, closing any visit a crash left open."""
    from kiosk.db.engine import open_local
    from kiosk.db.migrate import upgrade

    engine = open_local(config.local_db_path)
    backup = upgrade(engine)
    if backup is not None:
        log.info("database migrated; the previous version was kept as %s", backup.name)
    return engine


def open_packs(config: Config) -> PackStore:
    """The installed packs; on a first start the configured pack is installed (validated and
    copied; its image renditions are then made as screens first ask for them), so a kiosk
    always has something to show."""
    packs = PackStore(config.content_dir)
    result = packs.ensure(config.content_pack_path, renditions=False)
    if result is not None:
        if not result.ok:
            raise ContentError(f"{config.content_pack_path}: {result.message}")
        log.info("content pack installed on first start: %s", result.message)
    packs.current()  # loaded here, on the worker, not on the first screen that asks
    return packs


def start(config: Config, sync: bool = False, packs: PackStore | None = None) -> Runtime:
    """Everything the kiosk needs below the screen; ``sync`` also starts the store sync worker
    (the kiosk window does; the command line and most tests drive sync themselves). ``packs``:
    opened already (the kiosk opens them first, to show the attract image sooner)."""
    runtime = start_early(config, packs)
    open_store(runtime, sync)
    return runtime


def start_early(config: Config, packs: PackStore | None = None) -> Runtime:
    """What a touch on attract needs, without the database's modules: the pack, the recorder,
    the journey (its writes wait for ``open_store``), and the local database checked at this
    build's newest schema with the standard library."""
    from kiosk.db.schema_head import sqlite_at_head
    from kiosk.visit.journey import Journey

    if packs is None:
        packs = open_packs(config)
    ensure_writable_dir(config.local_db_path.parent, "data folder")  # the write record's too
    recorder = Recorder()
    writes = WriteHealth(config.local_db_path.parent)
    writes.prepare()  # now, while there is space: a full disk can still be told of later
    free = free_mb(config.local_db_path.parent)
    if free < config.health_min_free_mb:
        log.warning(
            "the data folder's disk has %d MB free (health_min_free_mb %d): visits stop "
            "being recorded when it is full",
            free,
            config.health_min_free_mb,
        )
    opening = Opening()
    opening.at_head = sqlite_at_head(config.local_db_path)
    journey = Journey(
        cast("VisitStore", LateStore(opening)),
        default_language=config.languages[0],
        submit=recorder.submit,
        health=writes,
        away_limit=dt.timedelta(hours=config.advisor_away_hours),
    )
    return Runtime(config, recorder, journey, packs, writes, opening=opening)


def open_store(runtime: Runtime, sync: bool = False) -> None:
    """Open and migrate the local database, close the visits a crash left open, then let the
    writes queued meanwhile go in; the follow-up sweep and (``sync``) the store sync worker
    start here too. A failure is raised, and every write waiting for the database fails."""
    from kiosk.clients.phones import use_store_country
    from kiosk.visit.records import VisitStore

    config, opening = runtime.config, runtime.opening
    try:
        use_store_country(config.store_country)  # phone numbers typed here are the store's
        warn_about_production_settings(config)
        engine = open_database(config)
        store = VisitStore(engine, config.store_id, config.kiosk_id)
        recovered = store.recover_open_visits()  # before any write of this start's visits
        if recovered:
            log.warning("closed %d visit(s) left open by a crash", len(recovered))
    except BaseException as exc:
        opening.failure = exc
        opening.done.set()
        raise
    if runtime.closed:  # the kiosk closed meanwhile: nothing to start
        engine.dispose()
        return
    opening.engine, opening.store, opening.at_head = engine, store, True
    opening.done.set()
    sweep_followups_after_visits(runtime)  # before the sync's wake: its tasks go in that pass
    if sync and config.store_db_url:
        runtime.sync = start_sync(runtime)


def warn_about_production_settings(config: Config) -> None:
    """What `kiosk check` flags about settings a store kiosk must not keep, in the log at
    start too (kiosk.station.production; nothing in --windowed development)."""
    from kiosk.station.production import review

    for finding in review(config):
        if finding.attention:
            log.warning("needs attention: %s", finding.detail)


def sweep_followups_after_visits(runtime: Runtime) -> None:
    """At each visit's end, on the recorder (the single writer, behind the visit's last
    write), make the follow-up tasks the rules call for (kiosk.associates.rules.sweep). In the
    background lane: the next customer's writes go first."""
    from kiosk.station.place import store_zone

    engine, store_id, config = runtime.engine, runtime.config.store_id, runtime.config
    case_response = dt.timedelta(hours=runtime.config.case_response_hours)
    zone = store_zone(runtime.config)

    def run_sweep() -> None:
        from sqlalchemy.orm import Session

        from kiosk.associates.rules import sweep
        from kiosk.db.models import utcnow

        with Session(engine) as s, s.begin():
            made = sweep(
                s, store_id, utcnow(), case_response=case_response, zone=zone, outreach=config
            )
        if made.total or made.stopped or made.closed or made.released:
            log.info(
                "follow-ups: %s made, %d stopped, %d closed (booking gone), %d to the store",
                made.created,
                made.stopped,
                made.closed,
                made.released,
            )

    def on_change(change: Change) -> None:
        if change is Change.ENDED:
            runtime.recorder.submit(
                lambda: runtime.writes.run("follow-up sweep", run_sweep), background=True
            )

    runtime.journey.subscribe(on_change)


def start_sync(runtime: Runtime) -> SyncWorker:
    """Run the sync worker beside the kiosk, and send each visit as soon as it has ended."""
    from kiosk.content.publish.follow import PackFollower
    from kiosk.sync.settings import SyncSettings
    from kiosk.sync.store import open_store_from_config
    from kiosk.sync.worker import SyncWorker

    config = runtime.config
    store = open_store_from_config(config)
    worker = SyncWorker(
        runtime.engine,
        store,
        config.store_id,
        SyncSettings.from_config(config),
        content=PackFollower(store, config.store_id, runtime.packs),  # published packs
    )

    def on_change(change: Change) -> None:
        if change is Change.ENDED:  # behind the visit's last write and the sweep: both go
            runtime.recorder.submit(worker.wake, background=True)

    runtime.journey.subscribe(on_change)
    worker.start()
    return worker
