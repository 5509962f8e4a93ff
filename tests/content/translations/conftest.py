"""A copy of the demo pack and of the kiosk's words to translate, and the command line."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.content.cli import register

REPO = Path(__file__).resolve().parents[3]


def run(*argv: str) -> tuple[int, str, str]:
    """``kiosk content ...`` in this process: exit code, standard output, standard error."""
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["content", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, out, err)
    return code, out.getvalue(), err.getvalue()


def toml_files(root: Path) -> dict[str, bytes]:
    """Every TOML file of a pack, by its path: to prove a refused import wrote nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo pack (its images too: validation checks they exist)."""
    return Path(shutil.copytree(REPO / "data" / "demo-pack", tmp_path / "demo-pack"))


@pytest.fixture
def words(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "assets" / "i18n", tmp_path / "i18n"))


def msgfmt_check(po_file: Path) -> None:
    """GNU gettext's own checker (a third reader of the file) accepts it."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    check = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_file)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
