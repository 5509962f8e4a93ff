"""The late-work plugin (``pytest -p tests.late_work``) stands in for the recorder's submit,
so it must take every argument the real one takes, or every write under it fails."""

from __future__ import annotations

import inspect

from kiosk.visit.recorder import Recorder
from tests import late_work


def test_late_submit_takes_what_the_recorder_submit_takes() -> None:
    real = inspect.signature(Recorder.submit).parameters
    late = inspect.signature(late_work._late_submit).parameters
    assert list(late) == list(real)
    assert [p.default for p in late.values()] == [p.default for p in real.values()]
