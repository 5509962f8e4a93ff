"""The story screen tells a piece's story; its care guide is for after the purchase.

A product whose pack holds a ``care`` chapter (cleaning materials, what to avoid, when to
call the service) shows only its story chapters on the kiosk: the rail offers no "Care"
chapter and a swipe past the last story chapter goes nowhere. The care guide itself is
still in the pack for the phone page (``ContentPack.care_for``).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.conftest import settle
from ui.strings import tr

SKU = "MV-CO-OV60"  # technology, craftsmanship and a care chapter


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_care_chapter_is_not_on_the_story_rail(make_shell, qtbot, language) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    shell.go("story", sku=SKU)
    shell.set_language(language)
    settle(shell)
    story = shell.screens["story"]
    product = shell.pack.product(SKU)
    assert product.chapter("care") is not None, "the demo product keeps its care guide"
    labels = [b.text() for b in story.rail.buttons if b.isVisible()]
    assert labels == [
        tr("story.chapter.technology", language),
        tr("story.chapter.craftsmanship", language),
    ]
    care = product.chapter("care")
    story.go_chapter(1)
    story.go_chapter(2)  # where the care chapter used to be: nothing there
    settle(shell)
    assert story.chapter_index == 1
    assert story.chapter.title.text() != care.title.get(language)
    assert story.swipe_hint.text() == ""
    assert shell.pack.care_for(SKU).body.get(language) == care.body.get(language)
