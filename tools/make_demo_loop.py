"""Make a moving attract loop (an animated WebP) from the demo pack's lookbook rooms.

    python tools/make_demo_loop.py [PACK] [OUT] [--width 960] [--fps 12] [--seconds 6]
                                   [--quality 60] [--scenes 3]

Each room is shown in a slow pan and zoom (a tenth closer over its time, drifting sideways),
and the last second of each fades into the next; the loop ends where it began, so it plays
without a seam. Deterministic: the same arguments give the same file. Prints the file's
size, since a pack's loop must stay small (docs/content-packs.md, "A moving attract loop").
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent


def scenes(pack: Path, count: int) -> list[Path]:
    """The first scene of each lookbook, in file-name order: one room per lookbook."""
    found: list[Path] = []
    for toml in sorted((pack / "lookbooks").glob("*.toml")):
        doc = tomllib.loads(toml.read_text(encoding="utf-8"))
        if doc.get("scenes"):
            found.append(pack / doc["scenes"][0]["image"])
    return found[:count]


def view(image: Image.Image, t: float, size: tuple[int, int], drift: int) -> Image.Image:
    """The room at ``t`` (0 to 1) of its time: zoomed from 1.0 to 1.1, drifting sideways."""
    width, height = image.size
    zoom = 1.0 + 0.1 * t
    w, h = width / zoom, height / zoom
    x = (width - w) * (0.5 + drift * (t - 0.5) * 0.8)
    y = (height - h) * 0.5
    return image.resize(size, Image.Resampling.LANCZOS, box=(x, y, x + w, y + h))


def make(pack: Path, out: Path, width: int, fps: int, seconds: float, quality: int, n: int) -> int:
    size = (width, width * 9 // 16)
    rooms = [Image.open(path).convert("RGB") for path in scenes(pack, n)]
    if len(rooms) < 2:
        raise SystemExit(f"{pack}: fewer than two lookbook scenes to make a loop from")
    per_room, fade = round(seconds * fps), fps  # a second of cross-fade at the end of each
    life = per_room + fade  # each room's own frames: fading in, alone, fading out

    def room_at(index: int, u: int) -> Image.Image:
        index %= len(rooms)
        return view(rooms[index], u / life, size, 1 if index % 2 else -1)

    frames: list[Image.Image] = []
    for index in range(len(rooms)):
        for u in range(fade, life):  # its fade-in was the previous room's fade-out
            frame = room_at(index, u)
            if u >= per_room:  # fading into the next room's first frames (the first room's
                into = (u - per_room + 1) / fade  # for the last: a loop without a seam)
                frame = Image.blend(frame, room_at(index + 1, u - per_room), into)
            frames.append(frame)
    out.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(
        out,
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=round(1000 / fps),
        loop=0,
        quality=quality,
        method=6,
    )
    return out.stat().st_size


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pack", nargs="?", type=Path, default=REPO / "data" / "demo-pack")
    parser.add_argument("out", nargs="?", type=Path, default=None)
    parser.add_argument("--width", type=int, default=960)
    parser.add_argument("--fps", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=6.0, help="each room's time")
    parser.add_argument("--quality", type=int, default=60)
    parser.add_argument("--scenes", type=int, default=3)
    args = parser.parse_args(argv)
    out = args.out or args.pack / "attract" / "loop.webp"
    size = make(args.pack, out, args.width, args.fps, args.seconds, args.quality, args.scenes)
    print(f"{out}: {size / 2**20:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
