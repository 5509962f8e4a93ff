"""One painted line that may speak several languages (the attract's "Touch to begin · 轻触开始",
the after-hours veil's opening time), each part in the face of its own script.

A single font for the whole line shapes the English with the CJK face when the line holds
Chinese (its Latin letters and punctuation full-width), or the Chinese with the Latin face's
fallback otherwise; the line is therefore drawn part by part, measured, and centred as one.
Kept light: the attract screen imports it before its first paint.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from ui import kit
from ui.kit import TextRole

Part = tuple[QFont, str]
SEPARATOR = "   ·   "


def in_their_faces(role: TextRole, scale: float, texts: Sequence[str]) -> list[Part]:
    """``texts`` side by side, a middle dot between them, each in ``role`` and the face of
    its script."""
    parts: list[Part] = []
    for text in texts:
        if parts:
            parts.append((kit.font(role, scale), SEPARATOR))
        parts.append((kit.font(role, scale, for_text=text), text))
    return parts


def draw_centred(p: QPainter, parts: Sequence[Part], width: float, baseline: float) -> None:
    """Draw ``parts`` side by side, centred together on a baseline (measured, so no alignment
    flags are needed: Qt's flag namespace alone costs 15 ms to load, a tenth of the kiosk's
    start-up)."""
    advances = [QFontMetricsF(font).horizontalAdvance(text) for font, text in parts]
    x = (width - sum(advances)) / 2
    for (font, text), advance in zip(parts, advances, strict=True):
        p.setFont(font)
        p.drawText(round(x), round(baseline), text)
        x += advance
