"""Animated WebP loops for tests, made with Pillow: small, quick to write, real files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image


def write_loop(
    path: Path,
    count: int = 6,
    size: tuple[int, int] = (64, 36),
    durations: int | Sequence[int] = 40,
) -> Path:
    """An animated WebP of ``count`` distinct frames (lossless, so none is merged with the
    one before): frame ``i`` is one colour, red ``i % 256``, green ``(i // 256) * 40``."""
    frames = [Image.new("RGB", size, (i % 256, (i // 256) * 40, 90)) for i in range(count)]
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(
        path,
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=list(durations) if not isinstance(durations, int) else durations,
        loop=0,
        lossless=True,
    )
    return path


def red_of(index: int) -> int:
    """The red value ``write_loop`` gave frame ``index``."""
    return index % 256
