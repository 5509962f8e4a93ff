"""The companion's sign-in, sign-out and session check, for ``kiosk.companion.web``.

Before sign-in the browser gets a random pre-session cookie, and the sign-in form's token is
bound to it, so a form posted from another site (which cannot read the cookie's value nor
send it: SameSite=Strict) is refused. After sign-in the session cookie names the session;
every request asks the store whether the associate is still active.
"""

from __future__ import annotations

import logging
import math
import secrets
import uuid
from collections.abc import Callable
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.associates.directory import CLIENT_ROLES, SignInRefused
from kiosk.companion import strings
from kiosk.companion.context import PREFIX, CompanionContext
from kiosk.companion.sessions import CompanionSession

log = logging.getLogger("kiosk.companion")
SESSION_COOKIE = "companion_session"
PRE_COOKIE = "companion_pre"
MAX_FORM_BYTES = 4096

Render = Callable[..., Response]


class Auth:
    def __init__(self, ctx: CompanionContext) -> None:
        self.ctx = ctx

    def _cookie(self, request: Request, response: Response, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            httponly=True,
            samesite="strict",
            secure=over_tls(request, self.ctx.secure),
            path=PREFIX,
        )

    async def signed_in(
        self, request: Request, touch: bool = True
    ) -> tuple[str, CompanionSession] | None:
        """The request's live session, or None: unknown, signed out, idle too long, or its
        associate disabled since (then all their sessions end)."""
        session_id = request.cookies.get(SESSION_COOKIE, "")
        found = self.ctx.sessions.get(session_id, touch)
        if found is None:
            return None
        if await run_in_threadpool(self.ctx.signin.current, found.associate_id) is None:
            ended = self.ctx.sessions.end_all(found.associate_id)
            log.info("companion: %d session(s) of a disabled associate ended", ended)
            return None
        return session_id, found

    async def associate(self, request: Request) -> tuple[str, CompanionSession] | Response:
        """The request's session for an associate's page; else where to go instead (the
        sign-in form, or the health page for store IT)."""
        found = await self.signed_in(request)
        if found is None:
            return self.to_signin(request)
        if found[1].role not in CLIENT_ROLES:  # store IT, headquarters: the health page
            return RedirectResponse(PREFIX, status_code=303)
        return found

    def page_values(
        self, session_id: str, session: CompanionSession, purpose: str
    ) -> dict[str, object]:
        """What every signed-in page shows: who, whether a manager (their tab), its forms'
        token, the sign-out's."""
        return {
            "me": session.name,
            "manager": session.role == "manager",
            "csrf": self.ctx.signer.form_token(session_id, purpose),
            "signout_csrf": self.ctx.signer.form_token(session_id, "signout"),
        }

    async def posted(
        self, request: Request, purpose: str
    ) -> tuple[CompanionSession, dict[str, str]] | Response:
        """A form an associate (not store IT) sent with the session's token for ``purpose``:
        the session and the fields; else the answer that refuses it."""
        found = await self.signed_in(request)
        if found is None:
            return self.to_signin(request)
        session_id, session = found
        form = await self.read_form(request)
        if form is None or not self.ctx.signer.check_form_token(
            form.get("csrf", ""), session_id, purpose
        ):
            return Response("This form has expired; open the list again.", 403)
        if session.role not in CLIENT_ROLES:
            return Response("Store IT and headquarters see the store's health only.", 403)
        return session, form

    def to_signin(self, request: Request) -> Response:
        """Back to the sign-in form; a stale session cookie is dropped."""
        ended = "?ended=1" if request.cookies.get(SESSION_COOKIE) else ""
        response = RedirectResponse(PREFIX + "signin" + ended, status_code=303)
        if ended:
            response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response

    async def read_form(self, request: Request) -> dict[str, str] | None:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                return None
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in fields.items()}

    def _form(
        self, request: Request, render: Render, status: int, message: str = "", name: str = ""
    ) -> Response:
        pre = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)
        response = render(
            request,
            "signin.html",
            status,
            csrf=self.ctx.signer.form_token(pre, "signin"),
            message=message,
            name=name,
        )
        self._cookie(request, response, PRE_COOKIE, pre)
        return response

    async def signin_page(self, request: Request, render: Render) -> Response:
        if await self.signed_in(request) is not None:
            return RedirectResponse(PREFIX, status_code=303)
        s = strings.strings(strings.language(request))
        return self._form(
            request, render, 200, s["ended"] if "ended" in request.query_params else ""
        )

    async def signin(self, request: Request, render: Render) -> Response:
        s = strings.strings(strings.language(request))
        form = await self.read_form(request)
        if form is None:
            return Response("form too large", 413)
        pre = request.cookies.get(PRE_COOKIE, "")
        if not pre or not self.ctx.signer.check_form_token(form.get("csrf", ""), pre, "signin"):
            return self._form(request, render, 403, s["form"])
        client = request.client.host if request.client else "unknown"
        if not self.ctx.limiter.begin(client):
            return self._form(request, render, 429, s["slow"])
        name, pin = form.get("name", "")[:120], form.get("pin", "")
        associate_id = await run_in_threadpool(self.ctx.signin.find, name)
        if associate_id is None:
            await run_in_threadpool(self.ctx.signin.spend, pin)
            return self._form(request, render, 401, s["wrong"], name)
        try:
            info = await run_in_threadpool(self.ctx.signin.verify, associate_id, pin)
        except SignInRefused as refused:
            return self._form(request, render, 401, self._refusal(refused, s), name)
        self.ctx.limiter.hit(client)
        session_id = self.ctx.sessions.start(info.id, info.display_name, info.role)
        response = RedirectResponse(PREFIX, status_code=303)
        self._cookie(request, response, SESSION_COOKIE, session_id)
        response.delete_cookie(PRE_COOKIE, path=PREFIX)
        return response

    def _refusal(self, refused: SignInRefused, s: dict[str, str]) -> str:
        if refused.reason == "locked" and refused.locked_until is not None:
            left = (refused.locked_until - self.ctx.clock()).total_seconds()
            return s["locked"].format(minutes=max(1, math.ceil(left / 60)))
        return s["wrong"]  # a disabled or unknown name reads like a wrong PIN

    async def signout(self, request: Request) -> Response:
        session_id = request.cookies.get(SESSION_COOKIE, "")
        form = await self.read_form(request)
        if form is None or not self.ctx.signer.check_form_token(
            form.get("csrf", ""), session_id, "signout"
        ):
            return Response("This form has expired; open the list again.", 403)
        self.ctx.sessions.end(session_id)
        response = RedirectResponse(PREFIX + "signin", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=PREFIX)
        return response


def over_tls(request: Request, always: bool) -> bool:
    """Whether this answer's cookies are Secure: always (``--secure``), or when the request
    came over https, which behind the store's proxy uvicorn has read from its
    X-Forwarded-Proto, believed only from the proxies in ``followup_trusted_proxies``."""
    return always or request.url.scheme == "https"


def parse_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None
