"""Where the GUI thread stalls: a watchdog that records its Python stack while it is blocked.

A frame late by more than 16 ms is a frame a customer's finger does not see move. A timer
on the GUI thread beats every few milliseconds; a watchdog thread looks at the last beat,
and while the beat is older than ``threshold_ms`` it samples the GUI thread's Python stack
(``sys._current_frames``) every few milliseconds. When the beat comes back, the stall is
kept as a ``Stall``: how long the loop was away, how much of that the GUI thread itself spent
on the CPU (a stall it spent descheduled, because other programs had the cores, is the
machine's, not the kiosk's), and the stacks sampled, whose most frequent frame in the
kiosk's own code says where the time went.

The garbage collector's passes on the GUI thread are timed too (``gc.callbacks``): a
collection runs inside whatever Python code allocated last, so its stack names an innocent
line; a stall that held a collection says so, with the generation and its milliseconds.

Off by default. ``MAISON_STALL_WATCH=1`` (or a threshold in ms, ``MAISON_STALL_WATCH=25``)
switches it on in ``kiosk run``: each stall is logged with its stack. It is a developer's
switch, not a ``KIOSK_`` setting (``kiosk config`` refuses unknown ``KIOSK_`` variables, and a
store kiosk keeps it off). The journey stall bench (tests/bench/test_gui_stall_bench.py) uses
it to print where each long stall was.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer

log = logging.getLogger(__name__)

ENV = "MAISON_STALL_WATCH"
THRESHOLD_MS = 16.0
BEAT_MS = 4
SAMPLE_S = 0.003
OWN_CODE = ("/ui/", "/kiosk/")  # frames of the kiosk's own code say where the time went


@dataclass
class Stall:
    """One time the GUI thread's event loop was away for longer than the threshold."""

    started: float  # perf_counter of the last beat before it
    ms: float = 0.0  # from that beat to the next one
    busy_ms: float = 0.0  # the GUI thread's own CPU time in that gap
    stacks: list[tuple[str, ...]] = field(default_factory=list)  # frames, outermost first
    gc_ms: dict[int, float] = field(default_factory=dict)  # generation -> ms collecting in it

    def busy(self, threshold_ms: float = THRESHOLD_MS) -> bool:
        """The GUI thread itself spent more than ``threshold_ms`` on the CPU in it: a stall
        it would have had on an idle machine too (else it waited: on the cores other programs
        held, or on a lock or the disk; the wall-clock ``ms`` says how long either way)."""
        return self.busy_ms > threshold_ms

    def where(self) -> str:
        """The frame of the kiosk's own code seen in most samples (else the innermost)."""
        counts: Counter[str] = Counter()
        for stack in self.stacks:
            own = [frame for frame in stack if any(part in frame for part in OWN_CODE)]
            if own:
                counts[own[-1]] += 1
            elif stack:
                counts[stack[-1]] += 1
        return counts.most_common(1)[0][0] if counts else "(no sample)"

    def report(self, frames: int = 12) -> str:
        """A few lines for a log or a benchmark: length, CPU share, the typical stack."""
        head = f"GUI stall {self.ms:.0f} ms ({self.busy_ms:.0f} ms on the CPU) at {self.where()}"
        if self.gc_ms:
            passes = ", ".join(f"gen{gen} {ms:.0f} ms" for gen, ms in sorted(self.gc_ms.items()))
            head += f"; garbage collection: {passes}"
        if not self.stacks:
            return head
        typical = Counter(self.stacks).most_common(1)[0][0]
        return "\n".join([head, *(f"    {frame}" for frame in typical[-frames:])])


class StallDetector(QObject):
    """Beats on the GUI thread, watched from a thread of its own; ``stalls`` grows as the
    loop stalls. ``start`` and ``stop`` on the GUI thread; ``on_stall`` is called on the
    watchdog thread with each finished stall (keep it quick: logging is fine)."""

    def __init__(self, threshold_ms: float = THRESHOLD_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold_ms = threshold_ms
        self.stalls: list[Stall] = []
        self.beats = 0
        self.on_stall: list[object] = []
        self._beat = time.perf_counter()
        self._gui = threading.get_ident()
        self._clock = _thread_clock(self._gui)
        self._running = threading.Event()
        self._watchdog: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(self._tick)
        self._gc_started = 0.0
        self._gc_passes: list[tuple[float, float, int]] = []  # GUI thread: start, end, gen

    def start(self) -> None:
        self._gui = threading.get_ident()
        self._clock = _thread_clock(self._gui)
        self._beat = time.perf_counter()
        self._running.set()
        self._gc_passes.clear()
        gc.callbacks.append(self._on_gc)
        self._timer.start()
        self._watchdog = threading.Thread(target=self._watch, name="stall-watch", daemon=True)
        self._watchdog.start()

    def stop(self) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        self._timer.stop()
        self._running.clear()
        if self._watchdog is not None:
            self._watchdog.join()
            self._watchdog = None

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        """Times each collection the GUI thread runs (a collection runs on the thread whose
        allocation set it off, so a worker's are not the screen's)."""
        if threading.get_ident() != self._gui:
            return
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif self._gc_started:
            self._gc_passes.append((self._gc_started, now, info.get("generation", -1)))
            del self._gc_passes[:-64]  # the recent ones: a stall's are among them
            self._gc_started = 0.0

    def _tick(self) -> None:
        self._beat = time.perf_counter()
        self.beats += 1

    def _cpu_ms(self) -> float:
        return time.clock_gettime(self._clock) * 1000 if self._clock is not None else 0.0

    def _watch(self) -> None:
        open_stall: Stall | None = None
        cpu_at_beat = self._cpu_ms()
        seen_beat = self._beat
        while self._running.is_set():
            time.sleep(SAMPLE_S)  # the watchdog's own sampling period, on its own thread
            beat, now = self._beat, time.perf_counter()
            if beat != seen_beat:  # the loop came back
                if open_stall is not None:
                    open_stall.ms = (beat - open_stall.started) * 1000
                    open_stall.busy_ms = self._cpu_ms() - cpu_at_beat
                    self._finish(open_stall)
                    open_stall = None
                seen_beat, cpu_at_beat = beat, self._cpu_ms()
                continue
            if (now - beat) * 1000 > self.threshold_ms:
                if open_stall is None:
                    open_stall = Stall(started=beat)
                stack = self._gui_stack()
                if stack:
                    open_stall.stacks.append(stack)

    def _gui_stack(self) -> tuple[str, ...]:
        """The GUI thread's frames, outermost first: names and line numbers only (no source
        lines read: the sample is taken holding the GIL the GUI thread wants back)."""
        frame = sys._current_frames().get(self._gui)
        frames: list[str] = []
        while frame is not None:
            code = frame.f_code
            frames.append(f"{code.co_filename}:{frame.f_lineno} {code.co_name}")
            frame = frame.f_back
        frames.reverse()
        return tuple(frames)

    def _finish(self, stall: Stall) -> None:
        end = stall.started + stall.ms / 1000
        for began, ended, generation in list(self._gc_passes):
            if began >= stall.started and ended <= end:
                spent = (ended - began) * 1000
                stall.gc_ms[generation] = stall.gc_ms.get(generation, 0.0) + spent
        self.stalls.append(stall)
        for callback in self.on_stall:
            callback(stall)  # type: ignore[operator]


def _thread_clock(ident: int) -> int | None:
    try:
        return time.pthread_getcpuclockid(ident)
    except (AttributeError, OSError):  # not on this platform: stalls are not told apart
        return None


def threshold_from_env(environ: dict[str, str] | None = None) -> float | None:
    """``MAISON_STALL_WATCH``: unset, empty or 0 is off; 1 is on at 16 ms; more is the
    threshold in ms. Anything else is refused with a clear message."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if value in ("", "0"):
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{ENV}={value!r}: give 1 (on) or a threshold in ms") from None
    if number < 0:
        raise ValueError(f"{ENV}={value!r}: give 1 (on) or a threshold in ms")
    return THRESHOLD_MS if number == 1 else number


def install_from_env(parent: QObject) -> StallDetector | None:
    """In ``kiosk run``: a detector logging each stall when ``MAISON_STALL_WATCH`` asks."""
    threshold = threshold_from_env()
    if threshold is None:
        return None
    detector = StallDetector(threshold, parent)
    detector.on_stall.append(lambda stall: log.warning("%s", stall.report()))
    detector.start()
    log.info(
        "stall detector on: the GUI thread's stack is logged for stalls over %.0f ms", threshold
    )
    return detector
