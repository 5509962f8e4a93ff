"""Text that a layout asks its height for many times a pass is laid out once per width: the
stall detector found the journey's screen changes spending 15-30 ms of the GUI thread's CPU
laying the same answer tiles' and chapters' text out again at every query (and at every
paint, for a chapter). Counted on the real Qt classes, not timed."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QWidget

import ui.widgets.answer_tile as answer_tile
from kiosk.content.model import AnswerOption, LocalText
from ui import theme
from ui.widgets.chapter_view import Prose

CHAPTER = "A long chapter about a kitchen and the hands that made it. " * 60


def test_a_chapter_is_laid_out_again_only_when_its_width_changes(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    prose = Prose(theme.serif(24), 700, host)
    prose.set_text(CHAPTER, "en")
    widths: list[float] = []
    real = prose.doc.setTextWidth
    prose.doc.setTextWidth = lambda w: (widths.append(w), real(w))[1]  # type: ignore[method-assign]
    heights = {prose.heightForWidth(600) for _ in range(5)}
    prose.resize(600, max(heights))
    prose.grab()  # a paint at the same width
    prose.grab()
    assert len(heights) == 1
    assert widths == [600]
    assert prose.heightForWidth(500) > max(heights)  # a narrower column: laid out again
    assert widths == [600, 500]


def test_an_answer_tile_measures_its_text_once_per_width(qtbot, monkeypatch):
    measured: list[int] = []

    class Counted(QFontMetricsF):
        def boundingRect(self, *args):  # type: ignore[no-untyped-def, override]
            measured.append(1)
            return super().boundingRect(*args)

    monkeypatch.setattr(answer_tile, "QFontMetricsF", Counted)
    option = AnswerOption("host", LocalText({"en": "Hosting dinners for friends " * 4}, "en"), {})
    tile = answer_tile.AnswerTile(option, multiple=True)
    qtbot.addWidget(tile)
    tile.setText(option.label.get("en"))
    heights = {tile.heightForWidth(640) for _ in range(6)}
    assert len(heights) == 1
    assert len(measured) == 1
    assert tile.heightForWidth(320) > heights.pop()
    assert len(measured) == 2
