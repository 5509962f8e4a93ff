"""PySide6's check of every imported module, answered from the file's bytes.

Once ``PySide6.QtCore`` is imported, shiboken replaces ``__import__`` and asks, after each
module imported from then on, whether that module uses PySide6 (for its opt-in
``from __feature__ import snake_case``; PYSIDE-2029). It answers by reading the module's whole
source through ``inspect.getsource``: linecache and tokenize for every module, and the text
kept in linecache for the life of the process. For the kiosk's start (its screens, then
SQLAlchemy and the models) that was a fifth of the import time after PySide6, on the GUI
thread and on the worker the attract screen waits for, and 10 MB of source text held by a
kiosk that runs for weeks (25 MB more peak memory, tools/ and the note of the change say
how it was measured).

``install()`` answers the same question, the same way ("PySide6" in the source; False for
a module without a source file), from the file's bytes. Without shiboken's module (another
PySide6 version that changed it) it changes nothing.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

FEATURE_MODULE = "shibokensupport.feature"
STANDARD_LIBRARY = os.path.dirname(os.__file__) + os.sep
"""Where the standard library's modules are (none names PySide6): not read, as the start
imports forty-odd of them after PySide6, 2.5 ms of reading."""


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source names PySide6 (False for one without a source file)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built in, compiled, or frozen: shiboken's own check says False too
    if path.startswith(STANDARD_LIBRARY) and "-packages" not in path:
        return False  # the standard library (a site-packages folder inside it is read)
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def install() -> bool:
    """Put ``uses_pyside`` in place of shiboken's check (imported with PySide6.QtCore), before
    the modules that follow are imported. Returns whether it did (False when this PySide6 has
    no such check)."""
    import PySide6.QtCore  # noqa: F401  (shiboken's import hook comes with it)

    feature = sys.modules.get(FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
