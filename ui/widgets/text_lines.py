"""Text broken into the lines a painter draws: every line, never shortened with "...".

Painted lists and grids (ui/widgets/product_list.py, product_grid.py) size their rows from
these lines, so a product's name takes the two (or three) lines it needs instead of ending in
"..." where a second line would have fitted.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout, QTextOption


def wrapped_lines(text: str, font: QFont, width: float) -> list[str]:
    """``text`` wrapped to ``width`` px at word boundaries (a word longer than a line is
    broken where it must); every line, trailing spaces dropped."""
    if not text or width <= 0:
        return []
    layout = QTextLayout(text.replace("\n", " "), font)
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
