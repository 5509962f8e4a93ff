"""A full disk during ``content install``: the install fails in one line and cleans up.

Run on a real 2 MB tmpfs, filled to leave chosen amounts of free space, so the failure
lands at each step in turn (copying, the snapshot, renditions, the pointer file).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from kiosk.content.store import PackStore
from tests.content.conftest import write_mini_pack
from tests.disk import mounted_tmpfs

PAGE = os.sysconf("SC_PAGE_SIZE")


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "fs", "2m") as mount:
        yield mount


def free_bytes(folder: Path) -> int:
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


def fill_to(mount: Path, free: int) -> Path:
    """A filler file leaving exactly ``free`` bytes (whole pages) free on the mount."""
    filler = mount / "filler"
    filler.unlink(missing_ok=True)
    extra = free_bytes(mount) - free
    assert extra >= 0, "the mount has less space than the test asks to leave"
    with filler.open("wb") as handle:
        handle.write(b"\0" * extra)
    assert free_bytes(mount) == free
    return filler


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_full_disk_failure_leaves_the_store_as_it_was(small_fs: Path, tmp_path: Path) -> None:
    v1 = write_mini_pack(tmp_path / "v1", version="1")
    v2 = write_mini_pack(tmp_path / "v2", version="2")
    # A new photograph, so version 2 also needs renditions of its own.
    Image.new("RGB", (1920, 1280), (30, 120, 60)).save(v2.root / "images/p1.jpg", quality=70)
    store = small_fs / "s1"
    assert PackStore(store).install(v1.root).ok

    # How much an install of version 2 needs, measured on a same-length clone of the store.
    clone = small_fs / "s2"
    shutil.copytree(store, clone)
    before = free_bytes(small_fs)
    assert PackStore(clone).install(v2.root).ok
    need = before - free_bytes(small_fs)
    shutil.rmtree(clone)
    assert need > 4 * PAGE

    baseline = files(store)
    steps: list[str] = []
    # From ``need`` down, page by page, the install fails at each of its steps in turn (the
    # pointer file, the renditions, the snapshot) until it fails while copying the pack.
    for free in [0, *range(need, 0, -PAGE)]:
        filler = fill_to(small_fs, free)
        result = PackStore(store).install(v2.root)
        filler.unlink()
        assert not result.ok, f"installed with only {free} bytes free"
        assert result.message.startswith("install failed, the pack in service is unchanged: ")
        assert "No space left on device while " in result.message, result.message
        assert "\n" not in result.message
        assert len(result.message) < 300, result.message
        assert files(store) == baseline, f"left files behind with {free} bytes free"
        assert PackStore(store).current().info.version == "1"
        steps.append(result.message.split(" while ", 1)[1])
        if free and steps[-1].startswith("copying"):
            break
    seen = " | ".join(steps)
    for step in (f"writing {store / 'current'}", "making image renditions", "writing the pack"):
        assert step in seen, seen

    filler = fill_to(small_fs, need + PAGE)
    result = PackStore(store).install(v2.root)
    filler.unlink()
    assert result.ok, result.message
    assert PackStore(store).current().info.version == "2"
    assert not [p for p in store.rglob(".*")]  # no temporary file or staging folder


def test_a_pack_larger_than_the_disk_is_reported_in_one_line(
    small_fs: Path, tmp_path: Path
) -> None:
    pack = write_mini_pack(tmp_path / "big")
    for n in range(3):  # noise barely compresses: about 3 MB of JPEG, more than the disk
        Image.effect_noise((1920, 1280), 90).convert("RGB").save(
            pack.root / f"attract/0{n + 2}.jpg", quality=95
        )
    result = PackStore(small_fs / "store").install(pack.root)
    assert not result.ok
    assert "No space left on device" in result.message
    assert "\n" not in result.message
    assert len(result.message) < 300, result.message
    assert not (small_fs / "store/current").exists()
    assert [p for p in (small_fs / "store").rglob("*") if p.is_file()] == []


def test_content_build_on_a_full_disk_says_so_once(small_fs: Path, tmp_path: Path) -> None:
    """It printed one 'image problem' line per image and size once the disk was full."""
    from tests.content.test_cli import run

    pack = write_mini_pack(tmp_path / "pack")
    filler = fill_to(small_fs, 0)
    code, out = run("content", "build", str(pack.root), "--store", str(small_fs / "store"))
    filler.unlink()
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1, out
    assert lines[0].startswith("build failed: No space left on device while making image")
