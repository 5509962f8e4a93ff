"""A file replaced whole or not at all: written beside its target, renamed over it.

A reader (another process, a start after a power cut) finds the old file or the new, never
half of one; a failure leaves the old file and no temporary one behind. The pack's snapshot,
its pointer, its first picture's hint and the image renditions are written this way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kiosk.station.storage import readable_by_all


@contextmanager
def replaced(
    target: Path, prefix: str, suffix: str = "", binary: bool = False
) -> Iterator[IO[Any]]:
    """A handle on a new file in ``target``'s folder (named ``prefix``...``suffix``, readable
    by all: kiosk and store IT may be different users), renamed over ``target`` once the
    block ends; flushed to the disk first, so the name never points at data still in flight.
    Whatever the block or the rename raises is raised, with the new file removed."""
    import tempfile  # not at import: it brings the random module, a millisecond of the start

    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=prefix, suffix=suffix)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8") as handle:
            readable_by_all(tmp)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
