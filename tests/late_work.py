"""A pytest plugin that makes background work late, to find tests that do not wait for it.

    pytest -p tests.late_work tests/ui            # every write and task 50 ms late
    KIOSK_TEST_LATE_MS=200 pytest -p tests.late_work tests/ui

Every write handed to the recorder and every task on Qt's thread pool starts that much
later, as on a loaded machine. A test that reads the database, or the screen, before the
thing it checks is durable or delivered then fails every time instead of once in a while
(that is how the flaky visit count of issue 21 was made certain). Nothing changes for a test
that waits for the write's Future, a signal or a condition. Not loaded by default.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import kiosk.visit.recorder

LATE_S = int(os.environ.get("KIOSK_TEST_LATE_MS", "50")) / 1000
_submit = kiosk.visit.recorder.Recorder.submit


def _late_submit(
    self: kiosk.visit.recorder.Recorder, fn: Callable[[], Any], background: bool = False
) -> Future[Any]:
    def late() -> Any:
        time.sleep(LATE_S)
        return fn()

    return _submit(self, late, background)


def pytest_configure() -> None:
    kiosk.visit.recorder.Recorder.submit = _late_submit  # type: ignore[method-assign]
    from ui import tasks

    run = tasks._Task.run

    def late_run(self: tasks._Task) -> None:
        time.sleep(LATE_S)
        run(self)

    tasks._Task.run = late_run  # type: ignore[method-assign]
