"""The kiosk in a real X11 window with no window manager (Xvfb), seen with standard X tools.

Offscreen tests grab widgets, so they never saw the 200x100 corner window a store kiosk with
no window manager showed, nor a first frame that reached the screen seconds late. This runs
`kiosk run` (store mode) with Qt's xcb platform as a real process and checks the screen
itself: tools/real_window.py holds the steps (also runnable by hand); screenshots are saved as
build/screenshots/real-window-*.png.
"""

from __future__ import annotations

import pytest

from tools import real_window

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(real_window.missing_tools()),
        reason=f"needs {', '.join(real_window.missing_tools())} "
        "(installed by `make test`: tools/system-packages test)",
    ),
]


def test_the_kiosk_fills_a_screen_with_no_window_manager_and_greets_on_a_click(
    tmp_path, kiosk_env, screenshot_dir
):
    seen = real_window.run(1920, 1080, screenshot_dir, tmp_path, env=kiosk_env)

    assert seen["window"] == (0, 0, 1920, 1080)  # x, y, width, height: the whole screen
    match = seen["attract"]
    assert isinstance(match, real_window.Match)
    # The pack's own image, pixel for pixel as decoded at screen size, not the stretched
    # 200x100 decode; as much fine detail as the image itself has.
    assert match.off_sharp < 3.0, match
    assert match.off_sharp < match.off_blurry / 2, match
    assert match.detail_ratio > 0.9, match
    assert seen["greeting_after_click"]
