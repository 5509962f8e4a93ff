"""PIN attempts that arrive at once: from threads of one kiosk (SQLite) or from kiosks that
share the store database (PostgreSQL), no more PINs are checked than the lockout allows."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.associates.directory import FREE_ATTEMPTS, AssociateDirectory, SignInRefused
from kiosk.db.engine import open_local, open_url
from kiosk.db.migrate import upgrade
from kiosk.db.models import Associate, OutboxEntry

ATTEMPTS = 12
RIGHT_PIN, WRONG_PIN = "482913", "135792"


class CountingHasher(PasswordHasher):
    """Real Argon2id (lighter than the kiosk's profile, so twelve at once stay cheap on a
    2-core machine) that counts the PINs it was asked to check."""

    def __init__(self) -> None:
        super().__init__(time_cost=4, memory_cost=8192, parallelism=1)
        self.checked = 0
        self._lock = threading.Lock()

    def verify(self, hash: str | bytes, password: str | bytes) -> Any:
        with self._lock:
            self.checked += 1
        return super().verify(hash, password)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        db = open_local(tmp_path / "kiosk.sqlite3")
    else:
        db = open_url(request.getfixturevalue("pg_url"))
    upgrade(db)
    yield db
    db.dispose()


def _all_at_once(directory: AssociateDirectory, associate: Any, pin: str) -> list[str]:
    """``ATTEMPTS`` sign-ins released together by a barrier; each one's outcome."""
    barrier = threading.Barrier(ATTEMPTS)

    def attempt(_: int) -> str:
        barrier.wait()
        try:
            directory.verify(associate, pin)
        except SignInRefused as refused:
            return refused.reason
        return "signed_in"

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        return list(pool.map(attempt, range(ATTEMPTS)))


@pytest.mark.slow
def test_twelve_wrong_pins_at_once_check_only_the_allowed_number(engine):
    hasher = CountingHasher()
    directory = AssociateDirectory(engine, "store-7", hasher=hasher)
    marc = directory.add("Marc", "associate", RIGHT_PIN).id

    outcomes = Counter(_all_at_once(directory, marc, WRONG_PIN))

    assert hasher.checked == FREE_ATTEMPTS  # the others were refused before any check
    assert outcomes["signed_in"] == 0
    assert outcomes["wrong_pin"] == FREE_ATTEMPTS - 1
    assert outcomes["locked"] == ATTEMPTS - FREE_ATTEMPTS + 1  # the fifth earns the lockout
    with Session(engine) as s:
        row = s.get(Associate, marc)
        assert row.failed_attempts == FREE_ATTEMPTS
        assert row.locked_until is not None
    # the right PIN now waits for the lockout like any other
    with pytest.raises(SignInRefused, match="locked"):
        directory.verify(marc, RIGHT_PIN)
    assert hasher.checked == FREE_ATTEMPTS


def test_a_sign_in_syncs_only_real_changes(engine):
    """Counting first must not make every sign-in a change for the store: with nothing to
    clear, a right PIN leaves the row's version and the outbox as they were."""
    directory = AssociateDirectory(engine, "store-7", hasher=CountingHasher())
    marc = directory.add("Marc", "associate", RIGHT_PIN).id
    for _ in range(3):
        assert directory.verify(marc, RIGHT_PIN).failed_attempts == 0
    with Session(engine) as s:
        row = s.get(Associate, marc)
        assert (row.failed_attempts, row.locked_until, row.version) == (0, None, 1)
        assert len(s.scalars(select(OutboxEntry)).all()) == 1
    with pytest.raises(SignInRefused, match="wrong_pin"):
        directory.verify(marc, WRONG_PIN)
    assert directory.verify(marc, RIGHT_PIN).failed_attempts == 0
    with Session(engine) as s:  # the failure and its clearing both travel
        assert s.scalar(select(Associate.version).where(Associate.id == marc)) == 3
