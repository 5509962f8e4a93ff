"""The work of ``kiosk.content.validate``: the pack read, its whole-pack rules, its images
and loop checked, and the model made. Imported when a pack is validated (an install, the
command line, a snapshot gone stale), never at a start that reads the snapshot."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kiosk.content.care import CARE_FILE, uncared
from kiosk.content.documents import RawPack
from kiosk.content.errors import ImageError, Issue, Severity
from kiosk.content.images import SCREEN_LONG_EDGE, check, check_pixels, is_progressive_jpeg
from kiosk.content.loop import check_loop
from kiosk.content.model import DEFAULT_CASE_CATEGORIES, ContentPack
from kiosk.content.reader import PackReader
from kiosk.content.validate import Report

# Above this many decoded pixels an image is checked alone (64 MB as RGBA).
PARALLEL_PIXELS = 16_000_000


def _check_images(raw: RawPack, issues: list[Issue], check_images: bool) -> None:
    """Every referenced image exists, is inside the pack, is a JPEG or PNG that decodes to
    its last byte, and is big enough for the screen (a warning). Each file is checked once
    however often it is used; build and install refuse exactly what this refuses."""
    root = raw.root.resolve()
    inside = {image for _, _, image in raw.images if image.is_relative_to(root)}
    found = _decode_all(sorted(inside), check_images)
    for file, path, image in raw.images:
        rel = _rel(image, root)
        if image not in inside:
            issues.append(Issue(file, path, f"image {rel} lies outside the pack folder"))
            continue
        result = found[image]
        if result == "missing":
            issues.append(Issue(file, path, f"image file {rel} is missing"))
        elif isinstance(result, str):
            issues.append(Issue(file, path, f"image {rel} is not usable: {result}"))
        elif max(result) < SCREEN_LONG_EDGE:
            issues.append(
                Issue(
                    file,
                    path,
                    f"image {rel} is {result[0]}x{result[1]}, smaller than the screen "
                    f"({SCREEN_LONG_EDGE} px long edge); it will look soft",
                    Severity.WARNING,
                )
            )


def _decode_all(images: list[Path], check_images: bool) -> dict[Path, tuple[int, int] | str]:
    """Size or reason for each image. Decoding is the slow part of validating (tens of ms a
    photograph): Pillow decodes without the GIL, so a few threads share it out."""

    def one(image: Path) -> tuple[int, int] | str:
        try:
            if not image.is_file():
                return "missing"
            return check(image) if check_images else (SCREEN_LONG_EDGE, SCREEN_LONG_EDGE)
        except ImageError as exc:
            return exc.reason
        except OSError as exc:  # is_file() raises for some causes (permission denied)
            return f"cannot be read: {exc.strerror}"

    # Small photographs in parallel; any that may need hundreds of MB decoded (a PNG near
    # the pixel budget) one at a time afterwards, so memory holds one of them at once.
    small: list[Path] = []
    large: list[Path] = []
    for image in images:
        (large if _pixels(image) > PARALLEL_PIXELS else small).append(image)
    workers = min(4, os.cpu_count() or 1, max(1, len(small)))
    with ThreadPoolExecutor(workers, thread_name_prefix="image-check") as pool:
        found = dict(zip(small, pool.map(one, small), strict=True))
    found.update((image, one(image)) for image in large)
    return found


def _pixels(image: Path) -> int:
    """Pixels ``check`` holds decoded, from the header (0 when unreadable: reported later)."""
    try:
        return check_pixels(image)
    except (ImageError, OSError):
        return 0


def _check_loop(raw: RawPack, issues: list[Issue], check_images: bool) -> None:
    """Attract's loop, if named: inside the pack, an animated WebP that decodes to its last
    frame, within the loop's limits (kiosk/content/limits.py). An error, as for a still: a
    pack is not installed with a loop the kiosk would have to give up on."""
    if raw.attract_loop is None:
        return
    where, loop = raw.attract_loop
    root = raw.root.resolve()
    rel = _rel(loop, root)
    if not loop.is_relative_to(root):
        issues.append(Issue("pack.toml", where, f"loop {rel} lies outside the pack folder"))
        return
    try:
        if check_images:
            check_loop(loop)
        elif not loop.is_file():
            raise ImageError(str(loop), "file is missing")
    except ImageError as exc:
        issues.append(Issue("pack.toml", where, f"loop {rel} is not usable: {exc.reason}"))


def _rel(image: Path, root: Path) -> str:
    try:
        return image.relative_to(root).as_posix()
    except ValueError:
        return str(image)


def _whole_pack_rules(raw: RawPack, issues: list[Issue]) -> None:
    if raw.info is None:
        return
    if not raw.products and not raw.products_unread:
        issues.append(Issue("products/", "", "the pack has no products"))
    if not raw.questions and not any(i.file == "questionnaire.toml" for i in issues):
        issues.append(Issue("questionnaire.toml", "questions", "the questionnaire is empty"))
    if not raw.products_unread:
        for category, skus in sorted(uncared(raw).items()):
            issues.append(
                Issue(
                    CARE_FILE,
                    "care",
                    f"no care guide for category {category!r}: {len(skus)} product(s) "
                    f"({', '.join(skus[:3])}{'...' if len(skus) > 3 else ''}) will show none "
                    "after the purchase (add a [[care]] entry or a care chapter)",
                    Severity.WARNING,
                )
            )
    if not raw.attract:
        issues.append(
            Issue(
                "attract/", "", "no attract images: the idle screen will be plain", Severity.WARNING
            )
        )
    root = raw.root.resolve()
    for image in raw.attract:
        if image.is_relative_to(root) and is_progressive_jpeg(image):
            issues.append(
                Issue(
                    _rel(image, root),
                    "",
                    "a progressive JPEG: the kiosk decodes it about twice as slowly as a "
                    "baseline one, at every start for the first picture; save it as baseline",
                    Severity.WARNING,
                )
            )


def read_and_check(root: Path, check_images: bool = True) -> Report:
    """``validate``'s work: read and check the pack folder ``root``; never raises for a bad
    pack."""
    root = root.resolve()
    if not root.is_dir():
        issue = Issue(str(root), "", "is not a folder")
        return Report(root, None, (issue,), None)
    reader = PackReader(root)
    raw = reader.read()
    issues = reader.issues
    _whole_pack_rules(raw, issues)
    _check_images(raw, issues, check_images)
    _check_loop(raw, issues, check_images)
    pack = None
    if raw.info is not None and not any(i.is_error for i in issues):
        pack = ContentPack(
            root=root,
            info=raw.info,
            attributes=raw.attributes,
            categories=raw.categories,
            collections=raw.collections,
            price_bands=raw.price_bands,
            products=raw.products,
            lookbooks=tuple(lb for _, lb in raw.lookbooks),
            questions=tuple(raw.questions),
            attract_images=tuple(raw.attract),
            attract_loop=None if raw.attract_loop is None else raw.attract_loop[1],
            reasons=tuple(raw.reasons),
            case_categories=(
                DEFAULT_CASE_CATEGORIES if raw.case_categories is None else raw.case_categories
            ),
            care=raw.care,
        )
    return Report(root, pack, tuple(issues), raw.tally)
