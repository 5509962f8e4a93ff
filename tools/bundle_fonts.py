"""Puts the faces the kiosk uses into assets/fonts/, so the kiosk (and its packaged build)
never depends on the fonts of the machine it lands on.

The faces come from Debian's packages (SIL Open Font License 1.1; see assets/fonts/LICENSE-*),
which tools/system-packages installs; they are not committed (40 MB):
- Noto Serif CJK SC and Noto Sans CJK SC, taken out of fonts-noto-cjk's collections. Each
  collection holds five regions' faces (ten for Sans, with the monospaced ones); Qt registers
  every face of a file, and reading the collections' twenty cost 12-25 ms of the GUI thread
  right after the first paint, for the one Simplified Chinese face of each the kiosk sets. The
  face is copied table for table by fontTools (the OpenType reference library), not redrawn.
- Noto Serif and Noto Sans from fonts-noto-core, which shape Western text: the CJK faces'
  quotes, dashes and ellipsis are full-width.

Run by `make` when a face is missing; `python tools/bundle_fonts.py` does it again.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools.ttLib import TTCollection

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "assets" / "fonts"
SYSTEM = Path("/usr/share/fonts")
CJK = [  # (the collection, the face taken out of it, the file it becomes)
    ("opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", "NotoSerifCJKsc-Regular.otf"),
    ("opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", "NotoSansCJKsc-Regular.otf"),
]
LATIN = ["truetype/noto/NotoSerif-Regular.ttf", "truetype/noto/NotoSans-Regular.ttf"]
PACKAGE = {"opentype": "fonts-noto-cjk", "truetype": "fonts-noto-core"}


class Missing(Exception):
    pass


def source(relative: str) -> Path:
    path = SYSTEM / relative
    if not path.is_file():
        raise Missing(f"{path} is missing (Debian package {PACKAGE[relative.split('/')[0]]})")
    return path


def take_face(collection: Path, family: str, out: Path) -> None:
    """Write the face of ``collection`` whose family is ``family`` to ``out`` (through a
    temporary file, so an interrupted run never leaves half a font)."""
    fonts = TTCollection(str(collection), lazy=True).fonts
    for font in fonts:
        if font["name"].getDebugName(1) == family:
            partial = out.with_name(out.name + ".part")
            font.save(str(partial))
            partial.replace(out)
            return
    names = ", ".join(str(f["name"].getDebugName(1)) for f in fonts)
    raise Missing(f"{collection} has no face {family!r} (it has {names})")


def bundle() -> list[str]:
    """Bring assets/fonts up to date; returns the files written."""
    FONTS.mkdir(parents=True, exist_ok=True)
    written = []
    for relative, family, name in CJK:
        collection, out = source(relative), FONTS / name
        if not out.is_file() or out.stat().st_mtime < collection.stat().st_mtime:
            take_face(collection, family, out)
            written.append(name)
    for relative in LATIN:
        face = source(relative)
        out = FONTS / face.name
        if not out.is_file() or out.read_bytes() != face.read_bytes():
            shutil.copyfile(face, out)
            written.append(out.name)
    for stale in FONTS.glob("*.ttc"):  # the whole collections an older build copied
        stale.unlink()
        written.append(f"{stale.name} (removed)")
    return written


def main() -> int:
    try:
        written = bundle()
    except Missing as exc:
        print(f"bundle_fonts: {exc}", file=sys.stderr)
        return 1
    if written:
        print(f"bundle_fonts: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
