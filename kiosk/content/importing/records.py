"""What an import works with: the pack's declarations, one product as the file gives it, and
the problems found, each naming the file, row and column.

Both layouts (the kiosk's own columns and a Shopify export) are read into ``Incoming``
products; one merge then writes them into the pack, so the two cannot drift apart in what
"re-importing changes nothing" or "keeps the stories" means.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.importing.sources import ImportRefused

_WORDS = re.compile(r"[\s_\-]+")


def normal(word: str) -> str:
    """A name as people match it: case, spaces, '-' and '_' do not matter."""
    return _WORDS.sub(" ", word.strip().casefold())


@dataclass(frozen=True)
class Band:
    id: str
    names: frozenset[str]
    up_to: float | None
    """The highest price in this band (``up_to`` in pack.toml, read only by the importer)."""


@dataclass
class Target:
    """What pack.toml declares: the names a file's words are matched against."""

    root: Path
    languages: tuple[str, ...]
    default: str
    categories: dict[str, frozenset[str]]
    collections: dict[str, frozenset[str]]
    attributes: dict[str, frozenset[str]]
    bands: list[Band]

    def language(self, word: str) -> str | None:
        return next((lang for lang in self.languages if lang.casefold() == word.casefold()), None)

    @staticmethod
    def match(declared: dict[str, frozenset[str]], word: str) -> str | None:
        """The declared id whose id or name (in any language) is ``word``."""
        key = normal(word)
        return next((ident for ident, names in declared.items() if key in names), None)

    def band_for(self, price: float) -> str | None:
        """The first band (lowest first) whose ``up_to`` the price does not pass; a last band
        without ``up_to`` takes every higher price. None: no band takes it."""
        for band in self.bands:
            if band.up_to is None or price <= band.up_to:
                return band.id
        return None

    @property
    def priced(self) -> bool:
        return any(band.up_to is not None for band in self.bands)


def read_target(root: Path) -> Target:
    """pack.toml's declarations; the pack must have one that reads (create it first)."""
    path = root / "pack.toml"
    if not root.is_dir():
        raise ImportRefused(f"{root}: is not a folder (the pack to import into)")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportRefused(
            f"{root}: has no pack.toml; a pack declares its languages, categories and price "
            "bands there before products can be imported (see docs/content-packs.md)"
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ImportRefused(f"pack.toml: cannot be read, fix it first: {exc}") from exc
    meta: dict[str, Any] = doc["pack"] if isinstance(doc.get("pack"), dict) else {}
    languages = tuple(str(x) for x in meta.get("languages", []) if isinstance(x, str))
    default = meta.get("default_language")
    if not languages or default not in languages:
        raise ImportRefused("pack.toml: pack.languages and pack.default_language must be set")

    def declared(key: str, text: str) -> dict[str, frozenset[str]]:
        found: dict[str, frozenset[str]] = {}
        for item in doc.get(key, []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[item["id"]] = frozenset(_names(item["id"], item.get(text)))
        return found

    bands = [
        Band(ident, names, _up_to(doc["price_bands"][i]))
        for i, (ident, names) in enumerate(declared("price_bands", "label").items())
    ]
    return Target(
        root,
        languages,
        str(default),
        declared("categories", "name"),
        declared("collections", "name"),
        declared("attributes", "name"),
        bands,
    )


def _names(ident: str, text: Any) -> set[str]:
    names = {normal(ident)}
    if isinstance(text, str):
        names.add(normal(text))
    elif isinstance(text, dict):
        names.update(normal(v) for v in text.values() if isinstance(v, str))
    return names


def _up_to(table: Any) -> float | None:
    value = table.get("up_to") if isinstance(table, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


@dataclass(frozen=True)
class Image:
    """A picture for the gallery: ``rel`` in the pack; ``source`` when it is copied in."""

    rel: str
    source: Path | None
    where: str


@dataclass
class Incoming:
    """One product as the file gives it. ``None`` or a missing key: the file says nothing
    about it, and the pack keeps what it has."""

    sku: str
    where: str
    also: tuple[str, ...] = ()
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    category: str | None = None
    collection: str | None = None
    price_band: str | None = None
    new_arrival: bool | None = None
    attributes: dict[str, float | None] = field(default_factory=dict)
    tagged: set[str] = field(default_factory=set)
    """Attributes named without a score (a Shopify tag): the pack's score stays, else 1."""
    specs: dict[str, str | None] = field(default_factory=dict)
    finishes: list[tuple[str, dict[str, str]]] | None = None
    chapters: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """Story chapters by kind: ``{"design": {"title": {"en": ...}, "body": {...}}}``."""
    chapters_if_new: bool = False
    """The chapters only start a new product's story (Shopify's body): once the product is
    in the pack its story is the content team's, and a re-import leaves it alone."""
    images: list[Image] | None = None
    places: dict[str, str] = field(default_factory=dict)
    """Where each field was (or would have been) read, for "a new product needs..."."""


class Problems:
    """Errors refuse the import; notes are told and the import goes on."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.notes: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", text.casefold()).strip("-.") or "x"


def image(
    ref: str, sku: str, where: str, sheet_dir: Path, target: Target, problems: Problems
) -> Image | None:
    """A picture named in the file: a local file (beside the file, or already in the pack),
    or a URL whose file lies beside the export. Nothing is downloaded: the kiosk works
    offline, and a catalogue's images are the brand's to hand over."""
    root = target.root.resolve()
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*://", ref):
        name = ref.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        local = next(
            (p for p in (sheet_dir / name, sheet_dir / "images" / name) if name and p.is_file()),
            None,
        )
        if local is None:
            problems.note(where, f"{ref} is a URL and was not fetched (the import works offline)")
            return None
        path = local.resolve()
    else:
        candidates = [Path(ref)] if Path(ref).is_absolute() else [sheet_dir / ref, root / ref]
        found = next((p for p in candidates if _is_file(p)), None)
        if found is None:
            problems.error(
                where, f"image file {ref!r} not found (looked beside the file and in the pack)"
            )
            return None
        path = found.resolve()
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        problems.error(where, f"{path.name} cannot be read: {exc.strerror or exc}")
        return None
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        problems.error(where, f"{path.name} is not a JPEG or PNG (the kiosk shows only those)")
        return None
    if path.is_relative_to(root):
        return Image(path.relative_to(root).as_posix(), None, where)
    return Image(f"images/products/{slug(sku)}/{slug(path.name)}", path, where)


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; False for a name no file system takes (a NUL)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False
