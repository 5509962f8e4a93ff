"""Outreach done versus due, per associate: a manager's figure, never a customer's.

Definitions (``kiosk.outreach.rules`` makes the tasks):

- **Due**: outreach tasks (key date, lapsed, purchase anniversary, new arrival) falling due
  in the period, except those stopped because the client withdrew consent or was forgotten
  (nobody could follow up).
- **Done**: of those, the ones completed with an outcome (whenever, up to now), so done is
  never more than due; ``by_channel`` counts them by how the client was contacted (call,
  message, in_store, letter; ``unknown`` for none recorded).
- **Per associate**: by whom the task was for (``assigned_to``, the client's advisor when
  the rule made it); ``associate_id`` None is the whole store (no advisor, or the advisor
  away), which the screen words itself.

Who sees it: only managers. The dashboard screen is a manager's tool
(``ui.screens.associate.dashboard``, its ``ROLES``), ``kiosk report`` is run by the store's
managers and IT, and ``visible_to(role, figures)`` gives nothing to any other role, so a screen
that shows figures to someone else cannot show these by mistake. Nothing here ranks
associates: the figures come in name order.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Associate, FollowupTask
from kiosk.outreach.rules import OUTREACH_KINDS

STOPPED = ("consent_withdrawn", "erased", "cancelled")
"""Closed without anyone following up (kiosk.insights.dashboard.NOT_DONE_OUTCOMES)."""
VIEWER_ROLES = ("manager",)
"""The roles that may see outreach figures per associate."""
UNKNOWN_CHANNEL = "unknown"
STORE_NAME = "store"
"""The name of the whole store's figure in a report; a screen words it itself."""


@dataclass(frozen=True)
class OutreachFigure:
    associate_id: uuid.UUID | None
    name: str
    due: int
    done: int
    by_channel: Mapping[str, int] = field(default_factory=dict)


def outreach_figures(
    s: Session, store_id: str, start: dt.datetime, end: dt.datetime
) -> tuple[OutreachFigure, ...]:
    """Outreach due in ``[start, end)`` and done, per associate (the store last), by name."""
    t = FollowupTask
    due_in_period = and_(
        t.store_id == store_id,
        t.kind.in_(OUTREACH_KINDS),
        t.due_at >= start,
        t.due_at < end,
        func.coalesce(t.outcome, "").not_in(STOPPED),
    )
    rows = s.execute(
        select(t.assigned_to, t.completed_at.is_not(None), t.channel, func.count())
        .where(due_in_period)
        .group_by(t.assigned_to, t.completed_at.is_not(None), t.channel)
    ).all()
    due: dict[uuid.UUID | None, int] = {}
    done: dict[uuid.UUID | None, int] = {}
    channels: dict[uuid.UUID | None, dict[str, int]] = {}
    for who, completed, channel, n in rows:
        due[who] = due.get(who, 0) + n
        if completed:
            done[who] = done.get(who, 0) + n
            by = channels.setdefault(who, {})
            key = channel or UNKNOWN_CHANNEL
            by[key] = by.get(key, 0) + n
    ids = [who for who in due if who is not None]
    names: dict[uuid.UUID, str] = {}
    if ids:
        named = select(Associate.id, Associate.display_name).where(Associate.id.in_(ids))
        names = {row.id: row.display_name for row in s.execute(named)}
    figures = []
    for who, n in due.items():
        name = STORE_NAME if who is None else names.get(who) or str(who)
        by_channel = dict(sorted(channels.get(who, {}).items()))
        figures.append(OutreachFigure(who, name, n, done.get(who, 0), by_channel))
    figures.sort(key=lambda f: (f.associate_id is None, _by_name(f.name), str(f.associate_id)))
    return tuple(figures)


def _by_name(name: str) -> str:
    """Alphabetical as a reader expects it: Élise with the Es, not after the Zs."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def visible_to(role: str | None, figures: tuple[OutreachFigure, ...]) -> tuple[OutreachFigure, ...]:
    """``figures`` for a manager; nothing for any other role (or nobody signed in)."""
    return figures if role in VIEWER_ROLES else ()
