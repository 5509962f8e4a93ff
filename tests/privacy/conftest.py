from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.runtime import Runtime, start
from tests.sync.helpers import kiosk_config, migrate


@pytest.fixture
def store_url(pg_url: str) -> str:
    migrate(pg_url)
    return pg_url


@pytest.fixture
def make_kiosk(tmp_path: Path) -> Iterator[object]:
    started: list[Runtime] = []

    def make(kiosk_id: str, store_url: str | None = None) -> Runtime:
        rt = start(kiosk_config(tmp_path, kiosk_id, store_url))
        started.append(rt)
        return rt

    yield make
    for rt in started:
        rt.close()


from tests.ui.conftest import make_shell  # noqa: E402, F401 - the kiosk window fixture
