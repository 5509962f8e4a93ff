"""The companion as an ASGI application (Starlette), served by uvicorn (``kiosk companion
serve``), under ``/c/``:

- ``signin`` (GET, POST): name and PIN (``kiosk.companion.signin``), a form token bound to a
  pre-session cookie; then a session cookie (``kiosk.companion.sessions``): an opaque id,
  HttpOnly, SameSite=Strict, Secure behind TLS.
- ``""`` (GET): the live list of open requests and cases, mine first; ``events``: the same
  list pushed as server-sent events while the page is open; ``answer`` (POST): "On my way"
  or "Done"; ``signout`` (POST); ``tasks``: my follow-ups for today
  (``kiosk.companion.tasks_web``); ``clients``: the client lookup
  (``kiosk.companion.clients_web``); ``team``: a manager's outreach due and done per associate
  (``kiosk.companion.team_web``). Store IT sees the store's health, never the list.
- ``app.css``, ``app.js``, ``favicon.ico`` (the follow-up page's); ``/healthz``: the store
  database answers.

Every form carries a signed token (``kiosk.handoff.security.Signer``) bound to the session;
every response the follow-up page's headers (``kiosk.handoff.middleware``) with a policy
that lets this page run its own script and open its own stream. No id or name in URLs, the
title or the access log: requests and cases travel in form bodies.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.associates.directory import CLIENT_ROLES
from kiosk.companion import clients_web, live, strings, tasks_web, team_web
from kiosk.companion.auth import Auth, over_tls
from kiosk.companion.context import PREFIX, CompanionContext
from kiosk.companion.health import store_health
from kiosk.handoff.middleware import guard
from kiosk.station.paths import assets_dir

log = logging.getLogger("kiosk.companion")
TEMPLATES = assets_dir() / "templates" / "companion"
FOLLOWUP = assets_dir() / "templates" / "followup"
CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def create_app(ctx: CompanionContext) -> ASGIApp:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    auth = Auth(ctx)

    def render(request: Request, template: str, status: int = 200, **values: Any) -> Response:
        lang = strings.language(request)
        s = strings.strings(lang)
        other = next(code for code in strings.LANGUAGES if code != lang)
        html = env.get_template(template).render(
            s=s, lang=lang, other_lang=other, prefix=PREFIX, brand=ctx.brand, **values
        )
        response = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") == lang:
            response.set_cookie(
                strings.LANG_COOKIE,
                lang,
                httponly=True,
                samesite="strict",
                secure=over_tls(request, ctx.secure),
                path=PREFIX,
            )
        return response

    def list_values(request: Request, session_id: str, lang: str) -> dict[str, Any]:
        s = strings.strings(lang)
        return live.list_values(ctx, session_id, s, lang)

    async def board(request: Request) -> Response:
        found = await auth.signed_in(request)
        if found is None:
            return auth.to_signin(request)
        session_id, session = found
        values: dict[str, Any] = {}
        store_it = session.role not in CLIENT_ROLES  # headquarters too: no client here
        if store_it:
            found_health = await run_in_threadpool(store_health, ctx.engine, ctx.signin.store_id)
            values = {"health": found_health, "shown": shown_time}
        else:
            lang = strings.language(request)
            values = await run_in_threadpool(list_values, request, session_id, lang)
        return render(
            request,
            "board.html",
            me=session.name,
            store_it=store_it,
            manager=session.role == "manager",
            signout_csrf=ctx.signer.form_token(session_id, "signout"),
            **values,
        )

    def shown_time(at: dt.datetime) -> str:
        return at.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M")

    async def signin_page(request: Request) -> Response:
        return await auth.signin_page(request, render)

    async def signin(request: Request) -> Response:
        return await auth.signin(request, render)

    async def signout(request: Request) -> Response:
        return await auth.signout(request)

    async def answer(request: Request) -> Response:
        sent = await auth.posted(request, "answer")
        if isinstance(sent, Response):
            return sent
        session, form = sent
        done = await run_in_threadpool(live.answer, ctx, form, session.associate_id)
        log.info(
            "companion answer %s (%s)",
            "recorded" if done else "not needed",
            form.get("action", "")[:8],
        )
        return RedirectResponse(PREFIX, status_code=303)

    async def events(request: Request) -> Response:
        found = await auth.signed_in(request, touch=False)
        if found is None or found[1].role not in CLIENT_ROLES:
            return Response("sign in first", 401, media_type="text/plain")
        lang = strings.language(request)
        return live.stream(ctx, env, request, found[0], found[1].associate_id, lang)

    async def healthz(request: Request) -> Response:
        def ping() -> None:
            with ctx.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        await run_in_threadpool(ping)
        return Response("ok", media_type="text/plain")

    def asset(name: str, media: str, folder: Path = TEMPLATES) -> Route:
        async def serve(request: Request) -> Response:
            return FileResponse(
                folder / name, media_type=media, headers={"Cache-Control": "no-cache"}
            )

        return Route(PREFIX + name, serve)

    async def not_found(request: Request, exc: Exception) -> Response:
        return Response("Not found", 404, media_type="text/plain")

    routes = [
        Route("/healthz", healthz),
        Route(PREFIX, board),
        Route(PREFIX + "signin", signin_page, methods=["GET"]),
        Route(PREFIX + "signin", signin, methods=["POST"]),
        Route(PREFIX + "signout", signout, methods=["POST"]),
        Route(PREFIX + "answer", answer, methods=["POST"]),
        Route(PREFIX + "events", events),
        *tasks_web.routes(ctx, auth, render),
        *clients_web.routes(ctx, auth, render),
        *team_web.routes(ctx, auth, render),
        asset("app.css", "text/css"),
        asset("app.js", "text/javascript"),
        asset("favicon.ico", "image/x-icon", FOLLOWUP),  # the page's own, not a copy
    ]

    async def failed(request: Request, exc: Exception) -> Response:
        # Starlette re-raises after this answer: the server's log gets the traceback
        return Response("Something went wrong. Please try again.", 500, media_type="text/plain")

    app = Starlette(routes=routes, exception_handlers={404: not_found, Exception: failed})
    return CompanionPolicy(guard(app), ctx.secure)


class CompanionPolicy:
    """The follow-up page's headers, with this page's content policy (its own script and
    its own event stream allowed, nothing else) and, behind TLS (``--secure``, or https as
    a trusted proxy says), HSTS."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.secure = secure
        self.extra = [(b"content-security-policy", CSP.encode())]
        self.hsts = [(b"strict-transport-security", b"max-age=31536000")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tls = self.secure or scope.get("scheme") == "https"

        async def dressed(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() != b"content-security-policy"
                ]
                extra = self.extra + (self.hsts if tls else [])
                message = {**message, "headers": [*kept, *extra]}
            await send(message)

        await self.app(scope, receive, dressed)
