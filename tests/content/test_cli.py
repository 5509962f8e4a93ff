"""The ``kiosk content`` commands, called as the lead's CLI will call them."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from kiosk.content.cli import register
from tests.content.conftest import MiniPack, write_mini_pack


def run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    handler = args.handler
    code = handler(args, out) if handler.__name__ == "cmd_validate" else handler(args, out, err)
    return code, out.getvalue()


def test_validate_ok_prints_completeness(mini: MiniPack) -> None:
    mini.edit(
        "products/cooking.toml",
        'name = { en = "Oven", "zh-Hans" = "烤箱" }',
        'name = { en = "Oven" }',
    )
    code, out = run("content", "validate", str(mini.root))
    assert code == 0
    assert "warning: products/cooking.toml: products[0].name.zh-Hans: missing translation" in out
    assert "Translation completeness" in out
    assert "zh-Hans" in out
    assert "valid: 0 error(s), 1 warning(s)" in out


def test_validate_refused_exits_non_zero(mini: MiniPack) -> None:
    (mini.root / "images/scene.jpg").unlink()
    code, out = run("content", "validate", str(mini.root))
    assert code == 1
    assert (
        "error: lookbooks/home.toml: scenes[0].image: image file images/scene.jpg is missing"
    ) in out
    assert "REFUSED: 1 error(s)" in out


def test_build_and_install(tmp_path: Path) -> None:
    pack = write_mini_pack(tmp_path / "pack")
    store = tmp_path / "store"
    code, out = run("content", "build", str(pack.root), "--store", str(store))
    assert code == 0, out
    assert "built 3 images x 2 sizes" in out
    code, out = run("content", "install", str(pack.root), "--store", str(store))
    assert code == 0, out
    assert "switches at its next attract screen" in out
    assert (store / "current").is_file()
