"""pack.toml's ``[[case_categories]]``: read when declared, the five defaults when not, and
refused naming the place when a customer could not choose from them (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content.model import DEFAULT_CASE_CATEGORIES
from kiosk.content.validate import validate
from tests.content.conftest import MiniPack

DECLARED = """
[[case_categories]]
id = "fitting"
label = { en = "The fitting", "zh-Hans" = "试穿" }

[[case_categories]]
id = "other"
label = { en = "Something else", "zh-Hans" = "其他" }
"""


def add(mini: MiniPack, text: str) -> None:
    path = mini.root / "pack.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_pack_without_case_categories_offers_the_five_defaults_in_both_languages(
    mini: MiniPack,
) -> None:
    report = validate(mini.root, check_images=False)
    assert report.pack is not None
    cats = report.pack.case_categories
    assert [c.id for c in cats] == ["product", "service", "waiting", "delivery", "other"]
    assert cats == DEFAULT_CASE_CATEGORIES
    assert [c.label.get("zh-Hans") for c in cats] == ["产品", "服务", "等候", "配送", "其他"]
    assert all(c.label.get("en") for c in cats)


def test_declared_case_categories_replace_the_defaults(mini: MiniPack) -> None:
    add(mini, DECLARED)
    report = validate(mini.root, check_images=False)
    assert report.pack is not None, [str(i) for i in report.issues]
    assert [(c.id, c.label.get("zh-Hans")) for c in report.pack.case_categories] == [
        ("fitting", "试穿"),
        ("other", "其他"),
    ]


def test_the_demo_pack_declares_its_case_categories() -> None:
    root = Path(__file__).resolve().parents[2] / "data" / "demo-pack"
    assert "[[case_categories]]" in (root / "pack.toml").read_text(encoding="utf-8")
    report = validate(root, check_images=False)
    assert report.pack is not None
    assert [c.id for c in report.pack.case_categories] == [
        "product",
        "service",
        "waiting",
        "delivery",
        "other",
    ]


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        ("\ncase_categories = []\n", "case_categories", "at least one"),
        (DECLARED.replace('"fitting"', '"other"'), "case_categories[1].id", "duplicate"),
        (DECLARED.replace('"fitting"', '"' + "f" * 33 + '"'), "case_categories[0].id", "32"),
        (DECLARED.replace('id = "fitting"\n', ""), "case_categories[0].id", ""),
        (
            DECLARED.replace(
                '{ en = "The fitting", "zh-Hans" = "试穿" }', '{ "zh-Hans" = "试穿" }'
            ),
            "case_categories[0].label.en",
            "default language",
        ),
    ],
)
def test_case_categories_a_customer_could_not_choose_from_are_refused(
    mini: MiniPack, text: str, place: str, words: str
) -> None:
    if text.startswith("\ncase_categories"):
        mini.edit("pack.toml", "[pack]\n", text.lstrip("\n") + "\n[pack]\n")
    else:
        add(mini, text)
    report = validate(mini.root, check_images=False)
    assert report.pack is None
    found = [(i.file, i.path, i.message) for i in report.errors]
    assert any(f == "pack.toml" and p == place and words in m for f, p, m in found), found
