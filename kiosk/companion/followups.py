"""My follow-ups for today on the companion: the kiosk's due list and the kiosk's completion,
read and written in the store database.

The list is associate mode's own (``kiosk.associates.due.due_list``: mine or nobody's, live
clients only, an outreach only with its clienteling consent), cut to what is overdue or due
today on the store's calendar. Completing one is the kiosk's ``complete`` with the store
side's writer (``store_save``): the same outcomes per kind, an outreach's channel, a booked
appointment's date and its reminder, every refusal raised before anything is written; the
kiosks pull the result. Taking a client's score on the call stays on the kiosk.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk.associates.due import DueItem, Group, due_list
from kiosk.associates.rules import BOOKED
from kiosk.associates.tasks import OUTCOMES, Completed, FollowupError, complete
from kiosk.db.client_book_rows import CHANNELS
from kiosk.db.models import FollowupTask
from kiosk.db.versions import store_save
from kiosk.outreach.rules import OUTREACH_KINDS

TODAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class TaskLine:
    """One follow-up as the phone shows it, with what its completion form offers."""

    item: DueItem
    outcomes: tuple[str, ...]
    needs_channel: bool
    books: bool  # one of its outcomes books a date

    @property
    def overdue(self) -> bool:
        return self.item.group is Group.OVERDUE


class MyFollowups:
    def __init__(
        self, engine: Engine, store_id: str, zone: dt.tzinfo, clock: Callable[[], dt.datetime]
    ) -> None:
        self.engine = engine
        self.store_id = store_id
        self.zone = zone
        self.clock = clock

    def today(self, me: uuid.UUID) -> list[TaskLine]:
        """Mine (or nobody's) overdue or due today, on the store's calendar."""
        now = self.clock().astimezone(self.zone)
        with Session(self.engine) as s:
            items = due_list(s, self.store_id, now, me, horizon=TODAY)
        return [
            TaskLine(
                item,
                OUTCOMES.get(item.kind, OUTCOMES["manual"]),
                item.kind in OUTREACH_KINDS,
                BOOKED in OUTCOMES.get(item.kind, ()),
            )
            for item in items
            if item.group in (Group.OVERDUE, Group.TODAY)
        ]

    def complete(
        self,
        task_id: uuid.UUID,
        me: uuid.UUID,
        outcome: str,
        channel: str | None,
        booked_for: dt.date | None,
    ) -> Completed:
        """Record ``outcome`` (FollowupError, nothing written, when it cannot be)."""
        if channel is not None and channel not in CHANNELS:
            raise FollowupError("choose how the client was contacted", "channel")
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            task = s.get(FollowupTask, task_id)
            if task is None or task.store_id != self.store_id:
                raise FollowupError("no such follow-up in this store", "unknown")
            return complete(
                s,
                task_id,
                me,
                outcome,
                self.clock(),
                None if booked_for is None else {"booked_for": booked_for},
                save=store_save,
                zone=self.zone,
                channel=channel,
            )
