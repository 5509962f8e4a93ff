"""On a 4K screen the kiosk keeps its proportions: Qt's device pixel ratio doubles every
size, and images and text are drawn at the screen's full resolution."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_screens_render_at_full_4k_resolution(kiosk_env, screenshot_dir):
    env = {
        **os.environ,
        **kiosk_env,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": "2",
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.render_4k", str(screenshot_dir)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["greeting"] == "3840x2160 2.0"
    assert lines["story"] == "3840x2160 2.0"
