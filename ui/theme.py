"""The one place the kiosk's look is decided: palette, typography, spacing, style sheet.

Quiet luxury: warm ivory and deep ink, one brass accent, generous space, a serif for voice and
a sans for instructions. Sizes are device-independent pixels for a 1920x1080 reference; on a
4K screen Qt's device pixel ratio keeps the proportions.

Two display modes serve customers who need them, chosen from any screen: larger text (every
font a quarter larger) and high contrast (black on white, a darker accent). Screens read
``PALETTE`` and the font functions when they are built; the window rebuilds them on a change.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QFont


class Palette(NamedTuple):  # a NamedTuple: dataclasses would cost the first paint 2 ms
    ink: str = "#1B1A18"
    ink_soft: str = "#4A463F"
    ivory: str = "#F6F1E8"
    paper: str = "#FBF8F2"
    stone: str = "#D9D1C3"
    brass: str = "#A8834A"
    brass_deep: str = "#7E5F30"
    night: str = "#121110"


STANDARD = Palette()
HIGH_CONTRAST = Palette(
    ink="#000000",
    ink_soft="#1A1A1A",
    ivory="#FFFFFF",
    paper="#FFFFFF",
    stone="#BDBDBD",
    brass="#6B4A12",
    brass_deep="#4D3408",
    night="#000000",
)
LARGE_TEXT_SCALE = 1.25

PALETTE = STANDARD
_text_scale = 1.0


class DisplayMode(NamedTuple):
    large_text: bool = False
    high_contrast: bool = False


def set_mode(mode: DisplayMode) -> None:
    """Switch palette and text size for the screens built from now on."""
    global PALETTE, _text_scale
    PALETTE = HIGH_CONTRAST if mode.high_contrast else STANDARD
    _text_scale = LARGE_TEXT_SCALE if mode.large_text else 1.0


def current_mode() -> DisplayMode:
    return DisplayMode(_text_scale != 1.0, PALETTE is HIGH_CONTRAST)


def px(size: float) -> int:
    """A text size in the current mode."""
    return round(size * _text_scale)


SERIF_FAMILIES = ["Noto Serif CJK SC", "Noto Serif", "DejaVu Serif", "serif"]
SANS_FAMILIES = ["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", "sans-serif"]

MIN_TOUCH = 56  # px at reference scale; above the 48 dp minimum with room for gloves and nails


def serif(point_px: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont()
    font.setFamilies(SERIF_FAMILIES)
    font.setPixelSize(px(point_px))
    font.setWeight(weight)
    return font


def sans(point_px: int, weight: QFont.Weight = QFont.Weight.Normal, spacing: float = 0) -> QFont:
    font = QFont()
    font.setFamilies(SANS_FAMILIES)
    font.setPixelSize(px(point_px))
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
    QLineEdit {{
        background: {p.paper}; color: {p.ink}; border: 1px solid {p.stone}; border-radius: 2px;
        padding: 4px 16px; selection-background-color: {p.brass}; selection-color: {p.ivory};
    }}
    QLineEdit:focus {{ border: 2px solid {p.brass}; }}
    QLineEdit:disabled {{ color: {p.ink_soft}; background: {p.ivory}; }}
    QWidget[role="keyboard"] QPushButton {{
        background: {p.paper}; border: 1px solid {p.stone}; color: {p.ink};
        padding: 0; min-height: {MIN_TOUCH + 16}px;
    }}
    QWidget[role="keyboard"] QPushButton:pressed {{ background: {p.stone}; }}
    QWidget[role="keyboard"] QPushButton:checked {{ border: 2px solid {p.brass_deep}; }}
    QWidget[role="keyboard"] QPushButton[role="action"] {{ background: {p.ink}; color: {p.ivory}; }}
    QWidget[role="keyboard"] QPushButton[role="candidate"] {{
        background: transparent; border: none; border-bottom: 1px solid {p.stone};
    }}
    QWidget[role="keyboard"] QPushButton[role="candidate"]:pressed {{ background: {p.stone}; }}
    QWidget[role="keyboard"] QPushButton:disabled {{ color: {p.stone}; }}
    """
