"""The live list: its values for the templates, its answers, and its event stream.

The stream looks at the store database about once a second (``Board.fingerprint``, two small
indexed queries) and sends the list again, rendered by the server in the phone's language
with the session's form tokens, whenever it changed, and at least every ``heartbeat_s`` so
waiting times move on. Each look also checks the session: once it ends (signed out, idle,
associate disabled) the stream says ``end`` and the page goes to the sign-in form. Server-sent
events over the store network only: no push service, nothing outside the store.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from jinja2 import Environment
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kiosk.companion import strings
from kiosk.companion.auth import parse_id
from kiosk.companion.board import Item
from kiosk.companion.context import PREFIX, CompanionContext


def list_values(
    ctx: CompanionContext, session_id: str, s: dict[str, str], lang: str
) -> dict[str, Any]:
    """What ``_list.html`` needs: the items (mine first), the form token, the helpers."""
    session = ctx.sessions.get(session_id, touch=False)
    me = session.associate_id if session else uuid.UUID(int=0)
    now = ctx.clock()

    def where(item: Item) -> str:
        return s["where.phone"] if item.where == "phone" else item.where

    def waited(item: Item) -> str:
        return strings.waited(now - item.since, s)

    return {
        "items": ctx.board.items(me),
        "csrf": ctx.signer.form_token(session_id, "answer"),
        "where": where,
        "waited": waited,
        "case_label": lambda category: ctx.case_label(category, lang),
    }


def answer(ctx: CompanionContext, form: dict[str, str], me: uuid.UUID) -> bool:
    item_id = parse_id(form.get("id", ""))
    if item_id is None:
        return False
    return ctx.board.answer(form.get("kind", ""), item_id, form.get("action", ""), me)


def _event(name: str, html: str) -> str:
    data = "\n".join(f"data: {line}" for line in html.splitlines() if line.strip())
    return f"event: {name}\n{data}\n\n"


def stream(
    ctx: CompanionContext,
    env: Environment,
    request: Request,
    session_id: str,
    me: uuid.UUID,
    lang: str,
) -> Response:
    s = strings.strings(lang)
    template = env.get_template("_list.html")

    def still_signed_in() -> bool:
        if ctx.sessions.get(session_id, touch=False) is None:
            return False
        if ctx.signin.current(me) is None:  # disabled: signed out everywhere
            ctx.sessions.end_all(me)
            return False
        return True

    def render() -> str:
        values = list_values(ctx, session_id, s, lang)
        return template.render(s=s, lang=lang, prefix=PREFIX, **values)

    async def events() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        last, sent_at = "", 0.0
        while not await request.is_disconnected():
            if not await run_in_threadpool(still_signed_in):
                yield _event("end", "signin")
                return
            seen = await run_in_threadpool(ctx.board.fingerprint)
            if seen != last or time.monotonic() - sent_at >= ctx.heartbeat_s:
                yield _event("list", await run_in_threadpool(render))
                last, sent_at = seen, time.monotonic()
            await asyncio.sleep(ctx.poll_s)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
