"""Why a follow-up exists, for the follow-ups screen's row and panel: an after-sale task's
details (a booking's day, slot and SKUs; nothing personal) in one line the associate can act
on, with the slot's hours from the store's capacity (``service_capacity``); an outreach
task's (a key date, a lapsed client, a purchase's anniversary, a new arrival) from
``outreach_reason``, reckoned from the store's day."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from kiosk.aftersale.capacity import Capacity, capacity_from
from ui.screens.associate.followups_panels.outreach_reason import outreach_reason
from ui.screens.associate.service_words import reason_text

if TYPE_CHECKING:
    from kiosk.associates.due import DueItem
    from ui.screens.associate.followups_panels.detail import TaskDesk

log = logging.getLogger(__name__)


def store_capacity(desk: TaskDesk) -> Capacity | None:
    """The store's slots as configured; None (hours left out) when the setting is faulty:
    ``kiosk check`` names the fault, the follow-ups screen still shows the task."""
    try:
        return capacity_from(desk.ops.runtime.config)
    except ValueError:
        log.warning("service_capacity does not parse: slot hours left out")
        return None


def reason_of(desk: TaskDesk, item: DueItem, now: dt.datetime, language: str) -> str | None:
    today = now.astimezone(desk.tasks.zone).date()  # the store's day, not the machine's
    outreach = outreach_reason(item.kind, item.details, today, desk.ctx.pack, language)
    if outreach is not None:
        return outreach
    return reason_text(
        item.kind, item.details, today, desk.ctx.pack, store_capacity(desk), language
    )
