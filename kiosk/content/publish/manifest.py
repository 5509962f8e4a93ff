"""A pack's files by path, each named by the SHA-256 of its bytes.

The publisher hashes each file once (streamed: a large image never sits whole in memory),
the kiosk checks every file it assembles against the same hash, and the store keeps one
blob per distinct hash. A manifest read back from the store database is checked before a
kiosk writes anything it names: a path must stay inside the staging folder (no absolute
path, no ``..``), and a hash must look like one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from kiosk.content.errors import ContentError
from kiosk.content.store import pack_files

HEX64 = re.compile(r"^[0-9a-f]{64}$")
READ_BYTES = 1 << 20


@dataclass(frozen=True)
class Entry:
    """One file of a pack: its path (relative, POSIX), hash and size."""

    path: str
    sha256: str
    size: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(READ_BYTES):
            digest.update(block)
    return digest.hexdigest()


def hash_pack(root: Path, progress: Callable[[int, int, str], None] | None = None) -> list[Entry]:
    """Every file an install would copy (``pack_files``), hashed; OSError names the file."""
    files = pack_files(root)
    entries: list[Entry] = []
    for done, path in enumerate(files, 1):
        rel = path.relative_to(root.resolve()).as_posix()
        entries.append(Entry(rel, file_sha256(path), path.stat().st_size))
        if progress is not None:
            progress(done, len(files), rel)
    return entries


def as_json(entries: list[Entry]) -> dict[str, Any]:
    return {e.path: [e.sha256, e.size] for e in entries}


def safe_path(rel: str) -> bool:
    """A path that stays inside the folder it is written to."""
    if not rel or "\\" in rel or "\0" in rel:
        return False
    parts = PurePosixPath(rel).parts
    return not PurePosixPath(rel).is_absolute() and all(p not in {"", ".", ".."} for p in parts)


def read_manifest(doc: Any) -> list[Entry]:
    """A manifest from the store database, checked; ContentError says what is wrong."""
    if not isinstance(doc, dict) or not doc:
        raise ContentError("the manifest is empty or not a table of files")
    entries: list[Entry] = []
    for rel, value in sorted(doc.items()):
        if not isinstance(rel, str) or not safe_path(rel):
            raise ContentError(f"the manifest names a file outside the pack: {str(rel)[:80]!r}")
        ok = isinstance(value, list) and len(value) == 2
        sha, size = value if ok else (None, None)
        if not (isinstance(sha, str) and HEX64.match(sha) and type(size) is int and size >= 0):
            raise ContentError(f"the manifest's entry for {rel} is malformed")
        entries.append(Entry(rel, sha, size))
    return entries
