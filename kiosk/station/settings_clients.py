"""The settings of the client book (issue 17): a client's advisor, outreach, the store's areas
and the greeting's optional camera. Declared like every other setting and appended to the
one ``SETTINGS`` table (``kiosk.station.settings``), kept here so that table stays short."""

from __future__ import annotations

from typing import Any

from kiosk.station.setting_values import Setting, _parse_count, _parse_optional_str

MAX_AREAS = 12
MAX_AREA_CHARS = 40


def _parse_areas(raw: Any) -> tuple[str, ...]:
    """A comma-separated list of the store's areas ("Kitchen gallery, Salon"), each named
    once, at most ``MAX_AREAS`` of at most ``MAX_AREA_CHARS`` characters."""
    if raw is None or raw == "":
        return ()
    items = raw if isinstance(raw, list | tuple) else str(raw).split(",")
    areas = tuple(str(a).strip() for a in items if str(a).strip())
    if len(areas) > MAX_AREAS:
        raise ValueError(f"must name at most {MAX_AREAS} areas")
    for area in areas:
        if len(area) > MAX_AREA_CHARS or not area.isprintable():
            raise ValueError(
                f"each area must be printable text of at most {MAX_AREA_CHARS} characters"
            )
    if len({a.casefold() for a in areas}) != len(areas):
        raise ValueError("must name each area once")
    return areas


CLIENT_SETTINGS: tuple[Setting, ...] = (
    Setting(
        "advisor_away_hours",
        "count",
        lambda: 48,
        "A client's requests, follow-up tasks and outreach go to their advisor first, and to "
        "the whole store instead when the advisor is disabled or marked away for longer than "
        "this many hours from now.",
        _parse_count,
    ),
    Setting(
        "outreach_key_date_days",
        "count",
        lambda: 14,
        "An outreach task is made for a client's key date (a birthday, an anniversary, a "
        "move-in date) this many days ahead of it.",
        _parse_count,
    ),
    Setting(
        "outreach_lapsed_days",
        "count",
        lambda: 180,
        "A client with a clienteling consent and no visit for this many days gets an outreach "
        "task (lapsed client).",
        _parse_count,
    ),
    Setting(
        "store_areas",
        "list",
        lambda: (),
        "The store's areas a customer may say they are in when they tap \"I'm in the store\" "
        "on their phone page, comma-separated, e.g. 'Kitchen gallery, Lounge'; empty: the "
        "page asks for no area.",
        _parse_areas,
    ),
    Setting(
        "camera",
        "device",
        lambda: None,
        "The camera that reads a returning customer's phone-page QR code on the greeting, e.g. "
        "'/dev/video0'; empty: no camera, the customer types their code.",
        _parse_optional_str,
    ),
    Setting(
        "companion_idle_minutes",
        "count",
        lambda: 30,
        "An associate's session on the companion (their phone, `kiosk companion serve`) ends "
        "after this many minutes without a request; they sign in again with their PIN.",
        _parse_count,
    ),
)
