"""Fixtures of the case tests."""

from __future__ import annotations

import pytest

from tests.recovery.helpers import local_engine
from tests.sync.conftest import make_kiosk  # noqa: F401 - kiosks sharing one store database


@pytest.fixture
def engine(tmp_path):  # type: ignore[no-untyped-def]
    """A local kiosk database (the models' tables) of its own for each test."""
    engine = local_engine(tmp_path)
    yield engine
    engine.dispose()
