"""The follow-up page as an ASGI application (Starlette), served by uvicorn.

Routes, under the path of ``followup_base_url`` (``/f/`` by default):

- ``{token}``: the customer's selection (200), a polite page for an expired or revoked
  link (410) or an unknown one (404); the first successful open is recorded.
- ``?code=XXXXX-XXXXX``: the typed fallback code; a known code redirects to its link.
- ``{token}/contact`` and ``{token}/appointment`` (POST): details for an advisor, only with
  the consent box ticked; signed form tokens (CSRF); then back to the page (303).
- ``{token}/in_store`` (POST): "I'm in the store", a request for the client's advisor:
  ``kiosk.handoff.in_store_web``.
- ``{token}/img/{n}/{size}[.webp]``: the selection's n-th picture at a width the page offers
  (``kiosk.handoff.pictures``), as WebP or in the pack's own format.
- ``/favicon.ico``, the apple-touch icons, ``/robots.txt`` and ``page.css``:
  ``kiosk.handoff.static``.
- ``w/{consent}/{signature}``: withdrawal of a consent, one tap (GET asks, POST does).
- After a purchase for the link's visit: ``{token}/book|move|cancel|score|invite`` (POST)
  and the friend's invitation page ``i/{token}``: ``kiosk.handoff.after_sale_web`` and
  ``kiosk.handoff.invitation_web``.
- ``/healthz``: the store database answers.

Misses (unknown, malformed, expired, revoked) count per client address; past the limit
the answer is 429. Headers, the access log (ids masked) and over-long targets are handled
around the routes, in ``kiosk.handoff.middleware``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import text
from sqlalchemy.orm import sessionmaker
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from kiosk.content.errors import ImageError
from kiosk.handoff import after_sale_web, in_store_web, invitation_web, page, records
from kiosk.handoff.context import Kit, PageContext
from kiosk.handoff.links import display_code, looks_like_token, normalize_code
from kiosk.handoff.middleware import guard
from kiosk.handoff.pictures import (
    WIDTHS,
    PagePictures,
    UnknownVariant,
    media_type,
    parse_variant,
)
from kiosk.handoff.qr import qr_svg
from kiosk.handoff.records import LinkStatus, LinkView
from kiosk.handoff.static import static_routes
from kiosk.station.paths import assets_dir
from kiosk.typesetting import join_list

log = logging.getLogger("kiosk.followup.page")
MAX_FORM_BYTES = 16_384
PLACEHOLDER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3">'
    '<rect width="4" height="3" fill="#ece8e1"/>'
    '<rect x="1.5" y="1.49" width="1" height="0.02" fill="#b08d57"/></svg>'
)


def create_app(ctx: PageContext) -> ASGIApp:
    env = Environment(
        loader=FileSystemLoader(assets_dir() / "templates" / "followup"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["join_list"] = join_list  # 、 between Chinese items, ", " between others
    sessions = sessionmaker(ctx.engine, expire_on_commit=False)
    prefix = ctx.base_path
    pictures = PagePictures(ctx.packs.renditions)

    def client(request: Request) -> str:
        return request.client.host if request.client else "unknown"

    def language(request: Request, preferred: str) -> str:
        wanted = request.query_params.get("lang", "")
        offered = page.languages()
        return wanted if wanted in offered else preferred if preferred in offered else "en"

    def render(name: str, lang: str, status: int = 200, **values: Any) -> Response:
        pack = ctx.packs.current()
        other = next((code for code in page.languages() if code != lang), lang)
        html = env.get_template(name).render(
            s=page.strings(lang),
            lang=lang,
            other_lang=other,
            brand=pack.info.brand,
            prefix=prefix,
            store=ctx.store,
            hours=ctx.store.week(ctx.clock().astimezone().date()),
            **values,
        )
        return HTMLResponse(html, status_code=status)

    def slow_down(request: Request) -> Response:
        response = render("message.html", language(request, "en"), 429, kind="slow")
        response.headers["Retry-After"] = str(ctx.limiter.retry_after(client(request)))
        return response

    def miss(request: Request, status: LinkStatus, lang: str = "en") -> Response:
        """The answer to a miss the limiter already counted (``begin``)."""
        if status is LinkStatus.UNKNOWN:
            return render("message.html", language(request, lang), 404, kind="unknown")
        kind = "gone_expired" if status is LinkStatus.EXPIRED else "gone_revoked"
        return render("message.html", language(request, lang), 410, kind=kind)

    def lookup(token: str, mark_opened: bool) -> LinkView:
        with sessions.begin() as s:
            return records.resolve(s, token, ctx.clock(), mark_opened)

    async def resolve(request: Request, mark_opened: bool) -> LinkView | Response:
        if not ctx.limiter.begin(client(request)):
            return slow_down(request)
        token = request.path_params["token"]
        if not looks_like_token(token):
            return miss(request, LinkStatus.UNKNOWN)
        try:
            view = await run_in_threadpool(lookup, token, mark_opened)
        except Exception:
            ctx.limiter.hit(client(request))  # our failure, not a guess
            raise
        if view.status is not LinkStatus.OK:
            return miss(request, view.status, view.language)
        ctx.limiter.hit(client(request))
        return view

    async def selection_page(
        request: Request, view: LinkView, status: int = 200, **extra: Any
    ) -> Response:
        token = request.path_params["token"]
        lang = language(request, view.language)
        s = page.strings(lang)
        after = await run_in_threadpool(after_sale_web.page_values, ctx, kit, view, token, lang)
        here = await run_in_threadpool(in_store_web.page_values, ctx, kit, view, token)
        # the page's own address as a QR code, for a kiosk's camera (kiosk.visit.qr_return)
        own = ctx.invitation_base or f"{request.url.scheme}://{request.url.netloc}{prefix}"
        back_qr = Markup(await run_in_threadpool(qr_svg, own + token))
        return render(
            "selection.html",
            lang,
            status,
            token=token,
            entries=page.entries(ctx.packs.current(), view.skus, lang),
            done=request.query_params.get("done"),
            case=view.case,
            case_withdraw_url=(
                f"{prefix}w/{view.case.consent_id}/"
                f"{ctx.signer.withdrawal_sig(str(view.case.consent_id))}"
                if view.case is not None and view.case.consent_id
                else None
            ),
            consent_purpose=view.consent_purpose,
            withdraw_url=(
                f"{prefix}w/{view.consent_id}/{ctx.signer.withdrawal_sig(str(view.consent_id))}"
                if view.consent_id
                else None
            ),
            forms={
                kind: {
                    "csrf": ctx.signer.form_token(token, kind, view.sent.get(kind, 0)),
                    "consent": page.consent_wording(kind, lang)[0],
                }
                for kind in ("contact", "appointment")
            },
            kinds=[(k, s[f"kind.{k}"]) for k in records.APPOINTMENT_KINDS],
            times=[(t, s[f"time.{t}"]) for t in records.TIMES_OF_DAY],
            today=ctx.clock().astimezone().date().isoformat(),  # the store's day (its zone)
            picture_widths=WIDTHS,
            picture_sizes="(min-width: 720px) 624px, 100vw",
            back_qr=back_qr,
            back_code=display_code(view.code) if view.code else "",
            **after,
            **here,
            **extra,
        )

    async def show(request: Request) -> Response:
        found = await resolve(request, mark_opened=True)
        if isinstance(found, Response):
            return found
        return await selection_page(request, found)

    async def by_code(request: Request) -> Response:
        typed = request.query_params.get("code")
        lang = language(request, "en")
        if typed is None:
            return render("code.html", lang)
        if not ctx.limiter.begin(client(request)):
            return slow_down(request)
        code = normalize_code(typed)

        def find() -> str | None:
            with sessions() as s:
                return records.token_for_code(s, code) if code else None

        try:
            token = await run_in_threadpool(find)
        except Exception:
            ctx.limiter.hit(client(request))  # our failure, not a guess
            raise
        if token is None:
            return render("code.html", lang, 404, wrong=True)
        ctx.limiter.hit(client(request))
        suffix = f"?lang={lang}" if "lang" in request.query_params else ""
        return RedirectResponse(f"{prefix}{token}{suffix}", status_code=303)

    async def read_form(request: Request) -> dict[str, str] | None:
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                return None
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in fields.items()}

    def post_handler(kind: str) -> Callable[[Request], Any]:
        async def handle(request: Request) -> Response:
            found = await resolve(request, mark_opened=False)
            if isinstance(found, Response):
                return found
            view, token = found, request.path_params["token"]
            form = await read_form(request)
            if form is None:
                return Response("form too large", status_code=413)
            lang = form.get("lang") if form.get("lang") in page.languages() else None
            lang = lang or language(request, view.language)
            sequence = ctx.signer.read_form_token(form.get("csrf", ""), token, kind)
            if sequence is None:
                return await selection_page(request, view, 403, errors={kind: ["error.form"]})
            now = ctx.clock()
            parsed = page.read_form(kind, form, now.astimezone().date())
            if parsed.errors:
                return await selection_page(
                    request, view, 422, errors={kind: parsed.errors}, values={kind: form}
                )
            _, version = page.consent_wording(kind, lang)

            def write() -> None:
                with sessions.begin() as s:
                    records.record_request(
                        s,
                        view,
                        kind,
                        parsed.contact,
                        version,
                        lang,
                        parsed.details,
                        now,
                        parsed.due,
                        sequence,
                        ctx.away_limit,
                    )

            try:
                await run_in_threadpool(write)
            except (records.AlreadySent, records.LinkClosed):
                # spent or closed meanwhile: the page as it now stands, its forms fresh
                fresh = await run_in_threadpool(lookup, token, False)
                if fresh.status is not LinkStatus.OK:
                    return miss(request, fresh.status, fresh.language)
                log.info("follow-up form refused: %s already sent with this form", kind)
                return await selection_page(request, fresh, 409, errors={kind: ["error.sent"]})
            log.info("follow-up request recorded: %s (consent %s)", kind, version)
            return RedirectResponse(f"{prefix}{token}?done={kind}&lang={lang}", status_code=303)

        return handle

    async def image(request: Request) -> Response:
        found = await resolve(request, mark_opened=False)
        if isinstance(found, Response):
            return found
        index = request.path_params["index"]
        try:
            size, fmt = parse_variant(request.path_params["size"])
        except UnknownVariant as exc:
            return Response(str(exc), status_code=404, media_type="text/plain")
        in_range = 0 <= index < len(found.skus)
        product = ctx.packs.current().product(found.skus[index]) if in_range else None
        if product is None or not product.gallery:
            return Response("no such picture in this selection", 404, media_type="text/plain")
        try:
            path = await run_in_threadpool(pictures.file, product.gallery[0], size, fmt)
        except ImageError as exc:
            # the pack's fault, not the customer's: a quiet tile where the picture would be,
            # not cached, so the page shows the picture once the pack is mended
            log.warning("picture not shown on the follow-up page: %s", exc)
            return Response(PLACEHOLDER_SVG, media_type="image/svg+xml")
        return FileResponse(
            path,
            media_type=media_type(path),
            headers={"Cache-Control": "private, max-age=86400"},
        )

    async def withdrawal(request: Request) -> Response:
        if not ctx.limiter.begin(client(request)):
            return slow_down(request)
        raw_id, sig = request.path_params["consent"], request.path_params["sig"]
        lang = language(request, "en")
        try:
            consent_id = uuid.UUID(raw_id)
        except ValueError:
            consent_id = None
        if consent_id is None or not ctx.signer.check_withdrawal_sig(raw_id, sig):
            return render("message.html", lang, 404, kind="unknown")
        ctx.limiter.hit(client(request))
        action = f"{request.url.path}?lang={lang}"
        if request.method == "GET":
            csrf = ctx.signer.form_token(raw_id, "withdraw")
            return render("withdraw.html", lang, action=action, csrf=csrf)
        form = await read_form(request)
        if form is None or not ctx.signer.check_form_token(
            form.get("csrf", ""), raw_id, "withdraw"
        ):
            csrf = ctx.signer.form_token(raw_id, "withdraw")
            return render("withdraw.html", lang, 403, action=action, csrf=csrf, error="error.form")

        def write() -> bool:
            with sessions.begin() as s:
                return records.withdraw(s, consent_id, ctx.clock())

        if not await run_in_threadpool(write):
            return render("message.html", lang, 404, kind="unknown")
        log.info("a consent was withdrawn on the follow-up page")
        return render("message.html", lang, 200, kind="withdrawn")

    kit = Kit(
        sessions,
        client,
        language,
        render,
        slow_down,
        miss,
        resolve,
        lookup,
        read_form,
        selection_page,
    )

    async def healthz(request: Request) -> Response:
        def ping() -> None:
            with ctx.engine.connect() as conn:
                conn.execute(text("SELECT 1"))

        await run_in_threadpool(ping)
        return Response("ok", media_type="text/plain")

    async def not_found(request: Request, exc: Exception) -> Response:
        ctx.limiter.miss(client(request))
        return render("message.html", language(request, "en"), 404, kind="unknown")

    async def failed(request: Request, exc: Exception) -> Response:
        # Starlette logs nothing here and re-raises after this answer: the server's log
        # gets the traceback, the customer a calm page
        return render("message.html", language(request, "en"), 500, kind="error")

    routes = [
        Route("/healthz", healthz),
        Route(prefix, by_code),
        *static_routes(prefix, ctx.packs),
        Route(prefix + "w/{consent}/{sig}", withdrawal, methods=["GET", "POST"]),
        *invitation_web.routes(ctx, kit),
        Route(prefix + "{token}", show),
        Route(prefix + "{token}/contact", post_handler("contact"), methods=["POST"]),
        Route(prefix + "{token}/appointment", post_handler("appointment"), methods=["POST"]),
        Route(prefix + "{token}/img/{index:int}/{size}", image),
        *after_sale_web.routes(ctx, kit),
        *in_store_web.routes(ctx, kit),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, Exception: failed})
    return guard(app)


def base_path(base_url: str) -> str:
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
