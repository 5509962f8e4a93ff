"""The installed pack names its first attract picture beside its snapshot, so the kiosk can
decode it while it starts, before the pack is loaded (kiosk.station.first_picture); a hint
that is missing, stale or unreadable gives no picture, never an error."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from kiosk.content.snapshot import POSTER_FILE
from kiosk.content.store import PackStore, pack_files
from kiosk.station.first_picture import HINT_FILE, Hint, HintAhead, read_hint
from tests.content.conftest import MiniPack, write_mini_pack
from tests.content.loops import write_loop


def installed(tmp_path: Path, mini: MiniPack | None = None) -> tuple[Path, Path]:
    """(the kiosk's content folder, the installed pack's folder)."""
    content = tmp_path / "content"
    pack = mini or write_mini_pack(tmp_path / "pack")
    result = PackStore(content).install(pack.root)
    assert result.ok, result.message
    assert result.folder is not None
    return content, result.folder


def test_an_installed_pack_names_its_first_attract_picture(tmp_path: Path) -> None:
    content, folder = installed(tmp_path)
    first = PackStore(content).current().attract_images[0]
    assert first.is_relative_to(folder)  # the installed copy, not the author's file
    assert read_hint(content) == Hint(first)
    assert not list(folder.glob(".first-picture-*"))  # no temporary file left beside it


def test_a_pack_with_a_moving_loop_names_its_loop(tmp_path: Path) -> None:
    mini = write_mini_pack(tmp_path / "pack")
    write_loop(mini.root / "attract/loop.webp", count=3, size=(160, 90), durations=[40] * 3)
    mini.edit(
        "pack.toml",
        'default_language = "en"\n',
        'default_language = "en"\nattract_loop = "attract/loop.webp"\n',
    )
    content, folder = installed(tmp_path, mini)
    loop = PackStore(content).current().attract_loop
    assert loop is not None
    assert loop.is_relative_to(folder)
    # the loop's first frame as a still beside it: shown while the loop's player starts
    poster = folder / POSTER_FILE
    assert read_hint(content) == Hint(loop, loop=True, poster=poster)
    with Image.open(poster) as still, Image.open(loop) as moving:
        assert still.format == "JPEG"
        assert still.size == moving.size == (160, 90)
        first = moving.convert("RGB").getpixel((80, 45))
        assert all(abs(a - b) <= 6 for a, b in zip(still.getpixel((80, 45)), first, strict=True))
    poster.unlink()  # gone (a folder cleaned by hand): the loop starts as it did before
    assert read_hint(content) == Hint(loop, loop=True)
    copied = {p.relative_to(folder).as_posix() for p in pack_files(folder)}
    assert POSTER_FILE not in copied  # a kiosk's, never installed from an installed folder


def test_an_authors_file_named_as_a_kiosks_is_installed(tmp_path: Path) -> None:
    """The kiosk's own files are known by their place (beside the pack's pack.toml), not by
    their name alone: a picture of the author's called loop-poster.jpg is the pack's."""
    mini = write_mini_pack(tmp_path / "pack")
    (mini.root / "images" / "extra").mkdir(parents=True)
    Image.new("RGB", (8, 8)).save(mini.root / "images" / "extra" / POSTER_FILE)
    copied = {p.relative_to(mini.root).as_posix() for p in pack_files(mini.root)}
    assert f"images/extra/{POSTER_FILE}" in copied


def test_no_pack_a_missing_hint_or_a_bad_one_give_no_picture(tmp_path: Path) -> None:
    assert read_hint(tmp_path / "nothing-installed") is None
    content, folder = installed(tmp_path)
    hint = folder / HINT_FILE
    picture = Path(hint.read_text().strip())
    hint.write_bytes(b"\xff\xfe not text")
    assert read_hint(content) is None
    hint.write_text("attract/01.jpg\n")  # not absolute
    assert read_hint(content) is None
    hint.write_text(f"{folder / 'attract' / 'gone.jpg'}\n")  # no longer there
    assert read_hint(content) is None
    hint.write_text(f"loop {folder / 'attract' / 'gone.webp'}\n")  # a loop no longer there
    assert read_hint(content) is None
    hint.write_text("loop \n")  # a loop named without a path
    assert read_hint(content) is None
    hint.unlink()  # a pack an older build installed
    assert read_hint(content) is None
    assert PackStore(content).current().attract_images[0] == picture  # the pack is unharmed


def test_an_install_from_an_installed_folder_does_not_copy_its_hint(tmp_path: Path) -> None:
    _content, folder = installed(tmp_path)
    copied = {p.name for p in pack_files(folder)}
    assert HINT_FILE not in copied
    assert "pack.toml" in copied


def test_the_hint_is_read_ahead_on_a_thread_of_its_own(tmp_path: Path) -> None:
    """The kiosk reads it from its first moments (ui/app.py), so it is known by the first
    paint; asking never waits."""
    content, _folder = installed(tmp_path)
    ahead = HintAhead(content)
    ahead._thread.join(timeout=10)
    assert ahead.result() == (True, Hint(PackStore(content).current().attract_images[0]))
    nothing = HintAhead(tmp_path / "nothing-installed")
    nothing._thread.join(timeout=10)
    assert nothing.result() == (True, None)
