"""What a setting's value may be: how text from a config file or the environment becomes a
typed value (or a message saying why not), and the per-platform folders the defaults use.

Each ``_parse_*`` raises ValueError with the end of a sentence ("must be a whole number of
seconds"); ``kiosk.station.config`` names the setting and where the value came from.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk.station.paths import resource_root

if TYPE_CHECKING:
    from kiosk.station.opening_hours import OpeningHours

APP_NAME = "maison-kiosk"
ENV_PREFIX = "KIOSK_"


class Setting(NamedTuple):
    """One declared setting: the only place its name, type, default and meaning live."""

    name: str
    type_name: str
    default: Callable[[], Any]
    description: str
    parse: Callable[[Any], Any]
    secret: bool = False
    default_doc: str | None = None

    @property
    def env_var(self) -> str:
        return ENV_PREFIX + self.name.upper()


# Imports inside functions in this module are deliberate: the kiosk reads its configuration
# before its first paint, and only a config file needs tomllib, only a default needs platformdirs.


def _data_dir() -> Path:
    return _user_dir("data")


def _log_dir() -> Path:
    return _user_dir("log")


def _user_dir(kind: str) -> Path:
    """Per-platform folders. On Linux (every store kiosk image) the XDG rule is three lines,
    and platformdirs' import costs 5 ms of start-up; elsewhere platformdirs knows best."""
    platform: str = sys.platform  # a plain str: the same code is checked for every platform
    if platform.startswith("linux"):
        xdg = "XDG_DATA_HOME" if kind == "data" else "XDG_STATE_HOME"
        fallback = ".local/share" if kind == "data" else ".local/state"
        base = Path(os.environ.get(xdg) or Path.home() / fallback) / APP_NAME
        return base / "log" if kind == "log" else base
    import platformdirs

    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def _parse_str(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError("must be a non-empty text")
    return raw.strip()


def _parse_optional_str(raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise ValueError("must be a text")
    return raw.strip()


def _parse_path(raw: Any) -> Path:
    if isinstance(raw, Path):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError("must be a file or folder path")
    path = Path(raw.strip()).expanduser()
    return path if path.is_absolute() else resource_root() / path


def _parse_optional_path(raw: Any) -> Path | None:
    return None if raw in (None, "") else _parse_path(raw)


def _parse_seconds(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("must be a whole number of seconds")
    if isinstance(raw, str):
        try:
            raw = int(raw.strip())
        except ValueError:
            raise ValueError("must be a whole number of seconds") from None
    if not isinstance(raw, int):
        raise ValueError("must be a whole number of seconds")
    if raw < 1 or raw > 86_400:
        raise ValueError("must be between 1 and 86400 seconds")
    return raw


def _parse_count(raw: Any) -> int:
    # ASCII digits only: "²" is a digit to str.isdigit but not to int()
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 100_000:
        raise ValueError("must be a whole number from 1 to 100000")
    return raw


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if isinstance(raw, str) and raw.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError("must be true or false")


SUPPORTED_LANGUAGES = ("en", "zh-Hans")
"""The languages the kiosk's own words (assets/i18n) are written in; a test keeps the two
the same. Any other tag would silently show English, so it is refused like a typo."""


def _parse_languages(raw: Any) -> tuple[str, ...]:
    items = [s.strip() for s in raw.split(",")] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not items:
        raise ValueError("must be a non-empty list of language tags such as ['en', 'zh-Hans']")
    if not all(isinstance(s, str) and s for s in items):
        raise ValueError("must be a list of language tags")
    if len(set(items)) != len(items):
        raise ValueError("lists a language twice")
    spoken = ", ".join(SUPPORTED_LANGUAGES)
    for tag in items:
        if tag not in SUPPORTED_LANGUAGES:
            same = [s for s in SUPPORTED_LANGUAGES if s.lower() == tag.lower()]
            hint = f"did you mean '{same[0]}'? " if same else ""
            raise ValueError(
                f"offers '{tag}', which the kiosk has no words for ({hint}it speaks {spoken})"
            )
    return tuple(items)


def _parse_url(raw: Any) -> str:
    from urllib.parse import urlsplit

    text = _parse_str(raw)
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError("must be an http:// or https:// address")
    if parts.query or parts.fragment:
        raise ValueError("must not carry a query or fragment")
    return text if text.endswith("/") else text + "/"


def _parse_db_url(raw: Any) -> str | None:
    text = _parse_optional_str(raw)
    if text is None:
        return None
    scheme = text.split("://", 1)[0] if "://" in text else ""
    if not scheme or not (scheme.startswith("postgresql") or scheme.startswith("sqlite")):
        raise ValueError("must be a database URL such as postgresql+psycopg://user@host/db")
    return text


def _parse_networks(raw: Any) -> tuple[str, ...]:
    import ipaddress

    if raw is None or raw == "":
        return ()
    items = [s.strip() for s in raw.split(",")] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple) or not all(isinstance(s, str) for s in items):
        raise ValueError("must be a list of IP addresses or networks such as ['10.0.0.5']")
    networks = []
    for item in items:
        try:
            text = item.strip()
            ip = ipaddress.ip_network(text, strict=False) if "/" in text else None
            networks.append(str(ip or ipaddress.ip_address(text)))
        except ValueError:
            raise ValueError(
                f"names {item!r}: not an IP address or network (like 10.0.0.0/24)"
            ) from None
    return tuple(networks)


def _parse_opening_hours(raw: Any) -> OpeningHours | None:
    from kiosk.station.opening_hours import OpeningHours

    if raw is None or isinstance(raw, OpeningHours):
        return raw
    text = _parse_optional_str(raw)
    return None if text is None else OpeningHours.parse(text)


def _parse_service_capacity(raw: Any) -> str:
    """The text, once ``kiosk.aftersale.capacity`` has read it whole: kept as text so the
    config stays free of the domain's types, refused here so a bad week stops the start."""
    from kiosk.aftersale.capacity import parse_week

    text = _parse_optional_str(raw) or ""
    parse_week(text)
    return text


def _parse_service_closed_days(raw: Any) -> str:
    from kiosk.aftersale.capacity import parse_closed_days

    if isinstance(raw, list | tuple):
        raw = ", ".join(str(d) for d in raw)
    text = _parse_optional_str(raw) or ""
    parse_closed_days(text)
    return text


def _machine_zone() -> str:
    """The machine's own IANA zone name, the default store zone: TZ, /etc/timezone, or the
    zone /etc/localtime links to; "UTC" when none names a zone this Python knows."""
    from kiosk.station.place import machine_zone_name

    return machine_zone_name()


def _parse_timezone(raw: Any) -> str:
    """An IANA zone name ("Europe/Paris"), kept as text: the zone database is read when a
    store-local time is computed (kiosk.station.place.store_zone), refused here at start."""
    from kiosk.station.place import known_zone

    text = _parse_str(raw)
    if not known_zone(text):
        raise ValueError("must be an IANA time zone name, like 'Europe/Paris' or 'Asia/Shanghai'")
    return text


def _parse_country(raw: Any) -> str:
    """An ISO 3166 alpha-2 code ("FR") the phone-number library knows the numbering of: its
    metadata is loaded here, so a build without the library's data files stops at start."""
    text = _parse_str(raw).upper()
    import phonenumbers

    if len(text) != 2 or phonenumbers.PhoneMetadata.metadata_for_region(text) is None:
        raise ValueError("must be a two-letter ISO 3166 country code, like 'FR' or 'CN'")
    return text
