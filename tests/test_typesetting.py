"""List separators and the CJK test that screens and the follow-up page share."""

from __future__ import annotations

from kiosk.typesetting import is_cjk_text, join_list


def test_a_chinese_list_takes_the_enumeration_comma_and_an_english_one_a_comma():
    assert join_list(["甲", "乙", "丙"], "zh-Hans") == "甲、乙、丙"
    assert join_list(["A", "B", "C"], "en") == "A, B, C"
    assert join_list(["A", "", "C"], "en", latin="  ·  ") == "A  ·  C"
    assert join_list(["厨房", "餐厅"], "zh-Hans", latin="  ·  ") == "厨房、餐厅"


def test_cjk_text_is_told_from_latin_text():
    assert is_cjk_text("关于本品")
    assert is_cjk_text("MAISON · 厨房")
    assert is_cjk_text("（")
    assert not is_cjk_text("ABOUT THIS PIECE")
    assert not is_cjk_text("Crème · Ø 60")
