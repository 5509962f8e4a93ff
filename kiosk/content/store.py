"""Installing packs safely and switching to them only between visits.

Layout under the store folder (the kiosk's data dir, e.g. ``<data>/content``)::

    packs/<version>-<hash>/   one complete, validated, prepared copy per installed pack
    current                   a one-line file naming the folder in service
    renditions/               image renditions shared by all packs (keyed by content hash)

``install`` validates the new pack where it lies, copies it into a staging folder, writes
its snapshot and renditions there, renames it into ``packs/`` and only then replaces
``current`` with ``os.replace`` (atomic on POSIX and Windows). A refused or failed install
never touches ``current``, so the last good pack stays in service. A pointer file rather
than a symlink, because Windows kiosks cannot always create symlinks.

A running kiosk holds the pack it started with. ``switch_if_idle(visit_open)`` is called by
the attract screen: it adopts a newly installed pack only when no visit is open, so a
customer never sees the catalogue change under their finger.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.checksum import sha256
from kiosk.content.errors import ContentError, ImageError, Issue
from kiosk.content.images import RenditionCache
from kiosk.content.model import ContentPack
from kiosk.content.snapshot import KIOSK_FILES, load_prepared, prepare
from kiosk.content.validate import validate
from kiosk.station.atomic_file import replaced
from kiosk.station.storage import CONTENT_PACKS
from kiosk.station.storage import CONTENT_POINTER as POINTER
from kiosk.values import Value, value

KEEP_PACKS = 3
PREPARED_CLASSES = ("thumb", "screen")

Progress = Callable[[int, int, str], None]


@value
class InstallResult(Value):
    """What ``install`` did; ``message`` is one line for store IT."""

    ok: bool
    message: str
    folder: Path | None = None
    issues: tuple[Issue, ...] = ()


def pack_files(root: Path) -> list[Path]:
    """The files an install copies: everything but the snapshot, first picture's hint and
    loop poster a previous build left beside the pack's own (an author's file of the same
    name in a folder of the pack is copied), and links leading out of the pack (a link to
    /etc/shadow must not be copied into a folder the kiosk's user reads; validation already
    refuses images that lie outside)."""
    root = root.resolve()
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not (p.parent == root and p.name in KIOSK_FILES)  # an author's own may share a name
        and not p.name.startswith((".snapshot-", ".first-picture-", ".poster-"))
        and p.resolve().is_relative_to(root)
    )


def content_digest(root: Path, files: list[Path]) -> str:
    """SHA-256 over every file's name and bytes (streamed): the installed folder's identity.

    Names and sizes alone are not enough: an edit that keeps a file's size (a name put in
    upper case) must install as a new folder, or the old text stays in service.
    """
    digest = sha256()
    for path in files:
        one = sha256()
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                one.update(block)
        digest.update(f"{path.relative_to(root).as_posix()}\0{one.hexdigest()}\n".encode())
    return digest.hexdigest()[:16]


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name) or "pack"


def build_renditions(
    pack: ContentPack,
    cache: RenditionCache,
    classes: tuple[str, ...] = PREPARED_CLASSES,
    progress: Progress | None = None,
    made: list[Path] | None = None,
) -> list[ImageError]:
    """Make every rendition ahead of time; returns the images that could not be made and
    adds the files it wrote to ``made``. A failure of the machine rather than of an image
    (a full disk) stops at once with ContentError: every later image would fail the same."""
    images = pack.image_paths()
    total = len(images) * len(classes)
    problems: list[ImageError] = []
    done = 0
    for image in images:
        for size_class in classes:
            try:
                path, built = cache.ensure(image, size_class)
            except ImageError as exc:
                if isinstance(exc.__cause__, OSError) and exc.__cause__.errno:
                    raise ContentError(f"image renditions could not be written: {exc}") from exc
                problems.append(exc)
            else:
                if built and made is not None:
                    made.append(path)
            done += 1
            if progress is not None:
                progress(done, total, image.name)
    return problems


class PackStore:
    """The installed packs of one kiosk, and the one in service for this process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.packs = folder / CONTENT_PACKS
        self.renditions = RenditionCache(folder / "renditions")
        self._lock = threading.Lock()
        self._active: ContentPack | None = None
        self._active_name: str | None = None

    # -- what is installed -------------------------------------------------------------
    def installed_name(self) -> str | None:
        """The folder name the pointer designates now (possibly newer than the active one)."""
        try:
            name = (self.folder / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ContentError(f"{self.folder / POINTER}: cannot be read: {exc}") from exc
        return name or None

    def current(self) -> ContentPack:
        """The pack in service for this process (loaded on first use)."""
        with self._lock:
            if self._active is None:
                name = self.installed_name()
                if name is None:
                    raise ContentError(f"no content pack is installed in {self.folder}")
                self._active = load_prepared(self.packs / name)
                self._active_name = name
            return self._active

    @property
    def pending_swap(self) -> bool:
        """A newer pack has been installed than the one this process shows."""
        name = self.installed_name()
        return name is not None and self._active_name is not None and name != self._active_name

    def switch_if_idle(self, visit_open: bool) -> bool:
        """Adopt a newly installed pack, but only while no visit is open.

        Called by the attract screen (and cheap to call often: one small file read). Returns
        True when the pack in service changed; the UI then reloads what it shows.
        """
        if visit_open or not self.pending_swap:
            return False
        name = self.installed_name()
        assert name is not None
        # On the GUI thread (the attract screen): a snapshot is not written here; the next
        # start, on a worker, writes it if this pack had to be validated from its files.
        pack = load_prepared(self.packs / name, rewrite=False)
        with self._lock:
            self._active, self._active_name = pack, name
        return True

    def ensure(
        self, source: Path, progress: Progress | None = None, renditions: bool = True
    ) -> InstallResult | None:
        """Install ``source`` if nothing is installed yet (first start); else do nothing."""
        if self.installed_name() is not None:
            return None
        return self.install(source, progress, renditions)

    # -- installing --------------------------------------------------------------------
    def install(
        self, source: Path, progress: Progress | None = None, renditions: bool = True
    ) -> InstallResult:
        """Validate, copy, prepare and atomically put ``source`` in service on next idle.

        ``renditions=False`` leaves image renditions to be made on first use (the kiosk's
        first start: it should greet its first customer without waiting for all of them).
        A failure at any step (a full disk, a folder that cannot be written) removes what
        this install made, leaves ``current`` as it was and says what happened in one line.
        """
        report = validate(source)  # the source may be read-only (a packaged demo pack)
        if report.pack is None:
            errors = report.errors
            return InstallResult(
                False,
                f"refused: {len(errors)} error(s); the pack in service is unchanged",
                None,
                report.issues,
            )
        made: list[Path] = []  # what to remove if a later step fails
        step = [f"reading {report.root}"]  # what was being done, for the one-line message
        try:
            files = pack_files(report.root)
            name = _safe(f"{report.pack.info.version}-{content_digest(report.root, files)}")
            final = self.packs / name
            if not final.exists():
                self._stage(report.root, files, final, made, step)
            pack = load_prepared(final)
            if renditions:
                step[0] = f"making image renditions in {self.renditions.folder}"
                problems = build_renditions(pack, self.renditions, PREPARED_CLASSES, progress, made)
                if problems:  # every image was decoded by validation: not expected
                    raise ContentError(f"image renditions could not be made: {problems[0]}")
            step[0] = f"writing {self.folder / POINTER}"
            self._point_to(name)
        except (OSError, ContentError) as exc:
            for path in reversed(made):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            return InstallResult(
                False,
                f"install failed, the pack in service is unchanged: {one_line(exc, step[0])}",
                None,
                report.issues,
            )
        self._prune(keep={name, self._active_name or ""})
        return InstallResult(
            True,
            f"installed {report.pack.info.brand} "
            f"{report.pack.info.version} as {name}; the kiosk switches "
            "at its next attract screen",
            final,
            report.issues,
        )

    def _stage(
        self, root: Path, files: list[Path], final: Path, made: list[Path], step: list[str]
    ) -> None:
        """Copy the pack's files into a staging folder, rename it final, prepare it there."""
        step[0] = f"creating a folder in {self.packs}"
        self.packs.mkdir(parents=True, exist_ok=True)
        import tempfile  # not at import: it brings the random module, a millisecond of the start

        staging = Path(tempfile.mkdtemp(dir=self.packs, prefix=".staging-"))
        made.append(staging)
        for path in files:  # one by one: the first failure stops the copy and is reported
            rel = path.relative_to(root)
            step[0] = f"copying {rel.as_posix()} into {self.packs}"
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        os.replace(staging, final)
        made[-1] = final
        step[0] = f"writing the pack snapshot in {final}"
        # Prepared where it will stay: a snapshot records its folder and absolute image paths,
        # so one written in the staging folder would never be used.
        if prepare(final, check_images=False).pack is None:
            raise ContentError(f"{root}: the copied pack no longer validates (changed meanwhile?)")

    def _point_to(self, name: str) -> None:
        """Replace the pointer atomically; on failure no temporary file is left behind."""
        with replaced(self.folder / POINTER, prefix=".current-") as handle:
            handle.write(name + "\n")

    def _prune(self, keep: set[str]) -> None:
        """Keep the newest few packs (and any in service) so a rollback stays possible."""
        try:
            folders = sorted(
                (p for p in self.packs.iterdir() if p.is_dir() and not p.name.startswith(".")),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
        except OSError:
            return  # pruning is housekeeping: the install itself succeeded
        for old in folders[KEEP_PACKS:]:
            if old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)


def one_line(exc: BaseException, step: str, limit: int = 300) -> str:
    """What went wrong and during which step, on one short line for store IT."""
    cause: BaseException | None = exc
    while cause is not None and not (isinstance(cause, OSError) and cause.errno):
        cause = cause.__cause__  # a ContentError wrapping the disk's own error
    text = f"{cause.strerror} while {step}" if isinstance(cause, OSError) else str(exc)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
