"""Every start of the kiosk asks whether its database is at this build's newest schema; once it
is (every start but the first after an update), the answer must not cost Alembic's import and
script loading (about a quarter of a second of the start), and must still be Alembic's answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.db.engine import open_local
from kiosk.db.migrate import head_from_files, head_revision, upgrade


def test_the_newest_revision_read_from_the_scripts_is_alembics():
    assert head_from_files() == head_revision()


OPEN_AGAIN = """
import sys
from pathlib import Path
from kiosk.db.engine import open_local
from kiosk.db.migrate import upgrade
engine = open_local(Path(sys.argv[1]))
assert upgrade(engine) is None  # at head: nothing run, no backup
print(sorted(name for name in sys.modules if name.split(".")[0] == "alembic"))
"""


def test_a_database_at_the_newest_schema_opens_without_alembic(tmp_path: Path):
    db = tmp_path / "kiosk.sqlite3"
    engine = open_local(db)
    upgrade(engine)  # the first start: migrated by Alembic
    engine.dispose()
    again = subprocess.run(
        [sys.executable, "-c", OPEN_AGAIN, str(db)], capture_output=True, text=True, check=True
    )
    assert again.stdout.strip() == "[]", again.stdout
    assert not list(tmp_path.glob("*.bak"))  # and nothing was copied or changed
