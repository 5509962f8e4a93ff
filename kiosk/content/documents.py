"""A pack's documents as files: finding them, parsing one safely, and what reading built.

Split from the reader so that module keeps to the meaning of the fields. ``load_toml`` is
where a hostile or broken file is stopped: too large, not UTF-8, not TOML, nested too
deeply, beyond tomllib's own limits; each becomes one issue naming the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.errors import Issue
from kiosk.content.fields import TranslationTally
from kiosk.content.limits import MAX_DOCUMENT_BYTES
from kiosk.content.model import (
    Attribute,
    CareGuide,
    CaseCategory,
    Category,
    Collection,
    Lookbook,
    PackInfo,
    PriceBand,
    Product,
    Question,
    Reason,
)


@dataclass
class RawPack:
    """What the reader built, with the places each reference came from for later checks."""

    root: Path
    info: PackInfo | None = None
    attributes: dict[str, Attribute] = field(default_factory=dict)
    categories: dict[str, Category] = field(default_factory=dict)
    collections: dict[str, Collection] = field(default_factory=dict)
    price_bands: dict[str, PriceBand] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    product_places: dict[str, tuple[str, str]] = field(default_factory=dict)
    lookbooks: list[tuple[str, Lookbook]] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    attract: list[Path] = field(default_factory=list)
    # pack.attract_loop: where it was named and the file (an animated WebP), if the pack has one.
    attract_loop: tuple[str, Path] | None = None
    # (file, path, image) for every image reference, so validation can name the field.
    images: list[tuple[str, str, Path]] = field(default_factory=list)
    tally: TranslationTally | None = None
    # A products file could not be read: its SKUs are unknown, so references to them and
    # an empty catalogue are not reported again on top of that file's error.
    products_unread: bool = False
    # pack.toml's [[case_categories]]; None: it declares none and the defaults apply.
    case_categories: tuple[CaseCategory, ...] | None = None
    # care.toml's guides by category (products without a care chapter of their own use them).
    care: dict[str, CareGuide] = field(default_factory=dict)


def load_toml(root: Path, rel: str, issues: list[Issue]) -> dict[str, Any] | None:
    """Parse one file, turning syntax errors into an issue naming the line. A file too
    large for any real pack is refused before parsing (see kiosk.content.limits)."""
    try:
        with (root / rel).open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_DOCUMENT_BYTES:
                issues.append(
                    Issue(
                        rel,
                        "",
                        f"is {size / 2**20:.1f} MB; a pack document may be at most "
                        f"{MAX_DOCUMENT_BYTES // 2**20} MB (split products over several files)",
                    )
                )
                return None
            return tomllib.load(handle)
    except FileNotFoundError:
        issues.append(Issue(rel, "", "file is missing"))
    except tomllib.TOMLDecodeError as exc:
        issues.append(Issue(rel, "", f"not valid TOML: {exc}"))
    except RecursionError:
        issues.append(Issue(rel, "", "nests arrays or tables too deeply to be read"))
    except ValueError as exc:  # tomllib's own limits, e.g. an integer of 5,000 digits
        issues.append(Issue(rel, "", f"cannot be read: {exc}"))
    except (OSError, UnicodeDecodeError) as exc:
        issues.append(Issue(rel, "", f"cannot be read: {exc}"))
    return None


def pack_files(root: Path, folder: str) -> Iterator[str]:
    """The ``*.toml`` files of a sub-folder, sorted, as pack-relative names."""
    base = root / folder
    if base.is_dir():
        for path in sorted(base.glob("*.toml")):
            yield f"{folder}/{path.name}"
