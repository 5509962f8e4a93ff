"""Screens appear complete: the story's hero is warmed while the finger is still on the
recommendation card (or as soon as the recommendations are shown), and a chapter's picture
while the one before it is read, so the next screen shows the photograph at once instead of a
placeholder for the 0.3-0.5 s a decode takes."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmapCache
from PySide6.QtTest import QTest

from tests.ui.conftest import at_rest, settle, wait_for
from tests.ui.test_needs import touch

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def test_a_finger_on_a_card_warms_the_story_so_it_opens_with_its_hero(make_shell, qtbot):
    shell = make_shell()
    touch(qtbot, shell.attract)
    shell.go("recommendations")
    screen = shell.screens["recommendations"]
    grid = screen.grid
    settle(shell)  # the grid laid out and filled (the first row's heroes warmed, too)
    row = grid.columns  # the second row: not warmed when the screen was shown
    sku = grid.grid_model.skus[row]
    index = grid.grid_model.index(row)
    grid.scrollTo(index)
    settle(shell)
    QPixmapCache.clear()  # nothing of this product left over from another test
    where = grid.visualRect(index).center()
    assert grid.viewport().rect().contains(where)

    QTest.mousePress(grid.viewport(), LEFT, NO_MODIFIER, where)
    wait_for(lambda: at_rest(shell), "the prefetch to finish")
    QTest.mouseRelease(grid.viewport(), LEFT, NO_MODIFIER, where)

    story = shell.screens["story"]
    assert shell.router.current is story
    assert story.product is not None
    assert story.product.sku == sku
    assert story.hero.pixmap is not None, "the hero was shown at once, not a placeholder"


def test_the_first_cards_are_warmed_when_the_recommendations_are_shown(make_shell, qtbot):
    shell = make_shell()
    touch(qtbot, shell.attract)
    settle(shell)
    QPixmapCache.clear()
    shell.go("recommendations")
    grid = shell.screens["recommendations"].grid
    settle(shell)  # the thumbnails and the prefetches done

    grid.choose(0)  # a quick tap: no time for anything to load after the finger went down

    story = shell.screens["story"]
    assert shell.router.current is story
    assert story.product is not None
    assert story.product.sku == grid.grid_model.skus[0]
    assert story.hero.pixmap is not None, "the hero was shown at once, not a placeholder"


def test_the_next_chapters_picture_is_ready_when_the_customer_swipes(
    make_shell, qtbot, monkeypatch
):
    shell = make_shell()
    pack = shell.pack
    sku = "MV-CO-RG90"  # three chapters; the demo pack's chapters are words alone
    product = pack.products[sku]
    pictures = (None, product.gallery[1], product.gallery[2])
    chapters = tuple(
        dataclasses.replace(chapter, image=picture)
        for chapter, picture in zip(product.chapters, pictures, strict=True)
    )
    illustrated = dataclasses.replace(product, chapters=chapters)
    products = {**pack.products, sku: illustrated}
    monkeypatch.setattr(
        shell.runtime.packs, "current", lambda: dataclasses.replace(pack, products=products)
    )
    touch(qtbot, shell.attract)
    settle(shell)
    QPixmapCache.clear()
    shell.go("story", sku=sku)
    story = shell.screens["story"]
    settle(shell)
    story.go_chapter(1)
    assert story.chapter.image.pixmap is not None, "the second chapter's picture at once"
    settle(shell)
    story.go_chapter(2)
    assert story.chapter.image.pixmap is not None, "the third chapter's picture at once"


def test_the_first_touch_after_a_start_opens_the_greeting_with_its_picture(make_shell, qtbot):
    """Seen in a real window: the first visit after a start showed the greeting's
    placeholder for the time its picture took to decode. It is decoded while attract waits."""
    shell = make_shell()
    greeting = shell.screens["greeting"]
    assert shell.router.current is shell.attract
    wait_for(lambda: greeting.picture.pixmap is not None, "the welcome picture, before a touch")
    touch(qtbot, shell.attract)
    assert shell.router.current is greeting
    assert greeting.picture.pixmap is not None, "shown at once, not a placeholder"
