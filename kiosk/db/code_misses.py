"""Slowing down guessed codes on a kiosk, counted in its own database.

An invitation code and a hand-off code are both typed on the greeting's keyboard; a wrong one
is a ``CodeMiss`` row of its kind (no code kept), so a restart forgives nothing. Past
``MISSES_PER_MINUTE`` misses of a kind in the last minute the kiosk stops looking and asks
the customer to wait ``retry_after`` seconds. Shared by ``kiosk.aftersale.referrals`` and
``kiosk.visit.returning`` so both codes are slowed by the same rule.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from kiosk.db.models import CodeMiss

MISSES_PER_MINUTE = 5
WINDOW = dt.timedelta(minutes=1)
KEEP_MISSES = dt.timedelta(hours=1)


def retry_after(engine: Engine, kind: str, now: dt.datetime) -> int:
    """Seconds before another code of ``kind`` may be tried: 0, or until the misses of the
    last minute fall below the limit."""
    with Session(engine) as s:
        recent = s.scalars(
            select(CodeMiss.at)
            .where(CodeMiss.kind == kind, CodeMiss.at > now - WINDOW)
            .order_by(CodeMiss.at.desc())
            .limit(MISSES_PER_MINUTE)
        ).all()
    if len(recent) < MISSES_PER_MINUTE:
        return 0
    return max(1, math.ceil((recent[-1] + WINDOW - now).total_seconds()))


def count_miss(s: Session, kind: str, at: dt.datetime) -> None:
    """One wrong code of ``kind``, in the caller's transaction; misses older than the
    slowing could ever look at are dropped on the way."""
    s.add(CodeMiss(kind=kind, at=at))
    s.execute(delete(CodeMiss).where(CodeMiss.at < at - KEEP_MISSES))
