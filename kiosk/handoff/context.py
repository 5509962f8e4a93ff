"""What the page's routes share: the application's parts (``PageContext``) and the few
request helpers every route uses (``Kit``), so the after-sale routes
(``kiosk.handoff.after_sale_web``) live in a module of their own beside ``web``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request
from starlette.responses import Response

from kiosk.content.store import PackStore
from kiosk.handoff import records
from kiosk.handoff.records import LinkStatus, LinkView
from kiosk.handoff.security import MissLimiter, Signer
from kiosk.handoff.storecard import StoreCard

if TYPE_CHECKING:
    from kiosk.aftersale.capacity import Capacity

DEFAULT_CUTOFF = dt.timedelta(hours=24)
DEFAULT_HORIZON_DAYS = 60


@dataclass
class PageContext:
    engine: Engine
    packs: PackStore
    signer: Signer
    limiter: MissLimiter
    base_path: str
    clock: Callable[[], dt.datetime] = records.now
    store: StoreCard = field(default_factory=StoreCard)
    capacity: Capacity | None = None
    """The store's service slots (``service_capacity``); None: the page offers no booking
    and says to call the store."""
    cutoff: dt.timedelta = DEFAULT_CUTOFF
    """No move or cancel from the page later than this before the slot starts
    (``service_cutoff_hours``)."""
    horizon_days: int = DEFAULT_HORIZON_DAYS
    invitation_base: str = ""
    """The public base (``followup_base_url``) an invitation's link is shown with; empty:
    the page's own path (a link that works on the same host)."""
    areas: tuple[str, ...] = ()
    """The store's areas "I'm in the store" offers (``store_areas``); empty: none asked."""
    away_limit: dt.timedelta = dt.timedelta(hours=48)
    """An advisor away longer than this from now: the store is asked (``advisor_away_hours``)."""


@dataclass(frozen=True)
class Kit:
    """The request helpers ``web.create_app`` builds, handed to the after-sale routes."""

    sessions: sessionmaker[Session]
    client: Callable[[Request], str]
    language: Callable[[Request, str], str]
    render: Callable[..., Response]
    slow_down: Callable[[Request], Response]
    miss: Callable[[Request, LinkStatus, str], Response]
    resolve: Callable[[Request, bool], Awaitable[LinkView | Response]]
    lookup: Callable[[str, bool], LinkView]
    read_form: Callable[[Request], Awaitable[dict[str, str] | None]]
    selection_page: Callable[..., Awaitable[Response]]
