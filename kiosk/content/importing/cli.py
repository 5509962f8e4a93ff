"""The command line of importing (added to ``kiosk content``):

    kiosk content import SOURCE PACK [--format auto|csv|xlsx|shopify] [--dry-run]

Exit codes: 0 imported (or nothing to change), 1 refused (the pack is unchanged), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from kiosk.content.importing.run import FORMATS, Outcome, run_import
from kiosk.content.importing.sources import ImportRefused

SHOWN = 50  # problems listed before "... and N more"


def cmd_import(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """The streams default to the process's as they are when called (not when defined)."""
    from kiosk.content.cli import ProgressLine, print_completeness

    out, err = out or sys.stdout, err or sys.stderr

    source, pack = Path(args.source), Path(args.pack)
    if not source.is_file():
        err.write(f"kiosk: {source}: no such file to import\n")
        return 2
    try:
        outcome = run_import(
            source,
            pack,
            args.format,
            args.dry_run,
            reading=ProgressLine(err, "reading"),
            merging=ProgressLine(err, "products"),
        )
    except ImportRefused as exc:
        out.write(f"error: {exc}\nREFUSED: nothing was imported; the pack is unchanged\n")
        return 1
    _lines(out, "note", outcome.problems.notes)
    _lines(out, "error", outcome.problems.errors)
    report = outcome.report
    if report is not None and (outcome.refused or not report.ok):
        _lines(out, "", [outcome.located(i) for i in report.issues if i.is_error], prefix=False)
    elif report is not None:
        _lines(out, "", [outcome.located(i) for i in report.warnings], prefix=False)
    if outcome.refused:
        why = "the file has problems" if outcome.problems.errors else "the pack would not validate"
        out.write(f"\nREFUSED ({why}): nothing was imported; the pack is unchanged\n")
        return 1
    _summary(out, source, outcome, args.dry_run)
    if report is not None:
        print_completeness(report, out)
        verdict = "valid" if report.ok else "REFUSED"
        out.write(
            f"\npack {verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)\n"
        )
    return 0 if report is None or report.ok else 1


def _lines(out: TextIO, label: str, lines: list[str], prefix: bool = True) -> None:
    for line in lines[:SHOWN]:
        out.write(f"{label}: {line}\n" if prefix else f"{line}\n")
    if len(lines) > SHOWN:
        out.write(f"... and {len(lines) - SHOWN} more\n")


def _summary(out: TextIO, source: Path, outcome: Outcome, dry_run: bool) -> None:
    merged = outcome.merged
    assert merged is not None
    verb = "would add" if dry_run else "added"
    out.write(
        f"\n{source.name} ({outcome.layout}): {verb} {len(merged.added)} product(s), "
        f"{'would update' if dry_run else 'updated'} {len(merged.updated)}, "
        f"{merged.unchanged} unchanged\n"
    )
    if dry_run:
        out.write("dry run: nothing was written\n")
    elif outcome.written:
        out.write(f"written: {len(outcome.written)} file(s)\n")
        for rel in outcome.written[:SHOWN]:
            out.write(f"  {rel}\n")
    else:
        out.write("nothing to change: the pack already says what the file says\n")


def register(sub: Any) -> None:
    """Add ``content import`` to ``kiosk content``'s subparsers ``sub``."""
    p = sub.add_parser(
        "import",
        help="add or update a pack's products from a spreadsheet (CSV, XLSX) or a Shopify export",
        description="Add or update a pack's products from a CSV or XLSX file in the kiosk's "
        "column layout (docs/content-import.md) or a Shopify product CSV export. The whole "
        "import lands, validated, or the pack is left unchanged.",
    )
    p.add_argument("source", help="the CSV or XLSX file")
    p.add_argument("pack", help="the pack folder (its pack.toml declares languages and ids)")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="the file's layout (default: recognised from its extension and header)",
    )
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    p.set_defaults(handler=cmd_import, needs_config=False)
