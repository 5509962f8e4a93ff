"""Fixtures of the case tests."""

from __future__ import annotations

import pytest

from tests.recovery.helpers import local_engine


@pytest.fixture
def engine(tmp_path):  # type: ignore[no-untyped-def]
    """A local kiosk database (the models' tables) of its own for each test."""
    engine = local_engine(tmp_path)
    yield engine
    engine.dispose()


@pytest.fixture
def make_kiosk(tmp_path, seed_local_db):  # type: ignore[no-untyped-def]
    """Factory of in-process kiosks of store-7 sharing nothing but the store database."""
    from kiosk.station.runtime import start
    from tests.sync.helpers import kiosk_config

    started = []

    def make(kiosk_id: str, store_url: str | None = None):  # type: ignore[no-untyped-def]
        config = kiosk_config(tmp_path, kiosk_id, store_url)
        seed_local_db(config.local_db_path)
        rt = start(config)
        started.append(rt)
        return rt

    yield make
    for rt in started:
        rt.close()
