"""A returning customer shows their phone page's QR code to the kiosk's camera.

The phone page carries a small QR code of its own address (``followup_base_url`` + the
link's token, exactly what the hand-off QR encoded), so a customer back in the store can
hold it up to a kiosk that has a camera (``camera`` setting, ``kiosk.station.camera``)
instead of typing the code under it. What the camera decodes is only text, and anything can
be held up to a camera: a boarding pass, a poster's QR, a page of another shop. So the text
is trusted only when it is this store's page address and nothing else: the configured base,
then a well-formed token (``kiosk.handoff.links.looks_like_token``), no query, no fragment.
Anything else is refused as ``FOREIGN`` and counted as a miss, like a wrong typed code, so
a camera is no faster way to guess than the keyboard (the caller hands each code it sees
once: ``kiosk.station.camera`` reports a code when it comes into view, not every frame).

A page address of ours is looked up by its token through the very path of the typed code
(``Returning.look_up_token``): the same answers (OK, UNKNOWN, EXPIRED, REVOKED, SLOW,
UNAVAILABLE), the same misses, and the restore that follows is the typed code's
(``kiosk.visit.returning.restore``). Nothing of the text is logged: it is a key to a page.
"""

from __future__ import annotations

import datetime as dt

from kiosk.handoff.links import looks_like_token
from kiosk.visit.returning import Returning, ReturnResult, ReturnStatus

MAX_TEXT = 512
"""A page address is the base and 32 characters: anything much longer is not one."""


def token_in(text: str, base_url: str) -> str | None:
    """The link token of ``text`` when it is exactly ``base_url`` + a well-formed token
    (the scheme and host compared without regard to case, as URLs are); else None."""
    text = text.strip()
    if not base_url or len(text) > MAX_TEXT or len(text) <= len(base_url):
        return None
    if text[: len(base_url)].casefold() != base_url.casefold():
        return None
    token = text[len(base_url) :]
    return token if looks_like_token(token) else None


class QrReturn:
    """The camera's codes, looked up like typed ones. ``look_up`` may count a miss and ask
    the store: on the recorder, never on the GUI thread (as ``Returning.look_up``)."""

    def __init__(self, returning: Returning, base_url: str) -> None:
        self.returning = returning
        self.base_url = base_url

    def look_up(self, text: str, at: dt.datetime) -> ReturnResult:
        """``FOREIGN`` (a miss, counted) for a text that is no page of ours, else the typed
        code's answers for its token."""
        token = token_in(text, self.base_url)
        if token is None:
            return self.returning.miss(at, ReturnStatus.FOREIGN)
        return self.returning.look_up_token(token, at)
