"""The page's routes after a purchase, beside the selection's (``kiosk.handoff.web``):

- ``{token}/book``, ``{token}/move``, ``{token}/cancel`` (POST): a service on a free slot,
  moved or cancelled up to the store's cut-off (``service_cutoff_hours``).
- ``{token}/score`` (POST): the touchpoint's 0-10 answer and an optional word, once.
- ``{token}/invite`` (POST): a private-viewing invitation for a friend.
- ``i/{token}`` (GET, POST): the friend's invitation page (``kiosk.handoff.invitation_web``).

Every form carries a signed token for its link and purpose (``Signer.form_token``), and
every write runs in one store transaction, then 303 back to the page; a refusal re-renders
the page with its reason beside the form, and stores nothing. The loser of a race for a
slot's last place is told so, with the next free times.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kiosk.aftersale.bookings import BookingError, PastCutoff, SlotTaken, local_day
from kiosk.aftersale.referrals import ReferralError
from kiosk.aftersale.scores import ScoreError
from kiosk.handoff import after_sale, page
from kiosk.handoff import after_sale_view as shown
from kiosk.handoff.context import Kit, PageContext
from kiosk.handoff.links import display_code
from kiosk.handoff.records import LinkView

log = logging.getLogger("kiosk.followup.page")
PURPOSES = ("book", "move", "cancel", "score", "invite")
COMMENT_CHARS = 280
SCORES = frozenset(str(n) for n in range(11))
BOOKING_ERRORS = {
    "day": "error.booking_day",
    "slot": "error.booking_slot",
    "service": "error.booking_service",
    "booking": "error.booking_gone",
    "purchase": "error.booking_gone",
}


def page_values(
    ctx: PageContext, kit: Kit, view: LinkView, token: str, lang: str
) -> dict[str, Any]:
    """What the selection template needs for the after-purchase part (run in a thread)."""
    now = ctx.clock()
    with kit.sessions.begin() as s:
        facts = after_sale.read(s, view, ctx.capacity, ctx.cutoff, ctx.horizon_days, now)
    if facts.empty:
        return {"purchases": ()}
    strings = page.strings(lang)
    pack = ctx.packs.current()
    base = ctx.invitation_base or ctx.base_path
    return {
        "purchases": shown.sections(pack, facts, lang, strings),
        "free": shown.free_by_service(facts, strings),
        "booking_open": ctx.capacity is not None,
        "invitations": [
            {
                "url": f"{base}i/{inv.token}",
                "code": display_code(inv.code),
                "until": shown.date_label(local_day(inv.expires_at), strings),
            }
            for inv in facts.invitations
        ],
        "after_csrf": {
            purpose: ctx.signer.form_token(
                token, purpose, facts.invitations_made if purpose == "invite" else 0
            )
            for purpose in PURPOSES
        },
    }


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return None


def routes(ctx: PageContext, kit: Kit) -> list[Route]:
    prefix = ctx.base_path

    async def refused(
        request: Request, view: LinkView, status: int, key: str, errors: list[str], **extra: Any
    ) -> Response:
        return await kit.selection_page(request, view, status, after_errors={key: errors}, **extra)

    def handler(purpose: str, act: Callable[..., Any]) -> Callable[[Request], Any]:
        async def handle(request: Request) -> Response:
            found = await kit.resolve(request, False)
            if isinstance(found, Response):
                return found
            view, token = found, request.path_params["token"]
            form = await kit.read_form(request)
            if form is None:
                return Response("form too large", status_code=413)
            lang = form.get("lang") if form.get("lang") in page.languages() else None
            lang = lang or kit.language(request, view.language)
            sequence = ctx.signer.read_form_token(form.get("csrf", ""), token, purpose)
            if sequence is None:
                return await refused(request, view, 403, "after", ["error.form"])
            result = await act(request, view, form, sequence)
            if isinstance(result, Response):
                return result
            return RedirectResponse(
                f"{prefix}{token}?done={result}&lang={lang}#after", status_code=303
            )

        return handle

    async def write(fn: Callable[..., Any], *args: Any) -> Any:
        def run() -> Any:
            with kit.sessions.begin() as s:
                return fn(s, *args)

        return await run_in_threadpool(run)

    async def book_or_move(
        request: Request, view: LinkView, form: dict[str, str], moving: bool
    ) -> Response | str:
        now = ctx.clock()
        choice = shown.parse_choice(form.get("choice", ""))
        target = _uuid(form.get("booking" if moving else "purchase"))
        service = form.get("service", "")
        key = f"change/{target}" if moving else f"book/{target}/{service}"
        if target is None or ctx.capacity is None:
            return await refused(request, view, 404, "after", ["error.booking_gone"])
        if choice is None:
            return await refused(request, view, 422, key, ["error.booking_choose"])
        day, slot = choice
        try:
            if moving:
                await write(
                    after_sale.move,
                    view,
                    ctx.capacity,
                    target,
                    day,
                    slot,
                    now,
                    ctx.cutoff,
                    ctx.horizon_days,
                )
            else:
                await write(
                    after_sale.book,
                    view,
                    ctx.capacity,
                    target,
                    service,
                    day,
                    slot,
                    now,
                    ctx.horizon_days,
                )
        except after_sale.NotYours:
            return await refused(request, view, 404, "after", ["error.booking_gone"])
        except SlotTaken as exc:
            lang = kit.language(request, view.language)
            race = shown.by_day(exc.alternatives, page.strings(lang))
            log.info("follow-up booking refused: the slot was just taken")
            return await refused(request, view, 409, key, ["error.slot_taken"], race={key: race})
        except PastCutoff:
            return await refused(request, view, 409, key, ["error.cutoff"])
        except BookingError as exc:
            # a day or slot is answered beside its form; a booking or purchase that changed
            # meanwhile (done, cancelled, booked elsewhere) at the top: its form is gone
            log.info("follow-up booking refused: %s", exc.field)
            reason = [BOOKING_ERRORS.get(exc.field, "error.booking_slot")]
            if exc.field in ("day", "slot"):
                return await refused(request, view, 422, key, reason)
            return await refused(request, view, 409, "after", reason)
        log.info("follow-up booking %s", "moved" if moving else "made")
        return "moved" if moving else "booked"

    async def book(request: Request, view: LinkView, form: dict[str, str], _: int) -> Any:
        return await book_or_move(request, view, form, moving=False)

    async def move(request: Request, view: LinkView, form: dict[str, str], _: int) -> Any:
        return await book_or_move(request, view, form, moving=True)

    async def cancel(request: Request, view: LinkView, form: dict[str, str], _: int) -> Any:
        target = _uuid(form.get("booking"))
        if target is None:
            return await refused(request, view, 404, "after", ["error.booking_gone"])
        try:
            await write(after_sale.cancel, view, ctx.capacity, target, ctx.clock(), ctx.cutoff)
        except after_sale.NotYours:
            return await refused(request, view, 404, "after", ["error.booking_gone"])
        except PastCutoff:
            return await refused(request, view, 409, f"change/{target}", ["error.cutoff"])
        except BookingError:
            return await refused(request, view, 409, "after", ["error.booking_gone"])
        log.info("follow-up booking cancelled")
        return "cancelled"

    async def score(request: Request, view: LinkView, form: dict[str, str], _: int) -> Any:
        purchase = _uuid(form.get("purchase"))
        touchpoint = form.get("touchpoint", "")[:32]
        key = f"score/{purchase}/{touchpoint}"
        raw = form.get("score", "")
        comment = " ".join(form.get("comment", "").split())
        errors = []
        if raw not in SCORES:  # "07", "٣" (digits to isdigit), " 7" are not answers
            errors.append("error.score")
        if len(comment) > COMMENT_CHARS:
            errors.append("error.comment")
        if purchase is None:
            return await refused(request, view, 404, "after", ["error.score_gone"])
        if errors:
            return await refused(request, view, 422, key, errors, score_values={key: form})
        try:
            await write(
                after_sale.answer, view, purchase, touchpoint, int(raw), comment, ctx.clock()
            )
        except after_sale.AlreadyAnswered:  # its question is gone from the page
            return await refused(request, view, 409, "after", ["error.score_twice"])
        except (after_sale.NotYours, after_sale.NotAsked):
            return await refused(request, view, 404, "after", ["error.score_gone"])
        except ScoreError as exc:
            log.info("follow-up score refused: %s", exc.field)
            errors = ["error.comment" if exc.field == "comment" else "error.score"]
            return await refused(request, view, 422, key, errors, score_values={key: form})
        log.info("follow-up score recorded: %s", touchpoint)
        return "score"

    async def invite(request: Request, view: LinkView, form: dict[str, str], seq: int) -> Any:
        purchase = _uuid(form.get("purchase"))
        try:
            await write(after_sale.invite, view, purchase, seq, ctx.clock())
        except after_sale.AlreadySent:
            return "invite"  # a double tap: the invitation made by the first is on the page
        except after_sale.NotYours:
            return await refused(request, view, 404, "invite", ["error.booking_gone"])
        except ReferralError:  # too many live invitations for the link, or it just closed
            return await refused(request, view, 409, "invite", ["error.invite_limit"])
        log.info("follow-up invitation created")
        return "invite"

    return [
        Route(prefix + "{token}/book", handler("book", book), methods=["POST"]),
        Route(prefix + "{token}/move", handler("move", move), methods=["POST"]),
        Route(prefix + "{token}/cancel", handler("cancel", cancel), methods=["POST"]),
        Route(prefix + "{token}/score", handler("score", score), methods=["POST"]),
        Route(prefix + "{token}/invite", handler("invite", invite), methods=["POST"]),
    ]
