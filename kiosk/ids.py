"""Time-ordered UUIDs (version 7, RFC 9562) generated on the kiosk.

Keys made on the kiosk let it record visits while the store database is unreachable and let
several kiosks write to one store database without coordination. Time order keeps B-tree
inserts local on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uuid

_lock = threading.Lock()
_last_ms = 0
_last_counter = 0


def uuid7() -> uuid.UUID:
    """A new UUIDv7; within one process, strictly increasing even within a millisecond."""
    import uuid  # at the first visit's start, not in the kiosk's (uuid imports platform)

    global _last_ms, _last_counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            counter = _last_counter + 1
            if counter >= 1 << 12:  # 4096 ids in one millisecond: borrow the next one
                ms += 1
                counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        else:
            counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        _last_ms, _last_counter = ms, counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand
    return uuid.UUID(int=value)
