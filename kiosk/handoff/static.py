"""What a browser or a crawler asks the page's host for by itself, and the style sheet.

Browsers fetch ``/favicon.ico`` (or the icon a page links) and iOS the
``apple-touch-icon`` when the page is saved to the home screen; crawlers ask for
``/robots.txt``. Each used to be a 404: an error in the customer's console and, worse, a
miss for the guessing brake, so a few reloads could end in a 429. Answered here, with
long caching, whatever the query string.

A brand pack may hold its own ``favicon.ico`` at its root; it is used when it is a real
ICO file of reasonable size, else the neutral mark in ``assets/templates/followup``.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from kiosk.content.store import PackStore
from kiosk.station.paths import assets_dir

log = logging.getLogger("kiosk.followup.page")
ICO_MAGIC = b"\x00\x00\x01\x00"
MAX_ICON_BYTES = 256 * 1024
ICON_CACHE = {"Cache-Control": "public, max-age=604800"}
ROBOTS = "User-agent: *\nDisallow: /\n"  # every page is one customer's: nothing to index


def _folder() -> Path:
    return assets_dir() / "templates" / "followup"


@lru_cache(maxsize=8)
def favicon_for(pack_root: Path) -> Path:
    """The pack's ``favicon.ico`` when it is one, else the neutral mark (checked once per
    installed pack: an installed pack never changes)."""
    branded = pack_root / "favicon.ico"
    try:
        with branded.open("rb") as handle:
            head = handle.read(4)
        if head == ICO_MAGIC and branded.stat().st_size <= MAX_ICON_BYTES:
            return branded
        log.warning("the pack's favicon.ico is not an icon under 256 KB: the neutral mark is shown")
    except OSError:
        pass  # none in the pack
    return _folder() / "favicon.ico"


def static_routes(prefix: str, packs: PackStore) -> list[Route]:
    async def favicon(request: Request) -> Response:
        path = favicon_for(packs.current().root)
        return FileResponse(path, media_type="image/x-icon", headers=ICON_CACHE)

    async def touch_icon(request: Request) -> Response:
        path = _folder() / "apple-touch-icon.png"
        return FileResponse(path, media_type="image/png", headers=ICON_CACHE)

    async def robots(request: Request) -> Response:
        return PlainTextResponse(ROBOTS, headers={"Cache-Control": "public, max-age=86400"})

    async def stylesheet(request: Request) -> Response:
        return FileResponse(
            _folder() / "page.css",
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    return [
        Route(prefix + "page.css", stylesheet),
        *(Route(p + "favicon.ico", favicon) for p in dict.fromkeys(("/", prefix))),
        *(
            Route(p + name, touch_icon)
            for p in dict.fromkeys(("/", prefix))
            for name in ("apple-touch-icon.png", "apple-touch-icon-precomposed.png")
        ),
        Route("/robots.txt", robots),
    ]
