"""The lockdown recipe of packaging/linux, run: the kiosk under cage, the Wayland kiosk
compositor the unit starts, as an unprivileged user, with a notify socket as systemd gives.

tools/kiosk_compositor.py holds the steps (also runnable by hand, with ``--packaged
dist/maison-kiosk`` for the packaged build) and says why there are two runs: cage on its
X11 backend inside Xvfb is how a keyboard reaches it here; cage headless renders with no
display at all. Screenshots: build/screenshots/compositor-*.png.
"""

from __future__ import annotations

import pytest

from tools import kiosk_compositor

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(kiosk_compositor.missing_tools()),
        reason=f"needs {', '.join(kiosk_compositor.missing_tools())} "
        "(installed by `make test`: tools/system-packages test)",
    ),
]


def test_under_cage_the_kiosk_fills_the_output_and_no_key_leaves_it(content_dir, screenshot_dir):
    seen = kiosk_compositor.run_nested(None, content_dir, screenshot_dir)

    assert seen["size"] == (1024, 768)  # cage's output on the X11 backend, filled edge to edge
    assert seen["after_keys"] == seen["size"]  # still the kiosk's after every key
    assert seen["swallowed"] == len(kiosk_compositor.LEAVING_KEYS)  # each arrived, refused


def test_cage_headless_runs_the_kiosk_which_says_ready_and_stops_cleanly(
    content_dir, screenshot_dir
):
    seen = kiosk_compositor.run_headless(None, content_dir, screenshot_dir)

    assert seen["size"] == (1280, 720)  # wlroots' headless output
    # READY, a ping and STOPPING=1 were waited for inside, and cage ended with exit 0. The
    # picture fills the output, or stayed black only with wlroots saying why (module doc).
    assert not seen["black"] or seen["output_test_failed"]
