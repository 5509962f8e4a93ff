"""The UI kit carries the display modes: a customer who asks for larger text or high contrast
gets it on every kit label and button, without a screen doing anything of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from ui import kit, theme


@pytest.fixture
def in_mode(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    """Switch the display mode as the window does (theme, then the application's sheet)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()

    def switch(mode: theme.DisplayMode) -> None:
        theme.set_mode(mode)
        app.setStyleSheet(theme.style_sheet())

    yield switch
    theme.set_mode(theme.DisplayMode())
    app.setStyleSheet(before)


def build(qtbot):  # type: ignore[no-untyped-def]
    """A kit label and a primary button, shown and polished as a screen's would be."""
    holder = QWidget()
    qtbot.addWidget(holder)
    label = kit.text("body", "Quiet luxury", tone="muted", parent=holder)
    button = kit.button("primary", "Continue", parent=holder)
    button.move(0, 80)
    button.resize(320, 80)
    holder.resize(400, 200)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, label, button


def background(button) -> QColor:  # type: ignore[no-untyped-def]
    """The colour inside the button's border, as drawn on screen."""
    return button.grab().toImage().pixelColor(12, button.height() // 2)


def test_kit_text_and_buttons_grow_with_large_text(qtbot, in_mode) -> None:  # type: ignore[no-untyped-def]
    in_mode(theme.DisplayMode())
    _holder, label, button = build(qtbot)
    sizes = label.font().pixelSize(), button.font().pixelSize()
    assert sizes == (theme.TYPE_SCALE["body"].size, theme.TYPE_SCALE["button"].size)

    in_mode(theme.DisplayMode(large_text=True))
    _holder, label, button = build(qtbot)
    assert label.font().pixelSize() == round(sizes[0] * theme.LARGE_TEXT_SCALE)
    assert button.font().pixelSize() == round(sizes[1] * theme.LARGE_TEXT_SCALE)


def test_kit_text_and_buttons_change_with_high_contrast(qtbot, in_mode) -> None:  # type: ignore[no-untyped-def]
    in_mode(theme.DisplayMode())
    _holder, label, button = build(qtbot)
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(theme.STANDARD.ink_soft)
    assert background(button) == QColor(theme.STANDARD.ink)

    in_mode(theme.DisplayMode(high_contrast=True))
    _holder, label, button = build(qtbot)
    contrast = theme.HIGH_CONTRAST
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor(contrast.ink_soft)
    assert background(button) == QColor(contrast.ink)
    assert QColor(contrast.ink) != QColor(theme.STANDARD.ink)


def test_every_text_role_is_on_the_type_scale() -> None:
    """A role the kit offers but the theme does not declare would fail on the first screen."""
    roles = kit.TextRole.__args__  # type: ignore[attr-defined]
    assert set(roles) == set(theme.TYPE_SCALE)


def test_the_qr_card_stays_dark_on_white_in_high_contrast(qtbot, in_mode) -> None:  # type: ignore[no-untyped-def]
    """Phone cameras read the hand-off code best dark on white: the card keeps its own colours
    whatever the display mode, and they come from the one style sheet."""
    in_mode(theme.DisplayMode(high_contrast=True))
    card = QFrame()
    qtbot.addWidget(card)
    kit.surface(card, "qr")
    column = QVBoxLayout(card)
    hint = kit.text("caption_s", "Cannot scan?", tone="muted")
    code = kit.text("code", "718Y5-SP6YR")
    column.addWidget(hint)
    column.addWidget(code)
    card.resize(400, 200)
    card.show()
    qtbot.waitExposed(card)
    assert card.grab().toImage().pixelColor(2, 2) == QColor(theme.QR_PAPER)
    assert hint.palette().color(QPalette.ColorRole.WindowText) == QColor(theme.QR_INK_SOFT)
    assert code.palette().color(QPalette.ColorRole.WindowText) == QColor(theme.QR_INK)
    assert card.styleSheet() == hint.styleSheet() == code.styleSheet() == ""


def test_chinese_labels_and_buttons_are_never_letter_spaced(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Tracking pulls Han characters apart: a kit eyebrow, label or button showing Chinese
    has none, an English one keeps its role's tracking, and a label follows its text when a
    screen retranslates it."""
    holder = QWidget()
    qtbot.addWidget(holder)
    tracked = theme.TYPE_SCALE["eyebrow"].spacing
    english = kit.eyebrow("ABOUT THIS PIECE")
    chinese = kit.eyebrow("关于本品")
    assert english.font().letterSpacing() == tracked > 0
    assert chinese.font().letterSpacing() == 0
    english.setText("关于本品")  # the screen retranslated to Chinese
    chinese.setText("ABOUT THIS PIECE")
    assert english.font().letterSpacing() == 0
    assert chinese.font().letterSpacing() == tracked
    button = kit.button("quiet", "更改")  # a quiet button is set in the tracked label role
    assert button.font().letterSpacing() == 0
    button.setText("Change")
    assert button.font().letterSpacing() == theme.TYPE_SCALE["label"].spacing > 0
    # painters ask for the font of the text they draw
    assert kit.font("label", for_text="移除").letterSpacing() == 0
    assert kit.font("label", for_text="Remove").letterSpacing() == theme.TYPE_SCALE["label"].spacing
    # a font set later keeps the rule
    chinese.setFont(kit.font("eyebrow_s"))
    assert chinese.font().letterSpacing() == theme.TYPE_SCALE["eyebrow_s"].spacing
    chinese.setText("选项")
    assert chinese.font().letterSpacing() == 0
