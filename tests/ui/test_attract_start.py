"""The kiosk's first seconds on a real screen: the first frame shows before the start-up's
heavy work, and the first attract image is held as long as every other.

In a real window (tests/test_real_window.py) the first frame reached the screen only after the
rest of the start-up (fonts, every screen built) had run inside attract's first paint: a black
screen for seconds, which offscreen grabs never showed.
"""

from __future__ import annotations

import inspect
import time

from kiosk.station.first_picture import Hint


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
    attract.clock = lambda: 100.0  # no time passes until the paint, however loaded the machine
    attract._show(red)  # arrives; its fade starts on the next animation step
    attract.repaint()  # a paint before that step
    frame = attract.grab().toImage()
    point = attract.rect().center()
    assert frame.pixelColor(point) == before.pixelColor(point)
    attract.clock = time.monotonic
    qtbot.waitUntil(lambda: attract._blend > 0.05)
    assert attract.grab().toImage().pixelColor(point).red() > before.pixelColor(point).red()


def test_a_frame_between_two_steps_of_the_fade_shows_it_as_it_stands(qtbot, make_shell):
    """The fade's animation steps on a timer; a frame painted between two steps (the start's
    first frame with the picture, after the GUI thread was busy) shows the picture as far into
    its fade as the time says, not as at the last step: the frame after the start's attach
    showed none of it, and the picture began to show one step later."""
    from PySide6.QtGui import QPixmap

    shell = make_shell()
    attract = shell.attract
    qtbot.waitUntil(lambda: attract.image_shown)
    attract._fade.stop()
    attract._on_fade(1.0)
    point = attract.rect().center()
    before = attract.grab().toImage().pixelColor(point)
    red = QPixmap(attract.size())
    red.fill("#ff0000")
    now = [100.0]
    attract.clock = lambda: now[0]
    attract._show(red)  # its fade begins; no step of it is run before the grabs below
    assert attract.blend_now() == 0.0
    now[0] += attract.FADE_MS / 2 / 1000  # half its time gone, no step taken
    assert 0.45 < attract.blend_now() < 0.55
    halfway = attract.grab().toImage().pixelColor(point)
    assert before.red() + 60 < halfway.red()  # painted half in, not as at the fade's start
    assert attract._blend == attract.blend_now()  # and the next step takes it on from there
    now[0] += attract.FADE_MS / 1000
    assert attract.blend_now() == 1.0


def _pictures(tmp_path, qtbot, kiosk_env):  # type: ignore[no-untyped-def]
    """A shown attract screen with no pack yet, and two pictures: red and blue."""
    from PySide6.QtGui import QImage

    from kiosk.station.config import load_config
    from ui import tasks
    from ui.shell import Shell

    paths = []
    for name in ("red", "blue"):
        image = QImage(320, 180, QImage.Format.Format_RGB32)
        image.fill(name)
        path = tmp_path / f"{name}.png"
        assert image.save(str(path))
        paths.append(path)
    tasks.install()
    shell = Shell(load_config(env=kiosk_env))
    qtbot.addWidget(shell)
    shell.resize(640, 360)
    shell.show()
    qtbot.waitExposed(shell)
    return shell.attract, paths


def _decodes(monkeypatch):  # type: ignore[no-untyped-def]
    """The pictures attract decodes the usual way, by name, from now on."""
    import ui.screens.customer.attract as module

    asked: list[str] = []
    usual = module.load_pixmap

    def counted(path, target, callback, owner):  # type: ignore[no-untyped-def]
        asked.append(path.name)
        usual(path, target, callback, owner)

    monkeypatch.setattr(module, "load_pixmap", counted)
    return asked


def _shows(attract, colour: str) -> bool:  # type: ignore[no-untyped-def]
    current = attract._current
    return current is not None and current.toImage().pixelColor(5, 5).name() == colour


def test_the_picture_decoded_ahead_is_shown_without_a_second_decode(
    tmp_path, qtbot, kiosk_env, monkeypatch
):
    """The kiosk decodes the pack's first picture while its window makes its first frame
    (ui/app.py, from the installed pack's hint): when the pack then names it, it is shown
    from that decode, whether the worker finished before or after."""
    attract, (red, blue) = _pictures(tmp_path, qtbot, kiosk_env)
    asked = _decodes(monkeypatch)
    attract.decode_ahead(lambda: Hint(red))
    attract.set_images([red, blue])  # the pack arrives before the worker is done
    qtbot.waitUntil(lambda: _shows(attract, "#ff0000"))
    assert asked == []


def test_a_picture_decoded_ahead_shows_before_the_pack_which_keeps_it(
    tmp_path, qtbot, kiosk_env, monkeypatch
):
    """Decoded before the pack is loaded, the picture fades in at once; the pack beginning
    with it keeps it where it is: no second decode, no second fade."""
    attract, (red, blue) = _pictures(tmp_path, qtbot, kiosk_env)
    asked = _decodes(monkeypatch)
    attract.decode_ahead(lambda: Hint(red))
    qtbot.waitUntil(lambda: _shows(attract, "#ff0000"))
    assert attract.images == []  # no pack yet
    qtbot.waitUntil(lambda: attract.image_shown)
    shown = attract._current
    attract.set_images([red, blue])
    assert attract._current is shown
    assert attract._previous is None  # nothing fading out: the same picture stays
    assert asked == []


def test_a_hint_naming_another_picture_is_not_shown(tmp_path, qtbot, kiosk_env, monkeypatch):
    """A stale hint (the pack changed) costs the head start, never the wrong picture."""
    attract, (red, blue) = _pictures(tmp_path, qtbot, kiosk_env)
    asked = _decodes(monkeypatch)
    attract.decode_ahead(lambda: Hint(blue))
    qtbot.waitUntil(lambda: attract._ahead is not None and attract._ahead.done)
    attract.set_images([red, blue])
    qtbot.waitUntil(lambda: _shows(attract, "#ff0000"))
    assert asked == ["red.png"]


def test_a_picture_decoded_ahead_at_another_size_is_not_shown(
    tmp_path, qtbot, kiosk_env, monkeypatch
):
    """Decoded for the window as it was (a window manager's late full screen): the pack's
    picture is decoded again at the size it is shown at, never left blurry."""
    attract, (red, blue) = _pictures(tmp_path, qtbot, kiosk_env)
    asked = _decodes(monkeypatch)
    attract.decode_ahead(lambda: Hint(red))
    attract.window().resize(800, 450)
    qtbot.waitUntil(lambda: attract.width() == 800)
    attract.set_images([red, blue])
    qtbot.waitUntil(lambda: _shows(attract, "#ff0000"))
    assert asked == ["red.png"]
    assert attract._decoded_for == attract.size()


def test_work_waiting_for_the_next_frame_runs_after_it(tmp_path, qtbot, kiosk_env):  # type: ignore[no-untyped-def]
    """The start opens the database once attract has painted the frame with its picture and
    the runtime's words (ui/app.py): not before that frame, and from the event loop."""
    from PySide6.QtCore import QEvent, QObject

    attract, _paths = _pictures(tmp_path, qtbot, kiosk_env)
    qtbot.waitUntil(lambda: attract._painted)
    order: list[str] = []

    class Paints(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                order.append("paint")
            return False

    paints = Paints()
    attract.installEventFilter(paints)
    attract.after_next_paint(lambda: order.append("work"))
    assert order == []  # not at once
    qtbot.waitUntil(lambda: "work" in order)
    assert order[:2] == ["paint", "work"]


def test_no_words_before_the_kiosks_own_typefaces(tmp_path, qtbot, kiosk_env):  # type: ignore[no-untyped-def]
    """The first frame is the brand's ground and scrims: its words wait for the kiosk's own
    typefaces (registered just after it), never shown for a frame in the machine's faces."""
    attract, _paths = _pictures(tmp_path, qtbot, kiosk_env)
    attract.fonts_ready = False  # as at the first paint (the fixture's kiosk had them)
    band = attract.rect().adjusted(0, attract.height() * 2 // 3, 0, 0)  # the invitation

    def bright_pixels() -> int:
        image = attract.grab(band).toImage()
        return sum(
            1
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
            if image.pixelColor(x, y).lightness() > 150
        )

    assert bright_pixels() == 0
    attract.set_fonts_ready()
    assert bright_pixels() > 50  # "Touch to begin", in ivory


def test_a_picture_smaller_than_the_screen_is_decoded_to_fill_it(tmp_path, qtbot):  # type: ignore[no-untyped-def]
    """A landscape 1080p picture on a portrait (or 4K) screen: scaled up and cropped by the
    worker to exactly the screen, so attract's frames only copy it (no scaling each frame).
    The crop is the middle third, as the paint showed it: blue, white, red across it."""
    from PIL import Image
    from PySide6.QtCore import QSize

    from ui.images import decode_to_fill, scaled_to_fill

    source = tmp_path / "wide.png"
    picture = Image.new("RGB", (320, 180), (0, 0, 0))  # black: cropped away on both sides
    picture.paste((0, 0, 255), (100, 0, 140, 180))
    picture.paste((255, 255, 255), (140, 0, 180, 180))
    picture.paste((255, 0, 0), (180, 0, 220, 180))
    picture.save(source)
    image = decode_to_fill(source, QSize(180, 320))
    assert (image.width(), image.height()) == (180, 320)
    left, middle, right = (image.pixelColor(x, 160) for x in (4, 90, 175))
    assert (left.blue() > 200, left.red() < 60) == (True, True), left.name()
    assert middle.name() == "#ffffff"
    assert (right.red() > 200, right.blue() < 60) == (True, True), right.name()
    from PySide6.QtGui import QPixmap

    pixmap = QPixmap.fromImage(image)
    assert scaled_to_fill(pixmap, QSize(180, 320)).size() == pixmap.size()  # nothing to scale


def test_a_screen_deleted_right_after_its_paint_announces_nothing(qtbot, kiosk_env):
    """What a frame announces from the event loop (its picture seen, the work waiting for it)
    is dropped with the screen: a test's teardown that deleted the kiosk a moment after
    attract's first frame with its picture raised "Signal source has been deleted" from the
    event loop (seen once in CI, under load)."""
    import shiboken6
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QPixmap

    from kiosk.station.config import load_config
    from ui import tasks
    from ui.shell import Shell

    tasks.install()
    shell = Shell(load_config(env=kiosk_env))
    shell.resize(1920, 1080)
    shell.show()
    qtbot.waitExposed(shell)
    attract = shell.attract
    ran = []
    attract.image_painted.connect(lambda: ran.append("picture seen"))
    attract.after_next_paint(lambda: ran.append("after the paint"))
    picture = QPixmap(attract.size())
    picture.fill("#704030")
    attract._show(picture)
    attract._on_fade(0.5)  # its fade begun
    attract.grab()  # painted now: what it announces waits for the event loop
    shiboken6.delete(shell)
    QTimer.singleShot(0, lambda: ran.append("loop turned"))  # queued after them
    qtbot.waitUntil(lambda: "loop turned" in ran)
    assert ran == ["loop turned"]  # and pytest-qt fails a test on any error in the loop
