"""An associate's absence as "My clients" shows it: until when they are away, if they are.

``kiosk.clients.book`` writes the absence (``set_away``); this is its one read, store-wide
when the store database answers (an absence set on another kiosk), else this kiosk's copy.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select

from kiosk.db.models import Associate
from kiosk.db.reads import StoreReader


def away_until(reader: StoreReader, associate_id: uuid.UUID) -> dt.datetime | None:
    """When ``associate_id``'s absence ends (aware UTC), or None when none is set."""
    until = reader.read(
        lambda s: s.scalar(select(Associate.away_until).where(Associate.id == associate_id))
    ).value
    if until is not None and until.tzinfo is None:  # SQLite hands back naive UTC
        until = until.replace(tzinfo=dt.UTC)
    return until
