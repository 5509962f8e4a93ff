"""The gallery: full-screen images, swipe between them, zoom and pan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QSizeF, Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import grab, settle
from tests.ui.test_story import SKU, events, open_story, swipe, touch
from ui.strings import tr
from ui.widgets.zoom_view import ZoomModel


def open_gallery(shell, qtbot, index=0):  # type: ignore[no-untyped-def]
    story = open_story(shell, qtbot)
    settle(shell)
    touch(qtbot, story.thumbs[index] if index else story.hero)
    gallery = shell.screens["gallery"]
    assert shell.router.current is gallery
    return story, gallery


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_gallery_screenshots(make_shell, qtbot, screenshot_dir, language, portrait):
    shell = make_shell()
    if portrait:
        shell.resize(1080, 1920)
    touch(qtbot, shell.attract)
    shell.set_language(language)
    shell.go("story", sku=SKU)
    settle(shell)
    touch(qtbot, shell.screens["story"].hero)
    gallery = shell.screens["gallery"]
    settle(shell)
    assert gallery.view.pixmap is not None
    assert gallery.close_button.text() == tr("gallery.close", language)
    assert gallery.title.text() == shell.pack.product(SKU).name.get(language)
    orientation = "portrait" if portrait else "landscape"
    grab(shell, screenshot_dir, f"gallery-{language}-{orientation}")


def test_swipes_move_between_images_and_each_is_recorded(make_shell, qtbot):
    shell = make_shell()
    _story, gallery = open_gallery(shell, qtbot)
    count = len(shell.pack.product(SKU).gallery)
    assert gallery.index == 0
    assert gallery.position.text() == f"1 / {count}"
    swipe(gallery.view, -400)
    assert gallery.index == 1
    assert gallery.position.text() == f"2 / {count}"
    swipe(gallery.view, -40)  # a tap's jitter is not a swipe
    assert gallery.index == 1
    swipe(gallery.view, 400)
    assert gallery.index == 0
    swipe(gallery.view, 400)  # the first image: the swipe rests
    assert gallery.index == 0
    touch(qtbot, gallery.next)
    assert gallery.index == 1
    viewed = events(shell, "gallery_image_viewed")
    assert viewed == [{"sku": SKU, "index": i} for i in (0, 1, 0, 1)]


def test_the_sharp_rendition_replaces_the_screen_one_and_close_returns_to_the_story(
    make_shell, qtbot
):
    shell = make_shell()
    story, gallery = open_gallery(shell, qtbot, index=2)
    assert gallery.index == 2
    story.go_chapter(1)  # not possible while hidden, but the chapter is kept on return
    qtbot.waitUntil(lambda: gallery.view.pixmap is not None, timeout=5000)
    settle(shell)
    assert gallery.shown_class == "full"  # the sharp rendition followed the screen one
    touch(qtbot, gallery.close_button)
    assert shell.router.current is story
    assert story.product.sku == SKU
    assert gallery.view.pixmap is None  # the large image is let go on leaving
    assert len(events(shell, "product_viewed")) == 1  # returning is not a second view


def test_double_tap_zooms_and_a_drag_then_pans_instead_of_swiping(make_shell, qtbot):
    shell = make_shell()
    _story, gallery = open_gallery(shell, qtbot)
    qtbot.waitUntil(lambda: gallery.view.pixmap is not None, timeout=5000)
    view = gallery.view
    QTest.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.rect().center())
    assert view.model.scale == pytest.approx(2.0)
    before = QPointF(view.model.offset)
    swipe(view, -300)
    assert gallery.index == 0  # panned, not swiped
    assert view.model.offset.x() < before.x()
    QTest.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.rect().center())
    assert view.model.scale == pytest.approx(1.0)
    swipe(view, -300)
    assert gallery.index == 1


def model(view=(1000, 500), image=(2000, 1000)) -> ZoomModel:  # type: ignore[no-untyped-def]
    m = ZoomModel()
    m.set_view(QSizeF(*view))
    m.set_image(QSizeF(*image))
    return m


def test_zoom_model_fits_the_image_at_scale_one_and_double_tap_toggles():
    m = model()
    assert m.image_rect().getRect() == (0, 0, 1000, 500)
    m.double_tap(QPointF(750, 250))  # zoom in where the finger is
    assert m.scale == 2.0
    assert m.zoomed
    rect = m.image_rect()
    assert (rect.width(), rect.height()) == (2000, 1000)
    # the point tapped stays under the finger
    assert rect.left() + 0.75 * rect.width() == pytest.approx(750)
    m.double_tap(QPointF(100, 100))
    assert m.scale == 1.0
    assert m.image_rect().getRect() == (0, 0, 1000, 500)


def test_zoom_model_pan_clamps_to_the_image_edges():
    m = model()
    m.pan(QPointF(300, 0))  # at scale 1 there is nothing to pan
    assert m.offset == QPointF(0, 0)
    m.zoom_to(2.0, QPointF(500, 250))
    m.pan(QPointF(10_000, -10_000))
    rect = m.image_rect()
    assert rect.left() == pytest.approx(0)  # the left edge meets the view's, no further
    assert rect.bottom() == pytest.approx(500)
    m.pan(QPointF(-10_000, 10_000))
    rect = m.image_rect()
    assert rect.right() == pytest.approx(1000)
    assert rect.top() == pytest.approx(0)


def test_zoom_model_pinch_is_bounded_and_a_narrow_image_stays_centred():
    m = model(view=(1000, 1000), image=(500, 1000))  # portrait photo on a square view
    m.pinch(10.0, QPointF(500, 500))
    assert m.scale == ZoomModel.MAX_SCALE
    m.pinch(0.01, QPointF(0, 0))
    assert m.scale == ZoomModel.MIN_SCALE
    rect = m.image_rect()
    assert rect.center().x() == pytest.approx(500)  # narrower than the view: centred
    m.zoom_to(1.5, QPointF(500, 500))
    m.pan(QPointF(400, 0))
    assert m.image_rect().center().x() == pytest.approx(500)  # 750 wide: still centred
