"""One import from start to end: read, merge, validate the result, then write all or none.

The merged pack is validated before anything in the pack folder changes: the pack is built
in a staging folder beside it (its files hard-linked, so a pack of photographs costs no
copy; the changed documents and new pictures written there), and only a staged pack that
validates is written into place. Pictures are copied under temporary names first; the
documents are saved all or none (``PackEdit.save``), then the pictures are renamed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from kiosk.content.documents import pack_files
from kiosk.content.errors import ContentError, Issue
from kiosk.content.importing import layout, shopify
from kiosk.content.importing.merge import Merged, merge
from kiosk.content.importing.records import Image, Problems, read_target
from kiosk.content.importing.sources import ImportRefused, Progress, open_sheet
from kiosk.content.toml_edit import PackEdit
from kiosk.content.validate import Report, validate

FORMATS = ("auto", "csv", "xlsx", "shopify")
_PRODUCT = re.compile(r"^products\[(\d+)\]")


@dataclass
class Outcome:
    """What the import did or would do; ``report`` validates the pack as it now stands (or,
    for a refused or dry run, as it would have been)."""

    layout: str
    problems: Problems
    merged: Merged | None = None
    report: Report | None = None
    written: list[str] = field(default_factory=list)
    refused: bool = False
    rows: dict[tuple[str, int], str] = field(default_factory=dict)
    """Each imported product's place in the merged pack (file, index) and its row."""

    def located(self, issue: Issue) -> str:
        """A validation issue, with the row of the file that gave its product."""
        match = _PRODUCT.match(issue.path)
        row = self.rows.get((issue.file, int(match.group(1)))) if match else None
        return f"{issue} (from {row})" if row else str(issue)


def run_import(
    source: Path,
    pack: Path,
    kind: str = "auto",
    dry_run: bool = False,
    reading: Progress | None = None,
    merging: Progress | None = None,
) -> Outcome:
    """Import ``source`` into the pack folder ``pack``; raises ImportRefused for a file that
    cannot be read at all, else returns the outcome (``refused``: the pack is unchanged)."""
    target = read_target(pack)
    sheet = open_sheet(source, reading)
    if kind in ("csv", "xlsx"):
        suffix = source.suffix.lower()
        is_xlsx = suffix in (".xlsx", ".xlsm")
        if is_xlsx != (kind == "xlsx"):
            raise ImportRefused(f"{source.name}: --format {kind} does not match its name")
    use_shopify = kind == "shopify" or (kind == "auto" and shopify.recognised(sheet.header))
    problems = Problems()
    reader = shopify.read if use_shopify else layout.read
    products = list(reader(sheet, target, problems, source.resolve().parent))
    outcome = Outcome("Shopify product export" if use_shopify else "kiosk layout", problems)
    if not products and not problems.errors:
        raise ImportRefused(f"{source.name}: has a header but no product rows")
    edit = PackEdit(target.root)
    if not problems.errors:
        outcome.merged = merge(edit, target, products, problems, merging)
    if problems.errors:
        outcome.refused = True
        return outcome
    assert outcome.merged is not None
    copies = _unique(outcome.merged.images)
    changed = edit.changed()
    outcome.rows = _product_rows(target.root, edit, changed, outcome.merged)
    if not changed and not copies:
        outcome.report = validate(target.root)
        return outcome
    with _staged(target.root, edit, changed, copies) as staged:
        outcome.report = validate(staged)
    if not outcome.report.ok:
        outcome.refused = True
        return outcome
    if not dry_run:
        outcome.written = _commit(target.root, edit, copies)
    return outcome


def _unique(images: list[Image]) -> list[Image]:
    found: dict[str, Image] = {}
    for image in images:
        found.setdefault(image.rel, image)
    return list(found.values())


@contextlib.contextmanager
def _staged(root: Path, edit: PackEdit, changed: list[str], copies: list[Image]) -> Iterator[Path]:
    """The pack as the import would leave it, in a throwaway folder."""
    try:
        holder = tempfile.TemporaryDirectory(prefix=".kiosk-import-", dir=root.parent)
    except OSError:  # the pack's parent folder cannot be written: copy to the temp folder
        holder = tempfile.TemporaryDirectory(prefix="kiosk-import-")
    with holder as folder:
        staged = Path(folder) / root.name
        for path in _pack_tree(root):
            there = staged / path.relative_to(root)
            there.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink():
                there.symlink_to(os.readlink(path))
            else:
                _link_or_copy(path, there)
        staged.mkdir(exist_ok=True)
        for rel in changed:
            there = staged / rel
            there.unlink(missing_ok=True)  # a hard link: never write through it
            there.parent.mkdir(parents=True, exist_ok=True)
            there.write_text(tomlkit.dumps(edit.doc(rel)), encoding="utf-8", newline="\n")
        for image in copies:
            assert image.source is not None
            there = staged / image.rel
            there.unlink(missing_ok=True)
            there.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(image.source, there)
        yield staged


def _pack_tree(root: Path) -> Iterator[Path]:
    """Every file of the pack, leaving out hidden folders (a ``.git`` the content team keeps
    the pack in: the validator reads none of it)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            yield Path(folder) / name


def _link_or_copy(source: Path, there: Path) -> None:
    try:
        os.link(source, there)
    except OSError:
        shutil.copyfile(source, there)


def _commit(root: Path, edit: PackEdit, copies: list[Image]) -> list[str]:
    """Pictures under temporary names, the documents all or none, then the pictures."""
    placed: list[tuple[Path, Path]] = []
    made: list[Path] = []  # folders made for the pictures, taken away again on failure
    try:
        for image in copies:
            assert image.source is not None
            final = root / image.rel
            missing = [p for p in final.parents if p.is_relative_to(root) and not p.exists()]
            made.extend(reversed(missing))
            final.parent.mkdir(parents=True, exist_ok=True)
            temporary = final.with_name(f".{final.name}.importing")
            placed.append((temporary, final))
            shutil.copyfile(image.source, temporary)
        written = edit.save()
    except (OSError, ContentError) as exc:
        for temporary, _ in placed:
            temporary.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        reason = exc if isinstance(exc, ContentError) else f"the pack was left unchanged: {exc}"
        raise ImportRefused(str(reason)) from exc
    for temporary, final in placed:
        os.replace(temporary, final)
    return written + [image.rel for image in copies]


def _product_rows(
    root: Path, edit: PackEdit, changed: list[str], merged: Merged
) -> dict[tuple[str, int], str]:
    """``(file, index)`` of every imported product in the merged pack, to its row."""
    found: dict[tuple[str, int], str] = {}
    added = (rel for rel in changed if rel.startswith("products/"))
    rels = {*pack_files(root, "products"), *added}
    for rel in sorted(rels):
        for index, table in enumerate(edit.doc(rel).get("products") or []):
            where = merged.rows.get(str(table.get("sku")))
            if where:
                found[(rel, index)] = where
    return found
