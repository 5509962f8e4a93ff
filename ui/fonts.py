"""The kiosk's own typefaces, registered with Qt from ``assets/fonts``.

A kiosk must not depend on the fonts of the machine it lands on: a store image without CJK
fonts would show Chinese as empty boxes. Registering the faces (Noto Serif and Sans CJK SC,
and the Latin Noto Serif and Sans that Western text is shaped with first) takes about 5 ms, so
it happens right after the first paint (the attract screen repaints with them). Only the
Simplified Chinese face of each CJK collection is bundled (tools/bundle_fonts.py): Qt reads
every face of a file, and the whole collections' twenty took 12-25 ms more.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtGui import QFontDatabase

from kiosk.station.paths import assets_dir

log = logging.getLogger(__name__)
FONT_SUFFIXES = {".ttc", ".ttf", ".otf"}
_loaded: dict[str, list[str]] = {}


def load_bundled_fonts() -> list[str]:
    """Register every bundled face once; returns the families now available from them."""
    folder = assets_dir() / "fonts"
    names = os.listdir(folder) if folder.is_dir() else []  # not a glob: it compiles a pattern
    for path in (folder / name for name in sorted(names)):
        if path.suffix.lower() not in FONT_SUFFIXES or path.name in _loaded:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.error("font %s could not be loaded; the system's fonts are used", path.name)
            _loaded[path.name] = []
            continue
        _loaded[path.name] = QFontDatabase.applicationFontFamilies(font_id)
    if not _loaded:
        log.warning("no bundled fonts in %s (run tools/bundle_fonts.py)", folder)
    return sorted({family for families in _loaded.values() for family in families})
