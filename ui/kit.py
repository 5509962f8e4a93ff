"""The kiosk's UI kit: text roles and buttons that screens compose instead of styling widgets.

A screen says what a text IS (an eyebrow, a display title, a caption) and what a button DOES
(the primary way on, a secondary choice, a quiet aside); the kit turns that into a font from the
theme's type scale and a role the theme's one style sheet knows. So a size or a colour is
decided once in ``ui.theme``, and the two display modes (larger text, high contrast) reach
every screen: fonts are taken in the current mode when a screen is built (the window rebuilds
screens on a change) and colours come from the application's style sheet.

Widgets never carry a style sheet of their own: a widget-level sheet would pin the colours of
the mode it was built in and outrank the application's sheet.

Tracking (letter-spacing) suits uppercase Latin eyebrows, labels and buttons but pulls Chinese
apart into single glyphs, so kit labels and buttons drop it whenever the text they show is CJK:
decided on every ``setText``, so a label keeps it right when a screen retranslates it (and a
brand name in Latin letters on a Chinese screen keeps its tracking). The same decision gives
the text its face: the CJK face first for CJK text, the Latin face first for Western text (the
CJK faces' quotes, dashes and ellipses are full-width). Painters ask ``font`` with the text
they will draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, cast

from PySide6 import QtGui
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QWidget

from kiosk.typesetting import is_cjk_text, keep_together
from ui import theme

TextRole = Literal[
    "hero",
    "display",
    "display_s",
    "title_l",
    "title",
    "title_s",
    "heading",
    "heading_s",
    "name",
    "wordmark",
    "wordmark_l",
    "tagline",
    "aside",
    "numeral",
    "numeral_s",
    "code",
    "dots",
    "figure",
    "lead",
    "body",
    "body_s",
    "caption",
    "caption_s",
    "fine",
    "eyebrow",
    "eyebrow_s",
    "label",
    "label_s",
    "button",
    "button_s",
    "key",
    "key_l",
    "arrow",
    "item",
    "item_s",
    "eyebrow_xs",
]
# A text's colour: ink (the default), muted (secondary), accent (brass), faint (QR card fine print)
Tone = Literal["ink", "muted", "accent", "faint"]
ButtonKind = Literal["primary", "secondary", "quiet"]
# What a widget is to the style sheet when it is neither text nor a kit button; on associate
# screens: edge (a stone line left of a past visit), warning (a label the associate must not
# miss), quote (wording set off by a brass line), pick (a list line the associate ticks),
# option (a customer's optional tick), grave (the button that erases for good), cell (a day or
# a month in a grid of choices: a touch's height, no padding, ink once chosen).
Role = Literal[
    "rule",
    "tag",
    "chapter",
    "key",
    "tile",
    "arrow",
    "step",
    "lang",
    "edge",
    "warning",
    "quote",
    "pick",
    "option",
    "grave",
    "cell",
]
# A container's ground: card (a raised sheet), menu, ivory (a screen's ground), night (the
# gallery), clear (a transparent scroll area or list), reading (a scroll with a hairline bar),
# qr (white in every mode); for associate screens: desk (their paper ground), band (the dark
# band across their top), panel (an ivory sheet with a hairline), row and row_accent (a line
# of a list on paper, its left edge in stone or brass).
Surface = Literal[
    "card",
    "menu",
    "ivory",
    "night",
    "clear",
    "reading",
    "qr",
    "desk",
    "band",
    "panel",
    "row",
    "row_accent",
]

_BUTTON_TEXT: dict[ButtonKind, TextRole] = {
    "primary": "button",
    "secondary": "button",
    "quiet": "label",
}


def font(role: TextRole, scale: float = 1.0, *, for_text: str = "") -> QFont:
    """The font of a text role in the current display mode (for painters and delegates);
    ``scale`` for a screen painted in proportion to its size; ``for_text``, the text it will
    draw, untracked when that text is CJK."""
    return _fitted(theme.text_font(role, scale), 0.0, for_text)


def _fitted(font: QFont, tracking: float, text: str) -> QFont:
    """``font`` with its role's ``tracking`` (its own when 0), or none for CJK text; and the
    theme's family list for the text's script (the CJK face first for CJK text, the Latin
    face first otherwise)."""
    cjk = is_cjk_text(text)
    wanted = 0.0 if cjk else tracking or font.letterSpacing()
    families = theme.families_for(font.families(), cjk)
    if font.letterSpacing() != wanted or font.families() != families:
        font = QFont(font)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, wanted)
        font.setFamilies(families)
    return font


class _Untracked:
    """Mixed into a kit label or button (before its Qt class): its role's tracking, kept from
    the font it is given, is dropped while the text it shows is CJK, and its family list
    follows the text's script."""

    _tracking = 0.0

    def setFont(self, font: QFont | str | Sequence[str]) -> None:
        chosen = QFont(font) if isinstance(font, QFont | str) else QFont(list(font))
        self._tracking = chosen.letterSpacing()
        _qt(self).setFont(_fitted(chosen, self._tracking, _qt(self).text()))

    def setText(self, text: str) -> None:
        _qt(self).setText(text)
        current = _qt(self).font()
        fitted = _fitted(current, self._tracking, text)
        if fitted is not current:
            _qt(self).setFont(fitted)

    def changeEvent(self, event: QEvent) -> None:
        # The style sheet's polish (a widget shown, or moved under another parent) gives the
        # widget its font again, tracked whatever it shows: fitted again to its text (a
        # Chinese eyebrow on the comparison was letter-spaced once on show).
        if event.type() == QEvent.Type.FontChange:
            current = _qt(self).font()
            fitted = _fitted(current, self._tracking, _qt(self).text())
            if fitted is not current:
                _qt(self).setFont(fitted)
        _qt(self).changeEvent(event)


def _qt(widget: object) -> QLabel:
    """The Qt class's own methods under the mixin (a QLabel's or a QPushButton's: the same
    names, so one type serves the checker)."""
    return cast(QLabel, super(_Untracked, widget))


_RESHAPING = (
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.ContentsRectChange,
    QEvent.Type.LayoutDirectionChange,
)


class Label(_Untracked, QLabel):
    """A kit label: untracked while it shows CJK text, its role's tracking otherwise; CJK
    text is handed to Qt with word joiners where Chinese typesetting forbids a line break
    (``kiosk.typesetting.keep_together``: no orphan, no closing mark at a line's start), so
    a wrapped label's lines and its height for a width both obey. ``text()`` still answers
    the text as it was given."""

    _given = ""

    def __init__(self, content: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if content:
            self.setText(content)

    def setText(self, text: str) -> None:
        self._given = text
        self._heights = None
        rich = self.textFormat() == Qt.TextFormat.RichText or (
            self.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
        )
        super().setText(text if rich else keep_together(text))

    def text(self) -> str:
        return self._given

    _heights: dict[int, int] | None = None  # height for a width, until the text or font changes

    def heightForWidth(self, width: int) -> int:
        """At most the label's own measure: a box layout asks at its column's width even when
        ``maximumWidth`` keeps the label narrower, so a summary capped at a reading measure
        answered one line for the two it shows, and the layout squeezed its neighbours (the
        story's name and chapter in portrait) by the difference.

        Kept per width: Qt's layouts ask a wrapped label again and again while a screen is
        laid out (48,000 times over one visit), and each answer lays the text out anew: a
        third of a screen change's time on the GUI thread. Forgotten when anything that
        shapes the text changes."""
        width = min(width, self.maximumWidth())
        heights = self._heights
        if heights is None:
            heights = self._heights = {}
        height = heights.get(width)
        if height is None:
            if len(heights) >= 8:  # a window turned or resized: the old widths are gone
                heights.clear()
            height = heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _RESHAPING:  # a font, a style sheet's padding, the margins
            self._heights = None
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:
        self._heights = None
        super().setWordWrap(on)

    def setMargin(self, margin: int) -> None:
        self._heights = None
        super().setMargin(margin)

    def setIndent(self, indent: int) -> None:
        self._heights = None
        super().setIndent(indent)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:
        self._heights = None
        super().setTextFormat(text_format)

    def setPixmap(self, pixmap: QPixmap | QImage) -> None:
        self._heights = None
        super().setPixmap(pixmap)

    def clear(self) -> None:
        self._given = ""
        self._heights = None
        super().clear()


class Button(_Untracked, QPushButton):
    """A kit button: untracked while it shows CJK text, its role's tracking otherwise."""

    def __init__(self, content: str = "", parent: QWidget | None = None) -> None:
        # Not QPushButton(content, parent): PySide6 tries that as (QIcon, text) first, which
        # builds QIcon's Python type and its 151-name enum: 2 ms of the kiosk's start.
        super().__init__(parent)
        if content:
            self.setText(content)


def text(
    role: TextRole,
    content: str = "",
    *,
    tone: Tone = "ink",
    wrap: bool = False,
    align: Qt.AlignmentFlag | None = None,
    name: str = "",
    parent: QWidget | None = None,
) -> QLabel:
    """A label in one of the type scale's roles."""
    label = Label(content, parent)
    label.setFont(font(role))
    if tone != "ink":
        label.setProperty("role", tone)
    if wrap:
        label.setWordWrap(True)
    if align is not None:
        label.setAlignment(align)
    if name:
        label.setObjectName(name)
    return label


def eyebrow(content: str = "", *, small: bool = False, name: str = "") -> QLabel:
    """The uppercase line in brass above a title (``small``: above a section)."""
    return text("eyebrow_s" if small else "eyebrow", content, tone="accent", name=name)


def button(
    kind: ButtonKind,
    content: str = "",
    *,
    role: TextRole | None = None,
    name: str = "",
    parent: QWidget | None = None,
) -> QPushButton:
    """A button of one of the three kinds; ``role`` picks a text size other than the kind's."""
    widget = Button(content, parent)
    widget.setProperty("role", kind)
    widget.setFont(font(role or _BUTTON_TEXT[kind]))
    if name:
        widget.setObjectName(name)
    return widget


def restyle(widget: QPushButton, kind: ButtonKind) -> None:
    """Turn a button into another kind while it is shown (the style sheet re-reads it)."""
    if widget.property("role") != kind:
        widget.setProperty("role", kind)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def retone(label: QLabel, tone: Tone) -> None:
    """Give a shown label another tone (a state that turned good or bad)."""
    if (label.property("role") or "ink") != tone:
        label.setProperty("role", tone)
        label.style().unpolish(label)
        label.style().polish(label)


def mark(widget: QWidget, role: Role) -> QWidget:
    """Give a widget that is neither text nor a kit button its look from the style sheet."""
    widget.setProperty("role", role)
    return widget


def surface(widget: QWidget, ground: Surface) -> QWidget:
    """Give a container its ground from the style sheet (its children keep their own roles)."""
    widget.setProperty("surface", ground)
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return widget


def rule() -> QFrame:
    """A one-pixel hairline in stone between rows."""
    line = QFrame()
    line.setFixedHeight(1)
    line.setProperty("role", "rule")
    return line


def gap(name: Literal["hair", "xs", "sm", "md", "lg", "xl", "xxl", "page"]) -> int:
    """A step of the spacing scale, for ``addSpacing`` and layout margins."""
    value: int = getattr(theme.SPACE, name)
    return value
