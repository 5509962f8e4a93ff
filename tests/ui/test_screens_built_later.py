"""At start the kiosk builds only what a touch on attract opens (the greeting); the other
screens follow once attract shows its image, one per turn of the event loop, so attract is
complete sooner and no turn holds a touch for long. A customer quicker than that still finds
every screen, in their language."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.station.config import load_config
from kiosk.station.runtime import start
from kiosk.visit.stages import EndReason
from tests.ui.conftest import LANDSCAPE
from tests.ui.test_customer_journey import on, touch
from ui.widgets.fade import fading


@pytest.fixture
def starting_shell(qtbot, kiosk_env, seed_local_db) -> Iterator:  # type: ignore[no-untyped-def]
    """A window attached as ``kiosk run`` attaches it: the rest of the screens later."""
    from ui import tasks
    from ui.shell import Shell

    config = load_config(env=kiosk_env)
    tasks.install()
    shell = Shell(config)
    qtbot.addWidget(shell)
    shell.resize(LANDSCAPE)
    shell.show()
    seed_local_db(config.local_db_path)
    runtime = start(config)
    shell.attach(runtime, rest_later=True)
    yield shell
    runtime.close()
    gc.unfreeze()  # the kiosk's start-up objects, set aside by build_rest: not the suite's


def test_a_touch_on_attract_finds_the_greeting_with_nothing_else_built(qtbot, starting_shell):
    shell = starting_shell
    assert set(shell.router.screens) == {"attract", "greeting"}
    assert shell.accepts_touch
    touch(qtbot, shell.attract)
    assert on(shell, "greeting")


def test_a_customer_quicker_than_the_build_finds_the_next_screen_in_their_language(
    qtbot, starting_shell
):
    shell = starting_shell
    touch(qtbot, shell.attract)
    greeting = on(shell, "greeting")
    touch(qtbot, greeting.language_buttons["zh-Hans"])
    touch(qtbot, greeting.browse)
    needs = on(shell, "needs")  # built on demand
    assert needs.isVisible()
    assert chinese(needs)
    # the rest arrive meanwhile, each in the language of the visit under way
    shell.attract.image_painted.emit()
    qtbot.waitUntil(lambda: not shell.lazy.pending)
    assert chinese(shell.router.screens["farewell"])
    assert chinese(shell.router.screens["selection"])


def chinese(screen) -> bool:  # type: ignore[no-untyped-def]
    """Some visible text of ``screen`` is in Chinese."""
    widgets = [*screen.findChildren(QLabel), *screen.findChildren(QAbstractButton)]
    texts = [w.text() for w in widgets]
    return any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text)


def test_the_rest_are_built_once_attract_shows_its_image(qtbot, starting_shell):
    shell = starting_shell
    shell.attract.image_painted.emit()
    qtbot.waitUntil(lambda: not shell.lazy.pending)
    from ui.screens.registry import SCREENS

    assert set(shell.router.screens) == {"attract"} | {s.NAME for s in SCREENS}
    assert gc.get_freeze_count() > 0  # the start-up's objects no longer scanned


def test_after_a_language_change_each_screen_is_in_it_when_shown(make_shell, qtbot):
    """The touch on 中文 re-sets the greeting's texts; every other screen is in Chinese when it
    is shown, or in idle time before that, not all in the turn of the touch."""
    shell = make_shell()
    touch(qtbot, shell.attract)
    touch(qtbot, on(shell, "greeting").language_buttons["zh-Hans"])
    assert chinese(shell.router.current)
    for name in ("needs", "lookbooks", "selection"):
        shell.go(name)
        assert chinese(shell.router.current), name
    qtbot.waitUntil(lambda: not shell.lazy.unsaid())
    assert chinese(shell.router.screens["farewell"])


def test_the_rest_are_built_when_attract_showed_its_image_before_the_database_was_open(
    qtbot, kiosk_env, seed_local_db
):
    """The kiosk shows the pack's image while the database opens: attach comes after it."""
    from ui import tasks
    from ui.shell import Shell

    config = load_config(env=kiosk_env)
    tasks.install()
    shell = Shell(config)
    qtbot.addWidget(shell)
    shell.resize(LANDSCAPE)
    shell.show()
    seed_local_db(config.local_db_path)
    runtime = start(config)
    try:
        shell.attract.set_images(list(runtime.pack.attract_images))
        qtbot.waitUntil(lambda: shell.attract.image_shown)
        shell.attach(runtime, rest_later=True)
        qtbot.waitUntil(lambda: not shell.lazy.pending)
        assert "farewell" in shell.router.screens
    finally:
        runtime.close()
        gc.unfreeze()


class GeometryEvents(QObject):
    """Counts the moves and resizes Qt sends to any widget."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self.count += 1
        return False


def test_the_hidden_screens_are_settled_before_the_first_touch(qtbot, starting_shell):
    """Qt sends a whole window's pending moves and resizes whenever any of it is rendered:
    the first screen change after the start sent them to every widget of every hidden
    screen (about 5,000 events), inside the first customer's first touch. Once the start's
    idle-time work is done, the first touch sends only the greeting's own."""
    shell = starting_shell
    qtbot.waitUntil(lambda: shell.lazy.done, timeout=30_000)
    widgets = len(shell.findChildren(QWidget))
    events = GeometryEvents()
    app = QApplication.instance()
    app.installEventFilter(events)  # type: ignore[union-attr]
    try:
        touch(qtbot, shell.attract)
        qtbot.waitUntil(lambda: not fading(on(shell, "greeting")))
    finally:
        app.removeEventFilter(events)  # type: ignore[union-attr]
    assert widgets > 1500
    assert events.count < widgets // 4, f"{events.count} moves and resizes in the first touch"


def test_a_touch_before_the_database_opens_begins_a_visit_recorded_once_it_does(
    qtbot, kiosk_env, seed_local_db
):  # type: ignore[no-untyped-def]
    """As ``kiosk run`` starts: the window is attached to the first step's runtime (no
    database module loaded yet); a touch shows the greeting at once, and the visit is in the
    local database once the second step has opened it; then the other screens are built."""
    import sqlite3

    from kiosk.station.runtime import open_store, start_early
    from ui import tasks
    from ui.shell import Shell

    config = load_config(env=kiosk_env)
    seed_local_db(config.local_db_path)
    tasks.install()
    shell = Shell(config)
    qtbot.addWidget(shell)
    shell.resize(LANDSCAPE)
    shell.show()
    runtime = start_early(config)
    try:
        shell.attach(runtime, rest_later=True)
        assert not runtime.database_open
        assert shell.accepts_touch
        touch(qtbot, shell.attract)
        assert on(shell, "greeting")
        assert shell.journey.active
        assert set(shell.router.screens) == {"attract", "greeting"}  # nothing else yet
        started = runtime.journey.state
        assert started is not None
        open_store(runtime)  # on a worker in the kiosk (ui/app.py)
        shell.database_opened()
        qtbot.waitUntil(lambda: not shell.lazy.pending, timeout=30_000)
        assert {"needs", "selection", "farewell"} <= set(shell.router.screens)
        shell.end_visit(EndReason.COMPLETED)
        runtime.recorder.submit(lambda: None).result(timeout=30)  # behind the visit's writes
        with sqlite3.connect(config.local_db_path) as conn:
            rows = conn.execute("SELECT id, end_reason FROM visits").fetchall()
        assert [(r[0].replace("-", ""), r[1]) for r in rows] == [
            (started.visit_id.hex, "completed")
        ]
    finally:
        runtime.close()
        gc.unfreeze()


def test_screens_given_a_language_in_idle_time_are_laid_out_there(
    qtbot, starting_shell, monkeypatch
):
    """A language change gives the hidden screens their texts in idle time; they are laid out
    there too. Their new moves and resizes waited for the next render of the window (the
    fade of the next screen change): a Chinese customer's "Explore" laid out a dozen hidden
    screens' labels in the touch's turn."""
    from ui import kit

    shell = starting_shell
    qtbot.waitUntil(lambda: shell.lazy.done, timeout=30_000)
    touch(qtbot, shell.attract)
    greeting = on(shell, "greeting")
    touch(qtbot, greeting.language_buttons["zh-Hans"])
    qtbot.waitUntil(lambda: not shell.lazy.unsaid(), timeout=30_000)  # the idle time
    qtbot.waitUntil(lambda: not fading(greeting))
    asked: list[str] = []
    measure = kit.Label.heightForWidth

    def height_for_width(label: kit.Label, width: int) -> int:
        screen = label
        while screen.parent() is not None and screen.parent() is not shell.router:
            screen = screen.parent()
        asked.append(getattr(screen, "NAME", ""))
        return measure(label, width)

    monkeypatch.setattr(kit.Label, "heightForWidth", height_for_width)
    touch(qtbot, greeting.browse)
    qtbot.waitUntil(lambda: not fading(on(shell, "needs")))
    hidden = sorted({name for name in asked if name not in ("greeting", "needs")})
    assert not hidden, f"hidden screens laid out in the touch: {hidden}"


def test_the_hidden_screens_texts_wait_for_attracts_picture(qtbot, starting_shell):
    """Given in idle time before it, they came between the picture's fade and its first
    step: attract was complete a turn or two later at every start."""
    shell = starting_shell
    assert not shell.attract.image_shown  # its picture is still being decoded
    assert "greeting" in shell.lazy.unsaid()
    assert not shell.lazy._say_timer.isActive()  # held
    shell.attract.image_painted.emit()
    qtbot.waitUntil(lambda: not shell.lazy.unsaid())


def test_texts_held_for_a_picture_that_never_comes_follow_at_most_a_moment_later(qtbot):
    from PySide6.QtCore import QObject, Signal

    from ui.lazy_screens import LazyScreens
    from ui.router import Router

    class Never(QObject):
        happened = Signal()

    owner = QWidget()
    qtbot.addWidget(owner)
    router = Router()
    router.setParent(owner)
    lazy = LazyScreens(router, "en", owner)
    never = Never(owner)
    lazy.hold_until(never.happened, at_most_ms=50)
    assert lazy._held
    qtbot.waitUntil(lambda: not lazy._held)
