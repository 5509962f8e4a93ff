"""Why an outreach task exists, as typed facts the screen words in one line.

The rules store the facts in the task's ``details`` (JSON, nothing personal); ``reason_of``
reads them back for the due list, so the follow-ups screen can say "Birthday on 20 Dec",
"No visit for 183 days (last 2 Jun)", "2 years since the purchase of MV-CO-OV60" or
"New: MV-LI-SF3, for their answer 'living' to 'rooms'" in the associate's language without
knowing the rules' storage. A fact a task does not have is None; a malformed one is dropped
rather than shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.outreach.rules import OUTREACH_KINDS


@dataclass(frozen=True)
class OutreachReason:
    rule: str
    """The kind: key_date, lapsed, purchase_anniversary or new_arrival."""
    date_kind: str | None = None
    """A key date's kind (birthday, anniversary, move_in, other); never its own label."""
    on: dt.date | None = None
    """The key date's or the anniversary's date this year."""
    last_visit_on: dt.date | None = None
    days: int | None = None
    """Days since the last visit, when the client lapsed (or the rule first saw it)."""
    years: int | None = None
    purchased_on: dt.date | None = None
    skus: tuple[str, ...] = ()
    """The products of an anniversary's purchase, or the one new arrival."""
    category: str | None = None
    question: str | None = None
    answer: str | None = None
    """The needs question and the client's answer a new arrival rests on (pack ids)."""
    key_date_id: uuid.UUID | None = None
    """The key date (``kiosk.clients.key_dates``), whose own label an opened task may show."""
    purchase_id: uuid.UUID | None = None


def reason_of(kind: str, details: Mapping[str, Any]) -> OutreachReason | None:
    """The reason of an outreach task; None for a task of another kind."""
    if kind not in OUTREACH_KINDS:
        return None
    sku = details.get("sku")
    skus = details.get("skus") or ([sku] if sku else [])
    return OutreachReason(
        rule=kind,
        date_kind=_text(details.get("date_kind")),
        on=_date(details.get("on")),
        last_visit_on=_date(details.get("last_visit_on")),
        days=_int(details.get("days")),
        years=_int(details.get("years")),
        purchased_on=_date(details.get("purchased_on")),
        skus=tuple(str(s) for s in skus) if isinstance(skus, list | tuple) else (),
        category=_text(details.get("category")),
        question=_text(details.get("question")),
        answer=_text(details.get("answer")),
        key_date_id=_uuid(details.get("key_date")),
        purchase_id=_uuid(details.get("purchase")),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
