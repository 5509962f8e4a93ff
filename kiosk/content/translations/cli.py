"""The command line of translations (added to ``kiosk content``).

``export-translations PACK --to zh-Hans [--out FILE]`` and ``import-translations PACK FILE``
for a pack's texts; with ``--ui`` instead of a pack, the same for the kiosk's own words
(``assets/i18n``). Babel is imported by the handlers only: registering the commands costs
the kiosk's start-up nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from kiosk.content.errors import ContentError


def _words_folder(args: argparse.Namespace) -> Path:
    from kiosk.station.paths import assets_dir

    return Path(args.words) if args.words else assets_dir() / "i18n"


def _write(data: bytes, target: Path) -> None:
    """The PO file written whole or not at all (a temporary name, then renamed)."""
    temporary = target.with_name(f".{target.name}.saving")
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def cmd_export(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    if bool(args.ui) == bool(args.pack):
        err.write("export-translations: name a PACK folder, or --ui for the kiosk's words\n")
        return 2
    try:
        from kiosk.content.translations import po
        from kiosk.content.translations.pack_po import export_pack
        from kiosk.content.translations.ui_words import export_words
    except ModuleNotFoundError as exc:
        return _not_in_this_build(exc, err)
    try:
        if args.ui:
            catalog = export_words(_words_folder(args), args.to)
        else:
            catalog, _ = export_pack(Path(args.pack), args.to)
        buffer = io.BytesIO()
        po.write(catalog, buffer)
        entries = sum(1 for m in catalog if m.id)
        todo = sum(1 for m in catalog if m.id and not _filled(m.string))
        if args.out:
            _write(buffer.getvalue(), Path(args.out))
            out.write(f"wrote {entries} entries ({todo} to translate) into {args.out}\n")
        else:
            out.write(buffer.getvalue().decode("utf-8"))
            err.write(f"{entries} entries ({todo} to translate)\n")
    except ContentError as exc:
        err.write(f"export-translations refused: {exc}\n")
        return 1
    except OSError as exc:
        err.write(f"export-translations failed: {args.out}: {exc.strerror or exc}\n")
        return 1
    return 0


def _not_in_this_build(exc: ModuleNotFoundError, err: TextIO) -> int:
    """The packaged kiosk leaves Babel out (36 MB no kiosk screen needs): the content team runs
    these commands where the project is installed with pip. Said plainly, not as a traceback."""
    if exc.name != "babel":
        raise exc
    err.write(
        "the translation commands are not part of the packaged kiosk: run them where the "
        "project is installed with pip (docs/translations.md)\n"
    )
    return 2


def _filled(string: Any) -> bool:
    forms = [string] if isinstance(string, str) else list(string)
    return bool(forms) and all(str(f).strip() for f in forms)


def cmd_import(args: argparse.Namespace, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    wanted = 1 if args.ui else 2
    if len(args.paths) != wanted:
        usage = "--ui FILE" if args.ui else "PACK FILE"
        err.write(f"import-translations: expected {usage}\n")
        return 2
    from kiosk.content.cli import print_completeness
    from kiosk.content.validate import validate

    try:
        from kiosk.content.translations.pack_po import import_pack
        from kiosk.content.translations.ui_words import import_words
    except ModuleNotFoundError as exc:
        return _not_in_this_build(exc, err)

    file = Path(args.paths[-1])
    try:
        if args.ui:
            outcome, language = import_words(_words_folder(args), file)
        else:
            outcome, texts = import_pack(Path(args.paths[0]), file)
            language = texts.language
    except ContentError as exc:
        err.write(f"import-translations refused: {exc}\n")
        return 1
    written = f" in {', '.join(outcome.files)}" if outcome.files else ""
    out.write(
        f"{language}: {outcome.applied} translation(s) applied{written}; {outcome.unchanged} "
        f"unchanged; skipped {outcome.fuzzy} fuzzy and {outcome.empty} empty\n"
    )
    for stale in outcome.stale:
        out.write(
            f"refused {stale.context}: its source text changed since the export\n"
            f"    exported: {stale.exported!r}\n    now:      {stale.now!r}\n"
        )
    for place in outcome.unknown:
        out.write(f"unknown place {place}: not in the {'words' if args.ui else 'pack'} now\n")
    if outcome.refused:
        out.write(
            f"{len(outcome.stale) + len(outcome.unknown)} entry(ies) not applied: export again "
            "and have them translated from the current text\n"
        )
    if not args.ui:
        print_completeness(validate(Path(args.paths[0]), check_images=False), out)
    return 1 if outcome.refused else 0


def register(sub: Any) -> None:
    """Add this package's subcommands to ``kiosk content``'s subparsers ``sub``."""
    words_help = "the kiosk's words folder (default: the installed assets/i18n)"
    p = sub.add_parser(
        "export-translations",
        help="write a pack's texts (or, with --ui, the kiosk's words) as a PO file to translate",
    )
    p.add_argument("pack", nargs="?", help="the pack folder")
    p.add_argument("--ui", action="store_true", help="the kiosk's own words instead of a pack")
    p.add_argument("--to", required=True, help="the language to translate into, e.g. zh-Hans")
    p.add_argument("--out", help="the PO file to write (default: standard output)")
    p.add_argument("--words", help=words_help)
    p.set_defaults(handler=cmd_export, needs_config=False)
    p = sub.add_parser(
        "import-translations",
        help="bring a translated PO file back into a pack (or, with --ui, the kiosk's words)",
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="PACK FILE: the pack folder and the PO file (with --ui: FILE alone)",
    )
    p.add_argument("--ui", action="store_true", help="the kiosk's own words instead of a pack")
    p.add_argument("--words", help=words_help)
    p.set_defaults(handler=cmd_import, needs_config=False)
