"""Cheap checks of the kiosk's folders and database file, made before anything heavy loads.

They run before the window opens, so a kiosk that cannot store visits says why and exits
instead of greeting a customer it would then lose. Nothing here modifies an existing file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kiosk.errors import StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
# The file naming the content pack in service (kiosk.content.store writes it); defined here
# so the checks before the first paint need not import the content package and Pillow.
CONTENT_POINTER = "current"
CONTENT_PACKS = "packs"  # the folder of the installed packs, beside the pointer

START_FLOOR_MB = 16
"""The kiosk does not start with less free space than this (or ``health_min_free_mb``, if
lower) on the data folder's disk: migrations, their backup and the write-ahead log need room,
and a kiosk that cannot record visits must not greet customers. Writing an empty file, the
writable check, still succeeds on a full disk, so space is checked on its own."""


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a SQLite database, without modifying it."""
    if not path.exists():
        return
    if path.is_dir():
        raise StorageError(f"local database {path} is a folder, not a SQLite database file")
    if path.stat().st_size == 0:
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"local database {path} cannot be read: {exc.strerror}") from None
    if header != SQLITE_HEADER:
        raise StorageError(
            f"local database {path} is not a SQLite database; it was left untouched. "
            "Point local_db_path at another file or move this one away."
        )


def ensure_writable_dir(folder: Path, what: str) -> None:
    """Create ``folder`` if needed and prove we can write there, or explain why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{what} {folder} cannot be created: {exc.strerror}") from None
    if not folder.is_dir():
        raise StorageError(f"{what} {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"{what} {folder} is not writable by this user")
    probe = folder / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StorageError(f"{what} {folder} is not writable: {exc.strerror}") from None


def check_content_dir(folder: Path) -> None:
    """Before the first start installs the content pack into ``folder``, prove it can.

    Once a pack is installed the folder may be shared read-only (store IT installs with
    ``kiosk content install``); before that, the kiosk itself must write the first pack.
    """
    if not (folder / CONTENT_POINTER).exists():
        try:
            ensure_writable_dir(folder, "content folder")
        except StorageError as exc:
            raise StorageError(
                f"{exc}; the first start installs the content pack there "
                "(or install one with 'kiosk content install')"
            ) from None


def free_mb(folder: Path) -> int:
    """Free megabytes on the disk that holds ``folder`` (or its nearest existing parent)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free // 1_000_000


def start_floor_mb(min_free_mb: int) -> int:
    """The free space below which the kiosk refuses to start (at least 1 MB)."""
    return max(1, min(START_FLOOR_MB, min_free_mb))


def ensure_free_space(folder: Path, min_free_mb: int, what: str = "data folder") -> int:
    """Refuse a folder whose disk is (nearly) full, naming the cause; returns the free MB."""
    free, floor = free_mb(folder), start_floor_mb(min_free_mb)
    if free < floor:
        raise StorageError(
            f"{what} {folder}: its disk is full ({free} MB free, the kiosk needs at least "
            f"{floor} MB to record visits); free some space, then start again"
        )
    return free


def preflight(
    local_db_path: Path,
    log_dir: Path,
    content_dir: Path | None = None,
    min_free_mb: int = START_FLOOR_MB,
) -> None:
    """Everything the kiosk must be able to write, checked before start."""
    ensure_free_space(local_db_path.parent, min_free_mb)
    ensure_writable_dir(local_db_path.parent, "data folder")
    ensure_writable_dir(log_dir, "log folder")
    if content_dir is not None:
        check_content_dir(content_dir)
    check_sqlite_file(local_db_path)


def readable_by_all(path: str | Path) -> None:
    """A file written through ``tempfile.mkstemp`` is created 0600: owner only. Content files
    (a pack's snapshot, renditions, the ``current`` pointer, publish state) are read by the
    kiosk's own user when store IT wrote them as another (``sudo kiosk content install``):
    they are made 0644, as any file written with ``open`` would be under the usual umask."""
    os.chmod(path, 0o644)
