"""Files that cannot be imported: a clear message naming row and column, the pack unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kiosk.content.importing.sources import MAX_PRODUCTS, MAX_ROWS
from tests.content.conftest import MiniPack
from tests.content.importing.sheets import (
    picture,
    run,
    snapshot,
    write_claimed_xlsx,
    write_csv,
    write_xlsx,
)
from tests.content.importing.test_shopify_import import HEADER, row


def refused(capsys: pytest.CaptureFixture[str], source: Path, mini: MiniPack, *extra: str) -> str:
    """The import's output, checking it was refused and left every file as it was."""
    files = snapshot(mini.root)
    code, out, _ = run(capsys, "import", str(source), str(mini.root), *extra)
    assert code == 1, out
    assert "the pack is unchanged" in out
    assert snapshot(mini.root) == files
    assert not list(mini.root.parent.glob(".kiosk-import-*"))  # no staging left behind
    return out


@pytest.fixture(scope="module")
def huge_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100,000 product rows, with a byte that is not UTF-8 at row 90,000: had the file been
    read whole before the row limit was checked, that byte would be the complaint."""
    path = tmp_path_factory.mktemp("huge") / "warehouse.csv"
    with path.open("wb") as out:
        out.write(b"sku,name:en,price_band\r\n")
        for n in range(2, 100_002):
            name = b"Cr\xe8me" if n == 90_000 else b"Piece"
            out.write(b"GEN-%06d,%s,premium\r\n" % (n, name))
    return path


def test_a_100000_row_csv_is_refused_at_the_row_limit_without_reading_on(
    huge_csv: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    out = refused(capsys, huge_csv, mini)
    assert (
        f"warehouse.csv: has more than {MAX_PRODUCTS:,} products (row 2,002); the kiosk "
        f"imports at most {MAX_ROWS:,} rows ({MAX_PRODUCTS:,} products) at a time" in out
    )
    assert "not UTF-8" not in out


def test_a_100000_row_xlsx_is_refused_by_its_size_before_any_row_is_read(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_claimed_xlsx(tmp_path / "warehouse.xlsx", 100_001)
    out = refused(capsys, source, mini)
    assert f"warehouse.xlsx: has 100,000 rows; the kiosk imports at most {MAX_ROWS:,} rows" in out


def test_an_xlsx_whose_texts_exceed_any_catalogue_is_refused_before_they_are_read(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write_claimed_xlsx(tmp_path / "texts.xlsx", 3)
    with (
        zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/sharedStrings.xml", "w") as texts,  # 60 MB, a few KB zipped
    ):
        for _ in range(60):
            texts.write(b" " * 2**20)
    out = refused(capsys, source, mini)
    assert "texts.xlsx: has 60 MB of texts; the kiosk imports at most 20,000 rows" in out


def test_a_windows_1252_csv_names_the_row_of_its_first_bad_byte(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["sku", "name:en"], ["OV-1", "Oven"], ["OV-2", "Crème brûlée torch"]]
    source = write_csv(tmp_path / "catalogue.csv", rows, encoding="cp1252")
    out = refused(capsys, source, mini)
    assert (
        "catalogue.csv: row 3: byte 0xE8 ('è' in Windows-1252) at character 8 is not UTF-8" in out
    )
    assert "save it as 'CSV UTF-8'" in out


def test_utf16_is_refused_and_utf8_with_a_byte_order_mark_is_read(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["sku", "name:en"], ["OV-1", "Four à pain"]]
    out = refused(capsys, write_csv(tmp_path / "u16.csv", rows, encoding="utf-16"), mini)
    assert "u16.csv: is UTF-16" in out
    source = write_csv(tmp_path / "bom.csv", rows, encoding="utf-8-sig")
    code, out, _ = run(capsys, "import", str(source), str(mini.root))
    assert code == 0, out
    assert 'en = "Four à pain"' in (mini.root / "products/cooking.toml").read_text(encoding="utf-8")


def test_missing_required_columns_are_named(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    out = refused(capsys, write_csv(tmp_path / "a.csv", [["name:en"], ["Oven"]]), mini)
    assert "a.csv: row 1: missing required column 'sku' (row 1 names: name:en)" in out
    shop = write_csv(tmp_path / "s.csv", [["Handle", "Variant SKU"], ["oven", "OV-1"]])
    out = refused(capsys, shop, mini, "--format", "shopify")
    assert "s.csv: row 1: missing required column(s) Title of a Shopify product export" in out
    typo = write_csv(tmp_path / "t.csv", [["sku", "nmae:en"], ["OV-1", "Oven"]])
    out = refused(capsys, typo, mini)
    assert (
        "t.csv: row 1, column B (nmae:en): 'nmae:en' is not a column of the kiosk's layout" in out
    )
    twice = write_csv(tmp_path / "r.csv", [["sku", "name", "Name:EN"], ["OV-1", "Oven", "Oven"]])
    out = refused(capsys, twice, mini)
    assert "r.csv: row 1, column C (Name:EN): repeats column B (name)" in out


def test_duplicate_skus_and_handles_name_both_rows(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["sku", "name:en"], ["OV-1", "Oven"], ["OV-2", "Range"], ["OV-1", "Oven again"]]
    out = refused(capsys, write_csv(tmp_path / "d.csv", rows), mini)
    assert "d.csv: row 4, column A (sku): duplicate SKU 'OV-1': also in row 2" in out
    shop = [
        HEADER,
        row(Handle="oven", Title="Oven", Variant_SKU="OV-A"),
        row(Handle="oven", Variant_SKU="OV-B"),
        row(Handle="range", Title="Range", Variant_SKU="OV-A"),
        row(Handle="oven", Title="Oven, again"),
    ]
    out = refused(capsys, write_csv(tmp_path / "export.csv", shop), mini)
    assert "export.csv: row 4, column O (Variant SKU): duplicate SKU 'OV-A': also in row 2" in out
    assert (
        "export.csv: row 5, column A (Handle): duplicate handle 'oven': a product with a Title "
        "is also in row 2" in out
    )


def test_empty_files_and_a_false_xlsx(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    assert "empty.csv: the file is empty (no header row)" in refused(
        capsys, tmp_path / "empty.csv", mini
    )
    header_only = write_csv(tmp_path / "header.csv", [["sku", "name:en"]])
    assert "header.csv: has a header but no product rows" in refused(capsys, header_only, mini)
    empty_book = write_xlsx(tmp_path / "empty.xlsx", [])
    assert "empty.xlsx: the first sheet is empty" in refused(capsys, empty_book, mini)
    (tmp_path / "fake.xlsx").write_text("sku,name:en\nOV-1,Oven\n", encoding="utf-8")
    out = refused(capsys, tmp_path / "fake.xlsx", mini)
    assert "fake.xlsx: is not an XLSX workbook (an XLSX file is a zip archive" in out
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert "other.xlsx: cannot be read as an XLSX workbook" in refused(
        capsys, tmp_path / "other.xlsx", mini
    )


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_half_written(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    picture(tmp_path / "new.jpg")
    header = ["sku", "category", "price_band", "name:en", "summary:en", "attr:quietness", "images"]
    rows = [
        header,
        ["OV-1", "cooking", "premium", "Oven renamed", "", "", ""],  # fine on its own
        ["OV-2", "bathroom", "signature", "", "", "", ""],
        ["OV-3", "cooking", "deluxe", "New", "New oven.", "1.5", "new.jpg"],
        ["OV-4", "cooking", "premium", "Newer", "", "", "missing.jpg"],
    ]
    out = refused(capsys, write_csv(tmp_path / "c.csv", rows), mini)
    assert (
        "c.csv: row 3, column B (category): unknown category 'bathroom' (pack.toml "
        "declares cooking)" in out
    )
    assert "c.csv: row 4, column C (price_band): unknown price band 'deluxe'" in out
    assert "c.csv: row 4, column F (attr:quietness): '1.5': a score is a number from 0 to 1" in out
    assert "c.csv: row 5, column G (images): image file 'missing.jpg' not found" in out
    rows = [header, ["OV-5", "cooking", "premium", "Newest", "A piece.", "", "new.jpg"]]
    out = refused(capsys, write_csv(tmp_path / "n.csv", rows), mini)
    assert "n.csv: row 2: 'OV-5' is a new product and needs a story chapter" in out


def test_a_result_the_pack_would_refuse_is_refused_naming_the_row(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    picture(tmp_path / "new.jpg")
    rows = [
        ["sku", "category", "price_band", "name:en", "summary:en", "images",
         "chapter:design:title:en", "chapter:design:body:en"],
        ["OV-1", "", "", "Oven", "", "", "", ""],
        ["OV-9", "cooking", "premium", "Party oven \U0001f389", "Fun.", "new.jpg", "Made", "Hand."],
        ["OV-10", "cooking", "premium", "Quiet oven", "Calm.", "new.jpg", "Made", "Calmly."],
    ]  # fmt: skip
    out = refused(capsys, write_csv(tmp_path / "c.csv", rows), mini)
    assert "REFUSED (the pack would not validate)" in out
    assert (
        "error: products/cooking.toml: products[2].name.en: contains U+1F389, an emoji or "
        "pictograph" in out
    )
    assert "(from c.csv: row 3)" in out


def test_a_failed_save_leaves_neither_documents_nor_pictures_behind(
    tmp_path: Path, mini: MiniPack, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pictures are copied under temporary names first and renamed only once every
    document is saved: a save that fails takes them away again."""
    picture(tmp_path / "other.jpg")
    rows = [["sku", "name:en", "images"], ["OV-1", "Oven renamed", "other.jpg"]]
    (mini.root / "products/.cooking.toml.saving").mkdir()  # where the save writes: it fails
    out = refused(capsys, write_csv(tmp_path / "c.csv", rows), mini)
    assert "error: the pack was left unchanged:" in out
    assert not (mini.root / "images/products").exists()
