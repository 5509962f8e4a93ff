"""What the companion's routes share: the store database's parts, the session table, the
signer and brake borrowed from the follow-up page (``kiosk.handoff.security``), the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from kiosk.companion.board import Board
from kiosk.companion.sessions import SessionTable
from kiosk.companion.signin import StoreSignIn
from kiosk.content.model import DEFAULT_CASE_CATEGORIES, CaseCategory
from kiosk.handoff.security import MissLimiter, Signer

PREFIX = "/c/"


@dataclass
class CompanionContext:
    engine: Engine
    signin: StoreSignIn
    board: Board
    sessions: SessionTable
    signer: Signer
    limiter: MissLimiter
    clock: Callable[[], dt.datetime]
    zone: dt.tzinfo = dt.UTC
    """The store's (``store_timezone``): its days make "today" for the follow-ups."""
    brand: str = "Maison"
    secure: bool = False
    """Cookies marked Secure (and HSTS sent): the companion is served behind TLS."""
    poll_s: float = 1.0
    """How often an open live list looks at the store database."""
    heartbeat_s: float = 30.0
    """The list is sent again at least this often, so waiting times move on."""
    case_categories: tuple[CaseCategory, ...] = DEFAULT_CASE_CATEGORIES
    """What a case can be about, in words: the installed pack's, as the kiosks say them."""

    def case_label(self, category: str, language: str) -> str:
        """A case's category as the kiosk words it in ``language``; an id the pack does not
        know reads as itself, underscores as spaces."""
        found = next((c for c in self.case_categories if c.id == category), None)
        return found.label.get(language) if found else category.replace("_", " ")
