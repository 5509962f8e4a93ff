"""Chinese set in lines as a Chinese reader expects, on the real screens and in Qt's breaker.

What is judged is what a customer sees: the lines Qt lays out. Each visible word-wrapped
label showing Chinese is laid out again the way QLabel paints it (QTextLayout, its font, its
width), and every line is read: no line of one or two characters left alone ("烤 / 箱",
"味。"), no pause or closing mark at a line's start, no opening bracket or quote at a line's
end. The screens are story (every product of the demo pack), needs (every question) and
recommendations, in Chinese at 1920x1080 and 1080x1920.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.typesetting import NO_END, NO_START, WORD_JOINER, is_cjk_text, keep_together
from tests.ui.conftest import settle
from ui import kit
from ui.widgets.chapter_view import Prose
from ui.widgets.text_lines import wrapped_lines

REPO = Path(__file__).resolve().parents[2]
SIZES = {"landscape": QSize(1920, 1080), "portrait": QSize(1080, 1920)}
PUNCTUATION = set(NO_START + NO_END + WORD_JOINER)
PLACEHOLDER = re.compile(r"\{\w+\}")  # a template's {count}: a number in its place


def laid_out(text: str, font: QFont, width: float) -> list[list[str]]:
    """The lines Qt's breaker makes of ``text`` at ``width`` (as QLabel's word wrap and a
    painter's TextWordWrap do), per paragraph, joiners removed."""
    paragraphs = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        found = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            start = line.textStart()
            found.append(paragraph[start : start + line.textLength()].replace(WORD_JOINER, ""))
        layout.endLayout()
        paragraphs.append(found)
    return paragraphs


def units(line: str) -> int:
    return sum(1 for c in line if not c.isspace() and c not in PUNCTUATION)


def faults(paragraph: list[str]) -> list[str]:
    """What a Chinese reader would stop at in a paragraph's lines."""
    found = []
    lines = [line.strip() for line in paragraph]
    whole = sum(units(line) for line in lines)
    for n, line in enumerate(lines):
        if not line:
            continue
        if n and line[0] in NO_START:
            found.append(f"line {n + 1} starts with {line[0]!r}")
        if n < len(lines) - 1 and line[-1] in NO_END:
            found.append(f"line {n + 1} ends with {line[-1]!r}")
        if len(lines) > 1 and whole > 2 and units(line) <= 2 and is_cjk_text(line):
            found.append(f"line {n + 1} is left with {line!r}")
    return [f"{' / '.join(lines)}: {fault}" for fault in found]


def chinese_texts() -> Iterator[str]:
    """Every Chinese text of the demo pack and of the kiosk's own wording."""

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "zh-Hans" and isinstance(value, str):
                    yield value
                elif key == "zh-Hans" and isinstance(value, dict):  # plural forms
                    yield from value.values()
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for path in sorted((REPO / "data" / "demo-pack").rglob("*.toml")):
        yield from walk(tomllib.loads(path.read_text(encoding="utf-8")))
    for path in sorted((REPO / "assets" / "i18n").glob("*.json")):
        yield from walk(json.loads(path.read_text(encoding="utf-8")))
    yield from HARD_CASES


# What the kiosk's own texts do not hold yet, a pack's may: separators set off by spaces,
# dashes, ellipses, brackets and quotes, numbers with units, Latin words.
HARD_CASES = [
    "厨房与餐厅  ·  烹饪与宴客  ·  洗衣间与衣帽间  ·  客厅",
    "它以“里昂妈妈”命名——正是这些女厨师让里昂成为美食之都……自1952年起，我们一直为她们打造炉灶。",
    "双温区（上层7°C，下层16°C）存放《波尔多》与「勃艮第」的葡萄酒；运行仅34分贝！",
    "与 Maison Velle 灶具配对后，它会自动启动、自动调速，并在烹饪结束后继续运转十分钟 Atelier",
]


def test_qt_breaks_every_chinese_text_of_the_kiosk_by_the_rules_at_every_width(qapp):  # type: ignore[no-untyped-def]
    """Each Chinese text, kept together, laid out by Qt in the body and title faces at every
    width from 9 to 30 characters: the joiners hold in Qt's own breaker."""
    from ui.fonts import load_bundled_fonts

    load_bundled_fonts()
    texts = sorted({PLACEHOLDER.sub("12", t) for t in chinese_texts() if is_cjk_text(t)})
    assert len(texts) > 300  # the pack's and the kiosk's: all of them, not a sample
    found = []
    for role in ("body", "title"):
        font = kit.font(role, for_text="中")
        em = font.pixelSize()
        for text in texts:
            for chars in range(9, 31):
                for paragraph in laid_out(keep_together(text), font, em * chars + 1):
                    found += [f"{role} at {chars} em: {f}" for f in faults(paragraph)]
    assert not found, "\n".join(found[:40])


def test_the_same_texts_unjoined_show_what_the_rules_prevent(qapp):  # type: ignore[no-untyped-def]
    """Without the joiners, Qt leaves single characters on last lines: the test above would
    see it (so it can fail)."""
    font = kit.font("body", for_text="中")
    text = "拉丝钢与青铜，炉温误差控制在一度以内。"
    widths = [font.pixelSize() * chars + 1 for chars in range(6, 20)]
    assert any(faults(p) for width in widths for p in laid_out(text, font, width))


def label_faults(screen: QWidget, wrapped: list[str]) -> list[str]:
    """The faults in the lines of every visible, word-wrapped label showing Chinese (the
    paragraphs that took more than one line are added to ``wrapped``)."""
    found = []
    for label in screen.findChildren(QLabel):
        shown = QLabel.text(label)  # what Qt lays out (joiners included)
        if not (label.isVisibleTo(screen) and label.wordWrap() and is_cjk_text(shown)):
            continue
        rect = label.contentsRect().adjusted(
            label.margin(), label.margin(), -label.margin(), -label.margin()
        )
        width = rect.width() - max(label.indent(), 0)
        for paragraph in laid_out(shown, label.font(), width):
            if len(paragraph) > 1:
                wrapped.append(" / ".join(paragraph))
            name = label.objectName() or type(label).__name__
            found += [f"{name}: {fault}" for fault in faults(paragraph)]
    for prose in screen.findChildren(Prose):  # a chapter's body: a laid-out document
        if not (prose.isVisibleTo(screen) and is_cjk_text(prose.text())):
            continue
        prose.doc.setTextWidth(min(prose.width(), prose.measure))
        block = prose.doc.begin()
        while block.isValid():
            layout, shown = block.layout(), block.text()
            paragraph = [
                shown[line.textStart() : line.textStart() + line.textLength()].replace(
                    WORD_JOINER, ""
                )
                for line in (layout.lineAt(i) for i in range(layout.lineCount()))
            ]
            if len(paragraph) > 1:
                wrapped.append(" / ".join(paragraph))
            found += [f"chapter body: {f}" for f in faults(paragraph)]
            block = block.next()
    return found


def test_product_cards_set_chinese_names_and_summaries_by_the_rules(qapp):  # type: ignore[no-untyped-def]
    """Recommendation and lookbook cards paint their names and captions in lines of their
    own (``wrapped_lines``): the same rules hold there, at every card width."""
    from ui.fonts import load_bundled_fonts

    load_bundled_fonts()
    texts = []
    for path in sorted((REPO / "data" / "demo-pack" / "products").glob("*.toml")):
        for product in tomllib.loads(path.read_text(encoding="utf-8"))["products"]:
            texts += [product["name"]["zh-Hans"], product["summary"]["zh-Hans"]]
    found = []
    for role in ("name", "caption"):
        font = kit.font(role, for_text="中")
        for text in texts:
            for chars in range(9, 25):
                shown = wrapped_lines(text, font, font.pixelSize() * chars + 1)
                paragraph = [line.replace(WORD_JOINER, "") for line in shown]
                found += [f"{role} at {chars} em: {f}" for f in faults(paragraph)]
    assert not found, "\n".join(found[:40])


@pytest.mark.parametrize("orientation", list(SIZES))
def test_chinese_screens_leave_no_character_alone_and_no_mark_at_a_line_start(  # type: ignore[no-untyped-def]
    make_shell, orientation
):
    shell = make_shell()
    shell.resize(SIZES[orientation])
    shell.begin_visit()
    shell.set_language("zh-Hans")
    found: list[str] = []
    wrapped: list[str] = []

    def look(name: str, **params: object) -> None:
        shell.go(name, **params)
        settle(shell)
        screen = shell.screens[name]
        found.extend(f"{name} {params}: {fault}" for fault in label_faults(screen, wrapped))

    for index in range(len(shell.pack.questions)):
        look("needs", index=index)
    for question in shell.pack.questions[:3]:
        shell.journey.answer(question.id, [question.options[0].id])
    look("recommendations")
    for sku in shell.pack.products:
        look("story", sku=sku)
    assert not found, "\n".join(found)
    assert len(wrapped) >= 10, wrapped  # the screens do wrap Chinese: the test saw lines
