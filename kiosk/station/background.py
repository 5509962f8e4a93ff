"""Background threads give way to the screen.

On a 2-core kiosk the store sync (a backlog drained after an outage) and the recorder's
end-of-visit sweep share the cores with the GUI thread; a GUI thread descheduled for them
is a screen that does not answer a finger (tests/bench/test_gui_stall_bench.py saw screen
changes of 30 ms on the CPU take 60 ms of wall clock while the sync drained). Each such
thread lowers its own scheduling priority when it starts: the kernel then runs the GUI
thread first whenever both are ready, and the background work still gets every idle moment.
"""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)

NICE = 10  # of 19: well behind the screen, well ahead of nothing


def give_way() -> None:
    """Lower the calling thread's priority (Linux: per thread, by its native id); elsewhere,
    or where the system refuses, the thread keeps its priority."""
    setpriority = getattr(os, "setpriority", None)
    if setpriority is None or not hasattr(os, "PRIO_PROCESS"):
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        setpriority(os.PRIO_PROCESS, threading.get_native_id(), max(current, NICE))
    except OSError as exc:
        log.debug("background thread keeps its priority: %s", exc)
