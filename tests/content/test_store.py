"""Installing packs: atomic swap, refusal keeps the last good pack, switch only when idle."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.store import PackStore
from tests.content.conftest import write_mini_pack


def test_install_waits_for_the_visit_to_end(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    kiosk = PackStore(store_dir)
    assert kiosk.install(write_mini_pack(tmp_path / "v1", version="1").root).ok
    assert kiosk.current().info.version == "1"

    visit_open = True  # a customer is mid-visit when store IT installs version 2
    it = PackStore(store_dir)  # the command line: another process in real life
    result = it.install(write_mini_pack(tmp_path / "v2", version="2").root)
    assert result.ok, result.message

    assert kiosk.pending_swap
    assert not kiosk.switch_if_idle(visit_open)
    assert kiosk.current().info.version == "1"  # unchanged during the visit

    visit_open = False  # the visit ends; the attract screen asks again
    assert kiosk.switch_if_idle(visit_open)
    assert kiosk.current().info.version == "2"
    assert not kiosk.pending_swap
    assert not kiosk.switch_if_idle(visit_open)


def test_refused_pack_leaves_the_last_good_one(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "store")
    assert store.install(write_mini_pack(tmp_path / "good").root).ok
    before = (tmp_path / "store/current").read_text(encoding="utf-8")
    bad = write_mini_pack(tmp_path / "bad", version="2")
    bad.edit("lookbooks/home.toml", 'sku = "OV-1"', 'sku = "NOPE"')
    result = store.install(bad.root)
    assert not result.ok
    assert "the pack in service is unchanged" in result.message
    assert [(i.file, i.path) for i in result.issues if i.is_error] == [
        ("lookbooks/home.toml", "scenes[0].hotspots[0].sku")
    ]
    assert (tmp_path / "store/current").read_text(encoding="utf-8") == before
    assert not store.pending_swap
    assert store.current().info.version == "1"


def test_installed_pack_is_a_prepared_copy(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "store")
    source = write_mini_pack(tmp_path / "src")
    result = store.install(source.root)
    assert result.folder is not None
    assert (result.folder / "snapshot.pickle").is_file()
    pack = store.current()
    assert pack.root == result.folder.resolve()
    assert all(p.is_relative_to(result.folder.resolve()) for p in pack.image_paths())
    # Renditions were built ahead, so the first screen needs no decoding.
    assert store.renditions.cached(pack.image_paths()[0], "thumb") is not None
    # The source can go away: the kiosk keeps running on its own copy.
    for path in sorted(source.root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert PackStore(tmp_path / "store").current().info.id == "mini"


def test_ensure_installs_only_once(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "store")
    first = store.ensure(write_mini_pack(tmp_path / "a").root)
    assert first is not None
    assert first.ok
    assert store.ensure(write_mini_pack(tmp_path / "b", version="9").root) is None
    assert store.current().info.version == "1"


def test_an_installed_pack_is_readable_by_the_kiosks_own_user(tmp_path: Path) -> None:
    # Store IT installs as one user (`sudo kiosk content install`), the kiosk runs as another:
    # every file the install writes (snapshot, renditions, the current pointer) must be
    # readable by others, not 0600 as tempfile.mkstemp creates them.
    store = PackStore(tmp_path / "store")
    result = store.install(write_mini_pack(tmp_path / "src").root)
    assert result.folder is not None
    written = [p for p in (tmp_path / "store").rglob("*") if p.is_file()]
    assert any(p.name == "snapshot.pickle" for p in written)
    private = [p.relative_to(tmp_path) for p in written if p.stat().st_mode & 0o044 != 0o044]
    assert private == []
