"""The installed pack's first attract picture, named in a file beside the pack's snapshot.

The kiosk decodes that picture while its window makes its first frame, before the content's
modules (which the pack needs) are even loaded: the picture is then ready when the pack names
it, instead of being decoded only after. The file is a hint, not the pack: the attract screen
uses the early picture only when it is the pack's first image at the size asked
(ui/screens/customer/attract.py), and a missing, stale or unreadable hint costs nothing but the
head start. It is written with every snapshot (kiosk/content/snapshot.py), so a pack installed
or validated again names its own first picture.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.station.atomic_file import replaced
from kiosk.station.storage import CONTENT_PACKS, CONTENT_POINTER

HINT_FILE = "first-picture.txt"


def write_hint(root: Path, picture: Path | None) -> None:
    """Name ``picture`` (absolute; None for a pack with a moving loop or no stills) in
    ``root``'s hint: a new file renamed over the old one, never half written. OSError when
    it cannot be written; nothing is left behind."""
    with replaced(root / HINT_FILE, prefix=".first-picture-") as handle:
        handle.write(f"{picture}\n" if picture is not None else "")


def read_hint(content_dir: Path) -> Path | None:
    """The first attract picture the pack in service named, if it named one that is there."""
    try:
        name = (content_dir / CONTENT_POINTER).read_text(encoding="utf-8").strip()
        if not name:
            return None
        text = (content_dir / CONTENT_PACKS / name / HINT_FILE).read_text(encoding="utf-8")
    except (OSError, ValueError):  # missing, unreadable, not UTF-8: no head start
        return None
    picture = Path(text.strip())
    return picture if text.strip() and picture.is_absolute() and picture.is_file() else None
