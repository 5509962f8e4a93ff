"""Catalogue files for the import tests, written as the content team's programs write them."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from main import main

DEMO = Path(__file__).resolve().parents[3] / "data" / "demo-pack"

LAYOUT = [
    "sku", "category", "collection", "price_band", "name:en", "name:zh-Hans", "summary:en",
    "summary:zh-Hans", "attr:quietness", "attr:capacity", "spec:Width", "finish_ids",
    "finish_names:en", "finish_names:zh-Hans", "images", "chapter:design:title:en",
    "chapter:design:title:zh-Hans", "chapter:design:body:en", "chapter:design:body:zh-Hans",
]  # fmt: skip


def picture(path: Path, size: tuple[int, int] = (64, 48), colour: int = 120) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (colour, 90, 60)).save(path, quality=70)
    return path


DEMO_CATEGORIES = ("kitchens", "cooking", "cooling", "laundry", "living", "lighting")
DEMO_BANDS = ("essential", "premier", "signature")


def generated_rows(
    count: int, categories: tuple[str, ...] = DEMO_CATEGORIES, bands: tuple[str, ...] = DEMO_BANDS
) -> list[list[str]]:
    """``count`` products in the kiosk layout, each with two local pictures."""
    rows = [LAYOUT]
    for n in range(1, count + 1):
        rows.append([
            f"GEN-{n:03d}", categories[n % len(categories)], "atelier" if n % 3 == 0 else "",
            bands[n % len(bands)],
            f"Piece {n}", f"作品 {n}", f"A generated piece, number {n}.", f"第 {n} 件作品。",
            f"{(n % 10) / 10:g}", "0.5", f"{60 + n % 30} cm", "oak|walnut",
            "Smoked oak|Walnut", "烟熏橡木|胡桃木", "pictures/front.jpg|pictures/side.jpg",
            "Drawn in Lyon", "里昂设计", f"Piece {n} was drawn in Lyon.", f"第{n}件在里昂设计。",
        ])  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Catalogue")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_claimed_xlsx(path: Path, claimed_rows: int) -> Path:
    """A workbook whose sheet says it has ``claimed_rows`` rows and holds a header and
    then XML that cannot be parsed: reading a single data row would fail, so a refusal
    naming the row count proves it came before any row was read."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:B{claimed_rows}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>sku</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>GEN-1'  # never closed
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicati'
            'on/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conten'
            'tType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="appli'
            'cation/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override'
            ' PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformat'
            's-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlform'
            'ats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/offic'
            'eDocument/2006/relationships"><sheets><sheet name="Catalogue" sheetId="1" r:id="r'
            'Id1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxm'
            'lformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sch'
            'emas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="work'
            'sheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def demo_copy(folder: Path) -> Path:
    shutil.copytree(DEMO, folder)
    return folder


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time: a file rewritten with the same bytes
    still shows."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``kiosk content ...`` through the kiosk's own entry point, its output captured."""
    capsys.readouterr()
    code = main(["content", *argv])
    out, err = capsys.readouterr()
    return code, out, err
