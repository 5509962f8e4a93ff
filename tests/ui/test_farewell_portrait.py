"""The farewell composed for a 1080x1920 kiosk: no empty band wider than ``GAP_BOUND`` of the
height (tests/ui/test_portrait_reach.py says why 10 %), the score and "Finish" within reach.

Before: the thank-you words and the question floated in the middle of the screen between
empty bands of 300-365 px (above the question, and between its tiles and "Finish"). Now the
visit's room (the greeting's picture) stands across the top and the words and the question
are set close under it; landscape is as it was, without the picture.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from tests.ui.conftest import grab, settle
from tests.ui.test_portrait_reach import assert_no_wide_gap, assert_within_reach, begin


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_farewell_in_portrait_is_composed_for_the_height(
    make_shell, qtbot, screenshot_dir, language
):
    shell = begin(make_shell, qtbot, language)
    shell.go("farewell")
    settle(shell)
    screen = shell.screens["farewell"]
    tiles = [t for t in screen.tiles["nps"].group.buttons() if t.isVisible()]
    assert len(tiles) == 11, "0 to 10"
    assert_within_reach([*tiles, screen.finish_button, screen.wrong_button], "farewell")
    assert_no_wide_gap(screen, "farewell")
    qtbot.waitUntil(lambda: screen.picture.pixmap is not None)  # the room, shown
    settle(shell)
    grab(shell, screenshot_dir, f"portrait-reach-farewell-{language}")

    shell.resize(QSize(1920, 1080))  # landscape: the words and the question, no picture
    settle(shell)
    assert not screen.picture.isVisible()
    assert screen.prompts["nps"].isVisible()
    assert screen.finish_button.isVisible()
