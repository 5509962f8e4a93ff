"""The preview's source of packs (kiosk.content.preview.FolderPacks) on real files: a save of
text is checked without decoding every picture again, yet a damaged picture saved is caught,
and the author's folder is only ever read."""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

from kiosk.content.preview import cmd_preview, first_check

REPO = Path(__file__).resolve().parents[2]
HERO = "images/products/mv-co-ov60-hero.jpg"


def test_a_damaged_picture_is_named_and_a_text_save_keeps_the_pictures(tmp_path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "data" / "demo-pack", pack)
    packs, first = first_check(pack, tmp_path / "scratch")
    assert first.ok
    packs.adopt(first)
    good = (pack / HERO).read_bytes()

    (pack / HERO).write_bytes(good[: len(good) // 3])  # a save cut short
    damaged = packs.check()
    assert not damaged.ok
    assert any(HERO in issue.message for issue in damaged.errors), damaged.errors
    assert packs.current() is first.pack  # the last good state stays in service

    (pack / HERO).write_bytes(good)  # saved whole this time, with a text
    cooking = pack / "products" / "cooking.toml"
    text = cooking.read_text(encoding="utf-8")
    cooking.write_text(text.replace("Atelier 60 Pyrolytic Oven", "Atelier 60 Oven", 1))
    fixed = packs.check()
    assert fixed.ok, fixed.errors
    assert fixed.images_changed  # the picture's file was written again: decoded afresh
    packs.adopt(fixed)
    assert packs.current().product("MV-CO-OV60").name.get("en") == "Atelier 60 Oven"

    cooking.write_text(cooking.read_text(encoding="utf-8").replace("60 Oven", "60 Oven.", 1))
    text_only = packs.check()
    assert text_only.ok
    assert not text_only.images_changed  # a text save: no picture decoded again
    assert str(pack / "products" / "cooking.toml") in text_only.watch
    assert not list(pack.rglob("*.pickle"))  # no snapshot written into the author's folder


def test_the_command_outside_the_kiosk_entry_point_says_how_to_open_it() -> None:
    err = io.StringIO()
    assert cmd_preview(argparse.Namespace(path="pack"), err=err) == 2
    assert "kiosk content preview PACK" in err.getvalue()
