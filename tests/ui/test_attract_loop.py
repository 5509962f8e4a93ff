"""Attract's moving loop: an animated WebP played frame by frame under the words, at the
file's own timing, decoded by a worker a few frames ahead (memory does not grow with the
loop's length), paused behind other screens (no CPU spent there), and the stills again when
the file cannot be played."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSize, Qt, QTimer

from kiosk.station.first_picture import Hint, read_hint
from tests.content.loops import red_of, write_loop
from ui.screens.customer.attract import AttractScreen
from ui.widgets.loop_player import LoopPlayer

SIZE = QSize(480, 270)


@pytest.fixture
def attract(qtbot) -> Iterator[AttractScreen]:  # type: ignore[no-untyped-def]
    from ui import tasks

    tasks.install()
    screen = AttractScreen(["en"], lambda: None, lambda: None, lambda: "Maison")
    qtbot.addWidget(screen)
    screen.resize(SIZE)
    screen.show()
    screen.set_fonts_ready()
    screen.enter()  # the router's first screen
    yield screen
    screen.set_loop(None)  # ends the worker


def _player(screen: AttractScreen) -> LoopPlayer:
    assert screen._loop is not None, "no loop playing"
    return screen._loop


def _counting(player: LoopPlayer) -> list[tuple[int, int]]:
    """Every frame shown from now on, with how far the worker had decoded at that moment."""
    seen: list[tuple[int, int]] = []
    player.frame_changed.connect(lambda: seen.append((len(seen) + 1, player.decoded)))
    return seen


def test_frames_play_in_order_at_the_files_own_timing(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    durations = [40, 90, 40, 200, 60]
    attract.set_loop(write_loop(tmp_path / "loop.webp", count=5, durations=durations))
    player = _player(attract)
    qtbot.waitUntil(lambda: len(player.shown) >= 7)
    assert player.shown[:7] == [(i % 5, durations[i % 5]) for i in range(7)]  # and it loops
    frame = player.current()
    assert frame is not None
    assert frame.size() == SIZE
    assert player._timer.isSingleShot()
    assert player._timer.interval() == player.shown[-1][1]


def test_the_words_stay_above_the_loop(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    attract.set_loop(write_loop(tmp_path / "loop.webp", count=3, durations=200))
    player = _player(attract)
    qtbot.waitUntil(lambda: player.current() is not None)
    player.pause()  # hold one frame still while it is looked at
    index = player.shown[-1][0]
    shot = attract.grab().toImage()
    middle = shot.pixelColor(SIZE.width() // 2, SIZE.height() // 2)
    assert (middle.red(), middle.blue()) == (red_of(index), 90)  # the loop's own frame
    top = [shot.pixelColor(x, y) for x in range(0, SIZE.width(), 2) for y in range(0, 60)]
    assert max(c.green() for c in top) > 180, "the ivory wordmark is painted over the loop"
    corner = shot.pixelColor(2, 2)
    assert corner.blue() < 60, "the scrim darkens the loop under the words"


@pytest.mark.parametrize("count", [8, 400])
def test_memory_does_not_grow_with_the_loops_length(qtbot, attract, tmp_path, count):  # type: ignore[no-untyped-def]
    attract.set_loop(write_loop(tmp_path / "loop.webp", count=count, durations=30))
    player = _player(attract)
    seen = _counting(player)
    qtbot.waitUntil(lambda: len(seen) >= 24)
    attract.leave()
    qtbot.waitUntil(lambda: player.parked)
    # The worker is never more than a few frames ahead of the screen, however long the loop.
    ahead = [decoded - shown for shown, decoded in seen]
    assert max(ahead) <= LoopPlayer.BUFFER + 1
    assert player.decoded - len(seen) <= LoopPlayer.BUFFER + 1
    assert player.most_held <= LoopPlayer.BUFFER + 2


def _thread_cpu_ticks(native_id: int) -> int:
    """User and system clock ticks the kernel has charged to one thread of this process."""
    fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_paused_behind_other_screens_it_spends_no_cpu(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    attract.set_loop(write_loop(tmp_path / "loop.webp", count=6, size=(480, 270), durations=30))
    player = _player(attract)
    qtbot.waitUntil(lambda: len(player.shown) >= 3)
    attract.leave()  # a visit began: another screen is shown
    qtbot.waitUntil(lambda: player.parked)
    assert not player._timer.isActive()
    worker = player._thread
    assert worker is not None
    assert worker.native_id is not None
    before = (_thread_cpu_ticks(worker.native_id), player.decoded, len(player.shown))
    # As long as three passes of the loop: playing, it would decode and show 18 frames.
    passes = QTimer()
    passes.setSingleShot(True)
    with qtbot.waitSignal(passes.timeout, timeout=5000):
        passes.start(3 * 6 * 30)
    after = (_thread_cpu_ticks(worker.native_id), player.decoded, len(player.shown))
    assert after == before
    shown = len(player.shown)
    attract.enter()  # back on attract: it goes on from the next frame
    qtbot.waitUntil(lambda: len(player.shown) > shown)
    assert player.shown[shown][0] == (player.shown[shown - 1][0] + 1) % 6


def _still(tmp_path: Path) -> Path:
    path = tmp_path / "still.jpg"
    Image.new("RGB", (320, 180), (200, 30, 30)).save(path)
    return path


def test_a_missing_loop_falls_back_to_the_stills(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    attract.set_loop(tmp_path / "gone.webp")
    attract.set_images([_still(tmp_path)])
    qtbot.waitUntil(lambda: attract._loop is None)
    qtbot.waitUntil(lambda: attract._current is not None)  # the still is on show


def test_a_loop_damaged_after_validation_falls_back_to_the_stills(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    loop = write_loop(tmp_path / "loop.webp", count=40, size=(480, 270), durations=30)
    attract.set_images([_still(tmp_path)])
    data = loop.read_bytes()
    loop.write_bytes(data[: len(data) // 2])  # damaged on the disk after it was validated
    attract.set_loop(loop)
    qtbot.waitUntil(lambda: attract._loop is None)
    qtbot.waitUntil(lambda: attract._current is not None)


def test_a_new_screen_size_gets_frames_of_that_size(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    attract.set_loop(write_loop(tmp_path / "loop.webp", count=4, durations=40))
    player = _player(attract)
    qtbot.waitUntil(lambda: player.current() is not None)
    attract.resize(300, 400)  # turned to portrait
    qtbot.waitUntil(lambda: player.current().size() == QSize(300, 400))  # type: ignore[union-attr]


def test_a_visit_pauses_the_loop(qtbot, make_shell, tmp_path):  # type: ignore[no-untyped-def]
    shell = make_shell()
    shell.attract.set_loop(write_loop(tmp_path / "loop.webp", count=4, durations=40))
    player = _player(shell.attract)
    qtbot.waitUntil(lambda: len(player.shown) >= 2)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    assert shell.router.current is not shell.attract
    qtbot.waitUntil(lambda: player.parked)
    assert not player._timer.isActive()


def test_a_loop_pack_starts_its_loop_after_the_first_paint(
    qtbot, kiosk_env, seed_local_db, tmp_path
):  # type: ignore[no-untyped-def]
    """As ui/app.py starts the kiosk: the first paint, then the pack's hint, then the runtime
    and its pack. Nothing of the loop runs before the first frame; from the hint on, the loop
    plays, and the pack keeps that player."""
    import threading

    from kiosk.content.store import PackStore
    from kiosk.station.config import load_config
    from kiosk.station.runtime import start
    from tests.content.conftest import write_mini_pack
    from ui import tasks
    from ui.shell import Shell

    mini = write_mini_pack(tmp_path / "pack")
    write_loop(mini.root / "attract/loop.webp", count=4, durations=40)
    mini.edit(
        "pack.toml",
        'default_language = "en"\n',
        'default_language = "en"\nattract_loop = "attract/loop.webp"\n',
    )
    result = PackStore(tmp_path / "content").install(mini.root, renditions=False)
    assert result.ok, result.message
    config = load_config(env={**kiosk_env, "KIOSK_CONTENT_DIR": str(tmp_path / "content")})
    tasks.install()
    shell = Shell(config)
    qtbot.addWidget(shell)
    at_first_paint: list[object] = []

    earlier = set(threading.enumerate())  # other tests' players may still be ending

    def first_painted() -> None:
        loops = [t for t in set(threading.enumerate()) - earlier if t.name == "attract-loop"]
        at_first_paint.append((shell.attract._loop, loops))

    shell.attract.first_painted.connect(first_painted)
    shell.resize(SIZE)
    shell.show()
    qtbot.waitUntil(lambda: bool(at_first_paint))
    assert at_first_paint == [(None, [])]
    # Then, as the kiosk does, the pack's hint: it names the loop, whose player starts now,
    # its first frame decoded while the pack and the runtime load.
    shell.attract.decode_ahead(lambda: read_hint(config.content_dir))
    shell.build_screens()  # attract's own loop starts (the runtime is not there yet)
    qtbot.waitUntil(lambda: shell.attract._loop is not None)
    early = _player(shell.attract)
    assert early.path.name == "loop.webp"
    qtbot.waitUntil(lambda: len(early.shown) >= 1)
    seed_local_db(config.local_db_path)
    runtime = start(config, sync=True)
    try:
        shell.attach(runtime)
        player = _player(shell.attract)
        assert player is early, "the pack keeps the loop started from its hint"
        qtbot.waitUntil(lambda: len(player.shown) >= 2)
        assert shell.attract._current is None, "a loop pack decodes no stills"
    finally:
        shell.attract.set_loop(None)
        runtime.close()


def test_a_stale_loop_hint_gives_way_to_the_packs_stills(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    """The hint named a loop the pack in service no longer has: its stills replace it."""
    loop = write_loop(tmp_path / "loop.webp", count=4, durations=40)
    attract.decode_ahead(lambda: Hint(loop, loop=True))
    qtbot.waitUntil(lambda: attract._loop is not None)
    attract.set_imagery(None, [_still(tmp_path)])
    assert attract._loop is None
    qtbot.waitUntil(lambda: attract._current is not None)  # the still is on show


def test_a_loop_hint_after_the_pack_is_ignored(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    """The pack came first (a slow disk under the hint's read): what it named stays."""
    from ui.images import Ahead

    loop = write_loop(tmp_path / "loop.webp", count=4, durations=40)
    attract.decode_ahead(lambda: Hint(loop, loop=True))
    ahead = attract._ahead
    assert isinstance(ahead, Ahead)
    attract.set_imagery(None, [_still(tmp_path)])
    qtbot.waitUntil(lambda: ahead.done)
    qtbot.waitUntil(lambda: attract._current is not None)
    assert attract._loop is None


def test_a_deleted_player_ends_its_worker(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """A screen closed with its loop parked must not leave a thread holding frames."""
    import shiboken6

    from ui import tasks

    tasks.install()
    player = LoopPlayer(write_loop(tmp_path / "loop.webp", count=4, durations=40), SIZE)
    player.play()
    qtbot.waitUntil(lambda: len(player.shown) >= 1)
    player.pause()
    qtbot.waitUntil(lambda: player.parked)
    worker = player._thread
    assert worker is not None
    shiboken6.delete(player)
    qtbot.waitUntil(lambda: not worker.is_alive())


def test_the_loops_worker_gives_way_to_the_kiosk(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    """Decoding frames ahead, it runs at a lower priority than the kiosk's other threads:
    when the cores are short, a touch or the start's work goes first."""
    import os

    attract.set_loop(write_loop(tmp_path / "loop.webp", count=3, durations=40))
    player = _player(attract)
    qtbot.waitUntil(lambda: len(player.shown) >= 1)
    worker = player._thread
    assert worker is not None
    assert worker.native_id is not None
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    lower = min(19, mine + 10)  # from its second frame on (the start waits for the first)
    qtbot.waitUntil(lambda: os.getpriority(os.PRIO_PROCESS, worker.native_id) >= lower)
    qtbot.waitUntil(lambda: player.decoded >= 2)
    assert os.getpriority(os.PRIO_PROCESS, worker.native_id) >= lower


def test_a_loop_larger_than_the_screen_is_shown_scaled_down_with_its_middle_kept(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    """Qt's reader scales and crops it as it decodes: the frame shown is the screen's size
    and holds the loop's middle, not its sides."""
    from ui import tasks

    tasks.install()
    stripes = Image.new("RGB", (240, 80), (200, 30, 30))  # red | green | blue, 80 px each
    stripes.paste((30, 200, 30), (80, 0, 160, 80))
    stripes.paste((30, 30, 200), (160, 0, 240, 80))
    loop = tmp_path / "wide.webp"
    stripes.save(loop, "WEBP", save_all=True, append_images=[stripes.copy()], duration=40)
    player = LoopPlayer(loop, QSize(40, 40))  # covering 40x40 keeps the middle 80x80
    player.play()
    qtbot.waitUntil(lambda: player.current() is not None)
    frame = player.current()
    assert frame is not None
    assert frame.size() == QSize(40, 40)
    for x, y in ((2, 2), (20, 20), (37, 37)):  # green edge to edge: no red, no blue
        colour = frame.pixelColor(x, y)
        assert (colour.green() > 150, colour.red() < 90, colour.blue() < 90) == (True,) * 3
    player.stop()


def test_the_kiosk_closing_ends_the_loops_worker(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    """Left running as Qt was taken down, the worker hung the exit at 100 % of a core (it
    held the interpreter inside a draw that waited for Qt's thread pool): ``tasks.drain``,
    the kiosk's last step, ends it and waits for it."""
    from ui import tasks

    attract.set_loop(write_loop(tmp_path / "loop.webp", count=6, durations=40))
    player = _player(attract)
    qtbot.waitUntil(lambda: len(player.shown) >= 1)
    worker = player._thread
    assert worker is not None
    assert worker.is_alive()
    assert tasks.drain(5000)
    assert not worker.is_alive()


def _poster_of(loop: Path, path: Path) -> Path:
    with Image.open(loop) as image:
        image.convert("RGB").save(path, "JPEG", quality=92)  # its first frame
    return path


def test_a_loops_poster_fades_in_first_then_the_loop_plays(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    """As the kiosk starts a loop pack from its hint: the loop's first frame, as a JPEG,
    decoded and faded in as a still is, with no frame of the loop decoded meanwhile (the
    start's two busy threads have the cores); once it has faded in, the loop plays from its
    first frame, in the place of the same picture."""
    loop = write_loop(tmp_path / "loop.webp", count=4, durations=40)
    seen: list[int] = []
    attract.image_painted.connect(lambda: seen.append(_player(attract).decoded))
    attract.start_loop(loop, _poster_of(loop, tmp_path / "poster.jpg"))
    player = _player(attract)
    qtbot.waitUntil(lambda: attract._current is not None)  # the poster, fading in
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [0], "the poster is the picture painted first, the loop not yet decoding"
    assert player._thread is None
    centre = attract._current.toImage().pixelColor(SIZE.width() // 2, SIZE.height() // 2)  # type: ignore[union-attr]
    assert abs(centre.red() - red_of(0)) <= 6
    assert abs(centre.blue() - 90) <= 6
    qtbot.waitUntil(lambda: len(player.shown) >= 2, timeout=10_000)  # faded in (2 s): playing
    assert player.shown[0][0] == 0


def test_a_loop_without_a_usable_poster_plays_at_once(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    loop = write_loop(tmp_path / "loop.webp", count=4, durations=40)
    attract.start_loop(loop, None)  # the kiosk made none (or it is gone: read_hint says so)
    qtbot.waitUntil(lambda: len(_player(attract).shown) >= 1)
    attract.set_loop(None)
    broken = tmp_path / "poster.jpg"
    broken.write_text("not a picture")  # damaged since it was written
    attract.start_loop(loop, broken)
    qtbot.waitUntil(lambda: len(_player(attract).shown) >= 1)
    assert attract._current is None or attract._poster_of is None


def test_another_loop_never_shows_the_last_ones_poster(qtbot, attract, tmp_path):  # type: ignore[no-untyped-def]
    """A new pack put in service between visits brings its own loop: the old one's first
    frame is not left on show under it while its first frame decodes."""
    first = write_loop(tmp_path / "first.webp", count=4, durations=40)
    attract.start_loop(first, _poster_of(first, tmp_path / "poster.jpg"))
    qtbot.waitUntil(lambda: attract._current is not None)
    attract.set_loop(write_loop(tmp_path / "second.webp", count=4, durations=40))
    assert attract._current is None
    assert attract._poster_of is None
