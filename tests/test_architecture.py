"""The layout's rules hold by contract, not by good intentions: a screen that reaches for
the database layer fails ``make test`` (the import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for package in ("kiosk", "ui"):
        shutil.copytree(
            REPO / package, tree / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(REPO / "pyproject.toml", tree)
    return tree


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}  # the copy, ahead of the installed project
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_screen_that_imports_the_database_layer_breaks_the_contract(tmp_path):
    tree = _copy(tmp_path)
    kept = _lint(tree)
    assert kept.returncode == 0, kept.stdout + kept.stderr  # the copy as it is keeps them

    (screen,) = tree.glob("ui/screens/**/farewell.py")
    screen.write_text(screen.read_text() + "\nfrom sqlalchemy.orm import Session  # noqa\n")
    module = ".".join(screen.relative_to(tree).with_suffix("").parts)
    broken = _lint(tree)
    assert broken.returncode != 0
    assert "Screens never touch the database" in broken.stdout
    assert f"{module} -> sqlalchemy" in broken.stdout


MAX_LINES = 400  # docs/architecture.md: every module in kiosk/ and ui/ stays under this


def _too_long(root: Path) -> list[str]:
    """Every module under ``root``'s kiosk/ and ui/ of MAX_LINES lines or more, with its
    count, longest first."""
    found = []
    for package in ("kiosk", "ui"):
        for module in sorted((root / package).rglob("*.py")):
            lines = len(module.read_text(encoding="utf-8").splitlines())
            if lines >= MAX_LINES:
                found.append((lines, module.relative_to(root).as_posix()))
    return [f"{path}: {lines} lines" for lines, path in sorted(found, reverse=True)]


def test_every_module_stays_under_400_lines():
    too_long = _too_long(REPO)
    assert not too_long, (
        f"split these along a seam (docs/architecture.md, under {MAX_LINES} lines): "
        + "; ".join(too_long)
    )


def test_a_module_of_400_lines_is_named_with_its_count(tmp_path):
    (tmp_path / "kiosk" / "db").mkdir(parents=True)
    (tmp_path / "ui").mkdir()
    (tmp_path / "kiosk" / "db" / "rows.py").write_text("x = 1\n" * 400)
    (tmp_path / "ui" / "short.py").write_text("x = 1\n" * 399)
    assert _too_long(tmp_path) == ["kiosk/db/rows.py: 400 lines"]


def test_every_screen_module_is_in_its_layers_contract():
    """A new screen module joins its package's layers contract, so it is under a rule: the
    session's new screens were under none until this test (one could import another)."""
    import re
    import tomllib

    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    for package in ("customer", "associate"):
        container = f"ui.screens.{package}"
        (contract,) = [c for c in contracts if c.get("containers") == [container]]
        named = {m for layer in contract["layers"] for m in re.split(r"[|:]", layer)}
        named = {m.strip() for m in named}
        here = REPO / "ui" / "screens" / package
        modules = {p.stem for p in here.glob("*.py") if p.stem != "__init__"}
        modules |= {p.name for p in here.iterdir() if (p / "__init__.py").exists()}
        assert modules - named == set(), f"{container}: not in its layers contract"
