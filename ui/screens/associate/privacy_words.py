"""The privacy screen's words: what the manager is told of typed input, of counts, and of the
store database's share of an erasure.

These are pure functions and tables from a result or from what was typed to a string key.
They stand apart from the screen (``privacy``), which finds, confirms and erases, so that
the screen's module holds its behaviour and its drawing within the size the project keeps.
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.clients.forgetting import ErasurePlan, StoreShare
from ui.strings import tr

STORE_LINES = {
    StoreShare.DONE: "privacy.done.store",
    StoreShare.LATER: "privacy.done.store_later",
    StoreShare.PENDING: "privacy.done.store_pending",
    StoreShare.NONE: "privacy.done.no_store",
}
"""What the manager is told of the store database's share, as the erasure decided it."""


def _bad_input_key(typed: str) -> str:
    """Which of the screen's messages fits what was typed (the parser's own are English)."""
    text = typed.strip()
    if not text:
        return "privacy.bad.empty"
    if "@" in text:
        return "privacy.bad.email"
    if re.fullmatch(r"[+\d\s\-./()]+", text):
        return "privacy.bad.phone"
    return "privacy.bad.member"


def counted(key: str, language: str, n: int, **values: Any) -> str:
    """``key`` for many, ``key.one`` for one, ``key.none`` for none."""
    suffix = ".none" if n == 0 else ".one" if n == 1 else ""
    return tr(key + suffix, language, n=n, **values)


def erased_lines(plan: ErasurePlan, language: str) -> list[str]:
    """What forgetting ``plan``'s client empties or stops, one line each; the records a
    client may have none of (the client book's key dates, advisor and outreach; cases,
    purchases, scores after the sale) only when there are."""
    lines = [
        tr("privacy.match.profile", language),
        counted("privacy.match.notes", language, plan.notes),
        counted("privacy.match.tasks", language, plan.tasks, open=plan.open_tasks),
    ]
    if plan.outreach:  # among the open ones: named, since they are the client book's calls
        lines.append(counted("privacy.match.outreach", language, plan.outreach))
    if plan.key_dates:
        lines.append(counted("privacy.match.key_dates", language, plan.key_dates))
    if plan.advisor:
        lines.append(tr("privacy.match.advisor", language))
    lines.append(counted("privacy.match.consents", language, plan.consents))
    for key, n in (("cases", plan.cases), ("purchases", plan.purchases), ("scores", plan.scores)):
        if n:
            lines.append(counted(f"privacy.match.{key}", language, n))
    return lines
