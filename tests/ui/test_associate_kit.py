"""The associate screens take their look from the UI kit, as the customer screens do: every
text is a step of the type scale (one role is one size on every screen), in larger text too,
and no widget carries a style sheet of its own (a display mode is the application's one sheet,
so high contrast reaches them)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from ui import theme


def off_the_kit(shell) -> list[str]:  # type: ignore[no-untyped-def]
    """What, on the associate screens as built, is sized or coloured outside the kit."""
    steps = {theme.px(step.size) for step in theme.TYPE_SCALE.values()}
    found = []
    for screen in (s for s in shell.screens.values() if s.ASSOCIATE):
        for widget in [screen, *screen.findChildren(QWidget)]:
            what = f"{screen.NAME}: {widget.objectName() or type(widget).__name__}"
            if widget.styleSheet():
                found.append(f"{what} has a style sheet of its own")
            size = widget.font().pixelSize()
            texts = isinstance(widget, QLabel | QPushButton | QLineEdit)
            if texts and size > 0 and size not in steps:
                found.append(f"{what} is {size} px, not a step of the type scale")
    return found


@pytest.mark.parametrize("large_text", [False, True], ids=["standard", "large-text-high-contrast"])
def test_associate_screens_are_built_from_the_kit(make_shell, large_text: bool) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell()
    mode = theme.DisplayMode(large_text=large_text, high_contrast=large_text)
    try:
        shell.set_display_mode(mode)  # every screen rebuilt in the mode
        assert shell.screens["associate"].who.font().pixelSize() == theme.px(
            theme.TYPE_SCALE["title_s"].size
        )
        assert off_the_kit(shell) == []
    finally:
        shell.set_display_mode(theme.DisplayMode())
