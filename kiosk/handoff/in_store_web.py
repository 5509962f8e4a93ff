"""The page's "I'm in the store" route, beside the selection's (``kiosk.handoff.web``):

- ``{token}/in_store`` (POST): a service request for the client's advisor (or the store),
  with the area the customer chose, if any (``kiosk.handoff.in_store``); then 303 back to the
  page, which says "we've let them know" while the request is open.

As the page's other forms: a signed form token for the link and purpose (CSRF; its sequence
is how many in-store requests the link had made, so a replay is spent), an expired or
revoked link refused with the page's polite answer, one store transaction, a refusal
re-rendering the page with its reason beside the button and storing nothing. The URL
carries the link's id only; the log says whom the request went to (advisor or store), never
who the client is.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kiosk.handoff import in_store, page
from kiosk.handoff.context import Kit, PageContext
from kiosk.handoff.records import LinkClosed, LinkStatus, LinkView

log = logging.getLogger("kiosk.followup.page")
PURPOSE = in_store.KIND


def page_values(ctx: PageContext, kit: Kit, view: LinkView, token: str) -> dict[str, Any]:
    """What the selection template needs for the in-store part (run in a thread)."""
    with kit.sessions() as s:
        status = in_store.status(s, view)
    return {
        "in_store": {
            "csrf": ctx.signer.form_token(token, PURPOSE, status.made),
            "areas": ctx.areas,
            "state": status.state,
            "area": status.area,
        }
    }


def routes(ctx: PageContext, kit: Kit) -> list[Route]:
    prefix = ctx.base_path

    async def refused(request: Request, view: LinkView, status: int, error: str) -> Response:
        return await kit.selection_page(request, view, status, errors={PURPOSE: [error]})

    async def announce(request: Request) -> Response:
        found = await kit.resolve(request, False)
        if isinstance(found, Response):
            return found
        view, token = found, request.path_params["token"]
        form = await kit.read_form(request)
        if form is None:
            return Response("form too large", status_code=413)
        lang = form.get("lang") if form.get("lang") in page.languages() else None
        lang = lang or kit.language(request, view.language)
        sequence = ctx.signer.read_form_token(form.get("csrf", ""), token, PURPOSE)
        if sequence is None:
            return await refused(request, view, 403, "error.form")
        try:
            area = in_store.read_area(form.get("area"), ctx.areas)
        except in_store.BadArea:
            log.info("in-store request refused: an area that is not the store's")
            return await refused(request, view, 422, "error.area")
        now = ctx.clock()

        def write() -> bool:
            with kit.sessions.begin() as s:
                made = in_store.announce(s, view, area, sequence, now, ctx.away_limit)
                return made.for_associate is not None

        # no ``done``: the page says "we've let them know" for as long as it is open
        back = f"{prefix}{token}?lang={lang}#in-store"
        try:
            for_advisor = await run_in_threadpool(write)
        except in_store.AlreadyAsked:
            # a double tap or an old tab: the page says they know already
            log.info("in-store request not repeated: the link's last one stands")
            return RedirectResponse(back, status_code=303)
        except LinkClosed:  # revoked or expired since the page was read
            fresh = await run_in_threadpool(kit.lookup, token, False)
            closed = fresh.status if fresh.status is not LinkStatus.OK else LinkStatus.REVOKED
            return kit.miss(request, closed, fresh.language)
        log.info("in-store request made for %s", "the advisor" if for_advisor else "the store")
        return RedirectResponse(back, status_code=303)

    return [Route(prefix + "{token}/in_store", announce, methods=["POST"])]
