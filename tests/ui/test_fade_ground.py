"""A screen fades in over the kiosk's own ground, never over Qt's grey.

Seen in a real X11 window under Xvfb (tools/real_window.py, screenshots every 50 ms with
xwd): between attract and the greeting the whole 1080x1920 screen flashed uniform #EFEFEF,
Qt's default window grey, for 100-230 ms. The router fades each screen in from transparent
over the window, and the window had no ground of its own: on this 2-core machine the first
frames of the fade were the window alone. Offscreen pictures never show it (they are taken
once the fade has ended). Now the window is the kiosk's ivory, so a fade begins from the
customer screens' own ground.

The test takes the window's picture at the fade's first frame, as a slow machine shows it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from tests.ui.test_portrait_reach import PORTRAIT
from tests.ui.test_story import touch
from ui import theme

QT_GREY = QColor("#EFEFEF")


def ground_at_first_frame(shell, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    shell.go(name)  # the fade starts from transparent: what shows is the window's ground
    picture = shell.grab().toImage()
    xs, ys = (40, picture.width() // 2), (200, picture.height() - 40)
    points = [QPoint(x, y) for x in xs for y in ys]
    return {picture.pixelColor(p).name() for p in points}


@pytest.mark.parametrize("size", [PORTRAIT, PORTRAIT.transposed()], ids=["portrait", "landscape"])
def test_a_screen_fades_in_over_the_kiosks_ground(make_shell, qtbot, size):
    shell = make_shell()
    shell.resize(size)
    touch(qtbot, shell.attract, QPoint(300, 300))  # attract to the greeting, faded in
    seen = ground_at_first_frame(shell, "needs")
    assert QT_GREY.name() not in seen, f"the fade shows Qt's grey: {seen}"
    assert seen == {QColor(theme.PALETTE.ivory).name()}, seen
    shell.router._fade.interrupt()  # the greeting whole again, for the next test's sake
