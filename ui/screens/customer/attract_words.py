"""Attract's words and the scrims under them: a layer of their own over the pictures.

The brand's wordmark and the pack's tagline in each of its languages at the top, "Touch to
begin" in every offered language at the bottom, each over a scrim of night that gives them
the same contrast over a pale picture as over a dark one. The middle of the screen is left
clear for the pictures. Kept light: attract imports it before its first paint.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from ui import kit, theme
from ui.strings import tr
from ui.widgets.painted_line import draw_centred, in_their_faces
from ui.widgets.scrim import paint_scrim

TOP_BASELINE = 84  # the wordmark's baseline, in 1080ths of the shorter side
LINE_STEP = 56  # from one line of the words at the top to the next
INVITE_TOP = 190  # the invitation's brass line and words: this far up from the bottom


def _unit(w: int, h: int) -> float:
    return min(w, h) / 1080


def text_bottom(w: int, h: int, tagline_lines: int) -> float:
    """Where the words at the top end: the wordmark and one line per tagline language."""
    return (TOP_BASELINE + LINE_STEP * tagline_lines + 18) * _unit(w, h)


def paint_scrims(p: QPainter, w: int, h: int, tagline_lines: int, scrim: float) -> None:
    """Night under the words, clear in the middle: from the top down to just below the
    tagline, and up from the bottom over the invitation (the middle band stays the
    picture's own, never shaded: tools/real_window.py compares it with the pack's image)."""
    unit = _unit(w, h)
    full = text_bottom(w, h, tagline_lines)
    top = QRectF(0, 0, w, max(full, min(full + 200 * unit, h * 0.31)))
    at, fall = full / top.height(), 1 - full / top.height()  # a gentle fall, no edge
    stops = [(0.0, scrim + 0.04), (at, scrim)]
    stops += [(at + fall * 0.4, scrim * 0.45), (at + fall * 0.75, 0.12), (1.0, 0.0)]
    paint_scrim(p, top, stops)
    bottom = QRectF(0, h * 0.6, w, h * 0.4)
    solid = min(1.0, max(0.0, (h - INVITE_TOP * unit - bottom.top()) / bottom.height()))
    paint_scrim(p, bottom, [(0.0, 0.0), (solid, scrim), (1.0, scrim + 0.04)])


def paint_words(
    p: QPainter, w: int, h: int, brand: str, tagline: Sequence[str], languages: Sequence[str]
) -> None:
    """The wordmark, the tagline's lines and the invitation, in the kiosk's own faces."""
    unit = _unit(w, h)
    ivory = theme.color(theme.PALETTE.ivory)
    p.setPen(ivory)
    name = brand.upper()
    if name:
        wordmark = kit.font("wordmark_l", unit, for_text=name)
        draw_centred(p, [(wordmark, name)], w, TOP_BASELINE * unit)
    for n, line in enumerate(tagline, start=1):
        baseline = (TOP_BASELINE + LINE_STEP * n) * unit
        font = kit.font("tagline", unit * (1 if n == 1 else 0.8), for_text=line)
        draw_centred(p, [(font, line)], w, baseline)
    # "Touch to begin" in every offered language: the customer has not chosen one yet.
    line_y = h - 150 * unit
    p.setPen(theme.color(theme.PALETTE.brass))
    p.drawLine(int(w / 2 - 40 * unit), int(line_y), int(w / 2 + 40 * unit), int(line_y))
    p.setPen(ivory)
    invite = [tr("attract.touch", lang) for lang in languages]  # each in its own face
    draw_centred(p, in_their_faces("title_s", unit, invite), w, line_y + 70 * unit)
