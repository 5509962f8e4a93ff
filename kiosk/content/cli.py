"""``kiosk content validate|build|install|import|…``: the content team's and store IT's commands.

``register(subparsers)`` adds the ``content`` command to the kiosk's argparse parser; each
handler takes the parsed arguments and returns the process exit code (0 ok, 1 refused or
failed, 2 bad usage). Output goes to the given streams so tests can read it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from kiosk.content.errors import ContentError, Issue
from kiosk.content.images import SIZE_CLASSES
from kiosk.content.snapshot import prepare
from kiosk.content.store import PackStore, build_renditions, one_line
from kiosk.content.validate import Report, validate
from kiosk.station.storage import ensure_writable_dir


def default_store_dir() -> Path:
    """The kiosk's ``content_dir`` setting (``KIOSK_CONTENT_DIR`` or the config files)."""
    from kiosk.station.config import config_files_from_env, load_config

    return Path(load_config(config_files_from_env()).content_dir)


class ProgressLine:
    """A plain one-line progress bar (``\\r`` redraws); no dependency needed for this."""

    def __init__(self, stream: TextIO, label: str, width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.tty = stream.isatty()

    def __call__(self, done: int, total: int, name: str) -> None:
        filled = self.width * done // max(total, 1)
        line = f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total}"
        if self.tty:
            self.stream.write(f"\r{line} {name[:30]:<30}")
            if done == total:
                self.stream.write("\n")
        elif done == total or done % max(1, total // 10) == 0:
            self.stream.write(line + "\n")
        self.stream.flush()


def print_issues(issues: tuple[Issue, ...] | list[Issue], out: TextIO) -> None:
    for issue in issues:
        out.write(f"{issue}\n")


def _share_rows(out: TextIO, title: str, unit: str, rows: list[tuple[str, int, int]]) -> None:
    out.write(f"\n{title}\n")
    out.write(f"  {'language':<10} {unit:>12} {'complete':>9}\n")
    for lang, present, total in rows:
        share = 100.0 * present / total if total else 100.0
        out.write(f"  {lang:<10} {f'{present}/{total}':>12} {share:>8.1f}%\n")


def print_completeness(report: Report, out: TextIO) -> None:
    rows = report.completeness()
    if not rows:
        return
    _share_rows(out, "Translation completeness", "texts", rows)
    care = report.care_coverage()
    if care:
        _share_rows(
            out, "Care guides (products whose guide reads in the language)", "products", care
        )


def cmd_validate(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    report = validate(Path(args.path))
    print_issues(report.issues, out)
    pack = report.pack
    if pack is not None:
        out.write(
            f"\n{pack.info.brand} {pack.info.version}: {len(pack.products)} products, "
            f"{len(pack.lookbooks)} lookbooks, {len(pack.questions)} questions, "
            f"{len(pack.image_paths())} images\n"
        )
    print_completeness(report, out)
    verdict = "valid" if report.ok else "REFUSED"
    out.write(f"\n{verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)\n")
    return 0 if report.ok else 1


def cmd_build(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Prepare a pack in place: snapshot plus renditions in the store's shared cache."""
    report = prepare(Path(args.path))
    if report.pack is None:
        print_issues(report.errors, out)
        out.write(f"REFUSED: {len(report.errors)} error(s); nothing built\n")
        return 1
    store = store_for(args)
    classes = tuple(args.size) if args.size else ("thumb", "screen")
    try:
        problems = build_renditions(
            report.pack, store.renditions, classes, ProgressLine(err, "renditions")
        )
    except ContentError as exc:
        step = f"making image renditions in {store.renditions.folder}"
        out.write(f"build failed: {one_line(exc, step)}\n")
        return 1
    for problem in problems:
        out.write(f"image problem: {problem}\n")
    out.write(
        f"built {len(report.pack.image_paths())} images x {len(classes)} sizes into "
        f"{store.renditions.folder}\n"
    )
    return 1 if problems else 0


def store_for(args: argparse.Namespace) -> PackStore:
    """The store folder named on the command line or configured, checked writable first:
    a read-only folder is named with its cause (exit 2, like the kiosk's other folders)."""
    folder = Path(args.store) if args.store else default_store_dir()
    ensure_writable_dir(folder, "content folder")
    return PackStore(folder)


def cmd_install(
    args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr
) -> int:
    store = store_for(args)
    try:
        result = store.install(Path(args.path), ProgressLine(err, "renditions"))
    except ContentError as exc:
        out.write(f"install failed, the pack in service is unchanged: {exc}\n")
        return 1
    print_issues([i for i in result.issues if result.ok or i.is_error], out)
    out.write(result.message + "\n")
    return 0 if result.ok else 1


def register(subparsers: Any) -> None:
    """Add ``content validate|build|install`` to the kiosk's command line."""
    content = subparsers.add_parser("content", help="validate, prepare and install content packs")
    sub = content.add_subparsers(dest="content_command", required=True)
    p = sub.add_parser("validate", help="check a pack and print every problem")
    p.add_argument("path", help="the pack folder")
    p.set_defaults(handler=cmd_validate, needs_config=False)
    store_help = "content store folder (default: KIOSK_CONTENT_DIR or the data dir)"
    p = sub.add_parser("build", help="prepare a pack's snapshot and image renditions ahead")
    p.add_argument("path", help="the pack folder")
    p.add_argument("--store", help=store_help)
    p.add_argument(
        "--size",
        action="append",
        choices=sorted(SIZE_CLASSES),
        help="size class to build (repeatable; default thumb and screen)",
    )
    p.set_defaults(handler=cmd_build, needs_config=False)
    p = sub.add_parser(
        "install", help="validate and install a pack; the kiosk switches at its next attract screen"
    )
    p.add_argument("path", help="the pack folder")
    p.add_argument("--store", help=store_help)
    p.set_defaults(handler=cmd_install, needs_config=False)
    # The content team's tools, each a package (or module) with its own command line.
    from kiosk.content import preview
    from kiosk.content.importing import cli as importing
    from kiosk.content.publish import cli as publish
    from kiosk.content.translations import cli as translations

    for tool in (importing, translations, preview, publish):
        tool.register(sub)
