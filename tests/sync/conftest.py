from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.station.runtime import Runtime, start
from kiosk.sync.store import open_store
from tests.sync.helpers import kiosk_config


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    engine = open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_kiosk(tmp_path: Path, seed_local_db: Callable[[Path], None]) -> Iterator[object]:
    """Factory of in-process kiosks (runtime with journey) sharing nothing but the store."""
    started: list[Runtime] = []

    def make(kiosk_id: str = "kiosk-1", store_url: str | None = None) -> Runtime:
        config = kiosk_config(tmp_path, kiosk_id, store_url)
        seed_local_db(config.local_db_path)
        rt = start(config)
        started.append(rt)
        return rt

    yield make
    for rt in started:
        rt.close()
