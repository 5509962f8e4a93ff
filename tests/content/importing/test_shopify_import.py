"""A Shopify product CSV export imported into a copy of the demo pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.validate import validate
from tests.content.importing.sheets import demo_copy, picture, run, snapshot, write_csv
from tests.content.importing.test_layout_import import products

HEADER = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags",
    "Published", "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value",
    "Option3 Name", "Option3 Value", "Variant SKU", "Variant Grams",
    "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy",
    "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
    "Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src",
    "Image Position", "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
    "Variant Image", "Variant Weight Unit", "Cost per item", "Status",
]  # fmt: skip

OVEN_BODY = (
    "<p>Brushed steel &amp; solid bronze, with heat held to within <strong>one degree"
    "</strong>.</p>\n<ul><li>76 L cavity</li><li>Pyrolytic cleaning</li></ul>"
    "<script>track()</script>"
)


def row(**cells: str) -> list[str]:
    keys = {name.replace(" ", "_").replace("(", "").replace(")", ""): name for name in HEADER}
    values = {keys[key]: value for key, value in cells.items()}
    return [values.get(name, "") for name in HEADER]


def export(folder: Path) -> Path:
    """Three products as Shopify writes them: variants and extra images on rows of their own."""
    picture(folder / "oven-hero.jpg")
    (folder / "oven-detail.png").write_bytes(_png())
    picture(folder / "pendant.jpg", colour=30)
    rows = [
        HEADER,
        row(Handle="atelier-60-oven", Title="Atelier 60 Oven", Body_HTML=OVEN_BODY,
            Vendor="Maison Velle", Type="Cooking", Tags="quietness, Capacity:0.6, Bestseller",
            Published="TRUE", Option1_Name="Knobs", Option1_Value="Bronze knobs",
            Variant_SKU="OV60-BRZ", Variant_Price="4200.00", Image_Src="oven-hero.jpg",
            Image_Position="1", Status="active"),
        row(Handle="atelier-60-oven", Option1_Value="Nickel knobs", Variant_SKU="OV60-NKL",
            Variant_Price="3900.00",
            Image_Src="https://cdn.shopify.com/s/files/1/0001/oven-side.jpg?v=1700000000",
            Image_Position="2"),
        row(Handle="atelier-60-oven", Image_Src="oven-detail.png", Image_Position="3"),
        row(Handle="lumiere-pendant", Title="Lumière Pendant",
            Body_HTML="<p>Mouth-blown opal glass.</p>", Type="Lighting",
            Tags="ambience, design statement", Option1_Name="Title",
            Option1_Value="Default Title", Variant_SKU="LU-PD-1", Variant_Price="900",
            Image_Src="https://cdn.shopify.com/s/files/1/0001/pendant.jpg?v=2",
            Image_Position="1"),
        row(Handle="maitresse-range", Title="Maîtresse 90 Range Cooker",
            Body_HTML="<p>Five burners.</p>", Type="Cooking", Tags="entertaining",
            Option1_Name="Title", Option1_Value="Default Title", Variant_SKU="MV-CO-RG90",
            Variant_Price="18500",
            Image_Src="https://cdn.shopify.com/s/files/1/0001/rg90-front.jpg",
            Image_Position="1"),
    ]  # fmt: skip
    return write_csv(folder / "products_export_1.csv", rows)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (40, 30), (10, 20, 30, 128)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """The demo pack with price ranges on its bands (read by the importer only)."""
    folder = demo_copy(tmp_path / "pack")
    toml = folder / "pack.toml"
    text = toml.read_text(encoding="utf-8")
    for band, up_to in (("essential", 1500), ("premier", 5000), ("signature", 15000)):
        text = text.replace(f'id = "{band}"\n', f'id = "{band}"\nup_to = {up_to}\n')
    toml.write_text(text, encoding="utf-8")
    return folder


def test_a_shopify_export_becomes_products_finishes_and_scores(
    pack: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = export(tmp_path / "export")
    range_before = products(pack)["MV-CO-RG90"]

    code, out, _ = run(capsys, "import", str(source), str(pack))

    assert code == 0, out
    assert "(Shopify product export): added 2 product(s), updated 1, 0 unchanged" in out
    assert validate(pack).ok
    oven = products(pack)["atelier-60-oven"]
    assert oven["name"] == {"en": "Atelier 60 Oven"}  # the export's one language: the default
    assert oven["summary"] == {
        "en": "Brushed steel & solid bronze, with heat held to within one degree."
    }
    assert oven["chapters"][0]["body"]["en"] == (
        "Brushed steel & solid bronze, with heat held to within one degree.\n\n"
        "76 L cavity\n\nPyrolytic cleaning"
    )  # tags gone, the script's text too
    assert oven["category"] == "cooking"
    assert oven["price_band"] == "premier"  # the lowest variant price, 3,900
    assert oven["attributes"] == {"quietness": 1.0, "capacity": 0.6}
    assert oven["finishes"] == [
        {"id": "OV60-BRZ", "name": {"en": "Bronze knobs"}},
        {"id": "OV60-NKL", "name": {"en": "Nickel knobs"}},
    ]
    assert oven["gallery"] == [
        "images/products/atelier-60-oven/oven-hero.jpg",
        "images/products/atelier-60-oven/oven-detail.png",
    ]
    # The pendant's image URL names a file found beside the export: that file is used.
    assert products(pack)["lumiere-pendant"]["gallery"] == [
        "images/products/lumiere-pendant/pendant.jpg"
    ]
    assert "'Bestseller' matches no attribute of the pack (row(s) 2)" in out
    assert (
        "products_export_1.csv: row 3, column Z (Image Src): https://cdn.shopify.com/s/files/1/"
        "0001/oven-side.jpg?v=1700000000 is a URL and was not fetched" in out
    )
    # A product the pack has under the export's variant SKU is updated, not duplicated:
    # its Chinese name, story and gallery (the export names only a URL) stay.
    ranged = products(pack)["MV-CO-RG90"]
    assert ranged["name"] == {**range_before["name"], "en": "Maîtresse 90 Range Cooker"}
    assert ranged["chapters"] == range_before["chapters"]
    assert ranged["gallery"] == range_before["gallery"]
    assert ranged["price_band"] == "bespoke"  # above signature's up_to
    assert ranged["attributes"] == range_before["attributes"]  # entertaining kept at 0.9
    assert "row 6, column Z (Image Src)" in out
    assert "Translation completeness" in out  # the new products' Chinese is left to do

    files = snapshot(pack)
    code, out, _ = run(capsys, "import", str(source), str(pack))
    assert code == 0, out
    assert "added 0 product(s), updated 0, 3 unchanged" in out
    assert snapshot(pack) == files


def test_prices_without_band_ranges_are_reported_and_a_new_product_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = demo_copy(tmp_path / "pack")  # its bands give no up_to
    source = export(tmp_path / "export")
    files = snapshot(pack)
    code, out, _ = run(capsys, "import", str(source), str(pack))
    assert code == 1
    assert (
        "note: products_export_1.csv: Variant Price: prices not mapped to price bands: the "
        "pack's [[price_bands]] give no up_to" in out
    )
    assert out.count("prices not mapped") == 1
    assert (
        "products_export_1.csv: row 2, column U (Variant Price): 'atelier-60-oven' is a new "
        "product and needs a price band (a price_band column, or prices and up_to" in out
    )
    assert "the pack is unchanged" in out
    assert snapshot(pack) == files
