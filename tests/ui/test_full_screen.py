"""The store kiosk covers its whole screen and its attract image is decoded for the size shown.

The offscreen platform honours full screen by itself, so what a window manager-less X server
does (leave the window at 200x100) is checked for real in tests/test_real_window.py; here the
kiosk's own part: it takes the screen's geometry, follows the screen when it changes, and
decodes attract again whenever the window's size changes.
"""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tools.real_window import as_painted, band, detail, difference


def test_store_mode_takes_the_screen_geometry_and_follows_its_changes(qtbot, make_shell):
    shell = make_shell()
    shell.resize(200, 100)  # where a full-screen request nobody honours leaves a window
    shell.show_kiosk()
    screen = shell.screen()
    assert shell.geometry() == screen.geometry()
    assert shell.isFullScreen()  # a window manager, where there is one, is asked as well

    shell.resize(640, 360)  # the screen had another resolution until now...
    screen.geometryChanged.emit(screen.geometry())  # ...and says it changed
    assert shell.geometry() == screen.geometry()


def painted_attract(shell) -> QImage:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    return shell.attract.grab().toImage()


def test_attract_is_decoded_again_when_the_window_grows(qtbot, make_shell, tmp_path):
    shell = make_shell()
    attract = shell.attract
    qtbot.waitUntil(lambda: attract._current is not None, timeout=10000)
    attract._timer.stop()  # hold this slide: it must be sharp now, not from the next slide on
    attract._fade.setCurrentTime(attract.FADE_MS)
    source = attract.images[attract._index]

    shell.resize(320, 180)  # a window manager's first, small, geometry
    qtbot.waitUntil(lambda: attract._current.width() == 320, timeout=10000)

    shell.resize(1920, 1080)  # then the full screen
    qtbot.waitUntil(lambda: attract._current.width() == 1920, timeout=10000)
    assert attract.images[attract._index] == source
    path = tmp_path / "attract.png"
    assert painted_attract(shell).save(str(path))

    from PIL import Image

    with Image.open(path) as shot:
        shown = band(shot.convert("RGB"))
    sharp = band(as_painted(source, (1920, 1080), (1920, 1080)))
    stretched = band(as_painted(source, (1920, 1080), (320, 180)))
    # As the image itself, not the small decode stretched. Judged against the image's own
    # detail, not a fixed gap: a soft picture (the text-free scenes) differs little when
    # stretched, yet it loses most of its fine detail (the real-window check's measure too).
    off_sharp, off_stretched = difference(shown, sharp), difference(shown, stretched)
    assert off_sharp < 2.0
    assert off_sharp < off_stretched / 2
    assert detail(shown) > 0.9 * detail(sharp)
    assert detail(stretched) < detail(sharp) / 2  # the picture has detail a stretch would lose


def test_a_picture_shown_larger_than_its_class_gets_the_sharper_rendition(qtbot, tmp_path):
    """A screen asks for "screen" (1920 px); shown 2560 px wide (a 4K screen, or a window that
    became full screen after the screen was built) the picture asks for the larger rendition
    and keeps the one it has meanwhile."""
    from PIL import Image

    from kiosk.content.images import RenditionCache
    from ui import tasks
    from ui.images import ImageLoader
    from ui.widgets.picture import Picture

    tasks.install()
    source = tmp_path / "hero.jpg"
    Image.new("RGB", (4000, 2250), (120, 90, 60)).save(source)
    loader = ImageLoader(RenditionCache(tmp_path / "renditions"))
    picture = Picture(fill=True)
    qtbot.addWidget(picture)
    picture.resize(960, 540)
    picture.show()
    picture.show_image(loader, source, "screen")
    qtbot.waitUntil(lambda: picture.pixmap is not None, timeout=10000)
    assert picture.pixmap.width() == 1920

    picture.resize(2560, 1440)
    assert picture.pixmap.width() == 1920  # no placeholder while the sharper one decodes
    qtbot.waitUntil(lambda: picture.pixmap.width() == 3840, timeout=10000)

    picture.resize(960, 540)  # never downwards: the class asked for is the floor
    assert picture.size_class == "full"
