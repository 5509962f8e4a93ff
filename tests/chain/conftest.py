"""Kiosks of one store and its store database (a real PostgreSQL), for published content.

Each kiosk has its own SQLite database and content folder, a first pack installed as at its
first start, and a sync worker that follows the store's published pack after each pull.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from kiosk.content.publish.follow import PackFollower
from kiosk.content.publish.publisher import Published, publish
from kiosk.content.publish.state import summary
from kiosk.content.store import PackStore
from kiosk.db.engine import open_local
from kiosk.sync import SyncWorker, open_store
from tests.content.conftest import MiniPack, write_mini_pack
from tests.sync.conftest import store as store  # the store database's engine

STORE = "store-7"


@dataclass
class Kiosk:
    folder: Path
    local: Engine
    store: Engine
    packs: PackStore
    follower: PackFollower
    worker: SyncWorker

    def sync(self) -> None:
        """One sync pass, as the kiosk's worker runs it (push, pull, published content)."""
        self.worker.run_pass()

    def shows(self) -> str:
        """The pack version this kiosk shows once its attract screen has switched."""
        self.packs.switch_if_idle(visit_open=False)
        return self.packs.current().info.version

    def check(self) -> tuple[bool, str, dict[str, object]]:
        return summary(self.packs.folder)


@pytest.fixture
def packs_dir(tmp_path: Path) -> Callable[[str, str], MiniPack]:
    def make(name: str, version: str = "1") -> MiniPack:
        return write_mini_pack(tmp_path / "packs" / name, version=version)

    return make


@pytest.fixture
def make_kiosk(
    tmp_path: Path, store_url: str, seed_local_db: Callable[[Path], None]
) -> Iterator[Callable[..., Kiosk]]:
    made: list[Kiosk] = []
    first = write_mini_pack(tmp_path / "first-start", version="0")

    def make(name: str, url: str | None = None) -> Kiosk:
        folder = tmp_path / name
        seed_local_db(folder / "kiosk.sqlite3")
        local = open_local(folder / "kiosk.sqlite3")
        engine = open_store(url or store_url)
        packs = PackStore(folder / "content")
        assert packs.install(first.root, renditions=False).ok  # the kiosk's first start
        follower = PackFollower(engine, STORE, packs)
        worker = SyncWorker(local, engine, STORE, content=follower)
        kiosk = Kiosk(folder, local, engine, packs, follower, worker)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.local.dispose()
        kiosk.store.dispose()


def publish_pack(store: Engine, pack: MiniPack) -> Published:
    result = publish(store, STORE, pack.root, "store-it")
    assert result.ok, result.message
    return result


def raw(url: str) -> Engine:
    """A plain engine on the store database, as someone with psql would use it."""
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
