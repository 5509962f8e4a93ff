"""What stands between the internet and the follow-up page's routes, outermost first.

- ``Front``: every response, whoever makes it (a route, Starlette's 404/405, a redirect, an
  error), carries the same headers: no caching unless the route says so, no referrer (the
  link must not leak to other sites), no framing, no sniffing, a strict CSP. An error that
  escapes everything below becomes a calm 500 with no traceback. And one access log line
  per request, with every id masked and query values left out.
- ``RequestLimits``: a request target longer than any the page makes is refused at once
  (414), before routing or reading anything else.

Pure ASGI classes rather than Starlette middleware: they see every response, including the
ones Starlette's own error handling sends, and add no task or buffering per request.
"""

from __future__ import annotations

import logging
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("kiosk.followup.page")

MAX_TARGET_BYTES = 2048
"""The page's longest URL is under 100 bytes; browsers and proxies accept 8 KB and more."""
MAX_LOGGED_TARGET = 160
_CSP = (
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", _CSP.encode()),
)
_FORCED = {name for name, _ in SECURITY_HEADERS}
# A link id is 32 characters of this alphabet; a withdrawal's consent id (36) and signature
# (32) are as long. Any run this long is masked, wherever it stands. Linear: a run is
# consumed whole by its first match, and a shorter run costs at most 31 steps per position.
_ID = re.compile(r"[A-Za-z0-9_-]{32,}")
_WITHDRAWAL = re.compile(r"/w/[^/]*/[^/]*")
# An invitation's token may be shorter than a link id (``kiosk.handoff.invitations``): the
# whole segment after ``/i/`` is masked, whatever its length.
_INVITATION = re.compile(r"/i/[^/]+")
_SHOWN_QUERY_VALUE = re.compile(r"[A-Za-z-]{1,16}")
SHOWN_QUERY_KEYS = frozenset({"lang", "done"})


def masked_target(path: str, query: str = "") -> str:
    """The request target as the log shows it: ids masked, query values other than the
    language and the form just sent left out, at most ``MAX_LOGGED_TARGET`` characters."""
    shown = _ID.sub("<link>", _INVITATION.sub("/i/<invitation>", _WITHDRAWAL.sub("/w/…", path)))
    if query:
        shown += "?" + "&".join(_masked_pair(pair) for pair in query.split("&"))
    if len(shown) > MAX_LOGGED_TARGET:
        shown = f"{shown[:MAX_LOGGED_TARGET]}…(+{len(shown) - MAX_LOGGED_TARGET} chars)"
    return shown


def _masked_pair(pair: str) -> str:
    key, eq, value = pair.partition("=")
    key = _ID.sub("<link>", key[:64])
    if key in SHOWN_QUERY_KEYS and _SHOWN_QUERY_VALUE.fullmatch(value):
        return f"{key}={value}"
    return f"{key}{eq}…" if value else key + eq


def _target(scope: Scope) -> str:
    return masked_target(scope["path"], scope.get("query_string", b"").decode("latin-1"))


async def _plain(send: Send, status: int, text: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(text)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": text.encode()})


class Front:
    """Security headers on every response, a calm 500 for an error nothing below caught,
    and the access log line (uvicorn's own access log is off: it would show the ids)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 0
        logged = False

        def access_line() -> None:
            # Written before the last byte of the answer leaves, so whoever holds the answer
            # (store IT tailing the log, a test) finds its line already there.
            nonlocal logged
            if not logged:
                logged = True
                log.info(
                    "%s %s %d %.0fms",
                    scope["method"][:16],
                    _target(scope),
                    status or 500,
                    (time.perf_counter() - began) * 1000,
                )

        async def dressed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in _FORCED
                ]
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                access_line()
            await send(message)

        try:
            await self.app(scope, receive, dressed)
        except Exception:
            if status:
                raise  # the server closes the connection; it logs the traceback
            log.exception("unexpected error answering %s", _target(scope))
            await _plain(dressed, 500, "Something went wrong. Please try again later.")
        finally:
            access_line()  # an answer cut short still leaves its line


class RequestLimits:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or scope["path"].encode("utf-8", "replace")
            if len(raw) + len(scope.get("query_string", b"")) > MAX_TARGET_BYTES:
                await _plain(send, 414, "Request-URI Too Long")
                return
        await self.app(scope, receive, send)


def guard(app: ASGIApp) -> ASGIApp:
    """``app`` behind both layers, in their order."""
    return Front(RequestLimits(app))
