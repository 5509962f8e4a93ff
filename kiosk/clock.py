"""The time of day as the kiosk records it: always UTC, always timezone-aware.

Screens and domain code take "now" from here, not from the database layer, so a screen that
needs a timestamp never imports ``kiosk.db``.
"""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
