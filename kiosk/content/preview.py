"""``kiosk content preview PACK``: the kiosk, windowed, on a pack folder as it is edited.

The command itself opens a window, which ``kiosk/`` may not do (it never imports Qt or
``ui``): ``register`` marks the parsed arguments with ``ui="preview"`` and ``main.py`` hands
them to ``ui.preview``. What needs no Qt lives here: ``FolderPacks``, the preview's source of
packs read straight from the author's folder (nothing installed, nothing written into the
folder or the configured content store), and ``check_folder``, the validation a save triggers.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from kiosk.content.errors import ContentError, Issue
from kiosk.content.model import ContentPack
from kiosk.content.snapshot import KIOSK_FILES
from kiosk.content.store import PackStore
from kiosk.content.validate import validate

Signature = dict[str, tuple[int, int]]


def image_files(root: Path) -> Signature:
    """Every file under ``root`` but the TOML texts (the images, an attract loop), with its
    modification time and size: what tells a save of a picture (re-checked by decoding it)
    from a save of text (decoding 100 photographs again would take a second each time)."""
    found: Signature = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            written = name in KIOSK_FILES and Path(folder) == root  # by a kiosk, not the author
            if not name.startswith(".") and not written and not name.endswith(".toml"):
                path = Path(folder, name)
                try:
                    st = path.stat()
                except OSError:
                    continue  # removed meanwhile: the validation names it if it is used
                found[path.relative_to(root).as_posix()] = (st.st_mtime_ns, st.st_size)
    return found


def watched_paths(root: Path) -> list[str]:
    """The folders and files a watcher follows: the folder tree (new and renamed files) and
    each file (a save written in place changes no folder). Hidden entries (an editor's swap
    files, ``.git``) are left out."""
    paths = [str(root)]
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        paths.extend(str(Path(folder, d)) for d in dirs)
        paths.extend(str(Path(folder, f)) for f in sorted(files) if not f.startswith("."))
    return paths


@dataclass(frozen=True)
class Check:
    """One validation of the folder after a save: the pack when it has no errors, else the
    errors (each names its file and place); ``images_changed`` when a picture differs from
    the pack shown before, so the screens decode them afresh; ``watch``: what to follow now."""

    pack: ContentPack | None
    errors: tuple[Issue, ...]
    images_changed: bool
    watch: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.pack is not None


class FolderPacks(PackStore):
    """The pack in service is the last good state of the author's folder; image renditions
    go to ``scratch`` (a temporary folder), never to the kiosk's configured content store.

    ``check`` runs on a worker; ``adopt`` on the GUI thread, between two screens' reads, so
    no screen sees half of a change. Nothing is ever installed: ``switch_if_idle`` has
    nothing to switch to (the preview reloads as soon as a save validates)."""

    def __init__(self, root: Path, scratch: Path) -> None:
        super().__init__(scratch)
        self.root = root.resolve()
        self._pack: ContentPack | None = None
        self._shown_images: Signature | None = None  # of the pack adopted last
        self._decoded: Signature | None = None  # images as the last full check left them

    def check(self) -> Check:
        """Validate the folder as it is now. Images are decoded again only when one was
        added, replaced or removed since the last check that found no error."""
        images = image_files(self.root)
        full = images != self._decoded
        try:
            report = validate(self.root, check_images=full)
        except (OSError, ContentError) as exc:  # the folder itself went away
            return Check(None, (Issue("", "", str(exc)),), False, watched_paths(self.root))
        watch = watched_paths(self.root)
        if report.pack is None:
            if full:
                self._decoded = None
            return Check(None, tuple(report.errors), False, watch)
        if full:
            self._decoded = images
        changed = self._shown_images is not None and images != self._shown_images
        return Check(report.pack, (), changed, watch)

    def adopt(self, check: Check) -> None:
        """Put a good check's pack in service (the screens are then shown it again)."""
        assert check.pack is not None
        with self._lock:
            self._pack = check.pack
        self._shown_images = self._decoded

    def current(self) -> ContentPack:
        with self._lock:
            if self._pack is None:
                raise ContentError(f"{self.root}: the pack has not been read yet")
            return self._pack

    def installed_name(self) -> str | None:
        return None

    def switch_if_idle(self, visit_open: bool) -> bool:
        return False


def first_check(root: Path, scratch: Path) -> tuple[FolderPacks, Check]:
    """The folder's packs and its first check (on a worker: it decodes every image)."""
    if not root.is_dir():
        raise ContentError(f"{root}: no such pack folder")
    packs = FolderPacks(root, scratch)
    return packs, packs.check()


def cmd_preview(
    args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    """Reached only when the kiosk's own entry point (main.py) did not hand over to the
    window, e.g. ``kiosk.cli.dispatch`` called from a script: say how to open it."""
    err.write("kiosk content preview opens a window: run it as `kiosk content preview PACK`\n")
    return 2


def register(sub: Any) -> None:
    """Add ``preview`` to ``kiosk content``'s subparsers ``sub``."""
    p = sub.add_parser(
        "preview",
        help="open the kiosk in a window on a pack folder, reloading as its files are saved",
        description="Open the kiosk windowed on PACK without installing it: every save is "
        "validated again and the screen being looked at reloads with it; a save with errors "
        "shows them over the last good state. Nothing is written to the content store or the "
        "kiosk's database (a throwaway one in a temporary folder is used).",
    )
    p.add_argument("path", metavar="PACK", help="the pack folder")
    p.add_argument(
        "--portrait",
        action="store_true",
        help="the kiosk's portrait screen (1080x1920), drawn at half size",
    )
    p.set_defaults(handler=cmd_preview, needs_config=False, ui="preview")
