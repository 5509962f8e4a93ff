"""The product pictures of the follow-up page: responsive widths, WebP with a JPEG fallback.

A phone 412 px wide at DPR 2.6 wants about 1070 px of picture; offered only the pack's
``thumb`` (512) and ``screen`` (1920) renditions it took the 1920 JPEG. So the page offers
widths between them, each as WebP (``<source type="image/webp">``) and as the pack's own
format (JPEG, or PNG for a picture with transparency) for the browsers that lack WebP.

Each width is made once from the pack's ``screen`` rendition (itself built once from the
source by ``RenditionCache``), written beside it in the rendition cache atomically, and
found on disk afterwards: a request decodes at most one small file, and only the first
request for a width and format does. A process-local memo skips even the rendition's
content hash for a source file seen before (same path, size and modification time).
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

from PIL import Image

from kiosk.content.errors import ImageError
from kiosk.content.images import RenditionCache
from kiosk.station.storage import readable_by_all

WIDTHS = (480, 768, 1080, 1440)
"""The widths the page offers (``srcset``), all made from the ``screen`` rendition."""
PACK_SIZES = ("thumb", "screen")
"""The pack's own renditions, served as they are (older pages linked these)."""
WEBP_QUALITY = 80
MEMO_LIMIT = 4096


class UnknownVariant(ValueError):
    """A size or format the page does not offer (the answer is a 404 saying so)."""


def parse_variant(segment: str) -> tuple[str, str]:
    """``"1080.webp"`` -> ``("1080", "webp")``; raises UnknownVariant for anything else."""
    size, dot, fmt = segment.partition(".")
    if dot and fmt != "webp":
        raise UnknownVariant("unknown picture format: use .webp or none")
    if size not in PACK_SIZES and size not in {str(w) for w in WIDTHS}:
        offered = ", ".join([*PACK_SIZES, *(str(w) for w in WIDTHS)])
        raise UnknownVariant(f"unknown picture size: use one of {offered}")
    return size, fmt


class PagePictures:
    def __init__(self, renditions: RenditionCache) -> None:
        self.renditions = renditions
        self._lock = threading.Lock()
        self._building: dict[Path, threading.Lock] = {}
        self._memo: dict[tuple[str, int, int, str, str], Path] = {}

    def file(self, source: Path, size: str, fmt: str) -> Path:
        """The file for ``source`` at ``size`` in ``fmt`` (see ``parse_variant``), made on
        the first request. Raises ImageError (the pack's fault) or UnknownVariant."""
        parse_variant(f"{size}.{fmt}" if fmt else size)
        try:
            stat = source.stat()
        except OSError as exc:
            raise ImageError(str(source), "file is missing") from exc
        memo_key = (str(source), stat.st_mtime_ns, stat.st_size, size, fmt)
        known = self._memo.get(memo_key)
        if known is not None and known.exists():
            return known
        if size in PACK_SIZES and not fmt:
            found = self.renditions.rendition(source, size)
        else:
            pack_size = size if size in PACK_SIZES else "screen"
            base = self.renditions.rendition(source, pack_size)
            width = None if size in PACK_SIZES else int(size)
            found = self._derived(source, base, pack_size, width, fmt)
        with self._lock:
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[memo_key] = found
        return found

    def _derived(
        self, source: Path, base: Path, pack_size: str, width: int | None, fmt: str
    ) -> Path:
        ext = fmt or base.suffix.lstrip(".")
        target = base.with_name(f"{base.stem}-w{width or 'full'}.{ext}")
        with self._lock:
            lock = self._building.setdefault(target, threading.Lock())
        with lock:  # two phones asking at once: one decodes, the other finds the file
            try:
                if target.stat().st_size > 0:
                    return target
            except OSError:
                pass
            self._write(source, base, pack_size, target, width)
        with self._lock:
            self._building.pop(target, None)
        return target

    def _write(
        self, source: Path, base: Path, pack_size: str, target: Path, width: int | None
    ) -> None:
        try:
            with Image.open(base) as opened:
                opened.load()
                image = opened.copy()
        except (OSError, ValueError) as exc:
            self.renditions.discard(source, pack_size)  # unreadable: rebuilt next time
            raise ImageError(str(source), f"rendition unreadable: {exc}") from exc
        if width is not None and image.width > width:
            height = max(1, round(image.height * width / image.width))
            image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
        readable_by_all(tmp)  # public product pictures, whoever serves them
        try:
            with os.fdopen(fd, "wb") as handle:
                if target.suffix == ".webp":
                    image.save(handle, "WEBP", quality=WEBP_QUALITY, method=5)
                elif target.suffix == ".png":
                    image.save(handle, "PNG", compress_level=6)
                else:
                    image.save(handle, "JPEG", quality=84, optimize=True, progressive=True)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ImageError(str(source), f"picture could not be written: {exc}") from exc


def media_type(path: Path) -> str:
    return {".webp": "image/webp", ".png": "image/png"}.get(path.suffix, "image/jpeg")
