"""Painted words take the face of their script, as labels do: what a screen paints itself (a
product row or card, an answer tile, a summary line, the attract's words, a chart, the score
tiles' end words) sets Chinese with the CJK face first and Western text with the Latin face
first. A painter given the Latin list for Chinese draws each Han character from the fallback
face, in the Latin face's metrics, and its punctuation half-width.

Read from what reaches the paint device: each screen is rendered onto a device whose paint
engine records every run of text Qt draws with the font it was drawn with (what a customer
sees, whichever widget or delegate painted it).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QPaintDevice, QPaintEngine, QPaintEngineState, QTextItem
from PySide6.QtWidgets import QWidget

from kiosk.typesetting import is_cjk_text
from tests.ui.conftest import settle
from tests.ui.test_story import touch
from ui.strings import tr

Run = tuple[str, str]  # a run of text and the first family of the font it was drawn with


class _Recorder(QPaintEngine):
    """A paint engine that draws nothing and keeps every run of text with its font."""

    def __init__(self) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.runs: list[Run] = []

    def begin(self, device: QPaintDevice) -> bool:
        return True

    def end(self) -> bool:
        return True

    def updateState(self, state: QPaintEngineState) -> None:
        pass

    def drawPixmap(self, *args: object) -> None:
        pass

    def drawPolygon(self, *args: object) -> None:
        pass

    def drawPath(self, *args: object) -> None:
        pass

    def drawRects(self, *args: object) -> None:
        pass

    def drawTextItem(self, point: object, item: QTextItem) -> None:
        if item.text().strip():
            self.runs.append((item.text(), item.font().families()[0]))

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User


class RecordingDevice(QPaintDevice):
    def __init__(self, size: QSize) -> None:
        super().__init__()
        self.size, self.engine = size, _Recorder()

    def paintEngine(self) -> QPaintEngine:
        return self.engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        m = QPaintDevice.PaintDeviceMetric
        return {
            m.PdmWidth: self.size.width(),
            m.PdmHeight: self.size.height(),
            m.PdmWidthMM: self.size.width() // 4,
            m.PdmHeightMM: self.size.height() // 4,
            m.PdmDepth: 32,
            m.PdmNumColors: 0xFFFFFF,
            m.PdmDevicePixelRatio: 1,
            m.PdmDevicePixelRatioScaled: 1,
        }.get(metric, 96)


def painted(widget: QWidget) -> list[Run]:
    """Every run of text ``widget`` and its children paint, with its font's first family."""
    device = RecordingDevice(widget.size())
    widget.render(device)
    return device.engine.runs


def cjk_first(family: str) -> bool:
    return "CJK" in family


def wrong_faces(runs: list[Run], language: str) -> list[Run]:
    """Chinese runs set with a Latin face first; in English, any run set CJK face first."""
    if language == "en":
        return [run for run in runs if cjk_first(run[1])]
    return [run for run in runs if is_cjk_text(run[0]) and not cjk_first(run[1])]


def a_visit(make_shell, qtbot, language: str):  # type: ignore[no-untyped-def]
    """A visit in ``language`` with answers, three pieces kept and two compared."""
    from tests.ui.screen_states import COMPARED, SELECTION

    shell = make_shell()
    touch(qtbot, shell.attract, QPoint(300, 300))
    shell.set_language(language)
    for question in shell.pack.questions[:3]:
        shell.journey.answer(question.id, [question.options[0].id])
    for sku in SELECTION:
        shell.journey.set_selected(sku, True)
    for sku in COMPARED:
        shell.journey.set_compared(sku, True)
    settle(shell)
    return shell


SCREENS = [
    ("needs", {"index": 1}),  # answer tiles
    ("needs_summary", {}),  # summary lines
    ("recommendations", {}),  # product cards
    ("selection", {}),  # product rows
    ("lookbook", {"scene": 0}),  # compact product rows
    ("farewell", {}),  # score tiles and their end words
]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_every_painted_word_takes_the_face_of_its_script(make_shell, qtbot, language):
    from tests.ui.screen_states import BOOK

    shell = a_visit(make_shell, qtbot, language)
    wrong = {}
    for name, params in SCREENS:
        if name == "lookbook":
            params = {**params, "lookbook": BOOK}
        shell.go(name, **params)
        settle(shell)
        runs = painted(shell.screens[name])
        assert any(is_cjk_text(text) for text, _ in runs) == (language != "en"), name
        if found := wrong_faces(runs, language):
            wrong[name] = sorted(set(found))[:4]
    assert not wrong, f"painted in the other script's face first: {wrong}"


def assert_each_in_its_face(runs: list[Run], english: str, chinese: str) -> None:
    """A line in both languages: the English in the Latin face, the Chinese in the CJK."""
    assert any(english in text for text, _ in runs), runs
    assert any(chinese in text for text, _ in runs), runs
    for text, family in runs:
        if is_cjk_text(text):
            assert cjk_first(family), (text, family)
        if english in text:
            assert not cjk_first(family), (text, family)


def test_the_attract_and_the_closed_veil_set_each_language_in_its_own_face(make_shell):
    """The attract speaks every language at once, as the veil over a closed store does:
    their tagline, "Touch to begin" and opening time each in its own face, not one face
    for the whole line (the English was set in the CJK face, or the Chinese in the Latin)."""
    from tests.ui.test_after_hours import HOURS, MONDAY, FakeClock, veil_for

    shell = make_shell(opening_hours=HOURS)
    attract = shell.attract
    attract.leave()  # the loop stands still
    english, chinese = tr("attract.touch", "en"), tr("attract.touch", "zh-Hans")
    assert_each_in_its_face(painted(attract), english, chinese)
    veil = veil_for(shell, FakeClock(MONDAY.replace(hour=22)))
    veil.refresh()
    assert veil.dimmed
    runs = painted(veil)
    assert_each_in_its_face(runs, veil.message("en"), veil.message("zh-Hans"))


def test_charts_set_chinese_labels_in_the_cjk_face(qtbot):  # type: ignore[no-untyped-def]
    """The associate dashboard's charts, as a Chinese-speaking manager reads them."""
    from ui.fonts import load_bundled_fonts
    from ui.widgets.charts import Bar, BarList, FunnelChart

    load_bundled_fonts()
    bars = [
        Bar("到店顾客", 120, 1.0, "120", note="百分之百"),
        Bar("查看推荐", 60, 0.5, "60", note="一半", sublabel="其中一半来自灵感图册"),
    ]
    for chart in (FunnelChart(), BarList()):
        qtbot.addWidget(chart)
        chart.set_bars(bars)
        chart.resize(640, 320)
        runs = painted(chart)
        assert any(is_cjk_text(text) for text, _ in runs), runs
        assert not wrong_faces(runs, "zh-Hans"), (type(chart).__name__, runs)
        chart.set_bars([], "今日尚无数据")
        runs = painted(chart)
        assert runs
        assert not wrong_faces(runs, "zh-Hans"), runs


def test_pinyin_candidates_are_set_in_the_cjk_face(qtbot):  # type: ignore[no-untyped-def]
    """The candidate keys above the keyboard show Hanzi only: in the CJK face first (plain
    buttons, they took the Latin list whatever they showed)."""
    from kiosk.visit.pinyin import Candidate
    from ui.fonts import load_bundled_fonts
    from ui.widgets.pinyin_bar import PinyinBar

    load_bundled_fonts()
    bar = PinyinBar()
    qtbot.addWidget(bar)
    bar.resize(1080, 160)
    bar.show_candidates("wang", [Candidate("王", 4), Candidate("网", 4), Candidate("往", 4)])
    runs = painted(bar)
    assert {"王", "网", "往"} <= {text for text, _ in runs}, runs
    assert not wrong_faces(runs, "zh-Hans"), runs
