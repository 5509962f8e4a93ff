"""Cold start of the packaged build against the unpackaged kiosk, to the first painted attract.

Both are started the same way (a new process, offscreen, a fresh data folder) and timed from
spawn until they print their first paint, alternately, in the same run: the built binary
``dist/maison-kiosk/maison-kiosk run --exit-after-first-paint`` against the venv's
``python main.py run --exit-after-first-paint``, in alternated pairs (tests/bench/pairs.py;
the median of the pairs' ratios, printed with its spread). `make bench` builds the package
first; run directly, the test skips when there is no build. Target: the packaged kiosk takes
no more than 1.3x the unpackaged one (onedir measured about 1.08x on this machine kind).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.bench.conftest import Quiet
from tests.bench.test_startup_bench import first_paint_pairs
from tests.conftest import REPO

BUILD = REPO / "dist" / "maison-kiosk"
BINARY = BUILD / ("maison-kiosk.exe" if sys.platform == "win32" else "maison-kiosk")


def folder_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def test_packaged_cold_start_against_unpackaged(tmp_path: Path, quiet_start: Quiet) -> None:
    if not BINARY.exists():
        pytest.skip(f"no packaged build at {BINARY.relative_to(REPO)}: run `make package` first")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_LOCAL_DB_PATH": str(tmp_path / "data" / "kiosk.sqlite3"),
        "KIOSK_LOG_DIR": str(tmp_path / "logs"),
    }
    packaged = [str(BINARY), "run", "--exit-after-first-paint"]
    source = [sys.executable, str(REPO / "main.py"), "run", "--exit-after-first-paint"]
    paired, cpu = first_paint_pairs(packaged, source, env)
    archives = sorted((REPO / "dist").glob("maison-kiosk-*.tar.gz"))
    result = {
        **paired.figures("packaged_ms", "unpackaged_ms"),
        "cpu": cpu.figures("packaged_cpu_ms", "unpackaged_cpu_ms"),
        "started_quiet": quiet_start.quiet,
        "build_mb": round(folder_size(BUILD) / 1e6, 1),
        "archive_mb": round(archives[-1].stat().st_size / 1e6, 1) if archives else None,
    }
    out = REPO / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "package.json").write_text(json.dumps(result, indent=2))
    print(
        f"\nfirst paint: packaged {paired.a_median:.0f} ms, unpackaged {paired.b_median:.0f} ms, "
        f"{paired}; CPU time {cpu}; build {result['build_mb']} MB, "
        f"archive {result['archive_mb']} MB, load {result['load_average']}"
    )
    assert paired.ratio <= 1.3, f"{paired}; started with {quiet_start}"
