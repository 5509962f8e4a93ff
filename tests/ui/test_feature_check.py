"""PySide6's check of each module imported after it gives shiboken the same answers, from the
file's bytes, and keeps no module's source in memory (ui/feature_check.py)."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ui import feature_check


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "uses_qt_here.py").write_text("from PySide6.QtCore import QObject\n")
    (tmp_path / "plain_here.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("uses_qt_here", "plain_here"):
        sys.modules.pop(name, None)


def test_modules_imported_after_pyside_are_told_apart_without_keeping_their_source(
    modules: Path,
) -> None:
    assert feature_check.install()
    feature = sys.modules[feature_check.FEATURE_MODULE]
    __import__("uses_qt_here")  # an import statement's way, which shiboken's hook sees
    __import__("plain_here")
    table = feature.pyside_feature_dict  # type: ignore[attr-defined]
    assert table["uses_qt_here"] == 0  # uses PySide6: its features switch with it
    assert table["plain_here"] == -1  # ignored, as shiboken's own check would say
    kept = {Path(name).name for name in linecache.cache}
    assert not kept & {"uses_qt_here.py", "plain_here.py"}  # no source held for the process


def test_a_module_without_a_source_file_does_not_use_pyside() -> None:
    import math  # built in: no file

    assert not feature_check.uses_pyside(math)
    assert feature_check.uses_pyside(feature_check)  # its source names PySide6


def test_the_standard_library_is_not_read_but_a_site_packages_folder_inside_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json  # the real standard library, where the rule looks
    import types

    assert json.__file__.startswith(feature_check.STANDARD_LIBRARY)
    monkeypatch.setattr(feature_check, "STANDARD_LIBRARY", f"{tmp_path}/")
    naming = "from PySide6.QtCore import QObject\n"
    (tmp_path / "site-packages").mkdir()
    (tmp_path / "stdlib_like.py").write_text(naming)  # would be read as True
    (tmp_path / "site-packages" / "a_package.py").write_text(naming)
    standard, installed = types.ModuleType("stdlib_like"), types.ModuleType("a_package")
    standard.__file__ = str(tmp_path / "stdlib_like.py")
    installed.__file__ = str(tmp_path / "site-packages" / "a_package.py")
    assert not feature_check.uses_pyside(standard)  # no standard module names PySide6
    assert feature_check.uses_pyside(installed)
