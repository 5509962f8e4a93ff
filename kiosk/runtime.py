"""Bringing the kiosk's domain up: logging, the local database, migrations, crash recovery.

Shared by the kiosk window, the command line and the tests, so they all start the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Engine

from kiosk.config import Config
from kiosk.db.engine import open_local
from kiosk.db.migrate import upgrade
from kiosk.journey import Journey
from kiosk.recorder import Recorder
from kiosk.visits import VisitStore

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    config: Config
    engine: Engine
    store: VisitStore
    recorder: Recorder
    journey: Journey

    def close(self) -> None:
        self.recorder.close()
        self.engine.dispose()


def open_database(config: Config) -> Engine:
    """Open and migrate the local database, closing any visit a crash left open."""
    engine = open_local(config.local_db_path)
    backup = upgrade(engine)
    if backup is not None:
        log.info("database migrated; the previous version was kept as %s", backup.name)
    return engine


def start(config: Config) -> Runtime:
    engine = open_database(config)
    store = VisitStore(engine, config.store_id, config.kiosk_id)
    recovered = store.recover_open_visits()
    if recovered:
        log.warning("closed %d visit(s) left open by a crash", len(recovered))
    recorder = Recorder()
    journey = Journey(store, default_language=config.languages[0], submit=recorder.submit)
    return Runtime(config, engine, store, recorder, journey)
