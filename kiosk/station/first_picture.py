"""The installed pack's first attract picture, named in a file beside the pack's snapshot.

The kiosk decodes that picture while its window makes its first frame, before the content's
modules (which the pack needs) are even loaded: the picture is then ready when the pack names
it, instead of being decoded only after. A pack with a moving loop names its loop instead, and
the kiosk starts the loop's player as early (its first frame is decoded meanwhile). The file is
a hint, not the pack: the attract screen uses the early picture only when it is the pack's
first image at the size asked, and the early loop only while the pack is not yet known
(ui/screens/customer/attract.py); a missing, stale or unreadable hint costs nothing but the
head start. It is written with every snapshot (kiosk/content/snapshot.py), so a pack installed
or validated again names its own first picture.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.station.atomic_file import replaced
from kiosk.station.storage import CONTENT_PACKS, CONTENT_POINTER

HINT_FILE = "first-picture.txt"
LOOP_MARK = "loop "  # before the path of a moving loop (an absolute path never starts so)


@dataclass(frozen=True)
class Hint:
    """What attract shows first: a still picture, or (``loop``) the pack's moving loop, with
    its first frame as a still (``poster``) when the kiosk made one."""

    path: Path
    loop: bool = False
    poster: Path | None = None


def write_hint(
    root: Path, picture: Path | None, loop: Path | None = None, poster: Path | None = None
) -> None:
    """Name ``loop`` (absolute) and its ``poster`` on the next line, or else ``picture``
    (absolute; None for a pack with neither) in ``root``'s hint: a new file renamed over the
    old one, never half written. OSError when it cannot be written; nothing is left behind."""
    if loop is not None:
        text = f"{LOOP_MARK}{loop}\n" + (f"{poster}\n" if poster is not None else "")
    else:
        text = f"{picture}\n" if picture else ""
    with replaced(root / HINT_FILE, prefix=".first-picture-") as handle:
        handle.write(text)


def read_hint(content_dir: Path) -> Hint | None:
    """What the pack in service named to show first, if it named something that is there."""
    try:
        name = (content_dir / CONTENT_POINTER).read_text(encoding="utf-8").strip()
        if not name:
            return None
        text = (content_dir / CONTENT_PACKS / name / HINT_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):  # missing, unreadable, not UTF-8: no head start
        return None
    lines = [line.strip() for line in text.strip().splitlines()] or [""]
    loop = lines[0].startswith(LOOP_MARK)
    picture = Path(lines[0].removeprefix(LOOP_MARK).strip())
    if not lines[0] or not picture.is_absolute() or not picture.is_file():
        return None
    poster = Path(lines[1]) if loop and len(lines) > 1 and lines[1] else None
    if poster is not None and not (poster.is_absolute() and poster.is_file()):
        poster = None  # the loop starts as it is
    return Hint(picture, loop=loop, poster=poster)


class HintAhead:
    """The hint read on a thread of its own from the kiosk's first moments, so that by its
    first paint the kiosk knows what attract shows first without a turn of waiting (and
    without reading a file on the GUI thread)."""

    def __init__(self, content_dir: Path) -> None:
        self._hint: Hint | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._read, args=(content_dir,), name="first-picture", daemon=True
        )
        self._thread.start()

    def _read(self, content_dir: Path) -> None:
        try:
            self._hint = read_hint(content_dir)
        finally:
            self._done.set()

    def result(self) -> tuple[bool, Hint | None]:
        """(read yet, the hint): never waits."""
        done = self._done.is_set()
        return done, self._hint if done else None
