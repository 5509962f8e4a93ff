"""An installed pack is identified by its content, so an edit in place is never lost."""

from __future__ import annotations

from pathlib import Path

from kiosk.content.snapshot import load_snapshot
from kiosk.content.store import PackStore
from tests.content.conftest import write_mini_pack


def test_an_edit_that_keeps_every_file_size_installs_as_a_new_pack(tmp_path: Path) -> None:
    """Same version, same file names and sizes, one product name in upper case."""
    store_dir = tmp_path / "store"
    kiosk = PackStore(store_dir)
    pack = write_mini_pack(tmp_path / "pack")
    first = kiosk.install(pack.root)
    assert first.ok, first.message
    assert kiosk.current().products["OV-1"].name.get("en") == "Oven"
    sizes = {p: p.stat().st_size for p in pack.root.rglob("*") if p.is_file()}

    pack.edit("products/cooking.toml", 'en = "Oven"', 'en = "OVEN"')
    assert {p: p.stat().st_size for p in pack.root.rglob("*") if p.is_file()} == sizes
    second = PackStore(store_dir).install(pack.root)  # store IT's command, another process

    assert second.ok, second.message
    assert second.folder != first.folder
    assert kiosk.switch_if_idle(visit_open=False)
    assert kiosk.current().products["OV-1"].name.get("en") == "OVEN"
    assert PackStore(store_dir).current().products["OV-1"].name.get("en") == "OVEN"


def test_the_same_content_installs_to_the_same_folder(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "store")
    a = store.install(write_mini_pack(tmp_path / "a").root)
    b = store.install(write_mini_pack(tmp_path / "b").root)  # identical files elsewhere
    assert a.ok
    assert b.ok
    assert a.folder == b.folder


def test_an_installed_pack_starts_from_its_snapshot(tmp_path: Path) -> None:
    """The snapshot is written where the pack stays: one written in the staging folder named
    that folder and was never used, so every start validated the whole pack again."""
    result = PackStore(tmp_path / "store").install(write_mini_pack(tmp_path / "pack").root)
    assert result.folder is not None
    pack = load_snapshot(result.folder)
    assert pack is not None
    assert all(p.is_relative_to(result.folder.resolve()) for p in pack.image_paths())


def test_a_link_leading_out_of_the_pack_is_not_copied(tmp_path: Path) -> None:
    """The install ran as store IT; the copy lands where the kiosk's user can read it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the kiosk", encoding="utf-8")
    pack = write_mini_pack(tmp_path / "pack")
    (pack.root / "notes.txt").symlink_to(secret)
    (pack.root / "images/again.jpg").symlink_to(pack.root / "images/p1.jpg")  # inside: kept
    result = PackStore(tmp_path / "store").install(pack.root)
    assert result.ok, result.message
    assert result.folder is not None
    assert not (result.folder / "notes.txt").exists()
    assert (result.folder / "images/again.jpg").is_file()
    assert not any(
        "not for the kiosk" in p.read_text(errors="replace") for p in result.folder.rglob("*.txt")
    )
