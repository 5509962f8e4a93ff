"""Save to screen in the live preview: "a content author sees a changed story chapter within a
second or two of saving" (issue 19). Target: every save on screen within 2 s, the median
within 1 s.

The preview is opened on a copy of the demo pack (96 images) at a product story; a chapter
title is saved again and again, in place and renamed over the old file as editors do, and
the time from the save to the first moment the story shows the new title is measured
(watch, quiet period, validation on a worker, reload). Also measured: a save with an error
to its overlay, and a replaced picture to its new pixels on screen (its check decodes every
image again). Figures printed and written to bench-results/preview.json.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from pathlib import Path

from tests.ui.test_preview import OVEN, on_oven_story, preview, rewrite, shows

__all__ = ["preview"]  # the fixture: the preview opened and closed as the UI tests do

SAVES = 12
TARGET_MAX_S = 2.0
TARGET_PICTURE_S = 4.0  # its check decodes all 96 images again (1.2 s on a quiet machine)
TARGET_MEDIAN_S = 1.0
RESULTS = Path(__file__).resolve().parents[2] / "bench-results" / "preview.json"


def test_a_saved_chapter_is_on_screen_within_a_second(qtbot, preview) -> None:
    shell, session, pack = preview()
    on_oven_story(qtbot, shell)
    story = shell.screens["story"]
    title = "Knobs turned from solid bronze"
    timings: list[float] = []
    for i in range(SAVES):
        new = f"Knobs turned from bronze, draft {i}"
        began = time.perf_counter()
        rewrite(pack / OVEN, f'"{title}"', f'"{new}"', atomic=i % 2 == 1)
        qtbot.waitUntil(lambda new=new: shows(story, new), timeout=10_000)
        timings.append(time.perf_counter() - began)
        title = new

    began = time.perf_counter()
    rewrite(pack / OVEN, f'"{title}"', f'"{title}')  # the closing quote gone: bad TOML
    qtbot.waitUntil(session.overlay.isVisible, timeout=10_000)
    error_s = time.perf_counter() - began
    rewrite(pack / OVEN, f'"{title}', f'"{title}"')
    qtbot.waitUntil(lambda: not session.overlay.isVisible(), timeout=10_000)

    hero = story.hero
    qtbot.waitUntil(lambda: hero.pixmap is not None)
    before = hero.pixmap.toImage()
    began = time.perf_counter()
    temporary = pack / "images" / "products" / ".hero.tmp"
    shutil.copyfile(pack / "images" / "lookbooks" / "dining.jpg", temporary)
    os.replace(temporary, pack / "images" / "products" / "mv-co-ov60-hero.jpg")
    qtbot.waitUntil(
        lambda: hero.pixmap is not None and hero.pixmap.toImage() != before, timeout=20_000
    )
    picture_s = time.perf_counter() - began

    figures = {
        "saves": SAVES,
        "text_median_s": round(statistics.median(timings), 3),
        "text_max_s": round(max(timings), 3),
        "text_all_s": [round(t, 3) for t in timings],
        "error_overlay_s": round(error_s, 3),
        "picture_s": round(picture_s, 3),
        "images_in_pack": len(shell.pack.image_paths()),
    }
    print("\npreview bench:", json.dumps(figures))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    assert max(timings) < TARGET_MAX_S, figures
    assert statistics.median(timings) < TARGET_MEDIAN_S, figures
    assert error_s < TARGET_MAX_S, figures
    assert picture_s < TARGET_PICTURE_S, figures
