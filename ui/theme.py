"""The one place the kiosk's look is decided: palette, typography, spacing, style sheet.

Quiet luxury: warm ivory and deep ink, one brass accent, generous space, a serif for voice and
a sans for instructions. Sizes are device-independent pixels for a 1920x1080 reference; on a
4K screen Qt's device pixel ratio keeps the proportions.

Two display modes serve customers who need them, chosen from any screen: larger text (every
font a quarter larger) and high contrast (black on white, a darker accent). Screens compose
``ui.kit`` (text roles from ``TYPE_SCALE``, button kinds, surfaces of the one style sheet) when
they are built; the window rebuilds them on a change.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor
from PySide6.QtGui import QFont as QFont  # re-exported: screens write theme.QFont.Weight


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


# Two family lists per voice. Qt takes each character from the first family that has it, and
# the CJK faces have Latin letters too, with full-width quotes, dashes and ellipses: Western
# text is shaped with the Latin face first (Han characters, which it lacks, still fall to the
# CJK face), Chinese text with the CJK face first (its quotes and dashes full-width, as
# Chinese is set). The Latin list is the default; kit labels, buttons and ``kit.font(...,
# for_text=...)`` take the CJK list while the text they show is CJK (``families_for``).
SERIF_FAMILIES = ["Noto Serif", "DejaVu Serif", "Noto Serif CJK SC", "serif"]
SANS_FAMILIES = ["Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", "sans-serif"]
CJK_SERIF_FAMILIES = ["Noto Serif CJK SC", "Noto Serif", "DejaVu Serif", "serif"]
CJK_SANS_FAMILIES = ["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", "sans-serif"]
_PAIRS = ((SERIF_FAMILIES, CJK_SERIF_FAMILIES), (SANS_FAMILIES, CJK_SANS_FAMILIES))


def families_for(families: list[str], cjk: bool) -> list[str]:
    """The voice's family list for CJK or for Western text (a list the theme did not make is
    returned as it is)."""
    for latin, cjk_first in _PAIRS:
        if families in (latin, cjk_first):
            return cjk_first if cjk else latin
    return families


MIN_TOUCH = 56  # px at reference scale; above the 48 dp minimum with room for gloves and nails


class TextStyle(NamedTuple):
    """One step of the type scale: face, size at the reference scale, weight, tracking."""

    serif: bool
    size: int
    weight: QFont.Weight = QFont.Weight.Normal
    spacing: float = 0.0


_MEDIUM = QFont.Weight.Medium

# The type scale, declared once: every text on a customer screen is one of these steps (ui.kit
# builds labels and buttons from them). Serif steps carry the voice, sans steps instruct.
TYPE_SCALE: dict[str, TextStyle] = {
    "hero": TextStyle(True, 76),  # the greeting's welcome
    "display": TextStyle(True, 64),  # a screen's one big title
    "display_s": TextStyle(True, 56),  # a title that shares its screen with a list or grid
    "title_l": TextStyle(True, 48),
    "title": TextStyle(True, 40),  # a card's or a chapter's title
    "title_s": TextStyle(True, 34),
    "heading": TextStyle(True, 30),  # an answer, a product in a comparison
    "heading_s": TextStyle(True, 28),
    "name": TextStyle(True, 26),  # a product's name in a list; the consent's wording
    "wordmark": TextStyle(True, 26, _MEDIUM),
    "wordmark_l": TextStyle(False, 28, _MEDIUM, 10.0),  # the brand over attract's imagery
    "tagline": TextStyle(True, 40),  # the pack's tagline over attract's imagery
    "aside": TextStyle(True, 24),  # a serif word on a control or over a scene
    "numeral": TextStyle(True, 96),  # the still-there countdown
    "numeral_s": TextStyle(True, 30),  # a score tile
    "code": TextStyle(False, 40, _MEDIUM, 6.0),  # a code read aloud to an associate
    "dots": TextStyle(False, 40, spacing=12.0),  # a PIN as it is typed
    "figure": TextStyle(False, 20, _MEDIUM),  # a count beside a bar
    "lead": TextStyle(False, 26),  # the paragraph under a display title
    "body": TextStyle(False, 24),
    "body_s": TextStyle(False, 22),
    "caption": TextStyle(False, 20),
    "caption_s": TextStyle(False, 18),
    "fine": TextStyle(False, 16),
    "eyebrow": TextStyle(False, 20, _MEDIUM, 3.0),  # uppercase line above a title
    "eyebrow_s": TextStyle(False, 18, _MEDIUM, 2.5),  # uppercase line above a section
    "label": TextStyle(False, 20, spacing=1.0),  # header controls, positions, quiet actions
    "label_s": TextStyle(False, 18, spacing=0.5),  # gesture hints
    "button": TextStyle(False, 24, spacing=0.5),
    "button_s": TextStyle(False, 22, spacing=0.5),
    "key": TextStyle(False, 28),  # on-screen keyboard keys
    "key_l": TextStyle(False, 34),  # PIN pad digits
    "arrow": TextStyle(False, 30),  # gallery arrows
    # associate screens: denser working screens, read at arm's length by staff
    "item": TextStyle(False, 24, _MEDIUM),  # a row's headline: a request, a task, a client
    "item_s": TextStyle(False, 22, _MEDIUM),  # a value under its caption: a need, a preference
    "eyebrow_xs": TextStyle(False, 16, _MEDIUM, 3.0),  # small caps: the band, a list's groups
}


class Spacing(NamedTuple):
    """The spacing scale in px at the reference scale (margins, gaps, paddings)."""

    hair: int = 4
    xs: int = 8
    sm: int = 14
    md: int = 20
    lg: int = 28
    xl: int = 40
    xxl: int = 56
    page: int = 72  # a customer screen's side margin


SPACE = Spacing()


def text_font(style: str, scale: float = 1.0) -> QFont:
    """The font of one step of the type scale, in the current display mode; ``scale`` serves
    screens painted in proportion to their size (attract, after hours)."""
    step = TYPE_SCALE[style]
    size = round(step.size * scale)
    if step.serif:
        return serif(size, step.weight)
    return sans(size, step.weight, step.spacing * scale)


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
    """ + _kit_rules(p)


# The QR card stays dark on white in every display mode: what phone cameras read best.
QR_PAPER, QR_INK, QR_INK_SOFT, QR_INK_FAINT = "#FFFFFF", "#000000", "#3A3A3A", "#5A5A5A"
SCORE_TILE = 96  # a score tile's height: a thumb's width, with room for the number
LIST_ROW = 100  # an associate list's row (a task, a client): two lines and a thumb's press


def _rgba(hex_code: str, alpha: float) -> str:
    c = QColor(hex_code)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {round(alpha * 255)})"


def _kit_rules(p: Palette) -> str:
    """What ui.kit's roles and surfaces look like: widgets name a role (``role``) or a surface
    (``surface``) and never carry a style sheet of their own, so a display mode is one sheet."""
    return f"""
    QLabel[role="accent"] {{ color: {p.brass_deep}; }}
    QFrame[role="rule"] {{ background: {p.stone}; border: none; }}
    QLabel[role="tag"] {{ background: {p.paper}; color: {p.ink}; padding: 12px 20px;
        border-left: 2px solid {p.brass}; }}
    QWidget[surface="ivory"] {{ background: {p.ivory}; }}
    QFrame[surface="card"] {{ background: {p.paper}; border: none;
        border-top: 2px solid {p.brass}; }}
    QFrame[surface="menu"] {{ background: {p.paper}; border: 1px solid {p.stone};
        border-top: 2px solid {p.brass}; }}
    QScrollArea[surface="clear"], QScrollArea[surface="clear"] > QWidget > QWidget,
    QListView[surface="clear"] {{ background: transparent; border: none; }}
    QScrollArea[surface="reading"], QScrollArea[surface="reading"] QWidget#reading {{
        background: transparent; }}
    QScrollArea[surface="reading"] QScrollBar:vertical {{ width: 3px; background: transparent;
        margin: 0; }}
    QScrollArea[surface="reading"] QScrollBar::handle:vertical {{ background: {p.stone};
        min-height: 48px; }}
    QScrollArea[surface="reading"] QScrollBar::add-line:vertical,
    QScrollArea[surface="reading"] QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollArea[surface="reading"] QScrollBar::add-page:vertical,
    QScrollArea[surface="reading"] QScrollBar::sub-page:vertical {{ background: transparent; }}
    QFrame[surface="qr"] {{ background: {QR_PAPER}; border: none; }}
    QFrame[surface="qr"] QLabel {{ color: {QR_INK}; }}
    QFrame[surface="qr"] QLabel[role="muted"] {{ color: {QR_INK_SOFT}; }}
    QFrame[surface="qr"] QLabel[role="faint"] {{ color: {QR_INK_FAINT}; }}
    QPushButton[role="chapter"] {{ border: none; border-bottom: 2px solid transparent;
        padding: 10px 0; color: {p.ink_soft}; background: transparent; }}
    QPushButton[role="chapter"]:checked {{ color: {p.ink}; border-bottom: 2px solid {p.brass}; }}
    QPushButton[role="chapter"]:pressed {{ color: {p.ink}; background: {p.stone}; }}
    QPushButton[role="step"] {{ padding: 0; }}
    QPushButton[role="key"] {{ background: {p.ivory}; border: 1px solid {p.stone}; padding: 0; }}
    QPushButton[role="key"]:pressed {{ background: {p.stone}; }}
    QPushButton[role="tile"] {{ padding: 0; border: 1px solid {p.stone}; border-radius: 2px;
        min-height: {SCORE_TILE - 2}px; max-height: {SCORE_TILE - 2}px;
        background: {p.paper}; color: {p.ink}; }}
    QPushButton[role="tile"]:pressed {{ background: {p.brass}; color: {p.ivory};
        border-color: {p.brass}; }}
    QPushButton[role="tile"]:checked {{ background: {p.ink}; color: {p.ivory};
        border-color: {p.ink}; }}
    QWidget[surface="night"] {{ background: {p.night}; }}
    QWidget[surface="night"] QLabel {{ color: {p.ivory}; background: transparent; }}
    QWidget[surface="night"] QLabel[role="muted"] {{ color: {_rgba(p.ivory, 0.62)}; }}
    QWidget[surface="night"] QPushButton {{ border: none; background: transparent;
        color: {p.ivory}; padding: 14px 8px; }}
    QWidget[surface="night"] QPushButton:pressed {{ color: {p.brass}; }}
    QWidget[surface="night"] QPushButton[role="arrow"] {{ border: 1px solid {_rgba(p.ivory, 0.3)};
        border-radius: 36px; padding: 0; background: {_rgba(p.night, 0.55)}; }}
    QWidget[surface="night"] QPushButton[role="arrow"]:pressed {{ border-color: {p.brass}; }}
    """ + _associate_rules(p)


def _associate_rules(p: Palette) -> str:
    """What the associate screens' surfaces and roles look like (see ``ui.kit``): paper under
    the dark band, ivory panels, rows with an edge; on the desk a chosen choice fills with
    ink and a button that cannot be pressed fades."""
    return f"""
    QWidget[surface="desk"] {{ background: {p.paper}; }}
    QWidget[surface="desk"] QPushButton[role="secondary"]:checked {{ background: {p.ink};
        color: {p.ivory}; }}
    QWidget[surface="desk"] QPushButton[role="secondary"]:disabled {{ color: {p.stone};
        border-color: {p.stone}; }}
    QWidget[surface="desk"] QPushButton[role="primary"]:disabled {{ background: {p.stone};
        color: {p.ink_soft}; border: 1px solid {p.stone}; }}
    QWidget[surface="band"] {{ background: {p.night}; }}
    QWidget[surface="band"] QLabel {{ color: {p.ivory}; }}
    QWidget[surface="band"] QLabel[role="accent"] {{ color: {p.brass}; }}
    QWidget[surface="band"] QPushButton {{ color: {p.ivory}; border: 1px solid {p.ivory}; }}
    QWidget[surface="band"] QPushButton:pressed {{ background: {p.ink_soft}; }}
    QFrame[surface="panel"] {{ background: {p.ivory}; border: 1px solid {p.stone}; }}
    QWidget[surface="row"], QWidget[surface="row_accent"] {{ background: {p.paper};
        border: none; border-left: 3px solid {p.stone}; padding: 0; }}
    QWidget[surface="row_accent"] {{ border-left: 3px solid {p.brass}; }}
    QPushButton[surface="row"], QPushButton[surface="row_accent"] {{ min-height: {LIST_ROW}px; }}
    QPushButton[surface="row"]:pressed, QPushButton[surface="row"]:checked,
    QPushButton[surface="row_accent"]:pressed, QPushButton[surface="row_accent"]:checked {{
        background: {p.stone}; }}
    QWidget[role="edge"] {{ border-left: 3px solid {p.stone}; }}
    QLabel[role="warning"] {{ color: {p.brass_deep}; background: {p.ivory};
        border-left: 3px solid {p.brass}; padding: 14px 20px; }}
    QLabel[role="quote"] {{ border-left: 2px solid {p.brass}; padding-left: 24px; }}
    QPushButton[role="pick"] {{ text-align: left; padding: 10px 20px; }}
    QPushButton[role="pick"]:checked {{ background: {p.stone}; color: {p.ink};
        border: 2px solid {p.brass_deep}; }}
    QPushButton[role="option"] {{ text-align: left; padding: 12px 24px; background: {p.paper};
        border: 1px solid {p.stone}; color: {p.ink}; }}
    QPushButton[role="option"]:checked {{ border: 2px solid {p.brass_deep}; }}
    QPushButton[role="grave"] {{ background: {p.brass_deep}; color: {p.ivory};
        border: 1px solid {p.brass_deep}; }}
    QPushButton[role="grave"]:pressed {{ background: {p.ink}; }}
    QPushButton[role="cell"] {{ padding: 0; border: 1px solid {p.stone}; background: {p.ivory}; }}
    QPushButton[role="cell"]:checked {{ background: {p.ink}; color: {p.ivory};
        border-color: {p.ink}; }}
    QPushButton[role="cell"]:disabled {{ color: {p.stone}; background: transparent; }}
    """
