"""``/c/tasks``: my follow-ups for today on the companion (``kiosk.companion.followups``), and
recording one's outcome (POST, a form token bound to the session). The client's name is
shown in the page, as in associate mode, never in its address, title or the log. Store IT
has no follow-ups here."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kiosk.associates.tasks import FollowupError
from kiosk.companion import strings
from kiosk.companion.auth import Auth, parse_id
from kiosk.companion.context import PREFIX, CompanionContext
from kiosk.companion.followups import MyFollowups, TaskLine
from kiosk.db.client_book_rows import CHANNELS

log = logging.getLogger("kiosk.companion")
PURPOSE = "task"


def routes(ctx: CompanionContext, auth: Auth, render: Callable[..., Response]) -> list[Route]:
    followups = MyFollowups(ctx.engine, ctx.signin.store_id, ctx.zone, ctx.clock)

    def page_values(request: Request, lines: list[TaskLine]) -> dict[str, Any]:
        lang = strings.language(request)

        def label(group: str, key: str) -> str:
            return strings.label(group, key, lang)

        def due(line: TaskLine) -> str:
            s = strings.strings(lang)
            local = line.item.due_at.astimezone(ctx.zone)
            if line.overdue:
                return f"{s['overdue']} · {local.date().isoformat()}"
            return f"{s['task_due_today']} · {local:%H:%M}"

        return {"lines": lines, "label": label, "due": due, "channels": CHANNELS}

    async def show(request: Request, status: int = 200, error: str = "") -> Response:
        found = await auth.associate(request)
        if isinstance(found, Response):
            return found
        session_id, session = found
        lines = await run_in_threadpool(followups.today, session.associate_id)
        return render(
            request,
            "tasks.html",
            status,
            **auth.page_values(session_id, session, PURPOSE),
            recorded="done" in request.query_params,
            error=error,
            **page_values(request, lines),
        )

    async def tasks(request: Request) -> Response:
        return await show(request)

    async def record(request: Request) -> Response:
        sent = await auth.posted(request, PURPOSE)
        if isinstance(sent, Response):
            return sent
        session, form = sent
        lang = strings.language(request)
        task_id = parse_id(form.get("id", ""))
        try:
            booked = dt.date.fromisoformat(form["booked_for"]) if form.get("booked_for") else None
        except ValueError:
            booked = None
        try:
            if task_id is None:
                raise FollowupError("no such follow-up", "unknown")
            await run_in_threadpool(
                followups.complete,
                task_id,
                session.associate_id,
                form.get("outcome", "")[:40],
                form.get("channel") or None,
                booked,
            )
        except FollowupError as refused:
            reason = strings.label("error", refused.code, lang)
            log.info("companion follow-up not recorded (%s)", refused.code)
            message = strings.strings(lang)["task_error"].format(reason=reason)
            return await show(request, 422, message)
        log.info("companion follow-up recorded (%s)", form.get("outcome", "")[:40])
        return RedirectResponse(PREFIX + "tasks?done=1", status_code=303)

    return [
        Route(PREFIX + "tasks", tasks, methods=["GET"]),
        Route(PREFIX + "tasks", record, methods=["POST"]),
    ]
