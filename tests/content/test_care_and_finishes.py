"""Care guides and finishes: what the after-purchase page and the sale read from a pack.

A product's guide is its own care chapter, else its category's ``[[care]]`` entry; each
mistake an author can make in them is reported naming the file and the place, and the
completeness table tells how many products have a guide in each language.
"""

from __future__ import annotations

import io
from argparse import Namespace
from pathlib import Path

from kiosk.content.cli import cmd_validate
from kiosk.content.model import CareGuide, ContentPack
from kiosk.content.validate import validate
from tests.content.conftest import MiniPack

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo-pack"

OWN_CARE = """
[[products.chapters]]
kind = "care"
title = { en = "Steam clean", "zh-Hans" = "蒸汽清洁" }
body = { en = "Run the steam-clean cycle.", "zh-Hans" = "运行蒸汽清洁程序。" }
"""

FINISHES = """
[[products.finishes]]
id = "midnight"
name = { en = "Midnight enamel", "zh-Hans" = "午夜蓝珐琅" }

[[products.finishes]]
id = "ivory"
name = { en = "Ivory enamel", "zh-Hans" = "象牙白珐琅" }
"""


def pack_of(mini: MiniPack) -> ContentPack:
    report = validate(mini.root)
    assert report.pack is not None, [str(i) for i in report.issues]
    return report.pack


def issues(mini: MiniPack) -> list[tuple[str, str, str, str]]:
    return [(i.severity.value, i.file, i.path, i.message) for i in validate(mini.root).issues]


def add_to_first_product(mini: MiniPack, text: str) -> None:
    mini.edit(
        "products/cooking.toml",
        '\n[[products]]\nsku = "OV-2"',
        text + '\n[[products]]\nsku = "OV-2"',
    )


def test_own_care_chapter_wins_and_the_category_guide_covers_the_rest(mini: MiniPack) -> None:
    add_to_first_product(mini, OWN_CARE)
    pack = pack_of(mini)
    own = pack.care_for("OV-1")
    assert own is not None
    assert own.title.get("zh-Hans") == "蒸汽清洁"
    family = pack.care_for("OV-2")
    assert isinstance(family, CareGuide)
    assert family.title.get("en") == "Caring for your cooking pieces"
    assert family.body.get("zh-Hans") == "冷却后擦拭。"
    assert pack.care_for("NO-SUCH-SKU") is None


def test_the_care_chapter_is_not_part_of_the_story(mini: MiniPack) -> None:
    add_to_first_product(mini, OWN_CARE)
    product = pack_of(mini).products["OV-1"]
    assert [c.kind for c in product.chapters] == ["craftsmanship", "care"]
    assert [c.kind for c in product.story_chapters] == ["craftsmanship"]


def test_finishes_are_read_in_order_with_both_languages(mini: MiniPack) -> None:
    add_to_first_product(mini, FINISHES)
    pack = pack_of(mini)
    finishes = pack.products["OV-1"].finishes
    assert [f.id for f in finishes] == ["midnight", "ivory"]
    assert finishes[1].name.get("zh-Hans") == "象牙白珐琅"
    assert pack.products["OV-1"].finish("ivory") is finishes[1]
    assert pack.products["OV-2"].finishes == ()


def test_a_duplicate_finish_id_is_an_error_naming_its_place(mini: MiniPack) -> None:
    add_to_first_product(mini, FINISHES.replace('id = "ivory"', 'id = "midnight"'))
    assert issues(mini) == [
        (
            "error",
            "products/cooking.toml",
            "products[0].finishes[1].id",
            "duplicate finish id 'midnight' in this product",
        )
    ]


def test_a_finish_name_missing_a_language_is_named(mini: MiniPack) -> None:
    add_to_first_product(mini, FINISHES.replace(', "zh-Hans" = "象牙白珐琅"', ""))
    assert issues(mini) == [
        (
            "warning",
            "products/cooking.toml",
            "products[0].finishes[1].name.zh-Hans",
            "missing translation (zh-Hans)",
        )
    ]
    add_to_first_product(mini, '\n[[products.finishes]]\nid = "x"\nname = "Plain"\n')
    assert ("products[0].finishes[2].name.zh-Hans", "missing translation (zh-Hans)") in [
        (path, message) for _, _, path, message in issues(mini)
    ]


def test_a_guide_for_an_unknown_category_is_an_error(mini: MiniPack) -> None:
    mini.edit("care.toml", 'category = "cooking"', 'category = "cookin"')
    found = issues(mini)
    assert ("error", "care.toml", "care[0].category", "unknown category 'cookin'") in found
    # and, as a consequence the author can act on, the real category has none now
    assert any(
        sev == "warning" and "no care guide for category 'cooking'" in message
        for sev, _, _, message in found
    )


def test_an_empty_care_body_is_an_error_in_either_form(mini: MiniPack) -> None:
    mini.edit(
        "care.toml", 'body = { en = "Wipe when cool.", "zh-Hans" = "冷却后擦拭。" }', 'body = ""'
    )
    assert ("error", "care.toml", "care[0].body", "must not be empty") in issues(mini)
    add_to_first_product(mini, OWN_CARE.replace("Run the steam-clean cycle.", "  "))
    assert (
        "error",
        "products/cooking.toml",
        "products[0].chapters[1].body.en",
        "text in the default language 'en' is missing",
    ) in issues(mini)


def test_a_care_text_missing_a_language_is_named(mini: MiniPack) -> None:
    mini.edit("care.toml", ', "zh-Hans" = "冷却后擦拭。"', "")
    assert issues(mini) == [
        ("warning", "care.toml", "care[0].body.zh-Hans", "missing translation (zh-Hans)")
    ]
    # a plain string is not language-neutral for care advice: it is not translated
    mini.edit("care.toml", 'body = { en = "Wipe when cool." }', 'body = "Wipe when cool."')
    assert issues(mini) == [
        ("warning", "care.toml", "care[0].body.zh-Hans", "missing translation (zh-Hans)")
    ]
    report = validate(mini.root)
    assert report.care_coverage() == [("en", 2, 2), ("zh-Hans", 0, 2)]


def test_a_second_guide_for_a_category_and_a_second_care_chapter_are_errors(
    mini: MiniPack,
) -> None:
    text = (mini.root / "care.toml").read_text(encoding="utf-8")
    mini.write("care.toml", text + "\n" + text)
    add_to_first_product(mini, OWN_CARE + OWN_CARE)
    found = [(f, p, m) for s, f, p, m in issues(mini) if s == "error"]
    assert found == [
        ("products/cooking.toml", "products[0].chapters", "a product has at most one care chapter"),
        (
            "care.toml",
            "care[1].category",
            "a second care guide for 'cooking' (the first is care[0])",
        ),
    ]


def test_a_product_left_without_any_guide_is_a_warning(mini: MiniPack) -> None:
    (mini.root / "care.toml").unlink()
    assert issues(mini) == [
        (
            "warning",
            "care.toml",
            "care",
            "no care guide for category 'cooking': 2 product(s) (OV-1, OV-2) will show none "
            "after the purchase (add a [[care]] entry or a care chapter)",
        )
    ]


def test_validate_prints_care_coverage(mini: MiniPack) -> None:
    mini.edit("care.toml", ', "zh-Hans" = "冷却后擦拭。"', "")
    out = io.StringIO()
    assert cmd_validate(Namespace(path=str(mini.root)), out) == 0
    text = out.getvalue()
    assert "Care guides" in text
    assert "zh-Hans             0/2      0.0%" in text
    assert "en                  2/2    100.0%" in text


def test_demo_pack_has_a_guide_for_every_product_in_both_languages() -> None:
    report = validate(DEMO, check_images=False)
    pack = report.pack
    assert pack is not None
    assert set(pack.care) == set(pack.categories)
    for sku, product in pack.products.items():
        guide = pack.care_for(sku)
        assert guide is not None, sku
        for language in ("en", "zh-Hans"):
            assert guide.title.values.get(language), (sku, language)
            assert len(guide.body.values[language]) >= 80, (sku, language)
        assert all(c.kind != "care" for c in product.story_chapters)
    assert report.care_coverage() == [("en", 41, 41), ("zh-Hans", 41, 41)]
    enamel = pack.products["MV-CO-RG90"].finishes
    assert [f.id for f in enamel] == ["midnight", "ivory", "sage"]
    assert enamel[0].name.get("zh-Hans") == "午夜蓝珐琅"
