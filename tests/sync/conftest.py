from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.runtime import Runtime, start
from kiosk.sync.store import open_store
from tests.sync.helpers import kiosk_config, migrate


@pytest.fixture
def store_url(pg_url: str) -> str:
    """A fresh store database at the newest schema."""
    migrate(pg_url)
    return pg_url


@pytest.fixture
def store(store_url: str) -> Iterator[Engine]:
    engine = open_store(store_url)
    yield engine
    engine.dispose()


@pytest.fixture
def make_kiosk(tmp_path: Path) -> Iterator[object]:
    """Factory of in-process kiosks (runtime with journey) sharing nothing but the store."""
    started: list[Runtime] = []

    def make(kiosk_id: str = "kiosk-1", store_url: str | None = None) -> Runtime:
        rt = start(kiosk_config(tmp_path, kiosk_id, store_url))
        started.append(rt)
        return rt

    yield make
    for rt in started:
        rt.close()
