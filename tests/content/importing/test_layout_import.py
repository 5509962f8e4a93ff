"""``kiosk content import`` of a sheet in the kiosk's own layout (docs/content-import.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.content.validate import validate
from tests.content.conftest import MiniPack
from tests.content.importing.sheets import (
    demo_copy,
    generated_rows,
    picture,
    run,
    snapshot,
    write_csv,
    write_xlsx,
)

EXAMPLE = Path(__file__).with_name("example-catalogue.csv")


def products(pack: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for path in sorted((pack / "products").glob("*.toml")):
        for product in tomllib.loads(path.read_text(encoding="utf-8")).get("products", []):
            found[product["sku"]] = product
    return found


def pictures(folder: Path) -> None:
    picture(folder / "pictures/front.jpg")
    picture(folder / "pictures/side.jpg", colour=200)


def test_a_200_product_csv_lands_whole_in_the_demo_pack_and_it_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = demo_copy(tmp_path / "pack")
    before = products(pack)
    pictures(tmp_path / "sheet")
    sheet = write_csv(tmp_path / "sheet/catalogue.csv", generated_rows(200))

    code, out, err = run(capsys, "import", str(sheet), str(pack))

    assert code == 0, out
    assert "added 200 product(s), updated 0, 0 unchanged" in out
    assert "pack valid: 0 error(s)" in out
    assert "products [##############################] 200/200" in err  # progress, on stderr
    report = validate(pack)
    assert report.ok, report.errors
    after = products(pack)
    assert len(after) == len(before) + 200
    assert after["MV-CO-OV60"] == before["MV-CO-OV60"]  # the authored products untouched
    piece = after["GEN-007"]
    assert piece["name"] == {"en": "Piece 7", "zh-Hans": "作品 7"}
    assert (piece["category"], piece["price_band"]) == ("cooking", "premier")
    assert piece["attributes"] == {"quietness": 0.7, "capacity": 0.5}
    assert piece["specs"] == [{"label": {"en": "Width"}, "value": "67 cm"}]
    assert [f["id"] for f in piece["finishes"]] == ["oak", "walnut"]
    assert piece["gallery"] == [
        "images/products/gen-007/front.jpg",
        "images/products/gen-007/side.jpg",
    ]
    copied = (pack / "images/products/gen-007/side.jpg").read_bytes()
    assert copied == (tmp_path / "sheet/pictures/side.jpg").read_bytes()
    assert piece["chapters"][0]["title"] == {"en": "Drawn in Lyon", "zh-Hans": "里昂设计"}
    # New products go into their category's file, after the authored ones.
    cooking = tomllib.loads((pack / "products/cooking.toml").read_text(encoding="utf-8"))
    assert cooking["products"][0]["sku"] == "MV-CO-OV60"
    assert "GEN-007" in [p["sku"] for p in cooking["products"]]
    text = (pack / "products/cooking.toml").read_text(encoding="utf-8")
    assert (  # written the way the demo pack's authors write
        '\n\n[[products]]\nsku = "GEN-007"\nname = { en = "Piece 7", "zh-Hans" = "作品 7" }\n'
        in text
    )
    assert "attributes = { quietness = 0.7, capacity = 0.5 }\n\n[[products.specs]]\n" in text


def test_a_200_product_xlsx_imports_and_its_second_import_rewrites_nothing(
    mini: MiniPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pictures(tmp_path / "sheet")
    rows = generated_rows(200, categories=("cooking",), bands=("premium", "signature"))
    sheet = write_xlsx(tmp_path / "sheet/catalogue.xlsx", rows)
    code, out, _ = run(capsys, "import", str(sheet), str(mini.root))
    assert code == 0, out
    assert "added 200 product(s)" in out
    assert validate(mini.root).ok
    assert len(products(mini.root)) == 202

    files = snapshot(mini.root)  # bytes and modification times
    code, out, _ = run(capsys, "import", str(sheet), str(mini.root))
    assert code == 0, out
    assert "added 0 product(s), updated 0, 200 unchanged" in out
    assert "nothing to change" in out
    assert snapshot(mini.root) == files


def test_an_edited_row_changes_only_its_fields_and_keeps_the_story(
    mini: MiniPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "prices.csv"
    header = ["sku", "name:en", "price_band", "spec:Width"]
    write_csv(
        sheet, [header, ["OV-1", "Oven", "premium", "60 cm"], ["OV-2", "Range", "signature", ""]]
    )
    files = snapshot(mini.root)
    code, out, _ = run(capsys, "import", str(sheet), str(mini.root))
    assert code == 0, out
    assert snapshot(mini.root) == files  # the sheet says what the pack says

    write_csv(
        sheet,
        [header, ["OV-1", "Oven", "signature", "60 cm"], ["OV-2", "Grand Range", "signature", ""]],
    )
    code, out, _ = run(capsys, "import", str(sheet), str(mini.root))
    assert code == 0, out
    assert "updated 2, 0 unchanged" in out
    after = snapshot(mini.root)
    assert [rel for rel in after if after[rel] != files[rel]] == ["products/cooking.toml"]
    old = files["products/cooking.toml"][0].decode().splitlines()
    new = after["products/cooking.toml"][0].decode().splitlines()
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert changed == [
        ('price_band = "premium"', 'price_band = "signature"'),
        (
            'name = { en = "Range", "zh-Hans" = "炉灶" }',
            'name = { en = "Grand Range", "zh-Hans" = "炉灶" }',
        ),
    ]  # the Chinese name, the specs and the chapters are as the team wrote them
    assert products(mini.root)["OV-2"]["chapters"][0]["body"]["en"] == "Four generations."


def test_a_dry_run_reports_and_writes_nothing(
    mini: MiniPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pictures(tmp_path)
    rows = generated_rows(3, categories=("cooking",), bands=("premium",))
    sheet = write_csv(tmp_path / "catalogue.csv", rows)
    files = snapshot(mini.root)
    code, out, _ = run(capsys, "import", str(sheet), str(mini.root), "--dry-run")
    assert code == 0, out
    assert "would add 3 product(s), would update 0" in out
    assert "dry run: nothing was written" in out
    assert snapshot(mini.root) == files


def test_the_documented_example_sheet_imports_into_the_demo_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = demo_copy(tmp_path / "pack")
    code, out, _ = run(capsys, "import", str(EXAMPLE), str(pack))
    assert code == 0, out
    assert "added 2 product(s), updated 0, 1 unchanged" in out
    assert "Translation completeness" in out
    assert validate(pack).ok
    lamp = products(pack)["MV-LI-TL40"]
    assert lamp["finishes"] == [
        {"id": "brass", "name": {"en": "Spun brass", "zh-Hans": "旋压黄铜"}},
        {"id": "nickel", "name": {"en": "Satin nickel", "zh-Hans": "缎面镍"}},
    ]
    assert lamp["new_arrival"] is True
    assert lamp["gallery"][0] == "images/products/mv-li-ct1-hero.jpg"  # in the pack: no copy
    assert lamp["chapters"][0]["body"]["en"].count("\n\n") == 1


def test_prices_choose_bands_by_up_to_and_semicolon_sheets_are_read(
    mini: MiniPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mini.edit("pack.toml", 'id = "premium"\n', 'id = "premium"\nup_to = 2000\n')
    source = tmp_path / "prices.csv"  # Excel's CSV where the decimal mark is a comma
    source.write_text("sku;price\nOV-1;2 500\nOV-2;1999,5\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", str(source), str(mini.root))
    assert code == 0, out
    found = products(mini.root)
    assert (found["OV-1"]["price_band"], found["OV-2"]["price_band"]) == ("signature", "premium")


def test_the_pack_images_are_not_written_through_the_staging_links(
    mini: MiniPack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The staged pack hard-links the pack's files: the changed documents and pictures
    must replace the links there, never write into the pack's own files."""
    picture(tmp_path / "other.jpg", colour=10)
    rows = [["sku", "name:en", "images"], ["OV-1", "Oven renamed", "other.jpg"]]
    source = write_csv(tmp_path / "c.csv", rows)
    files = snapshot(mini.root)
    assert run(capsys, "import", str(source), str(mini.root), "--dry-run")[0] == 0
    assert snapshot(mini.root) == files
    assert run(capsys, "import", str(source), str(mini.root))[0] == 0
    assert products(mini.root)["OV-1"]["gallery"] == ["images/products/ov-1/other.jpg"]
    assert (mini.root / "images/p1.jpg").read_bytes() == files["images/p1.jpg"][0]
    assert not [p for p in mini.root.rglob(".*") if p.name.endswith((".importing", ".saving"))]

    picture(tmp_path / "other.jpg", colour=250)  # the picture changed: copied again
    assert run(capsys, "import", str(source), str(mini.root))[0] == 0
    copied = mini.root / "images/products/ov-1/other.jpg"
    assert copied.read_bytes() == (tmp_path / "other.jpg").read_bytes()
