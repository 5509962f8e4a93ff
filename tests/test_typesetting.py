"""List separators, the CJK test and the line-breaking rules that screens and the follow-up
page share."""

from __future__ import annotations

import pytest

from kiosk.typesetting import (
    NO_END,
    NO_START,
    WORD_JOINER,
    is_cjk_text,
    join_list,
    keep_together,
    lines,
)


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
    assert not is_cjk_text("")


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("\u3000", "\u30ff"),  # CJK punctuation, hiragana, katakana
        ("\u3400", "\u4dbf"),  # extension A
        ("\u4e00", "\u9fff"),  # unified ideographs
        ("\uf900", "\ufaff"),  # compatibility ideographs
        ("\uff00", "\uffef"),  # full-width and half-width forms
        ("\U00020000", "\U0003134f"),  # extensions B to G
    ],
)
def test_each_cjk_range_counts_to_its_edges_and_no_further(first, last):
    assert is_cjk_text(first)
    assert is_cjk_text(f"Latin {last} Latin")
    assert not is_cjk_text(chr(ord(first) - 1))
    assert not is_cjk_text("Latin " + chr(ord(last) + 1))


# -- line breaking: the rules with a measure of one unit a character --------------------------
def one_each(text: str) -> float:
    return float(len(text))


TAIL = "度以内。"  # not "内。" nor "以内。" alone


def lines_at(text: str, width: int) -> list[str]:
    return lines(text, one_each, width)


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # the orphans: the line before breaks earlier, three characters go down together
        ("拉丝钢与青铜，炉温误差控制在一度以内。", 17, ["拉丝钢与青铜，炉温误差控制在一", TAIL]),
        ("拉丝钢与青铜，炉温误差控制在一度以内。", 18, ["拉丝钢与青铜，炉温误差控制在一", TAIL]),
        ("Atelier 60 高温自洁烤箱", 16, ["Atelier 60 高温自", "洁烤箱"]),
        ("Essentiel 45 蒸烤一体机", 16, ["Essentiel 45 蒸烤", "一体机"]),
        ("回味无穷的好滋味。", 8, ["回味无穷的", "好滋味。"]),
        ("早餐从这里开始一天的节奏起", 12, ["早餐从这里开始一天的", "节奏起"]),
        # a short word or number after the Chinese comes along ("机 7" is not a line)
        ("Essentiel 洗烘一体机 7", 16, ["Essentiel 洗烘一", "体机 7"]),
        ("宽度为 60 厘米", 8, ["宽度为", "60 厘米"]),
        ("宽度为60厘米", 6, ["宽度为", "60厘米"]),
        # a long Latin word is not pulled down: its space is a word's boundary
        ("适配 Essentiel 系列", 14, ["适配 Essentiel", "系列"]),
        # pause and stop marks never start a line; the character before goes with them
        ("一二三四五，六七八九十", 5, ["一二三四", "五，六七", "八九十"]),
        ("他问：好吗？是的！", 5, ["他问：好", "吗？是的！"]),
        ("一二三四）五六七八", 4, ["一二三", "四）五", "六七八"]),
        ("一二三四」。五六七八", 4, ["一二三", "四」。五", "六七八"]),
        ("天气很好……我们出发", 5, ["天气很", "好……我", "们出发"]),
        ("天气很好——我们出发", 5, ["天气很", "好——我", "们出发"]),
        ("共 3 幅图片 · 轻触欣赏", 9, ["共 3 幅图片 ·", "轻触欣赏"]),
        ("厨房与餐厅  ·  烹饪与宴客", 6, ["厨房与餐", "厅  ·", "烹饪与宴客"]),
        # opening brackets and quotes never end a line
        ("一二三（四五六）七八九", 4, ["一二三", "（四五", "六）", "七八九"]),
        ("他说“一二三四”五六七", 3, ["他说", "“一二", "三四”", "五六七"]),
        ("价格为￥12000元整", 4, ["价格为", "￥12000元整"]),
        # paragraphs each keep their own last line
        ("第一段的内容。\n第二段的内容很长。", 6, ["第一段", "的内容。", "第二段的内", "容很长。"]),
        # text that fits is one line; short text is never split
        ("欢迎光临", 10, ["欢迎光临"]),
        ("烤箱", 1, ["烤箱"]),
        # Latin text is not touched
        ("Brushed by hand, then sealed.", 12, ["Brushed by", "hand, then", "sealed."]),
    ],
)
def test_chinese_lines_follow_the_rules(text, width, expected):  # type: ignore[no-untyped-def]
    assert lines_at(text, width) == expected


@pytest.mark.parametrize("width", range(4, 30))
def test_no_line_of_a_long_text_starts_with_a_mark_or_ends_with_an_opening(width):  # type: ignore[no-untyped-def]
    text = (
        "他说：“这台烤箱（法国制造）做的马卡龙，颜色均匀、口感细腻。”我们都很满意！真的吗？是的。"
    )
    found = lines_at(text, width)
    assert "".join(found) == text
    assert all(line[0] not in NO_START for line in found[1:]), found
    assert all(line[-1] not in NO_END for line in found[:-1]), found
    assert len(found[-1]) >= 3, found


def test_keeping_together_changes_nothing_a_reader_sees():
    text = "Atelier 60 高温自洁烤箱，炉温误差（仅）一度。\n共 3 幅图片 · 轻触欣赏"
    kept = keep_together(text)
    assert kept.replace(WORD_JOINER, "").replace("\u00a0", " ") == text
    assert keep_together("Brushed by hand (twice).") == "Brushed by hand (twice)."
    assert keep_together("") == ""
