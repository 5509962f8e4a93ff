"""Text broken into the lines a painter draws: every line, never shortened with "...".

Painted lists and grids (ui/widgets/product_list.py, product_grid.py) size their rows from
these lines, so a product's name takes the two (or three) lines it needs instead of ending in
"..." where a second line would have fitted.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout, QTextOption

from kiosk.typesetting import keep_together


def wrapped_lines(text: str, font: QFont, width: float) -> list[str]:
    """``text`` wrapped to ``width`` px at word boundaries (a word longer than a line is
    broken where it must); every line, trailing spaces dropped. Chinese is broken by its own
    rules (``kiosk.typesetting.keep_together``: no orphaned last character, no closing mark
    at a line's start); the lines keep its invisible joiners."""
    if not text or width <= 0:
        return []
    text = keep_together(text.replace("\n", " "))
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines
