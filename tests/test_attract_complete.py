"""The start-up bench's second measuring point, run as store IT would start the kiosk, untimed:
``run --exit-when-attract-complete`` must keep exiting 0 with every condition it stands for met,
or the bench would time something else (or hang) without anyone noticing."""

from __future__ import annotations

from pathlib import Path

from kiosk.db.engine import open_local
from kiosk.db.migrate import current_revision, head_revision
from tests.test_startup_errors import run_kiosk


def test_the_kiosk_exits_once_attract_is_complete_and_says_what_was_met(kiosk_env):
    result = run_kiosk(kiosk_env, "run", "--exit-when-attract-complete")
    assert result.returncode == 0, result.stderr
    point, ms, *conditions = result.stdout.split()
    assert point == "attract-complete"
    assert float(ms) > 0
    assert conditions == ["image=yes", "fonts=yes", "database=yes", "touch=yes"]
    engine = open_local(Path(kiosk_env["KIOSK_LOCAL_DB_PATH"]))  # what it reported, checked
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
