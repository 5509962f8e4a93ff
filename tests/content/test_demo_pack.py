"""The demo pack is valid with no warnings, and its pictures can be seen on one sheet."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from kiosk.content.validate import validate

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "data" / "demo-pack"
SHEET = ROOT / "build" / "screenshots" / "content-contact-sheet.png"


def test_demo_pack_is_valid_without_warnings() -> None:
    report = validate(PACK)
    assert report.issues == (), [str(i) for i in report.issues[:10]]
    pack = report.pack
    assert pack is not None
    assert len(pack.products) >= 40
    assert len(pack.categories) >= 5
    assert len(pack.lookbooks) >= 4
    assert 5 <= len(pack.questions) <= 7
    assert 4 <= len(pack.attract_images) <= 6
    for product in pack.products.values():
        assert len(product.chapters) >= 3, product.sku
        assert 2 <= len(product.gallery) <= 4, product.sku
    assert next(q for q in pack.questions if q.id == "budget").skippable
    assert all(present == total for _, present, total in report.completeness())


def test_contact_sheet_of_demo_images() -> None:
    report = validate(PACK)
    assert report.pack is not None
    images = report.pack.image_paths()
    cols, tw, th = 10, 192, 128
    rows = -(-len(images) // cols)
    sheet = Image.new("RGB", (cols * tw, rows * (th + 14)), (24, 22, 20))
    draw = ImageDraw.Draw(sheet)
    for i, path in enumerate(images):
        with Image.open(path) as im:
            im.draft("RGB", (tw * 2, th * 2))
            thumb = im.convert("RGB")
            thumb.thumbnail((tw, th))
        x, y = (i % cols) * tw, (i // cols) * (th + 14)
        sheet.paste(thumb, (x + (tw - thumb.width) // 2, y))
        draw.text((x + 3, y + th + 1), path.stem[:30], fill=(200, 190, 176))
    SHEET.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(SHEET)
    assert SHEET.stat().st_size > 0
