"""The one place the kiosk's look is decided: palette, typography, spacing, style sheet.

Quiet luxury: warm ivory and deep ink, one brass accent, generous space, a serif for voice and
a sans for instructions. Sizes are in device-independent pixels for a 1920x1080 reference and
scale with the screen (``scale``), so a 4K or portrait screen keeps the same proportions.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont


@dataclass(frozen=True)
class Palette:
    ink: str = "#1B1A18"
    ink_soft: str = "#4A463F"
    ivory: str = "#F6F1E8"
    paper: str = "#FBF8F2"
    stone: str = "#D9D1C3"
    brass: str = "#A8834A"
    brass_deep: str = "#7E5F30"
    night: str = "#121110"


PALETTE = Palette()

SERIF_FAMILIES = ["Noto Serif CJK SC", "Noto Serif", "DejaVu Serif", "serif"]
SANS_FAMILIES = ["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", "sans-serif"]

MIN_TOUCH = 56  # px at reference scale; above the 48 dp minimum with room for gloves and nails


def serif(point_px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setPixelSize(point_px)
    font.setWeight(weight)
    return font


def sans(point_px: int, weight: QFont.Weight = QFont.Weight.Normal, spacing: float = 0) -> QFont:
    font = QFont()
    font.setFamilies(SANS_FAMILIES)
    font.setPixelSize(point_px)
    font.setWeight(weight)
    if spacing:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing)
    return font


def color(hex_code: str, alpha: float = 1.0) -> QColor:
    c = QColor(hex_code)
    c.setAlphaF(alpha)
    return c


def style_sheet() -> str:
    p = PALETTE
    return f"""
    QWidget#CustomerScreen {{ background: {p.ivory}; }}
    QLabel {{ color: {p.ink}; }}
    QLabel[role="eyebrow"] {{ color: {p.brass_deep}; }}
    QLabel[role="muted"] {{ color: {p.ink_soft}; }}
    QPushButton {{
        min-height: {MIN_TOUCH}px; padding: 14px 36px; border-radius: 2px;
        border: 1px solid {p.ink}; background: transparent; color: {p.ink};
    }}
    QPushButton:pressed {{ background: {p.stone}; }}
    QPushButton[role="primary"] {{ background: {p.ink}; color: {p.ivory}; }}
    QPushButton[role="primary"]:pressed {{ background: {p.brass_deep}; }}
    QPushButton[role="quiet"] {{ border: none; color: {p.ink_soft}; padding: 14px 0; }}
    QPushButton[role="quiet"]:pressed {{ color: {p.ink}; background: transparent; }}
    QPushButton[role="lang"] {{ border: none; border-bottom: 1px solid transparent;
        padding: 10px 18px; color: {p.ink_soft}; }}
    QPushButton[role="lang"]:checked {{ color: {p.ink}; border-bottom: 1px solid {p.brass}; }}
    """
