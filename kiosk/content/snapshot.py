"""A prepared, validated pack saved as one pickle, so the kiosk starts without re-parsing.

``prepare`` validates the pack and writes ``snapshot.pickle`` next to it; ``load_snapshot``
reads it back only if it was written by this code for these exact files in this folder (a
fingerprint of every TOML file's bytes; image paths inside are absolute), otherwise
``load_prepared`` falls back to a full validated load and writes the snapshot afresh, so a
kiosk updated to a build with a new ``FORMAT`` re-validates its pack once, not at every start
until the next pack is installed. The
snapshot lives in the kiosk's own data folder, written by the kiosk itself: it is never
taken from a pack author, which is why pickle is acceptable here.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import Any

from kiosk.checksum import sha256
from kiosk.content.errors import ContentError, PackInvalid
from kiosk.content.model import ContentPack
from kiosk.content.validate import Report, validate
from kiosk.station.atomic_file import replaced
from kiosk.station.first_picture import HINT_FILE, write_hint

SNAPSHOT_FILE = "snapshot.pickle"
POSTER_FILE = "loop-poster.jpg"  # a moving loop's first frame, shown while the loop starts
KIOSK_FILES = (SNAPSHOT_FILE, HINT_FILE, POSTER_FILE)  # what a kiosk writes beside a pack's
# Bumped whenever the model classes change shape.
# 2: ContentPack.case_categories; 3: ContentPack.attract_loop; 4: the first picture's hint
# written beside it (kiosk.station.first_picture), so a pack installed before is prepared again;
# 5: the hint names a pack's moving loop (the kiosk starts its player as early); 6: and the
# loop's first frame as a poster, written beside it.
FORMAT = 6

log = logging.getLogger(__name__)


def fingerprint(root: Path) -> str:
    """The bytes of every TOML file (a few hundred KB: cheap), so any edit is seen, even one
    that keeps a file's size and lands within the file system's time resolution."""
    digest = sha256()
    for path in sorted(root.rglob("*.toml")):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        digest.update(sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def prepare(root: Path, check_images: bool = True) -> Report:
    """Validate ``root`` and, if it has no errors, write its snapshot beside its files."""
    report = validate(root, check_images=check_images)
    if report.pack is not None:
        write_snapshot(report.root, fingerprint(report.root), report.pack)
    return report


def write_snapshot(root: Path, seen: str, pack: ContentPack) -> None:
    """Write ``pack`` (validated from ``root`` whose files had the fingerprint ``seen``) as
    ``root``'s snapshot: into a temporary file renamed over the old one, so a reader (another
    process, a start after a power cut) finds the old snapshot or the new, never half of one.
    ContentError when it cannot be written; nothing is left behind."""
    payload: dict[str, Any] = {
        "format": FORMAT,
        "fingerprint": seen,
        "root": str(root),
        "pack": pack,
    }
    try:
        with replaced(root / SNAPSHOT_FILE, prefix=".snapshot-", binary=True) as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        first = pack.attract_images[0] if pack.attract_images else None
        loop = pack.attract_loop
        poster = write_poster(root, loop) if loop is not None else None
        write_hint(root, first, loop, poster)  # decoded while the kiosk starts
    except OSError as exc:
        raise ContentError(f"{root}: cannot write the pack snapshot: {exc}") from exc


def write_poster(root: Path, loop: Path) -> Path | None:
    """The loop's first frame as a JPEG beside the snapshot: the kiosk's start decodes it as
    fast as a still (a full-HD WebP frame takes 20-30 ms of a core, beside the start's own
    work) and shows it while the loop's player starts, the loop's first frame then taking
    the place of the very same picture. None (logged) when it cannot be made: the loop then
    starts without one. OSError when it cannot be written."""
    from PIL import Image

    try:
        with Image.open(loop) as image:
            image.seek(0)
            frame = image.convert("RGB")
    except (OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        log.warning("no poster for the attract loop %s: %s", loop.name, exc)
        return None
    path = root / POSTER_FILE
    with replaced(path, prefix=".poster-", binary=True) as handle:
        frame.save(handle, "JPEG", quality=92)
    return path


def load_snapshot(root: Path) -> ContentPack | None:
    """The prepared pack of ``root`` if its snapshot is present and current, else None."""
    root = root.resolve()
    try:
        with (root / SNAPSHOT_FILE).open("rb") as handle:
            payload = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None
    pack = payload.get("pack")
    if not isinstance(pack, ContentPack) or payload.get("root") != str(root):
        return None
    try:
        current = fingerprint(root)
    except OSError:
        return None  # the full load that follows names the file that cannot be read
    if payload.get("fingerprint") != current:
        return None
    return pack


def load_prepared(root: Path, rewrite: bool = True) -> ContentPack:
    """The pack of ``root``: from its snapshot when current, else validated from its files.

    ``root`` is an installed copy whose images were decoded in full when it was installed,
    so the fallback checks only that they are still there: decoding every photograph again
    would take seconds, and the kiosk may call this between two visits. After a fallback
    the snapshot is written again (``rewrite``), so the next start reads it; a caller on
    the GUI thread passes ``rewrite=False`` (no file written there). A snapshot that cannot
    be written (a read-only content folder, the page running as another user) is only
    logged: the pack validated all the same."""
    pack = load_snapshot(root)
    if pack is not None:
        return pack
    root = root.resolve()
    try:
        # Taken before validating: a file edited meanwhile leaves a snapshot that does not
        # match it (the next load validates again), never one that claims the edit.
        seen: str | None = fingerprint(root) if rewrite else None
    except OSError:
        seen = None  # the validation below names the file that cannot be read
    report = validate(root, check_images=False)
    if report.pack is None:
        raise PackInvalid(report.issues, str(root))
    if seen is not None:
        try:
            write_snapshot(report.root, seen, report.pack)
        except ContentError as exc:
            log.warning("the pack starts validated from its files each time: %s", exc)
    return report.pack
