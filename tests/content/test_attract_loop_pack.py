"""A pack's moving attract loop (``pack.attract_loop``): accepted when it is a sound animated
WebP within its limits, refused with a message naming the file and the reason otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from kiosk.content.limits import MAX_LOOP_BYTES, MAX_LOOP_FRAMES
from kiosk.content.loop import check_loop
from kiosk.content.snapshot import load_snapshot, prepare
from kiosk.content.validate import validate
from tests.content.conftest import MiniPack
from tests.content.loops import write_loop

LOOP = "attract/loop.webp"


def _name_loop(mini: MiniPack, rel: str = LOOP) -> None:
    mini.edit(
        "pack.toml",
        'default_language = "en"\n',
        f'default_language = "en"\nattract_loop = "{rel}"\n',
    )


def _loop_error(mini: MiniPack) -> str:
    report = validate(mini.root)
    assert report.pack is None, "a pack with an unusable loop must be refused"
    found = [str(i) for i in report.errors if i.path == "pack.attract_loop"]
    assert len(found) == 1, report.errors
    return found[0]


def test_a_sound_loop_is_accepted_and_survives_the_snapshot(mini: MiniPack) -> None:
    write_loop(mini.root / LOOP, count=5, size=(160, 90), durations=[40, 50, 60, 70, 80])
    _name_loop(mini)
    report = prepare(mini.root)
    assert report.pack is not None, report.errors
    assert report.pack.attract_loop == (mini.root / LOOP).resolve()
    assert report.pack.attract_images, "the stills stay: they are the loop's fallback"
    snap = load_snapshot(mini.root)
    assert snap is not None
    assert snap.attract_loop == report.pack.attract_loop
    info = check_loop(mini.root / LOOP)
    assert (info.width, info.height, info.frames, info.duration_ms) == (160, 90, 5, 300)


def test_a_pack_without_a_loop_has_none(mini: MiniPack) -> None:
    report = validate(mini.root)
    assert report.pack is not None
    assert report.pack.attract_loop is None


def test_missing(mini: MiniPack) -> None:
    _name_loop(mini)
    assert _loop_error(mini) == (
        "error: pack.toml: pack.attract_loop: loop attract/loop.webp is not usable: file is missing"
    )


def test_corrupt(mini: MiniPack) -> None:
    data = write_loop(mini.root / LOOP, count=8, size=(160, 90)).read_bytes()
    (mini.root / LOOP).write_bytes(data[: len(data) * 2 // 3])  # cut off in the last frames
    _name_loop(mini)
    message = _loop_error(mini)
    assert message.startswith("error: pack.toml: pack.attract_loop: loop attract/loop.webp is")
    assert "cannot be" in message


def test_not_a_webp(mini: MiniPack) -> None:
    Image.new("RGB", (64, 36)).save(mini.root / "attract/loop.webp", "JPEG")
    _name_loop(mini)
    assert _loop_error(mini).endswith("is a JPEG file; a loop must be a WebP")


def test_one_frame_is_a_still(mini: MiniPack) -> None:
    Image.new("RGB", (64, 36)).save(mini.root / LOOP, "WEBP")
    _name_loop(mini)
    assert _loop_error(mini).endswith("has one frame; a still belongs with the attract images")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: write_loop(p, count=2, size=(2000, 1300)), "frames are 2000x1300; a loop's"),
        (lambda p: write_loop(p, count=MAX_LOOP_FRAMES + 1, size=(2, 2)), "has 1,801 frames"),
        (lambda p: write_loop(p, count=3, durations=25_000), "lasts more than 60 s"),
        (lambda p: write_loop(p, count=3, durations=10), "frame 1 lasts 10 ms; each frame"),
    ],
    ids=["frame-too-large", "too-many-frames", "too-long", "too-fast"],
)
def test_over_a_limit(mini: MiniPack, make: object, says: str) -> None:
    make(mini.root / LOOP)  # type: ignore[operator]
    _name_loop(mini)
    assert says in _loop_error(mini)


def test_too_many_bytes_is_refused_before_it_is_read(mini: MiniPack) -> None:
    with (mini.root / LOOP).open("wb") as handle:
        handle.truncate(MAX_LOOP_BYTES + 1)  # sparse: nothing to write, nothing read
    _name_loop(mini)
    assert _loop_error(mini).endswith("is 24.0 MB; a loop may be at most 24 MB")


def test_outside_the_pack(mini: MiniPack) -> None:
    write_loop(mini.root.parent / "loop.webp")
    _name_loop(mini, "../loop.webp")
    assert _loop_error(mini).endswith("lies outside the pack folder")


def test_a_loops_canvas_size_is_read_from_its_header(tmp_path: Path) -> None:
    """The player sizes its decoding by it before the first frame: it must agree with the
    file, and say nothing of a file that is not an animated WebP."""
    from kiosk.content.loop import canvas_size

    for size in ((64, 36), (1, 1), (1920, 1080), (300, 1200)):
        loop = write_loop(tmp_path / f"{size[0]}x{size[1]}.webp", count=2, size=size)
        assert canvas_size(loop) == size == Image.open(loop).size
    png = tmp_path / "still.png"
    Image.new("RGB", (10, 10)).save(png)
    still = tmp_path / "still.webp"
    Image.new("RGB", (10, 10)).save(still, "WEBP")  # a still WebP: no VP8X chunk
    short = tmp_path / "short.webp"
    short.write_bytes((tmp_path / "64x36.webp").read_bytes()[:20])
    for path in (png, still, short, tmp_path / "missing.webp"):
        assert canvas_size(path) is None, path
