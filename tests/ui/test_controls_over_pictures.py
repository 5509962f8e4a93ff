"""Controls laid over photographs carry their own contrast: the gallery's dots and hint and a
scene's hotspot rings read over a near-white picture (pale marble) as over a near-black one.

Measured on the rendered pixels, WCAG-style: a control's pixels against the ground seen
right around it (the median of the box's edge), at least 3:1 for a mark, 4.5:1 for text.
"""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import settle
from tests.ui.test_gallery import open_gallery
from ui import theme
from ui.widgets.hotspot_scene import HotspotMarker, Spot
from ui.widgets.page_dots import PageDots

PICTURES = {"near-white": "#F7F5F2", "near-black": "#0B0A09"}


def luminance(rgb: int) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    color = QColor.fromRgb(rgb)
    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def contrasting_pixels(image: QImage, box: QRect, least: float) -> int:
    """How many pixels inside ``box`` stand ``least``:1 or more from the ground around it
    (the median luminance of the box's edge)."""
    edge = [
        QPoint(x, y) for x in range(box.left(), box.right() + 1) for y in (box.top(), box.bottom())
    ]
    edge += [
        QPoint(x, y) for y in range(box.top(), box.bottom() + 1) for x in (box.left(), box.right())
    ]
    ground = statistics.median(luminance(image.pixel(p)) for p in edge)
    inside = box.adjusted(1, 1, -1, -1)
    return sum(
        ratio(luminance(image.pixel(x, y)), ground) >= least
        for x in range(inside.left(), inside.right() + 1)
        for y in range(inside.top(), inside.bottom() + 1)
    )


def gallery_over(make_shell, qtbot, colour, portrait):  # type: ignore[no-untyped-def]
    """The gallery, its image replaced by a plain picture of ``colour`` filling the screen,
    and what it shows."""
    shell = make_shell()
    if portrait:
        shell.resize(1080, 1920)
    _story, gallery = open_gallery(shell, qtbot)
    settle(shell)
    qtbot.waitUntil(lambda: gallery.shown_class == "full", timeout=5000)
    picture = QPixmap(gallery.size())
    picture.fill(QColor(colour))
    gallery.view.set_pixmap(picture)
    return gallery, gallery.grab().toImage()


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("picture", PICTURES)
def test_gallery_dots_read_over_pale_and_dark_pictures(make_shell, qtbot, picture, portrait):
    gallery, image = gallery_over(make_shell, qtbot, PICTURES[picture], portrait)
    dots = gallery.dots
    assert dots.count > 1
    x0 = (dots.width() - dots.count * 26) / 2 + 13
    for i in range(dots.count):
        centre = dots.mapTo(gallery, QPoint(round(x0 + i * 26), dots.height() // 2))
        box = QRect(centre - QPoint(11, 11), centre + QPoint(11, 11))
        assert contrasting_pixels(image, box, 3.0) >= 12, (
            f"dot {i} fades into the {picture} picture"
        )


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("picture", PICTURES)
def test_gallery_hint_reads_over_pale_and_dark_pictures(make_shell, qtbot, picture, portrait):
    gallery, image = gallery_over(make_shell, qtbot, PICTURES[picture], portrait)
    hint = gallery.hint
    assert hint.text()
    width = hint.fontMetrics().horizontalAdvance(hint.text())
    text = QRect(0, 0, width + 16, hint.fontMetrics().height() + 8)
    text.moveCenter(hint.mapTo(gallery, hint.rect().center()))
    assert contrasting_pixels(image, text, 4.5) >= 40, f"the hint fades into the {picture} picture"


@pytest.mark.parametrize("picture", PICTURES)
def test_hotspot_ring_reads_over_pale_and_dark_pictures(qtbot, picture):
    scene = QWidget()
    scene.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    scene.setStyleSheet(f"background: {PICTURES[picture]};")
    scene.resize(200, 200)
    marker = HotspotMarker(Spot("sku", 0.5, 0.5, "a sofa"), scene)
    marker.move(56, 56)
    qtbot.addWidget(scene)
    image = scene.grab().toImage()
    assert theme.PALETTE is theme.STANDARD
    assert contrasting_pixels(image, marker.geometry(), 3.0) >= 60, (
        f"the hotspot ring fades into the {picture} picture"
    )


def test_lookbook_page_dots_read_on_the_ivory_beside_the_scene(qtbot):
    """The same fault off the picture: the lookbook's page dots sit on ivory, where a stone
    dot (the pages not shown) was all but lost."""
    side = QWidget()
    side.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    side.setStyleSheet(f"background: {theme.PALETTE.ivory};")
    dots = PageDots(side)
    dots.set_pages(3, 0, ["one", "two", "three"])
    dots.adjustSize()
    qtbot.addWidget(side)
    side.resize(dots.width() + 40, dots.height() + 40)
    dots.move(20, 20)
    image = side.grab().toImage()
    for i, dot in enumerate(dots.dots):
        centre = dot.mapTo(side, dot.rect().center())
        box = QRect(centre - QPoint(11, 11), centre + QPoint(11, 11))
        assert contrasting_pixels(image, box, 3.0) >= 12, f"page dot {i} is lost on ivory"
