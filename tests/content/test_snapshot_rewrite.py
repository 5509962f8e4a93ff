"""A snapshot of an older format is written afresh by the load that falls back from it.

A kiosk updated to a build with a new snapshot ``FORMAT`` validated its pack from files at
every start (about 45 ms) until a new pack was installed: the fallback never wrote the
snapshot again. Observed through the snapshot file itself (its format field, its inode: the
atomic rename makes a new file), never by timing.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pytest

from kiosk.content.snapshot import FORMAT, SNAPSHOT_FILE, load_snapshot
from kiosk.content.store import PackStore
from tests.content.conftest import write_mini_pack


def installed(tmp_path: Path) -> tuple[Path, Path]:
    """A pack installed in a kiosk's store folder: (store folder, the pack's folder)."""
    store = tmp_path / "store"
    result = PackStore(store).install(write_mini_pack(tmp_path / "pack").root)
    assert result.ok, result.message
    assert result.folder is not None
    return store, result.folder


def age(folder: Path) -> None:
    """Make the folder's snapshot one an earlier build wrote (its format one behind)."""
    path = folder / SNAPSHOT_FILE
    payload = pickle.loads(path.read_bytes())
    payload["format"] = FORMAT - 1
    path.write_bytes(pickle.dumps(payload))


def snapshot_format(folder: Path) -> int:
    return int(pickle.loads((folder / SNAPSHOT_FILE).read_bytes())["format"])


def test_the_first_start_after_an_update_writes_the_snapshot_the_next_reads(
    tmp_path: Path,
) -> None:
    store, folder = installed(tmp_path)
    age(folder)
    assert load_snapshot(folder) is None  # the updated build cannot use it

    first = PackStore(store).current()  # the first start: validated from the files
    assert first.products["OV-1"].name.get("en") == "Oven"
    assert snapshot_format(folder) == FORMAT  # ... and the snapshot written again
    assert not list(folder.glob(".snapshot-*"))  # no temporary file left beside it
    written = (folder / SNAPSHOT_FILE).stat().st_ino

    second = PackStore(store).current()  # the next start reads the snapshot
    assert load_snapshot(folder) is not None
    assert (folder / SNAPSHOT_FILE).stat().st_ino == written  # not validated and rewritten
    assert second.products["OV-1"].name.get("en") == "Oven"


def test_a_snapshot_that_cannot_be_written_still_loads_the_pack(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The page running as another user, a read-only folder: the pack loads, it is logged."""
    store, folder = installed(tmp_path)
    (folder / SNAPSHOT_FILE).unlink()
    (folder / SNAPSHOT_FILE).mkdir()  # the rename onto it fails, as root too
    with caplog.at_level(logging.WARNING, logger="kiosk.content.snapshot"):
        pack = PackStore(store).current()
    assert pack.products["OV-1"].name.get("en") == "Oven"
    assert "cannot write the pack snapshot" in caplog.text
    assert not list(folder.glob(".snapshot-*"))


def test_a_switch_between_visits_writes_nothing(tmp_path: Path) -> None:
    """The switch runs on the GUI thread (the attract screen): it writes no file there; the
    next start, on a worker, does."""
    store_dir = tmp_path / "store"
    kiosk = PackStore(store_dir)
    kiosk.install(write_mini_pack(tmp_path / "a").root)
    kiosk.current()
    pack = write_mini_pack(tmp_path / "b")
    pack.edit("products/cooking.toml", 'en = "Oven"', 'en = "Quiet oven"')
    result = PackStore(store_dir).install(pack.root)  # store IT's command, another process
    assert result.ok, result.message
    assert result.folder is not None
    age(result.folder)  # as if installed by another build

    assert kiosk.switch_if_idle(visit_open=False)
    assert kiosk.current().products["OV-1"].name.get("en") == "Quiet oven"
    assert snapshot_format(result.folder) == FORMAT - 1
    PackStore(store_dir).current()  # the next start
    assert snapshot_format(result.folder) == FORMAT
