"""Cold start to the first painted attract screen, against a bare PySide6 window.

Both programs are started the same way (a new interpreter, the venv's own binary, offscreen)
and timed from spawn until they print their first paint, in alternated pairs (tests/bench/
pairs.py): the bare window alone swings from about 100 to 150 ms with what else the machine
does, so only a ratio of adjacent runs holds. Target: the median of the pairs' ratios is no
more than 1.5; its interquartile range and the load average are printed beside it.

A second point times the kiosk to attract complete (``run --exit-when-attract-complete``, see
ui/app.py: the pack's image and the kiosk's own typefaces painted, the local database open and
migrated, a touch would begin a visit) against the same bare window's first paint, paired the
same way. Target (issue 14): at most 2.0.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bench.conftest import Quiet
from tests.bench.pairs import Paired, alternate, spread
from tests.conftest import REPO

TARGET = 1.5  # the kiosk's first paint against the bare window's
TARGET_COMPLETE = 2.0  # the kiosk's attract complete against the bare window's first paint


def time_to_first_paint(
    cmd: list[str], env: dict[str, str], cpu_ms: list[float] | None = None
) -> float:
    """Wall-clock ms from spawn to the first paint; the process's CPU time (all its threads,
    to its exit just after that paint) is appended to ``cpu_ms``: unlike the wall clock, it
    hardly moves with what other people run on the machine. Also times any program that
    prints ``attract-complete`` (the kiosk's second point) in place of ``first-paint``."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()
    assert line.startswith(("first-paint", "attract-complete")), line
    if cpu_ms is not None:
        cpu_ms.append((usage.ru_utime + usage.ru_stime) * 1000)
    return elapsed * 1000


def first_paint_pairs(a: list[str], b: list[str], env: dict[str, str]) -> tuple[Paired, Paired]:
    """The wall-clock and the CPU-time ratios of ``a``'s first paint to ``b``'s, in pairs."""
    a_cpu: list[float] = []
    b_cpu: list[float] = []
    wall = alternate(
        lambda: time_to_first_paint(a, env, a_cpu), lambda: time_to_first_paint(b, env, b_cpu)
    )
    return wall, spread(a_cpu[1:], b_cpu[1:])  # the first of each only warmed the caches


def kiosk_env(tmp_path: Path) -> dict[str, str]:
    """Both programs start as installed: from compiled bytecode (the package's PyInstaller
    archive holds it), written on the warm-up run into build/ and read by the counted ones. A
    shell with PYTHONDONTWRITEBYTECODE set (this machine's) would otherwise time Python
    compiling the kiosk's every module on every start, a cost no store kiosk has.

    The content folder is the run's own too, the demo pack installed by the warm-up run as by
    a kiosk's first start: the user's default folder is shared by every checkout on the
    machine, and one an older build had installed was validated again on every counted start
    (its snapshot of another format), 40 ms of a figure that was not this build's."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "logs"),
        "KIOSK_CONTENT_DIR": str(tmp_path / "content"),
        "PYTHONPYCACHEPREFIX": str(REPO / "build" / "bench-pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in [n for n in env if n.startswith("KIOSK_BENCH_")]:
        del env[name]  # the benchmarks' own knobs: the kiosk refuses unknown KIOSK_ variables
    return env


BARE = [sys.executable, str(REPO / "tests" / "bench" / "bare_window.py")]


def against_bare(
    tmp_path: Path, quiet_start: Quiet, point: str, out_name: str, content: Path | None = None
) -> Paired:
    """Time ``main.py run <point>`` against the bare window's first paint in pairs; write
    the figures to ``bench-results/<out_name>.json`` and print them. ``content``: another
    installed pack than the demo pack's."""
    kiosk = [sys.executable, str(REPO / "main.py"), "run", point]
    env = kiosk_env(tmp_path)
    if content is not None:
        env["KIOSK_CONTENT_DIR"] = str(content)
    paired, cpu = first_paint_pairs(kiosk, BARE, env)
    result = {
        **paired.figures("kiosk_ms", "bare_ms"),
        "point": point,
        "cpu": cpu.figures("kiosk_cpu_ms", "bare_cpu_ms"),
        "started_quiet": quiet_start.quiet,
    }
    out = REPO / "bench-results"
    out.mkdir(exist_ok=True)
    (out / f"{out_name}.json").write_text(json.dumps(result, indent=2))
    print(
        f"\nstart-up, kiosk {point} {paired.a_median:.0f} ms against bare PySide6 first paint "
        f"{paired.b_median:.0f} ms: {paired}; CPU time {cpu}; load {result['load_average']}"
    )
    return paired


def test_cold_start_to_first_paint(tmp_path: Path, quiet_start: Quiet) -> None:
    paired = against_bare(tmp_path, quiet_start, "--exit-after-first-paint", "startup")
    assert paired.ratio <= TARGET, f"{paired}; started with {quiet_start}"


def test_cold_start_to_attract_complete(tmp_path: Path, quiet_start: Quiet) -> None:
    """The first run (the warm-up, not counted) creates and migrates the database; the counted
    runs open it as a kiosk does on every later start."""
    point = "--exit-when-attract-complete"
    paired = against_bare(tmp_path, quiet_start, point, "startup_attract_complete")
    assert paired.ratio <= TARGET_COMPLETE, f"{paired}; started with {quiet_start}"


@pytest.fixture(scope="module")
def loop_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo pack with a moving attract loop (``pack.attract_loop``) of full-HD frames
    made from its lookbook rooms, installed in a content folder of its own."""
    from PIL import Image

    from kiosk.content.store import PackStore

    base = tmp_path_factory.mktemp("loop-pack")
    pack = base / "pack"
    shutil.copytree(REPO / "data" / "demo-pack", pack)
    rooms = sorted((pack / "images" / "lookbooks").glob("*.jpg"))[:4]
    frames = [Image.open(p).convert("RGB").resize((1920, 1080)) for p in rooms for _ in range(3)]
    frames[0].save(
        pack / "attract" / "loop.webp",
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=83,
        loop=0,
        quality=50,
        method=0,
    )
    toml = pack / "pack.toml"
    line = 'default_language = "en"\n'
    text = toml.read_text(encoding="utf-8")
    text = text.replace(line, f'{line}attract_loop = "attract/loop.webp"\n', 1)
    toml.write_text(text, encoding="utf-8")
    result = PackStore(base / "content").install(pack, renditions=False)
    assert result.ok, result.message
    return base / "content"


def test_cold_start_to_first_paint_with_a_loop_pack(
    tmp_path: Path, quiet_start: Quiet, loop_pack: Path
) -> None:
    """A pack with a moving loop: the loop is known only once the pack is, after the first
    paint, so the first paint keeps its goal."""
    point = "--exit-after-first-paint"
    paired = against_bare(tmp_path, quiet_start, point, "startup_loop", loop_pack)
    assert paired.ratio <= TARGET, f"{paired}; started with {quiet_start}"


def test_cold_start_to_attract_complete_with_a_loop_pack(
    tmp_path: Path, quiet_start: Quiet, loop_pack: Path
) -> None:
    """Attract complete with the loop's first full-screen frame in place of the first image."""
    point = "--exit-when-attract-complete"
    paired = against_bare(tmp_path, quiet_start, point, "startup_loop_complete", loop_pack)
    assert paired.ratio <= TARGET_COMPLETE, f"{paired}; started with {quiet_start}"
