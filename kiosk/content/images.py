"""Decoding pack images safely and making the renditions the screens show.

The UI calls ``RenditionCache.rendition(path, size_class)`` from a worker thread and decodes
the small JPEG/PNG it gets back: the GUI thread never sees a 12000x8000 photograph. Sources
are decoded with bounded memory (JPEG ``draft`` lets libjpeg decode at 1/2, 1/4 or 1/8 scale;
other formats above a pixel budget are refused rather than risk the kiosk's memory), turned
upright by their EXIF orientation, converted to sRGB (CMYK and embedded ICC profiles), and
keep their alpha channel. Any failure is an ``ImageError`` naming the file, so the caller can
show a placeholder and the content team knows which file to replace.
"""

from __future__ import annotations

import io
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.checksum import sha256
from kiosk.content.errors import ImageError
from kiosk.station.atomic_file import replaced

# Pillow (about 10 ms to import) is imported where an image is first looked at, not with
# this module: the kiosk's start opens its pack, and this module with it, before any image.
if TYPE_CHECKING:
    from PIL import Image, ImageCms

# Long edge in pixels of each size class.
SIZE_CLASSES: dict[str, int] = {"thumb": 512, "screen": 1920, "full": 3840}
# A source smaller than this on its long edge looks soft on a full-HD screen (a warning).
SCREEN_LONG_EDGE = 1920
# Headers claiming more pixels than this are refused before any decoding (decompression
# bombs). JPEG decodes through ``draft`` at up to 1/8 scale, so it may be larger than the
# formats that must be decoded whole.
MAX_JPEG_PIXELS = 250_000_000
MAX_OTHER_PIXELS = 64_000_000
# What packs may hold, as Pillow names the formats it finds (cameras write JPEGs that Pillow
# calls MPO: a JPEG with extra pictures appended). docs/content-packs.md says the same.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG"}
# Bumped when the pipeline changes, so old cached renditions are not reused.
# 2: 16-bit grayscale scaled to 8 bits (was clipped to white); colour-keyed transparency kept.
PIPELINE_VERSION = "2"


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _name(path: Path) -> str:
    return str(path)


def _open(path: Path) -> Image.Image:
    """Open lazily (header only) and refuse bombs and non-images with a clear reason."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS; our own budgets below decide instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except FileNotFoundError as exc:
        raise ImageError(_name(path), "file is missing") from exc
    except Image.DecompressionBombError as exc:
        raise ImageError(_name(path), f"refused as a decompression bomb: {exc}") from exc
    except UnidentifiedImageError as exc:
        raise ImageError(_name(path), "not an image Pillow can read") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError(_name(path), f"cannot be read: {exc}") from exc
    kind = ACCEPTED_FORMATS.get(image.format or "")
    if kind is None:
        found = image.format or "unknown"
        image.close()
        raise ImageError(_name(path), f"is a {found} image; a pack's images must be JPEG or PNG")
    width, height = image.size
    budget = MAX_JPEG_PIXELS if kind == "JPEG" else MAX_OTHER_PIXELS
    if width <= 0 or height <= 0 or width * height > budget:
        image.close()
        raise ImageError(
            _name(path),
            f"refused as a decompression bomb: header claims {width}x{height} pixels, "
            f"more than the {budget:,} allowed for {image.format or 'this format'}",
        )
    return image


def probe(path: Path) -> tuple[int, int]:
    """Width and height from the header alone (no pixels decoded)."""
    image = _open(path)
    try:
        return image.size
    finally:
        image.close()


def is_progressive_jpeg(path: Path) -> bool:
    """Whether ``path`` is a progressive JPEG (from its header; False for anything else or a
    file that cannot be read: the image check reports those)."""
    try:
        image = _open(path)
    except ImageError:
        return False
    try:
        return image.format == "JPEG" and bool(image.info.get("progressive"))
    finally:
        image.close()


def check(path: Path) -> tuple[int, int]:
    """Decode every byte of ``path`` and return its size: the one image check shared by
    validate, build and install, so a truncated or damaged file is refused by all three.

    A header is not enough: a JPEG cut in half has a perfect header. JPEGs are decoded at
    1/8 scale (libjpeg still reads the whole stream, so damage is found) to keep this cheap.
    Runs in the command line or a worker, never on the GUI thread.
    """
    from PIL import Image

    image = _open(path)
    try:
        size = image.size  # before draft, which shrinks it to the reduced decode's
        if image.format in ("JPEG", "MPO"):
            image.draft("RGB" if image.mode not in ("L", "CMYK") else image.mode, (1, 1))
        image.load()
        return size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(_name(path), f"cannot be decoded: {_reason(exc)}") from exc
    finally:
        image.close()


def check_pixels(path: Path) -> int:
    """How many pixels ``check`` will hold decoded (from the header): a JPEG is decoded at
    1/8 scale, anything else whole. Lets validation check the largest ones one at a time."""
    image = _open(path)
    try:
        width, height = image.size
        return width * height // (64 if image.format in ("JPEG", "MPO") else 1)
    finally:
        image.close()


def _reason(exc: BaseException) -> str:
    reason = str(exc) or type(exc).__name__
    if "truncated" in reason:
        reason = f"file is truncated or damaged ({reason})"
    return reason


def _to_8_bit(image: Image.Image) -> Image.Image:
    """16-bit (and 32-bit integer) grayscale to 8-bit ``L``, scaling rather than clipping:
    Pillow's own conversion clips at 255, which turns a 16-bit photograph pure white."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        return image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to RGB or RGBA in sRGB, honouring an embedded ICC profile and keeping alpha."""
    from PIL import ImageCms

    image = _to_8_bit(image)
    # Alpha channels, and PNG colour-key transparency (tRNS) in P, L and RGB images.
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    icc = image.info.get("icc_profile")
    target = "RGBA" if has_alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(target)
            out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, _srgb(), outputMode=out_mode)
            if converted is not None:
                return converted if converted.mode == target else converted.convert(target)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # A broken profile: the plain conversion below is the best we can do.
    return image if image.mode == target else image.convert(target)


def decode(path: Path, long_edge: int) -> Image.Image:
    """Decode ``path`` upright, in sRGB, no larger than ``long_edge`` (never enlarged)."""
    from PIL import Image, ImageOps

    image = _open(path)
    try:
        width, height = image.size
        scale = min(1.0, long_edge / max(width, height))
        if image.format == "JPEG":
            # Decode at the smallest 1/2^n scale still at least the target size.
            image.draft(
                image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB",
                (max(1, int(width * scale)), max(1, int(height * scale))),
            )
        image.load()
        oriented = ImageOps.exif_transpose(image)
        srgb = _to_srgb(oriented)
        srgb.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS, reducing_gap=3.0)
        return srgb
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(_name(path), f"cannot be decoded: {_reason(exc)}") from exc
    finally:
        image.close()


def content_hash(path: Path) -> str:
    """SHA-256 of the file's bytes: renditions are shared by every pack holding the file."""
    digest = sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ImageError(_name(path), f"cannot be read: {exc}") from exc
    return digest.hexdigest()


class RenditionCache:
    """Renditions on disk under ``folder``, keyed by content hash, size class and pipeline.

    Safe to call from several worker threads and processes: a rendition is written to a
    temporary file and renamed into place, so a reader never sees half a file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, path: Path, size_class: str) -> str:
        if size_class not in SIZE_CLASSES:
            raise ValueError(f"unknown size class {size_class!r}; use {sorted(SIZE_CLASSES)}")
        return f"{content_hash(path)[:40]}-{size_class}-p{PIPELINE_VERSION}"

    def cached(self, path: Path, size_class: str) -> Path | None:
        """The existing rendition, if already built (no decoding)."""
        return self._existing(self.key(path, size_class))

    def _existing(self, key: str) -> Path | None:
        """The cached file, if any. An empty one (a power cut before its data reached the
        disk) is not a rendition: it would show a placeholder for ever, so it is rebuilt."""
        for ext in (".jpg", ".png"):
            candidate = self.folder / key[:2] / (key + ext)
            try:
                if candidate.stat().st_size > 0:
                    return candidate
            except OSError:
                continue
        return None

    def discard(self, path: Path, size_class: str) -> None:
        """Forget a rendition that turned out unreadable, so the next request rebuilds it."""
        key = self.key(path, size_class)
        for ext in (".jpg", ".png"):
            (self.folder / key[:2] / (key + ext)).unlink(missing_ok=True)

    def rendition(self, path: Path, size_class: str) -> Path:
        """The rendition file for ``path``, building it first if needed.

        JPEG for opaque images, PNG where the source has transparency. Raises ImageError.
        """
        return self.ensure(path, size_class)[0]

    def ensure(self, path: Path, size_class: str) -> tuple[Path, bool]:
        """The rendition and whether this call built it (an install undoes what it built)."""
        key = self.key(path, size_class)
        existing = self._existing(key)
        if existing is not None:
            return existing, False
        image = decode(path, SIZE_CLASSES[size_class])
        ext = ".png" if image.mode == "RGBA" else ".jpg"
        target = self.folder / key[:2] / (key + ext)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with replaced(target, prefix=".tmp-", suffix=ext, binary=True) as handle:
                if ext == ".png":
                    image.save(handle, "PNG", optimize=False, compress_level=6)
                else:
                    image.save(
                        handle,
                        "JPEG",
                        quality=88,
                        optimize=True,
                        progressive=False,  # read from a local disk: baseline decodes twice as fast
                        subsampling="4:2:0" if size_class == "thumb" else "4:4:4",
                    )
        except OSError as exc:
            raise ImageError(_name(path), f"rendition could not be written: {exc}") from exc
        return target, True
