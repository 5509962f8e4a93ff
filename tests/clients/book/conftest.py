from __future__ import annotations

from collections.abc import Iterator
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
