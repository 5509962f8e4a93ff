"""Settings whose defaults only suit a developer's machine, reviewed for a store kiosk.

A kiosk started without ``--windowed`` is a store kiosk: customers use it. Several defaults
are right for ``make run`` and wrong there, and none of them fails loudly on its own. The
worst is ``followup_base_url`` (``http://127.0.0.1:8080/f/``): each hand-off QR would send a
customer's phone to the phone itself. The policy, documented in the README:

- *attention* (``kiosk check`` exits 1, diagnostics shows "!"): something customers or their
  data silently suffer from. A follow-up address on a loopback host (no phone can open it;
  the hand-off then shows no QR at all, and asks the customer to see an advisor), on a
  private or local-only host (customers open their link at home, for days), or in plain
  http (the link travels unencrypted, phones warn); ``windowed`` switched on by a file or
  the environment (the kiosk runs unlocked); a password or key file others can read.
- *note* (shown in the detail, status stays ok): visible or sometimes legitimate. The
  demo store and kiosk ids, the bundled demo pack in service, the pointer shown on a touch
  screen, a store database on this machine (a store with one kiosk), a password written
  into ``store_db_url``.

Development (``kiosk run --windowed``) skips the review and keeps the QR as it is today.
Nothing here opens a connection or resolves a name: a host is judged by how it is written.
"""

from __future__ import annotations

import ipaddress
import socket
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from kiosk.station.config import Config
from kiosk.station.paths import resource_root
from kiosk.station.settings import SETTINGS_BY_NAME

Reach = Literal["loopback", "private", "public"]

LOCAL_SUFFIXES = (".local", ".lan", ".internal", ".intranet", ".home.arpa", ".localdomain")
"""Names that only resolve inside a site's own network (mDNS, common private zones)."""

DEMO_PACK_ID = "maison-velle"


@dataclass(frozen=True)
class Finding:
    setting: str
    attention: bool
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"setting": self.setting, "attention": self.attention, "detail": self.detail}


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        # What a browser also reads as IPv4: 2130706433, 127.1, 0x7f.0.0.1.
        if not host or set(host.lower()) - set("0123456789abcdefx."):
            return None
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def reach(url: str) -> Reach:
    """Who can open ``url``: only this machine, at best the store's network, or anyone."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    ip = _ip(host)
    if ip is not None:
        if ip.is_loopback or ip.is_unspecified:
            return "loopback"
        return "public" if ip.is_global else "private"
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    if "." not in host or host.endswith(LOCAL_SUFFIXES):
        return "private"
    return "public"


def store_mode(config: Config) -> bool:
    """A store kiosk: not windowed, or windowed only by a file or the environment (which a
    store kiosk must not carry, and which is reported)."""
    return not config.windowed or config.sources.get("windowed") != "command line"


def qr_withheld(config: Config) -> bool:
    """The hand-off issues no QR: in store mode a loopback address cannot work on any phone."""
    return store_mode(config) and reach(config.followup_base_url) == "loopback"


def _followup(config: Config) -> list[Finding]:
    url: str = config.followup_base_url
    where = reach(url)
    found = []
    if where == "loopback":
        found.append(
            Finding(
                "followup_base_url",
                True,
                f"followup_base_url {url} points at this machine: no phone can open it, so "
                "the hand-off shows no QR code; set the follow-up page's public https address",
            )
        )
    elif where == "private":
        found.append(
            Finding(
                "followup_base_url",
                True,
                f"followup_base_url {url} is reachable at best on the store's network; "
                f"customers open their link at home for {config.followup_link_days} days: "
                "set the follow-up page's public https address",
            )
        )
    if urlsplit(url).scheme == "http" and where != "loopback":
        found.append(
            Finding(
                "followup_base_url",
                True,
                f"followup_base_url {url} is plain http: the link travels unencrypted and "
                "phones warn; serve the page over https",
            )
        )
    return found


def _readable_by_others(setting: str, path: Path | None) -> list[Finding]:
    if path is None or sys.platform.startswith("win"):
        return []
    try:
        mode = path.stat().st_mode
    except OSError:
        return []  # missing: reported where it is used
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        return [
            Finding(
                setting,
                True,
                f"{setting} {path} can be read by other users (mode {stat.S_IMODE(mode):o}): "
                f"chmod 600 {path}",
            )
        ]
    return []


def _at_default(config: Config, name: str) -> bool:
    return bool(config.values[name] == SETTINGS_BY_NAME[name].default())


def _notes(config: Config, pack_id: str | None) -> list[Finding]:
    from sqlalchemy.engine import make_url

    found = []
    for name in ("store_id", "kiosk_id"):
        if _at_default(config, name):
            found.append(
                Finding(name, False, f"{name} is still the demo's '{config.values[name]}'")
            )
    demo = (resource_root() / "data" / "demo-pack").resolve()
    if pack_id == DEMO_PACK_ID or (
        pack_id is None and Path(config.content_pack_path).resolve() == demo
    ):
        found.append(
            Finding("content_pack_path", False, "the demo pack (a fictional house) is in service")
        )
    if not config.hide_cursor:
        found.append(Finding("hide_cursor", False, "hide_cursor is off: the pointer shows"))
    if config.store_db_url:
        try:
            url = make_url(config.store_db_url)
        except Exception:  # noqa: BLE001 - an unparsable URL is the store check's to report
            return found
        if reach(f"http://{url.host or 'localhost'}/") == "loopback":
            found.append(Finding("store_db_url", False, "store_db_url is on this machine only"))
        if url.password:
            found.append(
                Finding("store_db_url", False, "its password belongs in store_db_password_file")
            )
    return found


def review(config: Config, pack_id: str | None = None) -> list[Finding]:
    """Every finding for this configuration in store mode (none in --windowed development);
    ``pack_id`` is the pack in service when known."""
    if not store_mode(config):
        return []
    found = []
    if config.windowed:
        source = config.sources.get("windowed", "default")
        found.append(
            Finding(
                "windowed",
                True,
                f"windowed = true from {source}: the kiosk runs in a window, unlocked; remove "
                "it on a store kiosk (development uses `kiosk run --windowed`)",
            )
        )
    found += _followup(config)
    found += _readable_by_others("store_db_password_file", config.store_db_password_file)
    found += _readable_by_others("secret_key_file", config.secret_key_file)
    return found + _notes(config, pack_id)
