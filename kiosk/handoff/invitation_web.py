"""The friend's invitation page, ``i/{token}`` under the page's path: the brand, the store
and "book a private viewing"; nothing about either person (``kiosk.handoff.invitations``).

An unknown, ended or used invitation gets the same polite answers as a hand-off link (404,
410) and counts as a miss in the same per-client limiter; a good one is forgiven. The form
carries a signed token for this invitation (CSRF), and the friend's consent is recorded
with the exact wording's version. A booked viewing redeems the invitation: the page then
thanks the friend (303 to ``?done=viewing``), and a second send finds it used.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kiosk.aftersale.referrals import InvitationStatus
from kiosk.handoff import invitations, page, records
from kiosk.handoff.context import Kit, PageContext
from kiosk.handoff.invitations import InvitationState

log = logging.getLogger("kiosk.followup.page")
PURPOSE = "viewing"
KIND = "appointment"  # validated as the hand-off page's appointment form


def preferred_language(request: Request) -> str:
    """The friend's browser's language where the page has it: the invitation carries none."""
    accepted = request.headers.get("accept-language", "").lower()
    first = accepted.split(",", 1)[0].strip()
    return "zh-Hans" if first.startswith("zh") else "en"


def routes(ctx: PageContext, kit: Kit) -> list[Route]:
    prefix = ctx.base_path

    def answer(request: Request, state: InvitationState, lang: str) -> Response:
        if state.status is InvitationStatus.UNKNOWN:
            # as a link's, but without the offer to type a hand-off code: not the friend's
            return kit.render("message.html", lang, 404, kind="unknown", no_code=True)
        kind = (
            "invitation_used" if state.status is InvitationStatus.REDEEMED else "invitation_ended"
        )
        return kit.render("message.html", lang, 410, kind=kind)

    def form_page(
        request: Request, token: str, lang: str, status: int = 200, **extra: Any
    ) -> Response:
        return kit.render(
            "invitation.html",
            lang,
            status,
            action=f"{prefix}{invitations.PATH_SEGMENT}/{token}",
            csrf=ctx.signer.form_token(token, PURPOSE),
            consent=page.consent_wording(PURPOSE, lang)[0],
            times=[(t, page.strings(lang)[f"time.{t}"]) for t in records.TIMES_OF_DAY],
            today=ctx.clock().astimezone().date().isoformat(),  # the store's day (its zone)
            **extra,
        )

    async def invitation(request: Request) -> Response:
        client = kit.client(request)
        lang = kit.language(request, preferred_language(request))
        if not ctx.limiter.begin(client):
            return kit.slow_down(request)
        token = request.path_params["token"]

        def look() -> InvitationState:
            with kit.sessions() as s:
                return invitations.state(s, token, ctx.clock())

        try:
            state = await run_in_threadpool(look)
        except Exception:
            ctx.limiter.hit(client)  # our failure, not a guess
            raise
        thanked = state.status is InvitationStatus.REDEEMED and request.method == "GET"
        if thanked and request.query_params.get("done") == PURPOSE:
            ctx.limiter.hit(client)
            return kit.render("message.html", lang, 200, kind="invitation_thanks")
        if state.status is not InvitationStatus.OK:
            return answer(request, state, lang)
        ctx.limiter.hit(client)
        if request.method == "GET":
            return form_page(request, token, lang)
        return await send(request, token, lang)

    async def send(request: Request, token: str, lang: str) -> Response:
        form = await kit.read_form(request)
        if form is None:
            return Response("form too large", status_code=413)
        sent_lang = form.get("lang", "")
        lang = sent_lang if sent_lang in page.languages() else lang
        if not ctx.signer.check_form_token(form.get("csrf", ""), token, PURPOSE):
            return form_page(request, token, lang, 403, errors=["error.form"], values=form)
        now = ctx.clock()
        parsed = page.read_form(
            KIND, {**form, "appointment": "private_viewing"}, now.astimezone().date()
        )
        if parsed.errors:
            return form_page(request, token, lang, 422, errors=parsed.errors, values=form)
        _, version = page.consent_wording(PURPOSE, lang)

        def write() -> None:
            with kit.sessions.begin() as s:
                invitations.book_viewing(
                    s,
                    token,
                    parsed.contact,
                    version,
                    lang,
                    parsed.details,
                    parsed.due,
                    now,
                    ctx.away_limit,  # the thank-you: the inviting client's advisor first
                )

        try:
            await run_in_threadpool(write)
        except invitations.NotOpen as exc:
            log.info("invitation form refused: the invitation is %s", exc.state.status.value)
            return answer(request, exc.state, lang)
        log.info("private viewing requested from an invitation (consent %s)", version)
        return RedirectResponse(
            f"{prefix}{invitations.PATH_SEGMENT}/{token}?done={PURPOSE}&lang={lang}",
            status_code=303,
        )

    path = f"{prefix}{invitations.PATH_SEGMENT}/{{token}}"
    return [Route(path, invitation, methods=["GET", "POST"])]
