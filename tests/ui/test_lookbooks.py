"""Lookbooks: covers, scenes by swipe/arrows/dots, hotspots on the image, the way to a story."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from sqlalchemy import select

from kiosk.db.models import VisitEvent
from kiosk.visit.stages import EndReason, Stage
from tests.ui.conftest import grab, settle, wait_durable
from ui.strings import tr

PORTRAIT = QSize(1080, 1920)


def touch(qtbot, widget, pos=None):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def begin(make_shell, qtbot, portrait: bool = False, language: str = "en"):  # type: ignore[no-untyped-def]
    shell = make_shell()
    if portrait:
        shell.resize(PORTRAIT)
        qtbot.waitUntil(lambda: shell.height() == PORTRAIT.height())
    touch(qtbot, shell.attract)
    if language != "en":
        touch(qtbot, shell.screens["greeting"].language_buttons[language])
    return shell


def events(shell, *kinds: str) -> list[tuple[str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    wait_durable(shell)
    visit_id = shell.journey.state.visit_id
    with shell.runtime.store.session() as s:
        rows = s.scalars(
            select(VisitEvent).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
        ).all()
        return [(e.kind, dict(e.payload)) for e in rows if not kinds or e.kind in kinds]


def open_lookbook(shell, qtbot, lookbook: str = "evening-living", scene: int = 0):  # type: ignore[no-untyped-def]
    shell.go("lookbook", lookbook=lookbook, scene=scene)
    screen = shell.screens["lookbook"]
    qtbot.waitUntil(lambda: screen.scene_view.pixmap is not None, timeout=5000)
    settle(shell)  # the calm fade-in has ended
    return screen


def book(shell, lookbook_id: str = "evening-living"):  # type: ignore[no-untyped-def]
    return next(lb for lb in shell.pack.lookbooks if lb.id == lookbook_id)


def swipe(qtbot, widget, dx: int) -> None:  # type: ignore[no-untyped-def]
    start = QPoint(widget.width() // 2, 40)  # high on the image, away from the hotspots
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(widget, start + QPoint(dx * step // 5, 0))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start + QPoint(dx, 0))


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_lookbooks_show_covers_and_open_the_first_scene(
    make_shell, qtbot, screenshot_dir, portrait, language
):
    shell = begin(make_shell, qtbot, portrait, language)
    shell.go("lookbooks")
    screen = shell.screens["lookbooks"]
    assert shell.journey.stage == Stage.LOOKBOOK
    assert list(screen.cards) == [lb.id for lb in shell.pack.lookbooks]
    card = screen.cards["evening-living"]
    assert card.title.text() == book(shell).title.get(language)
    qtbot.waitUntil(
        lambda: all(c.picture.pixmap is not None for c in screen.cards.values()), timeout=5000
    )
    orientation = "portrait" if portrait else "landscape"
    grab(shell, screenshot_dir, f"lookbooks-{language}-{orientation}")
    strip = screen.strip
    # the covers overflow the screen: they scroll (kinetically, by finger)
    assert strip.width() > screen.scroll.viewport().width() or (
        strip.height() > screen.scroll.viewport().height()
    )
    first = screen.cards[shell.pack.lookbooks[0].id]
    touch(qtbot, first)
    assert shell.router.current.NAME == "lookbook"
    lookbook = shell.screens["lookbook"]
    assert lookbook.lookbook.id == shell.pack.lookbooks[0].id
    assert lookbook.index == 0


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_hotspots_sit_on_the_image_where_the_pack_puts_them(
    make_shell, qtbot, screenshot_dir, portrait, language
):
    shell = begin(make_shell, qtbot, portrait, language)
    screen = open_lookbook(shell, qtbot)
    view = screen.scene_view
    scene = book(shell).scenes[0]
    rect = view.image_rect()
    pixmap = view.pixmap
    # the image is fitted whole, at its own proportions, inside the view
    assert rect.width() <= view.width() + 0.5
    assert rect.height() <= view.height() + 0.5
    assert abs(rect.width() / rect.height() - pixmap.width() / pixmap.height()) < 0.01
    assert rect.width() > (0.6 if portrait else 0.55) * shell.width()
    assert len(view.markers) == len(scene.hotspots)
    for hotspot in scene.hotspots:
        marker = view.marker(hotspot.sku)
        assert marker is not None
        assert marker.isVisible()
        assert marker.width() >= 56
        centre = marker.geometry().center()
        expected_x = rect.x() + hotspot.x * rect.width()
        expected_y = rect.y() + hotspot.y * rect.height()
        assert abs(centre.x() - expected_x) <= 1.5, hotspot.sku
        assert abs(centre.y() - expected_y) <= 1.5, hotspot.sku
    assert screen.caption.text() == scene.caption.get(language)
    assert screen.products.skus == [h.sku for h in scene.hotspots]
    orientation = "portrait" if portrait else "landscape"
    marker = view.marker(scene.hotspots[1].sku)
    qtbot.mousePress(marker, Qt.MouseButton.LeftButton, pos=marker.rect().center())
    assert view.label.isVisible()  # the product's name, shown on the press
    grab(shell, screenshot_dir, f"lookbook-{language}-{orientation}")
    qtbot.mouseRelease(marker, Qt.MouseButton.LeftButton, pos=marker.rect().center())


def test_swipes_arrows_and_dots_move_between_scenes_and_each_is_recorded(make_shell, qtbot):
    shell = begin(make_shell, qtbot)
    screen = open_lookbook(shell, qtbot)
    lookbook = book(shell)
    view = screen.scene_view
    swipe(qtbot, view, -400)  # right to left: the next scene
    assert screen.index == 1
    assert screen.caption.text() == lookbook.scenes[1].caption.get("en")
    qtbot.waitUntil(lambda: view.pixmap is not None, timeout=5000)
    swipe(qtbot, view, -400)  # already the last scene: it stays
    assert screen.index == 1
    swipe(qtbot, view, 40)  # a small drag is not a swipe
    assert screen.index == 1
    swipe(qtbot, view, 400)
    assert screen.index == 0
    touch(qtbot, screen.next)
    assert screen.index == 1
    touch(qtbot, screen.previous)
    assert screen.index == 0
    assert not screen.previous.isEnabled()
    touch(qtbot, screen.dots.dots[1])
    assert screen.index == 1
    assert screen.dots.dots[1].isChecked()
    ids = [s.id for s in lookbook.scenes]
    viewed = [p["scene"] for _, p in events(shell, "look_viewed")]
    assert viewed == [ids[0], ids[1], ids[0], ids[1], ids[0], ids[1]]
    assert all(p["lookbook"] == lookbook.id for _, p in events(shell, "look_viewed"))


def test_a_hotspot_opens_the_story_and_back_returns_to_the_same_scene(make_shell, qtbot):
    shell = begin(make_shell, qtbot)
    story = shell.screens["story"]
    screen = open_lookbook(shell, qtbot)
    touch(qtbot, screen.next)
    qtbot.waitUntil(lambda: screen.scene_view.pixmap is not None, timeout=5000)
    scene = book(shell).scenes[1]
    sku = scene.hotspots[2].sku
    touch(qtbot, screen.scene_view.marker(sku))
    assert shell.router.current is story
    assert story.product.sku == sku
    tapped = events(shell, "hotspot_tapped", "product_viewed")
    assert tapped == [
        ("hotspot_tapped", {"lookbook": "evening-living", "scene": scene.id, "sku": sku}),
        ("product_viewed", {"sku": sku, "source": "lookbook"}),
    ]
    shell.back()
    assert shell.router.current is screen
    assert screen.index == 1
    assert screen.caption.text() == scene.caption.get("en")
    # and from the list beside the scene, too
    other = scene.hotspots[0].sku
    rect = screen.product_list.row_rect(other)
    touch(qtbot, screen.product_list.viewport(), rect.center())
    assert story.product.sku == other
    shell.back()
    assert screen.index == 1


def test_without_a_story_screen_a_tap_is_recorded_and_names_the_piece(make_shell, qtbot):
    shell = begin(make_shell, qtbot)
    shell.router.unregister("story")  # a kiosk built without storytelling still works
    screen = open_lookbook(shell, qtbot, "morning-kitchen")
    scene = book(shell, "morning-kitchen").scenes[0]
    hotspot = scene.hotspots[0]
    touch(qtbot, screen.scene_view.marker(hotspot.sku))
    assert shell.router.current is screen
    assert screen.scene_view.label.isVisible()
    product = shell.pack.product(hotspot.sku)
    expected = hotspot.label.get("en") if hotspot.label else product.name.get("en")
    assert screen.scene_view.label.text() == expected
    kinds = [k for k, _ in events(shell, "hotspot_tapped", "product_viewed")]
    assert kinds == ["hotspot_tapped", "product_viewed"]


def test_a_language_switch_changes_every_text_and_a_reset_forgets_the_lookbook(make_shell, qtbot):
    shell = begin(make_shell, qtbot)
    screen = open_lookbook(shell, qtbot)
    lookbook = book(shell)
    shell.set_language("zh-Hans")
    assert screen.caption.text() == lookbook.scenes[0].caption.get("zh-Hans")
    assert screen.in_scene.text() == tr("lookbook.in_scene", "zh-Hans").upper()
    assert screen.done_button.text() == tr("chrome.done", "zh-Hans")
    sku = lookbook.scenes[0].hotspots[0].sku
    assert screen.scene_view.marker(sku).accessibleName() == shell.t(shell.pack.product(sku).name)
    shell.end_visit(EndReason.IDLE)
    assert screen.lookbook is None
    assert screen.scene_view.markers == []
    assert screen.products.skus == []
    assert screen.caption.text() == ""
    assert screen.scene_view.pixmap is None
