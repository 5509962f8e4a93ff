"""``/c/team``: a manager's view on the companion, as associate mode's dashboard gives it
(``ui.screens.associate.dashboard_outreach``): for each associate, the outreach due in the
last seven days of the store's calendar and how much of it was done, and by which channel
(call, message, in store, letter), the store's own line last.

Managers only (``kiosk.insights.outreach.visible_to``): an associate or store IT asking is
sent back to their own first page and the tab is not shown to them. Rows go by name, never
by figure: who has what to do, not a league table. No client is named here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kiosk.companion import strings
from kiosk.companion.auth import Auth
from kiosk.companion.context import PREFIX, CompanionContext
from kiosk.db.client_book_rows import CHANNELS
from kiosk.insights.outreach import OutreachFigure, outreach_figures, visible_to

MANAGER = "manager"
DAYS = 7


def routes(ctx: CompanionContext, auth: Auth, render: Callable[..., Response]) -> list[Route]:
    def figures(role: str) -> tuple[OutreachFigure, ...]:
        today = ctx.clock().astimezone(ctx.zone).date()
        start = dt.datetime.combine(today - dt.timedelta(days=DAYS - 1), dt.time(), ctx.zone)
        end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), ctx.zone)
        with Session(ctx.engine) as s:
            found = outreach_figures(s, ctx.signin.store_id, start, end)
        return visible_to(role, found)

    async def team(request: Request) -> Response:
        found = await auth.associate(request)
        if isinstance(found, Response):
            return found
        session_id, session = found
        if session.role != MANAGER:
            return RedirectResponse(PREFIX, status_code=303)
        lang = strings.language(request)
        rows = await run_in_threadpool(figures, session.role)
        return render(
            request,
            "team.html",
            **auth.page_values(session_id, session, "team"),
            rows=rows,
            channels=CHANNELS,
            label=lambda group, key: strings.label(group, key, lang),
        )

    return [Route(PREFIX + "team", team, methods=["GET"])]
