"""Each validation rule, proven on a minimal pack broken in exactly one place."""

from __future__ import annotations

import pytest
from PIL import Image

from kiosk.content.errors import PackInvalid, Severity
from kiosk.content.validate import load_pack, validate
from tests.content.conftest import MiniPack


def only_errors(mini: MiniPack) -> list[tuple[str, str, str]]:
    report = validate(mini.root)
    assert report.pack is None
    return [(i.file, i.path, i.message) for i in report.errors]


def test_minimal_pack_is_valid_without_warnings(mini: MiniPack) -> None:
    report = validate(mini.root)
    assert report.ok, [str(i) for i in report.issues]
    assert report.issues == ()
    pack = report.pack
    assert pack is not None
    assert set(pack.products) == {"OV-1", "OV-2"}
    assert pack.products["OV-1"].name.get("zh-Hans") == "烤箱"
    assert pack.products["OV-1"].specs[0].value.get("zh-Hans") == "60 cm"
    assert pack.lookbooks[0].scenes[0].hotspots[0].sku == "OV-1"
    assert pack.questions[1].options[0].price_bands == ("signature",)
    assert pack.attributes["quietness"].reason.get("zh-Hans") == "运行安静"
    assert [p.name for p in pack.attract_images] == ["01.jpg"]
    assert report.completeness() == [
        ("en", report.tally.total, report.tally.total),  # type: ignore[union-attr]
        ("zh-Hans", report.tally.total, report.tally.total),
    ]  # type: ignore[union-attr]


def test_unknown_sku_in_hotspot(mini: MiniPack) -> None:
    mini.edit("lookbooks/home.toml", 'sku = "OV-1"', 'sku = "OV-9"')
    assert only_errors(mini) == [
        ("lookbooks/home.toml", "scenes[0].hotspots[0].sku", "unknown SKU 'OV-9'")
    ]


def test_missing_image_file(mini: MiniPack) -> None:
    (mini.root / "images/scene.jpg").unlink()
    assert only_errors(mini) == [
        ("lookbooks/home.toml", "scenes[0].image", "image file images/scene.jpg is missing")
    ]


def test_duplicate_sku(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", 'sku = "OV-2"', 'sku = "OV-1"')
    assert only_errors(mini) == [
        (
            "products/cooking.toml",
            "products[1].sku",
            "duplicate SKU 'OV-1' (first in products/cooking.toml: products[0])",
        )
    ]


def test_duplicate_sku_across_files(mini: MiniPack) -> None:
    text = (mini.root / "products/cooking.toml").read_text(encoding="utf-8")
    mini.write("products/more.toml", text.split("[[products]]")[1].join(["[[products]]", ""]))
    errors = only_errors(mini)
    assert errors == [
        (
            "products/more.toml",
            "products[0].sku",
            "duplicate SKU 'OV-1' (first in products/cooking.toml: products[0])",
        )
    ]


@pytest.mark.parametrize(("axis", "value"), [("x", "1.2"), ("y", "-0.1")])
def test_hotspot_outside_the_image(mini: MiniPack, axis: str, value: str) -> None:
    old = "x = 0.4" if axis == "x" else "y = 0.6"
    mini.edit("lookbooks/home.toml", old, f"{axis} = {value}")
    [(file, path, message)] = only_errors(mini)
    assert (file, path) == ("lookbooks/home.toml", f"scenes[0].hotspots[0].{axis}")
    assert "outside the image" in message


def test_question_with_no_options(mini: MiniPack) -> None:
    text = (mini.root / "questionnaire.toml").read_text(encoding="utf-8")
    head, _, _ = text.partition('[[questions.options]]\nid = "signature"')
    mini.write("questionnaire.toml", head)
    assert only_errors(mini) == [
        (
            "questionnaire.toml",
            "questions[1].options",
            "a question needs at least one answer option",
        )
    ]


def test_wrong_type(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", "quietness = 0.8", 'quietness = "very"')
    assert only_errors(mini) == [
        (
            "products/cooking.toml",
            "products[0].attributes.quietness",
            "must be a number, found a text",
        )
    ]


def test_wrong_type_table_expected(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", 'gallery = ["images/p1.jpg"]', 'gallery = "images/p1.jpg"')
    assert only_errors(mini) == [
        ("products/cooking.toml", "products[0].gallery", "must be an array, found a text")
    ]


def test_answer_weights_reference_declared_attributes(mini: MiniPack) -> None:
    mini.edit("questionnaire.toml", "weights = { capacity = 1.0 }", "weights = { size = 1.0 }")
    assert only_errors(mini) == [
        (
            "questionnaire.toml",
            "questions[0].options[1].weights.size",
            "unknown attribute 'size' (not declared in pack.toml)",
        )
    ]


def test_product_attribute_must_be_declared(mini: MiniPack) -> None:
    mini.edit(
        "products/cooking.toml", "attributes = { capacity = 0.9 }", "attributes = { wifi = 0.9 }"
    )
    assert only_errors(mini) == [
        (
            "products/cooking.toml",
            "products[1].attributes.wifi",
            "unknown attribute 'wifi' (not declared in pack.toml)",
        )
    ]


def test_attribute_score_out_of_range(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", "capacity = 0.9", "capacity = 9")
    assert only_errors(mini) == [
        ("products/cooking.toml", "products[1].attributes.capacity", "9 is outside 0..1")
    ]


def test_unknown_category_collection_and_band(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", 'category = "cooking"', 'category = "garden"')
    mini.edit("products/cooking.toml", 'collection = "atelier"', 'collection = "nope"')
    mini.edit("products/cooking.toml", 'price_band = "premium"', 'price_band = "cheap"')
    assert only_errors(mini) == [
        ("products/cooking.toml", "products[0].category", "unknown category 'garden'"),
        ("products/cooking.toml", "products[0].collection", "unknown collection 'nope'"),
        ("products/cooking.toml", "products[0].price_band", "unknown price band 'cheap'"),
    ]


def test_unknown_price_band_in_budget_answer(mini: MiniPack) -> None:
    mini.edit("questionnaire.toml", 'price_bands = ["signature"]', 'price_bands = ["gold"]')
    assert only_errors(mini) == [
        (
            "questionnaire.toml",
            "questions[1].options[0].price_bands[0]",
            "unknown price band 'gold'",
        )
    ]


def test_question_kind(mini: MiniPack) -> None:
    mini.edit("questionnaire.toml", 'kind = "single"', 'kind = "slider"')
    assert only_errors(mini) == [
        ("questionnaire.toml", "questions[0].kind", "'slider' must be 'single' or 'multiple'")
    ]


def test_missing_required_field(mini: MiniPack) -> None:
    line = 'summary = { en = "A large range.", "zh-Hans" = "大尺寸炉灶。" }\n'
    mini.edit("products/cooking.toml", line, "")
    assert only_errors(mini) == [
        ("products/cooking.toml", "products[1].summary", "is required but missing")
    ]


def test_unknown_chapter_kind(mini: MiniPack) -> None:
    mini.edit("products/cooking.toml", 'kind = "heritage"', 'kind = "legend"')
    [(file, path, message)] = only_errors(mini)
    assert (file, path) == ("products/cooking.toml", "products[1].chapters[0].kind")
    assert message.startswith("'legend' is not a chapter kind")


def test_default_language_text_missing_is_an_error(mini: MiniPack) -> None:
    mini.edit(
        "products/cooking.toml",
        'name = { en = "Oven", "zh-Hans" = "烤箱" }',
        'name = { "zh-Hans" = "烤箱" }',
    )
    assert only_errors(mini) == [
        (
            "products/cooking.toml",
            "products[0].name.en",
            "text in the default language 'en' is missing",
        )
    ]


def test_toml_syntax_error_names_the_file(mini: MiniPack) -> None:
    mini.edit("lookbooks/home.toml", 'id = "home"', 'id = "home')
    [(file, path, message)] = only_errors(mini)
    assert (file, path) == ("lookbooks/home.toml", "")
    assert "not valid TOML" in message
    assert "line 1" in message


def test_default_language_must_be_declared(mini: MiniPack) -> None:
    mini.edit("pack.toml", 'default_language = "en"', 'default_language = "fr"')
    assert only_errors(mini) == [
        ("pack.toml", "pack.default_language", "'fr' is not one of pack.languages")
    ]


def test_image_that_is_not_an_image(mini: MiniPack) -> None:
    (mini.root / "images/p1.jpg").write_bytes(b"this is not a JPEG")
    errors = only_errors(mini)
    assert [(f, p) for f, p, _ in errors] == [
        ("products/cooking.toml", "products[0].gallery[0]"),
        ("products/cooking.toml", "products[1].gallery[0]"),
    ]
    assert "not an image" in errors[0][2]


def test_missing_translation_is_only_a_warning(mini: MiniPack) -> None:
    mini.edit(
        "products/cooking.toml",
        'name = { en = "Oven", "zh-Hans" = "烤箱" }',
        'name = { en = "Oven" }',
    )
    report = validate(mini.root)
    assert report.ok
    assert [(i.file, i.path, i.message, i.severity) for i in report.issues] == [
        (
            "products/cooking.toml",
            "products[0].name.zh-Hans",
            "missing translation (zh-Hans)",
            Severity.WARNING,
        )
    ]
    assert report.pack is not None
    assert report.pack.products["OV-1"].name.get("zh-Hans") == "Oven"  # falls back
    (lang, present, total), (lang2, present2, total2) = report.completeness()
    assert (lang, present == total) == ("en", True)
    assert (lang2, present2) == ("zh-Hans", total2 - 1)


def test_small_image_is_only_a_warning(mini: MiniPack) -> None:
    Image.new("RGB", (800, 600), "white").save(mini.root / "images/scene.jpg")
    report = validate(mini.root)
    assert report.ok
    assert [(i.file, i.path, i.severity) for i in report.issues] == [
        ("lookbooks/home.toml", "scenes[0].image", Severity.WARNING)
    ]
    assert "800x600, smaller than the screen" in report.issues[0].message


def test_load_pack_refuses_with_every_issue(mini: MiniPack) -> None:
    mini.edit("lookbooks/home.toml", 'sku = "OV-1"', 'sku = "OV-9"')
    (mini.root / "images/p1.jpg").unlink()
    with pytest.raises(PackInvalid) as caught:
        load_pack(mini.root)
    assert len(caught.value.errors) == 3
    assert "lookbooks/home.toml: scenes[0].hotspots[0].sku: unknown SKU 'OV-9'" in str(caught.value)


def test_image_outside_the_pack_is_refused(mini: MiniPack) -> None:
    mini.edit("lookbooks/home.toml", 'image = "images/scene.jpg"', 'image = "../secret.jpg"')
    [(file, path, message)] = only_errors(mini)
    assert (file, path) == ("lookbooks/home.toml", "scenes[0].image")
    assert "outside the pack folder" in message


def test_a_progressive_attract_picture_is_a_warning_naming_it(mini: MiniPack) -> None:
    picture = mini.root / "attract" / "01.jpg"
    Image.new("RGB", (1920, 1080), (20, 20, 24)).save(picture, quality=70, progressive=True)
    report = validate(mini.root)
    assert report.ok  # still usable: only slower to show
    (issue,) = report.issues
    assert issue.severity == Severity.WARNING
    assert issue.file == "attract/01.jpg"
    assert "progressive JPEG" in issue.message
    assert "save it as baseline" in issue.message
