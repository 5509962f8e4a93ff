"""A kiosk follows its store's published content: fetch, verify, assemble, install.

Called by the sync worker after each pull (``SyncWorker(content=...)``), on its thread,
never the GUI's. When the store's current version is not the one last installed here:

1. the blobs this kiosk lacks are fetched one chunk at a time into ``<content>/blobs``
   (a ``.part`` file renamed once its size and hash are right), so memory stays bounded
   and an interrupted fetch (a stop, a crash, the network) resumes with what is missing;
2. every file of the manifest is copied from the blobs into a staging folder and its hash
   checked again (the local copy may have been damaged since);
3. the staging folder is installed through ``PackStore.install``, like a local install:
   validated, copied, prepared, the pointer switched atomically; the kiosk adopts it at
   its next attract screen. Until then nothing of the new pack is in service.

A version that cannot be installed as published (a blob missing or not matching its hash,
a malformed manifest, a pack that does not validate) is refused: the last good pack stays,
the reason goes to the state file (``kiosk check``) and the log, and that version is not
fetched again; the next publish or rollback is. A local failure (a full disk) is not the
version's fault: it is retried at the next sync. Database errors are raised to the worker,
which retries the pass with backoff as for any store outage.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Engine, select, text

from kiosk.clock import utcnow
from kiosk.content.errors import ContentError
from kiosk.content.publish.manifest import Entry, read_manifest
from kiosk.content.publish.publisher import BLOBS, CHUNKS, current_version
from kiosk.content.publish.state import FollowState, load, save
from kiosk.content.store import PackStore

log = logging.getLogger(__name__)

BLOB_DIR = "blobs"


class Refused(ContentError):
    """The published version cannot be installed as it is; it is not fetched again."""


@dataclass(frozen=True)
class Followed:
    """One follow: ``outcome`` is nothing-published, current, installed, refused, failed
    or stopped; ``fetched`` blobs and ``fetched_bytes`` came from the store this time."""

    outcome: str
    fetched: int = 0
    fetched_bytes: int = 0
    message: str = ""


class PackFollower:
    """Keeps ``packs`` on the store's current published version (see the module doc)."""

    def __init__(self, store: Engine, store_id: str, packs: PackStore) -> None:
        self.store, self.store_id, self.packs = store, store_id, packs
        self.blobs = packs.folder / BLOB_DIR

    def __call__(self, stop: Callable[[], bool]) -> None:
        self.follow(stop)

    def follow(self, stop: Callable[[], bool] = lambda: False) -> Followed:
        with self.store.connect() as conn:
            # A store database not yet migrated to 0010 has nothing published: its kiosks
            # go on syncing (they tolerate older store schemas) instead of failing each pass.
            if conn.execute(text("SELECT to_regclass('content_current')")).scalar() is None:
                return Followed("nothing-published")
            target = current_version(conn, self.store_id)
        folder = self.packs.folder
        state = load(folder)
        if target is None:
            if state.published_version is not None:  # unpublished since: say so
                self._save(replace(state, published_version=None, published_pack=None))
            return Followed("nothing-published")
        state.published_version = target.id
        state.published_pack = f"{target.brand} {target.pack_version}"
        if target.id in (state.installed_version, state.refused_version):
            self._save(replace(state, fetching=None))
            return Followed("current" if target.id == state.installed_version else "refused")
        counts = [0, 0]
        try:
            entries = read_manifest(target.manifest)
            if not self._fetch(entries, state, stop, counts):
                return Followed("stopped", counts[0], counts[1])
            name = self._assemble_and_install(entries)
        except ContentError as exc:  # Refused, or a malformed manifest
            return self._refuse(state, target.id, str(exc), counts)
        except OSError as exc:
            reason = f"{exc.strerror or exc} ({exc.filename or folder})"
            log.warning("content: published version %d not installed yet: %s", target.id, reason)
            self._save(replace(state, fetching=None, error=reason, error_at=_now()))
            return Followed("failed", counts[0], counts[1], message=reason)
        self._prune({e.sha256 for e in entries})
        log.info("content: published version %d installed as %s", target.id, name)
        self._save(
            replace(state, installed_version=target.id, installed_name=name, fetching=None,
                    refused_version=None, error=None, error_at=None)
        )  # fmt: skip
        return Followed("installed", counts[0], counts[1])

    # -- fetching ---------------------------------------------------------------------------
    def _fetch(
        self, entries: list[Entry], state: FollowState, stop: Callable[[], bool], counts: list[int]
    ) -> bool:
        """Fetch the blobs not held here; False when ``stop`` asked to end first."""
        self.blobs.mkdir(parents=True, exist_ok=True)
        for stale in self.blobs.glob(".part-*"):  # an interrupted fetch's last blob
            stale.unlink(missing_ok=True)
        wanted = {e.sha256: e for e in entries}
        need = [e for sha, e in sorted(wanted.items()) if not self._held(sha, e.size)]
        for done, entry in enumerate(need):
            self._save(replace(state, fetching=[done, len(need)]))
            if stop():
                return False
            self._fetch_blob(entry)
            counts[0], counts[1] = counts[0] + 1, counts[1] + entry.size
        self._save(replace(state, fetching=[len(need), len(need)]))
        return True

    def _held(self, sha: str, size: int) -> bool:
        path = self.blobs / sha
        return path.is_file() and path.stat().st_size == size

    def _fetch_blob(self, entry: Entry) -> None:
        """One blob, chunk by chunk, into a ``.part`` file renamed once size and hash match."""
        part = self.blobs / f".part-{entry.sha256}"
        digest = hashlib.sha256()
        written = 0
        with self.store.connect() as conn:
            row = conn.execute(
                select(BLOBS.c.size, BLOBS.c.chunks).where(BLOBS.c.sha256 == entry.sha256)
            ).first()
            if row is None or row.size != entry.size:
                raise Refused(f"{entry.path}: its blob {entry.sha256[:12]} is missing from "
                              "the store database; publish the pack again")  # fmt: skip
            with part.open("wb") as handle:
                for seq in range(row.chunks):
                    data = conn.execute(
                        select(CHUNKS.c.data).where(
                            CHUNKS.c.sha256 == entry.sha256, CHUNKS.c.seq == seq
                        )
                    ).scalar()
                    if data is None or written + len(data) > entry.size:
                        break
                    digest.update(data)
                    handle.write(data)
                    written += len(data)
                handle.flush()
                os.fsync(handle.fileno())
        if written != entry.size or digest.hexdigest() != entry.sha256:
            part.unlink(missing_ok=True)
            raise Refused(
                f"{entry.path}: the bytes fetched do not match its hash (the store's copy "
                f"of blob {entry.sha256[:12]} is damaged); publish the pack again"
            )
        os.replace(part, self.blobs / entry.sha256)

    # -- installing -------------------------------------------------------------------------
    def _assemble_and_install(self, entries: list[Entry]) -> str:
        """The pack assembled from the blobs in a staging folder (every file's hash checked
        as it is copied), then installed; returns the installed folder's name."""
        staging = Path(tempfile.mkdtemp(dir=self.packs.folder, prefix=".published-"))
        try:
            for entry in entries:
                target = staging / entry.path
                target.parent.mkdir(parents=True, exist_ok=True)
                if _copy_hashed(self.blobs / entry.sha256, target) != entry.sha256:
                    (self.blobs / entry.sha256).unlink(missing_ok=True)  # fetched again next
                    raise OSError(f"the local copy of {entry.path} was damaged; fetched again")
            result = self.packs.install(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        if not result.ok:
            errors = [i for i in result.issues if i.is_error]
            if errors:
                raise Refused(f"the pack does not validate: {len(errors)} error(s), first: "
                              f"{errors[0]}")  # fmt: skip
            raise OSError(result.message)
        name = self.packs.installed_name()
        assert name is not None
        return name

    def _prune(self, keep: set[str]) -> None:
        """Blobs of other versions go: the disk holds one pack's worth of them."""
        try:
            for path in self.blobs.iterdir():
                if path.name not in keep:
                    path.unlink(missing_ok=True)
        except OSError:
            log.warning("content: old published files could not be removed from %s", self.blobs)

    def _refuse(self, state: FollowState, version: int, reason: str, counts: list[int]) -> Followed:
        log.warning("content: published version %d refused, the last good pack stays in "
                    "service: %s", version, reason)  # fmt: skip
        self._save(
            replace(state, fetching=None, refused_version=version, error=reason, error_at=_now())
        )
        return Followed("refused", counts[0], counts[1], message=reason)

    def _save(self, state: FollowState) -> None:
        """Write the state when it changed (not at every sync: a kiosk's disk is an SSD or
        an SD card, and ``kiosk check`` reads the sync's own last success for liveness)."""
        if replace(state, changed_at=None) == replace(load(self.packs.folder), changed_at=None):
            return
        try:
            save(self.packs.folder, replace(state, changed_at=_now()))
        except OSError as exc:
            log.warning("content: the published-content state cannot be written: %s", exc)


def _copy_hashed(source: Path, target: Path) -> str:
    digest = hashlib.sha256()
    with source.open("rb") as src, target.open("wb") as dst:
        while block := src.read(1 << 20):
            digest.update(block)
            dst.write(block)
    return digest.hexdigest()


def _now() -> str:
    return utcnow().isoformat(timespec="seconds")
