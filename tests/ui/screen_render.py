"""Renders every screen (tests/ui/screen_states.py) to PNG files, the same pixels every time.

Each language and orientation renders in a process of its own, started from here: the Qt
application, the fonts, the clock and the time zone are then those of the renderer alone,
whoever starts it (the test, `make screens-baseline`, a determinism check). What would differ
between two runs is fixed or left out:

- the clock stands still at the state table's CLOCK (time-machine: every ``datetime.now``,
  ``time.time`` and ``kiosk.clock.utcnow``), in the UTC zone;
- the data the screens read is seeded the same way each time, and ids made in one frozen
  millisecond still sort in the order they were made (kiosk.ids);
- every finite animation is run to its end before a picture is taken, endless pulses are
  stopped at their first frame, the text caret does not blink, the idle timers never fire;
- widgets that show a random token (the hand-off's QR code) are painted over (the table's masks);
- the mouse pointer is never in a widget's grab.

    python -m tests.ui.screen_render --baseline         # rewrite tests/ui/screens_baseline/
    python -m tests.ui.screen_render --check-determinism
    python -m tests.ui.screen_render --out DIR [--language en] [--orientation portrait] [--full]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "tests" / "ui" / "screens_baseline"
LANGUAGES = ("en", "zh-Hans")
ORIENTATIONS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
SMALL = 960  # the long side of the stored pictures
TIMEOUT_S = 300


def file_name(state: str, language: str, orientation: str) -> str:
    return f"{state}-{language}-{orientation}.png"


def expected_names(language: str, orientation: str) -> list[str]:
    from tests.ui.screen_states import STATES

    return [file_name(s.name, language, orientation) for s in STATES if language in s.languages]


# -- the parent: one process per language and orientation ------------------------------------
def demo_pack() -> Path:
    """The installed demo pack the tests share (installed here if no test has done it yet)."""
    if os.environ.get("KIOSK_CONTENT_DIR"):
        return Path(os.environ["KIOSK_CONTENT_DIR"])
    from kiosk.content.store import PackStore
    from tests.conftest import CONTENT_CACHE, _build_renditions, _content_key, file_lock

    folder = CONTENT_CACHE / _content_key()
    CONTENT_CACHE.mkdir(parents=True, exist_ok=True)
    with file_lock(CONTENT_CACHE / "lock"):
        if PackStore(folder).installed_name() is None:
            result = PackStore(folder).install(REPO / "data" / "demo-pack", renditions=False)
            assert result.ok, result.message
    _build_renditions(folder)
    return folder


def render(out: Path, language: str, orientation: str, full: bool = False, repeat: int = 1) -> None:
    """Render every state of one language and orientation into ``out`` (in a new process).
    With ``repeat`` > 1 the same process renders again from a new kiosk, into out/2, out/3..."""
    out.mkdir(parents=True, exist_ok=True)
    keep = {"PATH", "HOME", "XDG_RUNTIME_DIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(  # the same locale, zone and hashing wherever it runs (a developer's, CI)
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
        PYTHONHASHSEED="0",
        PYTHONFAULTHANDLER="1",  # a crash inside Qt prints the Python stacks before it ends
        TZ="UTC",
        PYTHONPATH=str(REPO),
        KIOSK_CONTENT_DIR=str(demo_pack()),
    )
    command = [sys.executable, "-m", "tests.ui.screen_render", "--child", str(out)]
    command += ["--language", language, "--orientation", orientation, "--repeat", str(repeat)]
    if full:
        command.append("--full")
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    if result.returncode != 0:
        # the cause is usually a traceback among the log lines: keep the lines that say why
        said = result.stderr.splitlines()
        why = [line for line in said if "Error" in line or "Traceback" in line or "assert" in line]
        raise RuntimeError(
            f"rendering {language} {orientation} failed ({ended(result.returncode)}):\n"
            + "\n".join(why[-20:])
            + "\n...\n"
            + result.stderr[-4000:]
        )


def ended(code: int) -> str:
    """How a process ended, from its return code: a signal by name (a crash says SIGSEGV)."""
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def render_all(out: Path, full: bool = False, repeat: int = 1) -> None:
    """Every language and orientation, two processes at a time."""
    combos = [(lang, o) for lang in LANGUAGES for o in ORIENTATIONS]
    with ThreadPoolExecutor(2) as pool:
        jobs = [pool.submit(render, out, lang, o, full, repeat) for lang, o in combos]
        for job in jobs:
            job.result()


def make_baseline() -> None:
    """Render every screen and store it small: 256 colours where that moves no pixel by as
    much as the comparison's tolerance (so an unchanged screen still compares equal to its
    full-colour render), full colour otherwise."""
    from tests.ui.screen_compare import store_small

    for old in BASELINE.glob("*.png"):
        old.unlink()
    render_all(BASELINE)
    pictures = sorted(BASELINE.glob("*.png"))
    for path in pictures:
        store_small(path)
    size = sum(p.stat().st_size for p in pictures)
    print(f"{len(pictures)} pictures, {size / 1e6:.2f} MB in {BASELINE.relative_to(REPO)}")


def check_determinism() -> bool:
    """Full-size pictures rendered in two processes are the same, pixel for pixel (what the
    test relies on: every render is a new process). Also tells how a second kiosk in the same
    process compares: text there may be anti-aliased a shade differently, as Qt keeps its
    font engines and their glyph caches for the whole process, across windows."""
    from tests.ui.screen_compare import largest_difference

    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "a", Path(tmp) / "b"
        started = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            jobs = [
                pool.submit(render_all, first, True, 2),
                pool.submit(render_all, second, True, 1),
            ]
            for job in jobs:
                job.result()
        names = sorted(p.name for p in first.glob("*.png"))
        across = [n for n in names if largest_difference(first / n, second / n)]
        within = {n: largest_difference(first / n, first / "2" / n) for n in names}
        within = {n: worst for n, worst in within.items() if worst}
        took = time.monotonic() - started
        print(f"{len(names)} pictures, full size, each rendered 3 times ({took:.0f} s)")
        print("in two processes:", f"DIFFERENT: {', '.join(across)}" if across else "identical")
        print("twice in one process:", f"{len(names) - len(within)} identical", end="")
        print(f", {len(within)} with text drawn a shade differently:" if within else "")
        for name, worst in within.items():
            print(f"  {name}: at most {worst}/255 on a channel")
        return not across


# -- the child: one kiosk, every state -------------------------------------------------------
def child(out: Path, language: str, orientation: str, full: bool, repeat: int) -> None:
    import time_machine

    from tests.ui.screen_states import CLOCK

    time.tzset()  # TZ=UTC, set by the parent
    time_machine.travel(CLOCK, tick=False).start()

    from PySide6.QtWidgets import QApplication

    from tests.ui.screen_states import prepare

    app = QApplication(sys.argv[:1])
    app.setCursorFlashTime(0)  # a caret that blinks would be on in one picture, off in the next
    prepare(app)
    for round_ in range(1, repeat + 1):
        folder = out if round_ == 1 else out / str(round_)
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as data:
            render_states(Path(data), folder, language, orientation, full)
    from ui import tasks

    tasks.drain()
    # Every picture is saved. The process ends here, without the interpreter's own shutdown:
    # a daemon worker caught inside a Qt call as the interpreter ends (the attract loop
    # scaling a frame) is torn down inside Qt and the process dies with "terminate called
    # without an active exception", after the work is done (seen once in CI, issue 14).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def render_states(data: Path, out: Path, language: str, orientation: str, full: bool) -> None:
    from kiosk.station.config import load_config
    from tests.ui.screen_states import STATES, STORE_ID, Driver, close_kiosk, open_kiosk

    env = {
        "KIOSK_FOLLOWUP_BASE_URL": "https://maison.example/f/",
        "KIOSK_LOCAL_DB_PATH": str(data / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(data / "logs"),
        "KIOSK_SECRET_KEY_FILE": str(data / "data" / "secret.key"),
        "KIOSK_CONTENT_DIR": os.environ["KIOSK_CONTENT_DIR"],
    }
    day = 3600 * 24  # no idle timer runs out while a screen is being drawn
    settings = {"windowed": True, "store_id": STORE_ID}
    settings.update(idle_timeout_s=day, associate_idle_timeout_s=day)
    config = load_config(env=env, overrides=settings)
    shell = open_kiosk(config, ORIENTATIONS[orientation])
    kiosk = Driver(shell)
    try:
        for state in STATES:
            if language not in state.languages:
                continue
            state.reach(kiosk, language)
            still(shell)
            screen = state.name.split("-")[0]  # "dashboard" or a variant, "dashboard-week"
            shown = shell.router.current.NAME
            assert shown == screen, f"state {state.name} shows the {shown} screen"
            image = picture(shell, state.masks(shell), full)
            path = out / file_name(state.name, language, orientation)
            assert image.save(str(path)), path
    finally:
        close_kiosk(shell)


def still(shell) -> None:  # type: ignore[no-untyped-def]
    """Wait until nothing is fetched or written, with every animation at its last frame."""
    from PySide6.QtTest import QTest

    from tests.ui.conftest import PATIENCE_S, at_rest, wait_durable

    deadline = time.monotonic() + PATIENCE_S
    while True:
        finish_animations(shell)
        wait_durable(shell)
        if at_rest(shell):
            finish_animations(shell)  # an answer delivered just now may have started one
            if at_rest(shell):
                return
        assert time.monotonic() < deadline, "the kiosk never came to rest"
        QTest.qWait(5)


def finish_animations(shell) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QAbstractAnimation

    for animation in shell.findChildren(QAbstractAnimation):
        if animation.state() != QAbstractAnimation.State.Running:
            continue
        if animation.loopCount() == -1:  # an endless pulse: held at its first frame
            animation.pause()
            animation.setCurrentTime(0)
        else:
            animation.setCurrentTime(animation.totalDuration())


def picture(shell, masks, full: bool):  # type: ignore[no-untyped-def]
    """The window as shown, masked widgets painted over, made small unless ``full``."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    image = shell.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    painter = QPainter(image)
    for widget in masks:
        if widget.isVisible():
            area = QRect(widget.mapTo(shell, QPoint(0, 0)), widget.size())
            painter.fillRect(area, QColor("#7f7f7f"))
            painter.fillRect(area, Qt.BrushStyle.BDiagPattern)
    painter.end()
    if full:
        return image
    return image.scaled(
        SMALL,
        SMALL,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", action="store_true", help="rewrite the stored baseline")
    parser.add_argument("--check-determinism", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--language", choices=LANGUAGES)
    parser.add_argument("--orientation", choices=tuple(ORIENTATIONS))
    parser.add_argument("--full", action="store_true", help="full size, not 960 px")
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.language, args.orientation, args.full, args.repeat)
    elif args.baseline:
        make_baseline()
    elif args.check_determinism:
        sys.exit(0 if check_determinism() else 1)
    elif args.out:
        if args.language and args.orientation:
            render(args.out, args.language, args.orientation, args.full)
        else:
            render_all(args.out, args.full)
    else:
        parser.error("say --baseline, --check-determinism or --out DIR")


if __name__ == "__main__":
    main()
