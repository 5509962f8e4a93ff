"""Compares a screen's new picture with its baseline, and draws what changed.

A pixel has changed when one of its colour channels moved by more than TOLERANCE (anti-aliased
edges drawn a shade differently do not count); a screen has changed when more than
MAX_CHANGED_PIXELS pixels have. For a changed screen a picture of before | after | difference
is written, the difference being the new picture faded, changed pixels in red inside their
bounding box.

Intended changes are listed in tests/ui/screens_baseline/CHANGED.md, one line each,
``- pattern: why`` (a pattern matches file names without ".png": ``story-*``, ``gallery-en-*``,
``*``), or for one run in SCREENS_CHANGED_OK (patterns separated by commas).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

TOLERANCE = 24  # of 255, on the channel that moved most
MAX_CHANGED_PIXELS = 8  # at 960 px: stray anti-aliasing, never a changed word or colour
ALLOWED = Path(__file__).resolve().parent / "screens_baseline" / "CHANGED.md"
_LINE = re.compile(r"^\s*[-*]\s*`?([^`:\s]+)`?\s*:\s*(.+)$")


@dataclass(frozen=True)
class Difference:
    name: str
    changed: int  # pixels
    total: int
    box: tuple[int, int, int, int] | None  # left, top, right, bottom (in the stored size)
    resized: bool = False

    @property
    def percent(self) -> float:
        return 100.0 * self.changed / self.total if self.total else 100.0

    @property
    def significant(self) -> bool:
        return self.resized or self.changed > MAX_CHANGED_PIXELS

    def describe(self) -> str:
        if self.resized:
            return f"{self.name}: the picture's size changed"
        return f"{self.name}: {self.percent:.2f}% of pixels changed, within {self.box}"


def _rgb(path: Path) -> Image.Image:
    with Image.open(path) as image:
        return image.convert("RGB")


def changed_mask(before: Image.Image, after: Image.Image) -> Image.Image:
    """White where a pixel changed by more than TOLERANCE on any channel."""
    red, green, blue = ImageChops.difference(before, after).split()
    most = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return most.point(lambda v: 255 if v > TOLERANCE else 0)


def compare(name: str, before_path: Path, after_path: Path) -> Difference:
    before, after = _rgb(before_path), _rgb(after_path)
    total = after.width * after.height
    if before.size != after.size:
        return Difference(name, total, total, None, resized=True)
    mask = changed_mask(before, after)
    return Difference(name, mask.histogram()[255], total, mask.getbbox())


def store_small(path: Path) -> None:
    """Rewrite ``path`` in 256 colours (about a quarter of the bytes) if no pixel moves by
    more than two thirds of the tolerance: its full-colour render still compares equal."""
    image = _rgb(path)
    small = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    red, green, blue = ImageChops.difference(image, small.convert("RGB")).split()
    worst = ImageChops.lighter(ImageChops.lighter(red, green), blue).getextrema()[1]
    if worst <= TOLERANCE * 2 // 3:
        small.save(path, optimize=True)


def largest_difference(a: Path, b: Path) -> int:
    """How far the most changed channel of any pixel moved (0: the same pixels; 256: the
    pictures are not of one size). For proving the renderer deterministic."""
    first, second = _rgb(a), _rgb(b)
    if first.size != second.size:
        return 256
    return max(high for _, high in ImageChops.difference(first, second).getextrema())


def comparison_image(before_path: Path, after_path: Path, out: Path) -> Path:
    """before | after | difference, side by side, with a caption strip."""
    before, after = _rgb(before_path), _rgb(after_path)
    if before.size != after.size:
        before = before.resize(after.size)
    faded = Image.blend(
        after.convert("L").convert("RGB"), Image.new("RGB", after.size, "white"), 0.6
    )
    mask = changed_mask(before, after)
    faded.paste(Image.new("RGB", after.size, (220, 0, 0)), mask=mask)
    box = mask.getbbox()
    if box is not None:
        ImageDraw.Draw(faded).rectangle(box, outline=(220, 0, 0), width=2)
    gap, caption = 8, 28
    width, height = after.width * 3 + gap * 2, after.height + caption
    sheet = Image.new("RGB", (width, height), (40, 40, 40))
    draw = ImageDraw.Draw(sheet)
    for i, (label, image) in enumerate(
        (("before", before), ("after", after), ("difference", faded))
    ):
        x = i * (after.width + gap)
        sheet.paste(image, (x, caption))
        draw.text((x + 8, 8), label, fill=(255, 255, 255))
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out)
    return out


def allowed_patterns() -> dict[str, str]:
    """Intended changes: pattern -> why (CHANGED.md, then SCREENS_CHANGED_OK)."""
    found: dict[str, str] = {}
    if ALLOWED.exists():
        for line in ALLOWED.read_text(encoding="utf-8").splitlines():
            match = _LINE.match(line)
            if match:
                found[match.group(1)] = match.group(2).strip()
    for pattern in os.environ.get("SCREENS_CHANGED_OK", "").split(","):
        if pattern.strip():
            found[pattern.strip()] = "SCREENS_CHANGED_OK"
    return found


def why_allowed(name: str, patterns: dict[str, str]) -> str | None:
    for pattern, why in patterns.items():
        if fnmatch.fnmatchcase(name, pattern):
            return why
    return None
