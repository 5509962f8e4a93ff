"""The attract screen's moving loop: an animated WebP checked at validation, decoded frame by
frame for the player.

Why WebP and Pillow rather than a video codec: Pillow (with WebP) is already in the kiosk and
its packaged build, so a moving loop costs nothing to bundle and nothing at start-up.
QtMultimedia would add about 49 MB (18 %) to the packaged build and stall the GUI thread for
longer than a frame on import and on its first player; PyAV is 104 MB and 0.2 s to import.
An animated WebP is muted by nature (it has no sound track) and loops on its own.

``check_loop`` decodes every frame once (validation, build and install refuse a damaged file
as they do a damaged photograph) and holds the pack to the limits below, so a loop can never
cost the kiosk more than a frame's decode at a time. The player (ui/widgets/loop_player.py)
decodes with Qt's WebP reader, one frame at a time, never the whole file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.errors import ImageError
from kiosk.content.limits import (
    MAX_LOOP_BYTES,
    MAX_LOOP_FRAME_PIXELS,
    MAX_LOOP_FRAMES,
    MAX_LOOP_SECONDS,
    MIN_FRAME_MS,
    MIN_LOOP_FRAMES,
)

if TYPE_CHECKING:  # Pillow is imported where a loop is first read (kiosk.content.images)
    from PIL import Image


@dataclass(frozen=True)
class LoopInfo:
    width: int
    height: int
    frames: int
    duration_ms: int


def _open(path: Path) -> Image.Image:
    """Open ``path`` as an animated WebP within the limits (header only), or say why not."""
    name = str(path)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError as exc:
        raise ImageError(name, "file is missing") from exc
    except OSError as exc:
        raise ImageError(name, f"cannot be read: {exc.strerror}") from exc
    if size > MAX_LOOP_BYTES:
        raise ImageError(
            name, f"is {size / 2**20:.1f} MB; a loop may be at most {MAX_LOOP_BYTES // 2**20} MB"
        )
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
    except UnidentifiedImageError as exc:
        raise ImageError(name, "not an image Pillow can read") from exc
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(name, f"cannot be read: {exc}") from exc
    try:
        _check_header(name, image)
    except ImageError:
        image.close()
        raise
    return image


def _check_header(name: str, image: Image.Image) -> None:
    if image.format != "WEBP":
        raise ImageError(name, f"is a {image.format or 'unknown'} file; a loop must be a WebP")
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > MAX_LOOP_FRAME_PIXELS:
        raise ImageError(
            name,
            f"frames are {width}x{height}; a loop's frames may hold at most "
            f"{MAX_LOOP_FRAME_PIXELS:,} pixels (1920x1080 fits)",
        )
    count = getattr(image, "n_frames", 1)
    if count < MIN_LOOP_FRAMES:
        raise ImageError(name, "has one frame; a still belongs with the attract images")
    if count > MAX_LOOP_FRAMES:
        raise ImageError(name, f"has {count:,} frames; a loop may have at most {MAX_LOOP_FRAMES:,}")


def _duration(name: str, image: Image.Image, index: int) -> int:
    duration = int(image.info.get("duration") or 0)
    if duration < MIN_FRAME_MS:
        raise ImageError(
            name,
            f"frame {index + 1} lasts {duration} ms; each frame must last at least "
            f"{MIN_FRAME_MS} ms (at most 33 frames a second)",
        )
    return duration


def canvas_size(path: Path) -> tuple[int, int] | None:
    """The loop's canvas (width, height) from the first 30 bytes of its file: the ``VP8X``
    chunk that an animated WebP always begins with. The player sizes its decoding by it
    before the first frame (Qt's reader learns the size only by reading the whole file, and
    holds the interpreter meanwhile). None when the file does not begin so (the player then
    fits each frame once it is decoded)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(30)
    except OSError:
        return None
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:16] != b"WEBPVP8X":
        return None
    width = int.from_bytes(head[24:27], "little") + 1  # stored less one, 24 bits each
    height = int.from_bytes(head[27:30], "little") + 1
    return width, height


def check_loop(path: Path) -> LoopInfo:
    """Decode every frame of ``path`` and return what it holds, or raise ``ImageError``
    with the reason (missing, not a WebP, damaged, or over a limit). Runs in the command
    line or a worker, never on the GUI thread; it holds one decoded frame at a time."""
    from PIL import Image

    name = str(path)
    image = _open(path)
    total = 0
    try:
        count = getattr(image, "n_frames", 1)
        for index in range(count):
            image.seek(index)
            image.load()
            total += _duration(name, image, index)
            if total > MAX_LOOP_SECONDS * 1000:
                raise ImageError(
                    name, f"lasts more than {MAX_LOOP_SECONDS} s; a loop may last at most that"
                )
        return LoopInfo(image.size[0], image.size[1], count, total)
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise ImageError(name, f"cannot be decoded: {exc or type(exc).__name__}") from exc
    finally:
        image.close()
