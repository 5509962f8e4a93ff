"""The ``kiosk content`` commands, called as the lead's CLI will call them."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from PIL import Image

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


def test_a_truncated_jpeg_is_refused_alike_by_validate_build_and_install(tmp_path: Path) -> None:
    """The header is intact, the pixels are cut: every command decodes to the last byte."""
    good = write_mini_pack(tmp_path / "good")
    store = tmp_path / "store"
    assert run("content", "install", str(good.root), "--store", str(store))[0] == 0
    before = (store / "current").read_text(encoding="utf-8")

    pack = write_mini_pack(tmp_path / "cut", version="2")
    scene = pack.root / "images/scene.jpg"
    Image.effect_noise((1920, 1080), 60).convert("RGB").save(scene, quality=90)
    scene.write_bytes(scene.read_bytes()[: scene.stat().st_size * 2 // 3])
    expected = (
        "error: lookbooks/home.toml: scenes[0].image: image images/scene.jpg is not usable: "
        "cannot be decoded: file is truncated or damaged"
    )
    for command in ("validate", "build", "install"):
        extra = () if command == "validate" else ("--store", str(store))
        code, out = run("content", command, str(pack.root), *extra)
        assert code == 1, f"content {command} accepted a truncated JPEG:\n{out}"
        assert expected in out, f"content {command}:\n{out}"
    assert (store / "current").read_text(encoding="utf-8") == before
