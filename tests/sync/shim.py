"""A stand-in for a one-line fix to kiosk/visits.py that this branch may not make itself.

``VisitStore._event`` asks ``s.is_modified(visit)`` *after* a query; the query autoflushes
the visit's changes first, so the answer is always False: changes to a visit (stage,
language, ended_at) are written locally but never get a new version or an outbox entry, and
never reach the store. The sync tests found it. The fix (for the lead) is to ask first:

    changed = s.is_modified(visit)
    last = s.scalar(...)
    ...
    if changed:
        save(s, visit)

Until it lands, the sync tests run with the fixed method below;
``test_visit_changes_reach_the_outbox_upstream`` fails loudly once upstream is fixed, as a
reminder to delete this file.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Visit, VisitEvent
from kiosk.db.outbox import save
from kiosk.visits import VisitStore

ORIGINAL_EVENT = VisitStore._event


def fixed_event(
    self: VisitStore, s: Session, visit: Visit, kind: str, payload: dict[str, Any], at: Any
) -> int:
    changed = s.is_modified(visit)
    last = s.scalar(select(func.max(VisitEvent.seq)).where(VisitEvent.visit_id == visit.id))
    seq = (last or 0) + 1
    if changed:
        save(s, visit)
    save(s, VisitEvent(visit_id=visit.id, seq=seq, kind=kind, payload=payload, at=at))
    return seq


def install() -> None:
    VisitStore._event = fixed_event  # type: ignore[method-assign]
