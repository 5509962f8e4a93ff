"""A prepared, validated pack saved as one pickle, so the kiosk starts without re-parsing.

``prepare`` validates the pack and writes ``snapshot.pickle`` next to it; ``load_snapshot``
reads it back only if it was written by this code for these exact files in this folder (a
fingerprint of every TOML file's bytes; image paths inside are absolute), otherwise
``load_prepared`` falls back to a full validated load. The
snapshot lives in the kiosk's own data folder, written by the kiosk itself: it is never
taken from a pack author, which is why pickle is acceptable here.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from kiosk.content.errors import ContentError, PackInvalid
from kiosk.content.model import ContentPack
from kiosk.content.validate import Report, validate

SNAPSHOT_FILE = "snapshot.pickle"
# Bumped whenever the model classes change shape.
FORMAT = 3  # 2: ContentPack.case_categories; 3: ContentPack.attract_loop


def fingerprint(root: Path) -> str:
    """The bytes of every TOML file (a few hundred KB: cheap), so any edit is seen, even one
    that keeps a file's size and lands within the file system's time resolution."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        with path.open("rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest()


def prepare(root: Path, check_images: bool = True) -> Report:
    """Validate ``root`` and, if it has no errors, write its snapshot beside its files."""
    report = validate(root, check_images=check_images)
    if report.pack is not None:
        payload: dict[str, Any] = {
            "format": FORMAT,
            "fingerprint": fingerprint(report.root),
            "root": str(report.root),
            "pack": report.pack,
        }
        fd, tmp = tempfile.mkstemp(dir=report.root, prefix=".snapshot-")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, report.root / SNAPSHOT_FILE)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ContentError(f"{report.root}: cannot write the pack snapshot: {exc}") from exc
    return report


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


def load_prepared(root: Path) -> ContentPack:
    """The pack of ``root``: from its snapshot when current, else validated from its files.

    ``root`` is an installed copy whose images were decoded in full when it was installed,
    so the fallback checks only that they are still there: decoding every photograph again
    would take seconds, and the kiosk may call this between two visits."""
    pack = load_snapshot(root)
    if pack is not None:
        return pack
    report = validate(root, check_images=False)
    if report.pack is None:
        raise PackInvalid(report.issues, str(root))
    return report.pack
