"""Runs the clipping inspector (tests/ui/clipping.py) over every screen state: the visual
baseline's (tests/ui/screen_states.py) and a few of its own, one process per language and
orientation, in the renderer's environment (as tests/ui/screen_render.py renders).

    python -m tests.ui.clipping_run --language en --orientation landscape [--shots DIR]

prints the cuts it finds (and with --shots saves each state's picture, for the states the
baseline does not draw).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tests.ui.clipping import Cut, inspect, painted_text
from tests.ui.screen_render import ORIENTATIONS, REPO, TIMEOUT_S, demo_pack


# -- the states: the visual baseline's, and a few of this test's own -----------------------
def _three_compared(kiosk: Any, language: str) -> None:
    """Three pieces side by side, the most the kiosk compares (the baseline compares two)."""
    from tests.ui.screen_states import SELECTION

    for sku in SELECTION:
        kiosk.shell.journey.set_compared(sku, True)
    kiosk.go("compare")


def _back_to_two(reach: Callable[[Any, str], None]) -> Callable[[Any, str], None]:
    def again(kiosk: Any, language: str) -> None:
        from tests.ui.screen_states import COMPARED, SELECTION

        for sku in SELECTION:
            if sku not in COMPARED:
                kiosk.shell.journey.set_compared(sku, False)
        reach(kiosk, language)

    return again


def states() -> list[Any]:
    """The baseline's states in order, with three compared pieces after its comparison (the
    next state finds the two of the baseline again), and the carousels, grids and tables in
    larger text beside the baseline's larger-text screens."""
    from dataclasses import replace

    from tests.insights.fixtures import BOOK
    from tests.ui.screen_states import STATES, State, in_mode

    out: list[Any] = []
    restore = False
    for state in STATES:
        if restore:
            state = replace(state, reach=_back_to_two(state.reach))
            restore = False
        out.append(state)
        if state.name == "compare":
            out.append(State("compare-three", _three_compared))
            restore = True
        if state.name == "selection-large_text":
            for screen in ("lookbooks", "recommendations", "compare", "lookbook"):
                params = {"lookbook": BOOK, "scene": 0} if screen == "lookbook" else {}
                out.append(State(f"{screen}-large_text", in_mode("large_text", screen, **params)))
    return out


# -- the child process: one kiosk, every state ----------------------------------------------
def child(language: str, orientation: str, shots: Path | None = None) -> list[Cut]:
    import time_machine

    from tests.ui.screen_states import CLOCK

    time.tzset()
    time_machine.travel(CLOCK, tick=False).start()
    from PySide6.QtWidgets import QApplication

    from kiosk.station.config import load_config
    from tests.ui.screen_render import still
    from tests.ui.screen_states import STORE_ID, Driver, close_kiosk, open_kiosk, prepare

    app = QApplication(sys.argv[:1])
    app.setCursorFlashTime(0)
    prepare(app)
    cuts: list[Cut] = []
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        env = {
            "KIOSK_FOLLOWUP_BASE_URL": "https://maison.example/f/",
            "KIOSK_LOCAL_DB_PATH": str(data / "data" / "kiosk.sqlite3"),
            "KIOSK_LOG_DIR": str(data / "logs"),
            "KIOSK_SECRET_KEY_FILE": str(data / "data" / "secret.key"),
            "KIOSK_CONTENT_DIR": os.environ["KIOSK_CONTENT_DIR"],
        }
        day = 3600 * 24
        settings: dict[str, object] = {"windowed": True, "store_id": STORE_ID}
        settings.update(idle_timeout_s=day, associate_idle_timeout_s=day)
        shell = open_kiosk(load_config(env=env, overrides=settings), ORIENTATIONS[orientation])
        kiosk = Driver(shell)
        try:
            for state in states():
                if language not in state.languages:
                    continue
                state.reach(kiosk, language)
                still(shell)
                screen = state.name.split("-")[0]
                shown_now = shell.router.current.NAME
                assert shown_now == screen, f"{state.name} shows {shown_now}"
                name = f"{state.name}-{language}-{orientation}"
                cuts += inspect(shell, name)
                with painted_text(name, cuts):
                    shot = shell.grab()
                if shots is not None:
                    shot.save(str(shots / f"{name}.png"))
        finally:
            close_kiosk(shell)
    return cuts


def run(language: str, orientation: str, shots: Path | None = None) -> list[Cut]:
    """The cuts of every state in one language and orientation (measured in a new process,
    in the renderer's environment)."""
    keep = {"PATH", "HOME", "XDG_RUNTIME_DIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
        PYTHONHASHSEED="0",
        TZ="UTC",
        PYTHONPATH=str(REPO),
        KIOSK_CONTENT_DIR=str(demo_pack()),
    )
    command = [sys.executable, "-m", "tests.ui.clipping_run", "--child"]
    command += ["--language", language, "--orientation", orientation]
    if shots is not None:
        command += ["--shots", str(shots.resolve())]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=TIMEOUT_S
    )
    if result.returncode != 0:
        raise RuntimeError(f"measuring {language} {orientation} failed:\n{result.stderr[-4000:]}")
    return [Cut(**json.loads(line)) for line in result.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--language", required=True)
    parser.add_argument("--orientation", required=True, choices=tuple(ORIENTATIONS))
    parser.add_argument("--shots", type=Path, help="save each state's picture there too")
    args = parser.parse_args()
    if args.child:
        for cut in child(args.language, args.orientation, args.shots):
            print(json.dumps(asdict(cut), ensure_ascii=False))
    else:
        for cut in run(args.language, args.orientation, args.shots):
            print(cut.line())


if __name__ == "__main__":
    main()
