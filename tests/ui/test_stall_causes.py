"""Work the GUI thread no longer does in a touch's turn (issue 14, "Smooth under a finger").

Each test here stands for a stall the journey stall bench (tests/bench/test_gui_stall_bench.py)
found with the stall detector's stacks; the bench measures how long, these say the work is
gone, so it cannot come back unnoticed in an ordinary test run.
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QLinearGradient,
    QPainter,
    QPixmap,
    QTextLayout,
)

import ui.widgets.picture as picture_module
import ui.widgets.text_lines as text_lines
from kiosk.visit.stages import EndReason
from tests.ui.test_customer_journey import touch
from ui import kit, tasks
from ui.widgets.picture import Picture


def photograph(width: int, height: int) -> QPixmap:
    """A photograph-like image: gradients in both directions, so scaling shows in the pixels."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    across = QLinearGradient(0, 0, width, height)
    across.setColorAt(0, QColor("#2b1d12"))
    across.setColorAt(0.5, QColor("#e8dcc8"))
    across.setColorAt(1, QColor("#4a6b7d"))
    painter.fillRect(image.rect(), across)
    painter.setPen(QColor("#b08d57"))
    for x in range(0, width, 37):
        painter.drawLine(x, 0, width - x, height)
    painter.end()
    return QPixmap.fromImage(image)


@pytest.mark.parametrize("fill", [True, False])
def test_a_picture_scales_its_image_once_and_paints_the_same_pixels(qtbot, monkeypatch, fill):
    gui = threading.get_ident()
    scaled_here: list[int] = []
    real = picture_module.draw_fitted

    def counted(*args):  # type: ignore[no-untyped-def]
        if threading.get_ident() == gui:
            scaled_here.append(1)
        real(*args)

    monkeypatch.setattr(picture_module, "draw_fitted", counted)
    tasks.install()
    picture = Picture(fill=fill)
    qtbot.addWidget(picture)
    picture.resize(640, 420)
    picture.pixmap = photograph(2400, 1350)
    first = picture.grab().toImage()
    assert scaled_here == [1]
    qtbot.waitUntil(lambda: picture._fitted is not None and picture._fitted.image is not None)

    # A screen fading in paints its pictures again at each frame an image arrives in: each
    # paint scaled the photograph again on the GUI thread.
    later = [picture.grab().toImage() for _ in range(3)]
    assert scaled_here == [1]
    assert all(image == first for image in later)  # the customer sees the very same pixels

    picture.resize(500, 420)  # another size: scaled again, once
    picture.grab()
    assert scaled_here == [1, 1]


def test_painted_names_are_broken_into_lines_once_per_face_and_width(qtbot, monkeypatch):
    laid_out: list[str] = []

    class Counted(QTextLayout):
        def __init__(self, text: str, font: QFont) -> None:
            laid_out.append(text)
            super().__init__(text, font)

    monkeypatch.setattr(text_lines, "QTextLayout", Counted)
    font = kit.font("title_s")
    name = "Maison Velle hand-finished walnut dining table for twelve, oiled"
    first = text_lines.wrapped_lines(name, font, 260)
    # A grid's cards are painted again as the finger scrolls and as each image arrives.
    assert all(text_lines.wrapped_lines(name, font, 260) == first for _ in range(5))
    assert len(laid_out) == 1
    assert len(first) > 1
    assert " ".join(first) == name
    assert text_lines.wrapped_lines(name, font, 520) != first  # another width: laid out again
    assert text_lines.wrapped_lines(name, kit.font("caption"), 260)  # another face: again
    assert len(laid_out) == 3
    # What is kept is where lines break, never the words.
    kept = repr(text_lines._BREAKS)
    assert "walnut" not in kept
    assert "Maison" not in kept


def test_the_summary_keeps_its_lines_from_visit_to_visit_blank_between(make_shell, qtbot):
    shell = make_shell()
    summary = shell.screens["needs_summary"]
    lines = list(summary._lines)  # made with the pack, before any customer
    assert len(lines) == len(shell.pack.questions)
    for _visit in range(2):
        touch(qtbot, shell.attract)
        shell.go("needs_summary")
        # Entering built a line per question, some twenty widgets, in the touch.
        assert summary._lines == lines
        assert all(line.prompt for line in lines)  # each with its question
        shell.end_visit(EndReason.COMPLETED)
        assert all(line.prompt == line.answer == "" for line in lines)  # nothing kept
