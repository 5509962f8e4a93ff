from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.station.runtime import Runtime, start
from tests.sync.helpers import kiosk_config


@pytest.fixture
def make_kiosk(tmp_path: Path, seed_local_db: Callable[[Path], None]) -> Iterator[object]:
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


from tests.ui.conftest import make_shell  # noqa: E402, F401 - the kiosk window fixture
