"""A pack's texts to a PO file and back.

Export writes one entry per text the reader counts: ``msgctxt`` its place, ``msgid`` the
default language's text, ``msgstr`` the current translation (a neutral text, the same in every
language such as "60 cm", is given as its own translation, so the agency sees it counted).

Import lands each translated entry in its place through ``PackEdit`` (the files keep their
layout). It refuses an entry whose source text changed since the export (a translation of
an old text never lands silently), names places the pack no longer has, skips fuzzy and empty
entries, and refuses the whole file, leaving the pack as it was, when the translations would
break the pack's limits: the changed files are read by the pack reader in a scratch folder
before anything is written.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from kiosk.content.errors import ContentError, Issue
from kiosk.content.reader import PackReader
from kiosk.content.toml_edit import set_text
from kiosk.content.translations import po
from kiosk.content.translations.places import PackTexts, locate, pack_texts, split_context


def export_pack(root: Path, language: str) -> tuple[po.Catalog, PackTexts]:
    texts = pack_texts(root, language)
    assert texts.report.pack is not None
    info = texts.report.pack.info
    catalog = po.new_catalog(language, info.id, info.version)
    for text in texts.texts:
        note = "the same in every language (a name or a figure): change it if needed"
        po.plain(
            catalog.add(
                text.source,
                string=text.current or "",
                locations=po.location(text.file),
                context=text.context,
                auto_comments=[note] if text.neutral else [],
            )
        )
    return catalog, texts


@dataclass(frozen=True)
class Stale:
    context: str
    exported: str
    now: str


@dataclass
class Outcome:
    """What an import did: counts for the summary, and each entry that did not land."""

    applied: int = 0
    unchanged: int = 0
    fuzzy: int = 0
    empty: int = 0
    stale: list[Stale] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.stale or self.unknown)


def import_pack(root: Path, path: Path) -> tuple[Outcome, PackTexts]:
    """Bring the translations in ``path`` into the pack at ``root``; raises ContentError
    (the pack unchanged) for a file that cannot be used or translations that break it."""
    catalog = po.read(path)
    language = po.tag_of(catalog.locale)
    assert language is not None
    texts = pack_texts(root, language)
    assert texts.report.pack is not None
    pack_id = texts.report.pack.info.id
    if catalog.project and catalog.project not in (pack_id, "PROJECT"):
        raise ContentError(
            f"{path}: was exported from pack {catalog.project!r}, not {pack_id!r}; "
            "nothing was changed"
        )
    here = texts.by_context()
    outcome = Outcome()
    for message in catalog:
        if not message.id:
            continue  # the header
        context = message.context or ""
        text = here.get(context)
        if text is None or not isinstance(message.id, str):
            outcome.unknown.append(context or f"(no context) {message.id!r:.40}")
            continue
        string = message.string if isinstance(message.string, str) else ""
        if message.fuzzy:
            outcome.fuzzy += 1
        elif not string.strip():
            outcome.empty += 1
        elif message.id != text.source:
            outcome.stale.append(Stale(context, message.id, text.source))
        elif string == text.current:
            outcome.unchanged += 1
        else:
            file, place = split_context(context)
            found = locate(texts.edit.doc(file), place)
            assert found is not None  # pack_texts found it there
            table, key = found
            set_text(table, key, language, string, texts.default_language)
            outcome.applied += 1
    if outcome.applied:
        _refuse_breaking(texts, path)
        outcome.files = texts.edit.save()
    return outcome, texts


def _refuse_breaking(texts: PackTexts, path: Path) -> None:
    """Read the changed pack in a scratch folder (its TOML files only: translations touch
    no image) and refuse it if the reader finds an error there."""
    root = texts.report.root
    changed = set(texts.edit.changed())
    with tempfile.TemporaryDirectory(prefix="kiosk-translations-") as scratch:
        for source in root.rglob("*.toml"):
            rel = source.relative_to(root).as_posix()
            target = Path(scratch) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in changed:
                target.write_text(tomlkit.dumps(texts.edit.doc(rel)), encoding="utf-8")
            else:
                target.write_bytes(source.read_bytes())
        reader = PackReader(Path(scratch))
        reader.read()
        errors: list[Issue] = [i for i in reader.issues if i.is_error]
    if errors:
        listed = "; ".join(f"{i.file}: {i.path}: {i.message}" for i in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        raise ContentError(
            f"{path.name}: its translations would break the pack, so nothing was changed: "
            f"{listed}{more}"
        )
