from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.associates.tasks.helpers import local_engine


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Engine]:
    """A kiosk's database (SQLite, the real schema), empty."""
    engine = local_engine(tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def make_kiosk(tmp_path: Path, seed_local_db: Callable[[Path], None]) -> Iterator[object]:
    """Kiosks of store-7, started as the kiosk starts, on the store database given."""
    from kiosk.station.runtime import Runtime, start
    from tests.sync.helpers import kiosk_config

    started: list[Runtime] = []

    def make(kiosk_id: str, store_url: str | None = None) -> Runtime:
        config = kiosk_config(tmp_path, kiosk_id, store_url)
        seed_local_db(config.local_db_path)
        rt = start(config)
        started.append(rt)
        return rt

    yield make
    for rt in started:
        rt.close()
