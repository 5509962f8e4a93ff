"""Every benchmark starts from a quiet machine and leaves one behind.

- PostgreSQL: each benchmark gets a cluster of its own, stopped when it ends. A shared server
  kept working after the dashboard bench had loaded 1.3 million rows (autovacuum, the
  checkpointer), and the journey stall bench after it read 185 ms instead of about 70.
- Before each benchmark, this process's leftovers are collected and the machine's CPU is
  given up to ``KIOSK_BENCH_QUIET_S`` seconds (default 20) to have at least one core idle;
  the load average and the idle share found are printed, because on a machine shared with
  other people's builds that is part of every figure.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.pg import PgServer, own_server

QUIET_S = float(os.environ.get("KIOSK_BENCH_QUIET_S", "20"))
IDLE_ENOUGH = 1 / (os.cpu_count() or 1)  # one core's worth of idle time


def cpu_idle_share(window_s: float = 1.0) -> float:
    """The share of all cores' time spent idle over ``window_s`` (from /proc/stat)."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return fields[3] + fields[4], sum(fields[:8])  # idle + iowait, all but guest time

    idle0, total0 = sample()
    time.sleep(window_s)  # the measuring window itself, not a wait for "long enough"
    idle1, total1 = sample()
    return (idle1 - idle0) / max(1, total1 - total0)


@dataclass(frozen=True)
class Quiet:
    idle: float  # share of all cores' time idle just before the benchmark
    load: tuple[float, float, float]
    waited_s: float

    @property
    def quiet(self) -> bool:
        return self.idle >= IDLE_ENOUGH

    def __str__(self) -> str:
        load = ", ".join(f"{x:.2f}" for x in self.load)
        return f"load {load}, CPU {self.idle:.0%} idle after {self.waited_s:.0f} s"


@pytest.fixture(autouse=True)
def quiet_start(request: pytest.FixtureRequest) -> Iterator[Quiet]:
    gc.collect()
    began = time.monotonic()
    idle = cpu_idle_share()
    while idle < IDLE_ENOUGH and time.monotonic() - began < QUIET_S:
        idle = cpu_idle_share()
    found = Quiet(idle, os.getloadavg(), time.monotonic() - began)
    print(f"\n[{request.node.name}] starts: {found}")
    yield found
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n[{request.node.name}] ends with load {load}")


@pytest.fixture
def pg_server() -> Iterator[PgServer]:
    """This benchmark's own PostgreSQL server, stopped at its end (overrides the session's)."""
    with own_server() as server:
        yield server
