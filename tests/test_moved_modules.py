"""tools/moved_modules.py, which brings branches written against the flat ``kiosk/`` over to
the feature packages, says only true things: every new name it writes can be imported, no
old name survives, and its rewrites are exact and idempotent."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("moved_modules", REPO / "tools" / "moved_modules.py")
assert _spec is not None
assert _spec.loader is not None
mm = importlib.util.module_from_spec(_spec)
sys.modules["moved_modules"] = mm  # dataclasses and the like look a module up by name
_spec.loader.exec_module(mm)


def exists(dotted: str) -> bool:
    return importlib.util.find_spec(dotted) is not None


@pytest.mark.parametrize("new", sorted({*mm.MOVES.values(), *mm.NEW_MODULES}))
def test_every_new_module_exists(new):
    assert exists(new), new


@pytest.mark.parametrize("old", sorted(o for o in mm.MOVES if o not in mm.NEW_CHILDREN))
def test_no_old_module_is_left(old):
    """An old name that still imported would hide a reference the tool missed."""
    assert not (REPO / (old.replace(".", "/") + ".py")).exists(), old
    assert not (REPO / old.replace(".", "/") / "__init__.py").exists(), old


@pytest.mark.parametrize(
    ("module", "name", "target"),
    [(m, n, t) for m, names in mm.SYMBOLS.items() for n, t in names.items()],
)
def test_every_moved_name_is_where_it_is_said_to_be(module, name, target):
    target_module, _, renamed = target.partition(":")
    moved = getattr(importlib.import_module(target_module), renamed or name)
    # still reachable where it was only as the very object it imports: never a second copy
    left = getattr(importlib.import_module(module), name, moved)
    assert left is moved, f"{module}.{name} is defined there too"


OLD = """\
from kiosk import __version__, cli, pinyin
from kiosk.clienteling import CLIENTELING, Attachment, mask_phone, profile
from kiosk.clients import parse_key
from kiosk.followup.records import touch
from kiosk.followups import complete, sweep
import kiosk.recorder

log = logging.getLogger("kiosk.followup.page")
GROUP = ("kiosk.followups_cli", "follow-up tasks")
kiosk.recorder.Recorder.submit
"""

NEW = """\
from kiosk import __version__, cli
from kiosk.visit import pinyin
from kiosk.clients.consent import CLIENTELING
from kiosk.clients.attach import Attachment
from kiosk.clients.masking import mask_phone
from kiosk.clients.profile import profile
from kiosk.clients.lookup import parse_key
from kiosk.db.versions import new_version as touch
from kiosk.associates.tasks import complete
from kiosk.associates.rules import sweep
import kiosk.visit.recorder

log = logging.getLogger("kiosk.followup.page")
GROUP = ("kiosk.associates.cli", "follow-up tasks")
kiosk.visit.recorder.Recorder.submit
"""


def test_a_flat_layout_file_is_rewritten_exactly_and_only_once(tmp_path: Path):
    """Imports, module strings and ``import X`` attribute paths move; the follow-up page's
    logger name (store IT's log lines) does not; a second run changes nothing."""
    assert mm.rewrite(OLD) == NEW
    assert mm.rewrite(NEW) == NEW
    # new-layout imports of a package that was a module are left alone
    for line in ("from kiosk.clients import profile\n", "from kiosk.associates import tasks\n"):
        assert mm.rewrite(line) == line
