"""The kiosk's first seconds on a real screen: the first frame shows before the start-up's
heavy work, and the first attract image is held as long as every other.

In a real window (tests/test_real_window.py) the first frame reached the screen only after the
rest of the start-up (fonts, every screen built) had run inside attract's first paint: a black
screen for seconds, which offscreen grabs never showed.
"""

from __future__ import annotations

import inspect


def test_first_painted_is_announced_after_the_paint_not_inside_it(qtbot, kiosk_env):
    from kiosk.station.config import load_config
    from ui import tasks
    from ui.shell import Shell

    tasks.install()
    shell = Shell(load_config(env=kiosk_env))
    qtbot.addWidget(shell)
    inside_paint = []

    def start_up_work() -> None:  # what ui/app.py runs on this signal
        inside_paint.append(any(f.function == "paintEvent" for f in inspect.stack()))

    shell.attract.first_painted.connect(start_up_work)
    shell.resize(1920, 1080)
    shell.show()
    qtbot.waitUntil(lambda: bool(inside_paint), timeout=5000)
    assert inside_paint == [False]  # the frame was handed to the screen first


def test_the_first_attract_image_gets_its_whole_hold(qtbot, make_shell):
    shell = make_shell()
    attract = shell.attract
    images = list(attract.images)
    # As at start-up: the loop starts at the first paint, the pack's images come later.
    attract.images, attract._index = [], -1
    attract.enter()
    qtbot.waitUntil(lambda: attract._timer.remainingTime() < attract.HOLD_MS - 1500)
    attract.set_images(images)
    assert attract._timer.remainingTime() > attract.HOLD_MS - 500


def test_a_new_picture_never_flashes_before_its_fade(qtbot, make_shell):
    """A paint between a picture's arrival and its fade's first step (the tagline set, the
    fonts arriving) shows what was there before, not the new picture at full strength."""
    from PySide6.QtGui import QPixmap

    shell = make_shell()
    attract = shell.attract
    qtbot.waitUntil(lambda: attract.image_shown)
    attract._fade.stop()  # the first picture's fade, ended
    attract._on_fade(1.0)
    before = attract.grab().toImage()
    red = QPixmap(attract.size())
    red.fill("#ff0000")
    attract._show(red)  # arrives; its fade starts on the next animation step
    attract.repaint()  # a paint before that step
    frame = attract.grab().toImage()
    point = attract.rect().center()
    assert frame.pixelColor(point) == before.pixelColor(point)
    qtbot.waitUntil(lambda: attract._blend > 0.05)
    assert attract.grab().toImage().pixelColor(point).red() > before.pixelColor(point).red()
