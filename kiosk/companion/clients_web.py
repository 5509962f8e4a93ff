"""``/c/clients``: the client lookup on the companion, with the kiosk's consent rules and
masking (``kiosk.clients.profile``): only clients with an active clienteling consent are
found; the list shows them masked (``masked_contact``); the whole profile opens on request.

What the associate typed and which client they opened travel in POST bodies, never in an
address (a phone's history, a proxy's log), and the log says only how many were found.
Searches that find nobody count on the server's guessing brake, like wrong sign-ins. Store
IT never sees this page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.clients.lookup import ClientLookupError
from kiosk.clients.profile import ClientNotFound, ClientProfile, ClientSummary, profile, search
from kiosk.companion import strings
from kiosk.companion.auth import Auth, parse_id
from kiosk.companion.context import PREFIX, CompanionContext

log = logging.getLogger("kiosk.companion")
PURPOSE = "clients"
MAX_TYPED = 120


def routes(ctx: CompanionContext, auth: Auth, render: Callable[..., Response]) -> list[Route]:
    store_id = ctx.signin.store_id

    def find(typed: str) -> list[ClientSummary]:
        with Session(ctx.engine) as s:
            return search(s, store_id, typed)

    def open_profile(item: str) -> ClientProfile | None:
        client_id = parse_id(item)
        if client_id is None:
            return None
        try:
            with Session(ctx.engine) as s:
                return profile(s, store_id, client_id)
        except ClientNotFound:
            return None

    async def page(request: Request, status: int = 200, **values: Any) -> Response:
        found = await auth.associate(request)
        if isinstance(found, Response):
            return found
        return render(
            request,
            "clients.html",
            status,
            **auth.page_values(*found, PURPOSE),
            **{"typed": "", "results": None, "client": None, "error": "", **values},
        )

    async def show(request: Request) -> Response:
        return await page(request)

    async def ask(request: Request) -> Response:
        sent = await auth.posted(request, PURPOSE)
        if isinstance(sent, Response):
            return sent
        _, form = sent
        s = strings.strings(strings.language(request))
        if form.get("action") == "open":
            client = await run_in_threadpool(open_profile, form.get("id", ""))
            if client is None:
                return await page(request, 404, error=s["client_error.not_found"])
            log.info("companion: a client profile opened")
            return await page(request, client=client)
        typed = form.get("q", "")[:MAX_TYPED]
        where = request.client.host if request.client else "unknown"
        if not ctx.limiter.begin(where):
            return await page(request, 429, typed=typed, error=s["slow"])
        try:
            results = await run_in_threadpool(find, typed)
        except ClientLookupError as refused:
            ctx.limiter.hit(where)  # a typing slip, not a guess
            key = f"client_error.{refused.code}"
            return await page(request, 422, typed=typed, error=s.get(key, s["client_error.empty"]))
        if results:
            ctx.limiter.hit(where)
        log.info("companion: client search, %d found", len(results))
        return await page(request, typed=typed, results=results)

    return [
        Route(PREFIX + "clients", show, methods=["GET"]),
        Route(PREFIX + "clients", ask, methods=["POST"]),
    ]
