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
    at a line's start); the lines keep its invisible joiners.

    The breaks are kept per text, face and width (``_BREAKS``): a grid's cards and a list's
    rows are painted again as the finger scrolls and as images arrive, and laying the same
    names out again at every paint held the GUI thread. Only where the lines break is kept,
    under a hash of the text, never the words (a customer's selection must not outlive the
    visit in memory)."""
    if not text or width <= 0:
        return []
    text = keep_together(text.replace("\n", " "))
    key = (hash(text), font.key(), font.letterSpacing(), width)
    breaks = _BREAKS.get(key)
    if breaks is None:
        breaks = _breaks(text, font, width)
        if len(_BREAKS) >= _KEPT:
            del _BREAKS[next(iter(_BREAKS))]  # the oldest first
        _BREAKS[key] = breaks
    return [text[start : start + length].rstrip() for start, length in breaks]


_KEPT = 2048  # a few screens' worth of names and summaries at two widths
_BREAKS: dict[tuple[int, str, float, float], tuple[tuple[int, int], ...]] = {}


def _breaks(text: str, font: QFont, width: float) -> tuple[tuple[int, int], ...]:
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return tuple(lines)
