"""Every setting of the kiosk, declared once with its type, default, parser and description:
the ``SETTINGS`` table, and the README's configuration reference generated from it.

Apart from ``kiosk.station.config`` (which layers files and the environment into a
``Config`` and refuses what is unknown) because the table is the one long list a person
edits to add a setting, and its docs come from it alone; reading and checking a
configuration is another job. What each value may be is in ``kiosk.station.setting_values``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.station.paths import resource_root
from kiosk.station.setting_values import ENV_PREFIX as ENV_PREFIX
from kiosk.station.setting_values import Setting as Setting
from kiosk.station.setting_values import (
    _data_dir,
    _log_dir,
    _machine_zone,
    _parse_bool,
    _parse_count,
    _parse_country,
    _parse_db_url,
    _parse_languages,
    _parse_networks,
    _parse_opening_hours,
    _parse_optional_path,
    _parse_optional_str,
    _parse_path,
    _parse_seconds,
    _parse_service_capacity,
    _parse_service_closed_days,
    _parse_str,
    _parse_timezone,
    _parse_url,
)
from kiosk.station.settings_chain import CHAIN_SETTINGS
from kiosk.station.settings_clients import CLIENT_SETTINGS

DEFAULT_SERVICE_CAPACITY = (
    "mon-fri: morning 09:00-13:00 delivery 3 installation 2, "
    "afternoon 14:00-18:00 delivery 3 installation 2; "
    "sat: morning 09:00-13:00 delivery 2 installation 1, "
    "afternoon 14:00-17:00 delivery 2 installation 1"
)
"""A demo store's week for deliveries and installations: Monday to Saturday, morning and
afternoon (kiosk.aftersale.capacity reads it)."""


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store_id",
        "text",
        lambda: "demo-store",
        "Identifies the store; every record synced to the store database carries it.",
        _parse_str,
    ),
    Setting(
        "kiosk_id", "text", lambda: "kiosk-1", "Identifies this kiosk within its store.", _parse_str
    ),
    Setting(
        "local_db_path",
        "path",
        lambda: _data_dir() / "kiosk.sqlite3",
        "The kiosk's own SQLite database: every visit is written here first.",
        _parse_path,
        default_doc="kiosk.sqlite3 in the per-platform data folder",
    ),
    Setting(
        "store_db_url",
        "database URL",
        lambda: None,
        "The store database shared by every kiosk of the store (PostgreSQL). Empty: the "
        "kiosk works alone and keeps its outbox until one is set.",
        _parse_db_url,
        secret=True,
    ),
    Setting(
        "store_db_password_file",
        "path",
        lambda: None,
        "A file holding the store database password, so it stays out of config files.",
        _parse_optional_path,
    ),
    Setting(
        "store_db_connect_timeout_s",
        "seconds",
        lambda: 5,
        "Seconds to wait for the store database to accept a connection.",
        _parse_seconds,
    ),
    Setting(
        "store_db_statement_timeout_s",
        "seconds",
        lambda: 30,
        "Seconds one statement may run on the store database before it is cancelled.",
        _parse_seconds,
    ),
    Setting(
        "sync_interval_s",
        "seconds",
        lambda: 10,
        "Pause between sync passes when the outbox is empty and the store database answers.",
        _parse_seconds,
    ),
    Setting(
        "sync_batch_size",
        "count",
        lambda: 2000,
        "Outbox entries sent to the store database in one transaction.",
        _parse_count,
    ),
    Setting(
        "sync_backoff_max_s",
        "seconds",
        lambda: 300,
        "Longest wait between retries while the store database is unreachable.",
        _parse_seconds,
    ),
    Setting(
        "followup_base_url",
        "URL",
        lambda: "http://127.0.0.1:8080/f/",
        "Public address of the follow-up page; a hand-off QR is this plus an opaque id.",
        _parse_url,
    ),
    Setting(
        "followup_link_days",
        "count",
        lambda: 30,
        "Days a hand-off link (QR code and typed code) keeps working after it is issued.",
        _parse_count,
    ),
    Setting(
        "followup_misses_per_minute",
        "count",
        lambda: 10,
        "The follow-up page answers 429 to a client address after this many unknown, "
        "expired or malformed links or codes within a minute (guessing).",
        _parse_count,
    ),
    Setting(
        "followup_trusted_proxies",
        "list of IP addresses or networks",
        lambda: (),
        "Reverse proxies in front of the follow-up page and the companion whose "
        "X-Forwarded-For names the client's address (for the guessing brake) and whose "
        "X-Forwarded-Proto says https (the companion's cookies are then Secure). Empty: the "
        "headers are ignored and the connecting address counts.",
        _parse_networks,
    ),
    Setting(
        "idle_timeout_s",
        "seconds",
        lambda: 90,
        "Seconds without a touch before the kiosk asks 'still there?'.",
        _parse_seconds,
    ),
    Setting(
        "idle_countdown_s",
        "seconds",
        lambda: 15,
        "Seconds the 'still there?' countdown runs before the visit ends and the kiosk resets.",
        _parse_seconds,
    ),
    Setting(
        "associate_idle_timeout_s",
        "seconds",
        lambda: 180,
        "Seconds without a touch before associate mode signs the associate out and returns "
        "the screen to the customer.",
        _parse_seconds,
    ),
    Setting(
        "languages",
        "list of language tags",
        lambda: ("en", "zh-Hans"),
        "Languages offered on the greeting screen, first is the default.",
        _parse_languages,
    ),
    Setting(
        "content_pack_path",
        "path",
        lambda: resource_root() / "data" / "demo-pack",
        "The content pack shown: catalog, stories, lookbooks, questionnaire, images.",
        _parse_path,
    ),
    Setting(
        "content_dir",
        "path",
        lambda: _data_dir() / "content",
        "Where installed content packs and their image renditions are kept.",
        _parse_path,
        default_doc="content in the per-platform data folder",
    ),
    Setting(
        "log_dir",
        "path",
        _log_dir,
        "Folder of the rotating log files (no personal data is ever logged).",
        _parse_path,
        default_doc="the per-platform log folder",
    ),
    Setting(
        "secret_key_file",
        "path",
        lambda: _data_dir() / "secret.key",
        "File holding the key the follow-up page signs its forms and withdrawal links with; "
        "created on first use.",
        _parse_path,
        default_doc="secret.key in the per-platform data folder",
    ),
    Setting(
        "windowed",
        "boolean",
        lambda: False,
        "Run in a normal window (development) instead of frameless full screen.",
        _parse_bool,
    ),
    Setting(
        "hide_cursor",
        "boolean",
        lambda: True,
        "Hide the mouse pointer over the full-screen kiosk: a touch screen shows no arrow. "
        "Set false to show it (store IT at the kiosk with a mouse, a kiosk driven by one); "
        "it shows again once store IT exits the kiosk, and never hides with --windowed.",
        _parse_bool,
    ),
    Setting(
        "opening_hours",
        "opening hours",
        lambda: None,
        "When the store is open, e.g. 'Mon-Sat 10:00-19:00; Sun 12:00-18:00' (local time; "
        "'Sun closed' or no entry for a day: closed). Outside them the idle kiosk dims to a "
        "quiet attract screen. Empty: always open.",
        _parse_opening_hours,
    ),
    Setting(
        "store_name",
        "text",
        lambda: None,
        "The store's name as customers know it (e.g. 'Maison Paris Faubourg'), shown on the "
        "follow-up page with its contact. Empty: the brand's name.",
        _parse_optional_str,
    ),
    Setting(
        "store_phone",
        "text",
        lambda: None,
        "The store's public telephone number, shown on the follow-up page. Empty: not shown.",
        _parse_optional_str,
    ),
    Setting(
        "store_email",
        "text",
        lambda: None,
        "The store's public e-mail address, shown on the follow-up page. Empty: not shown.",
        _parse_optional_str,
    ),
    Setting(
        "store_address",
        "text",
        lambda: None,
        "The store's street address (one line; ';' starts a new line), shown on the "
        "follow-up page. Empty: not shown.",
        _parse_optional_str,
    ),
    Setting(
        "after_hours_wake_s",
        "seconds",
        lambda: 120,
        "After a touch outside opening hours, seconds the kiosk stays bright before it dims "
        "again (a visit may start meanwhile).",
        _parse_seconds,
    ),
    Setting(
        "health_backlog_max_age_s",
        "seconds",
        lambda: 3600,
        "`kiosk check` needs attention when a store database is set and the oldest change "
        "waiting for it is older than this.",
        _parse_seconds,
    ),
    Setting(
        "health_min_free_mb",
        "count",
        lambda: 500,
        "`kiosk check` needs attention, and the associate home warns, when the data folder's disk "
        "has fewer free megabytes; below the lower of this and 16 MB the kiosk does not start.",
        _parse_count,
    ),
    Setting(
        "case_response_hours",
        "count",
        lambda: 24,
        "The store's response target for a service-recovery case: hours from a complaint to "
        "the call back it is due (its follow-up task) and after which an unresolved case is "
        "shown overdue.",
        _parse_count,
    ),
    Setting(
        "service_capacity",
        "service slots",
        lambda: DEFAULT_SERVICE_CAPACITY,
        "The store's delivery and installation slots per weekday and the places of each, e.g. "
        "'mon-fri: morning 08:00-12:00 delivery 4 installation 2, afternoon 13:00-18:00 "
        "delivery 4 installation 2; sat: morning 09:00-12:00 delivery 2 installation 1' (local "
        "time; a day not named is closed; a service not named has no place in that slot). "
        "Customers and associates book these; the store database never lets two bookings "
        "take one place.",
        _parse_service_capacity,
    ),
    Setting(
        "service_closed_days",
        "dates",
        lambda: "",
        "Dates with no delivery or installation besides the days service_capacity leaves "
        "out, e.g. '2026-12-25, 2027-01-01'.",
        _parse_service_closed_days,
    ),
    Setting(
        "service_cutoff_hours",
        "count",
        lambda: 24,
        "Hours before a booked delivery or installation after which the customer can no "
        "longer move or cancel it from the follow-up page (associates still can).",
        _parse_count,
    ),
    Setting(
        "service_booking_days",
        "count",
        lambda: 60,
        "How many days ahead delivery and installation slots can be booked.",
        _parse_count,
    ),
    Setting(
        "store_timezone",
        "time zone",
        _machine_zone,
        "The store's IANA time zone, e.g. 'Europe/Paris': reminders and tasks fall due, the "
        "due list and the dashboard count days, on the store's clocks.",
        _parse_timezone,
        default_doc="the machine's own zone, else UTC",
    ),
    Setting(
        "store_country",
        "country code",
        lambda: "FR",
        "The store's country (ISO 3166, e.g. 'FR'): a phone number typed without its country "
        "code is read as this country's.",
        _parse_country,
    ),
    *CLIENT_SETTINGS,
    *CHAIN_SETTINGS,
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else str(value)


def reference_markdown() -> str:
    """The README's configuration reference, generated from the declarations above."""
    lines = ["| setting | type | default | environment | description |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        default = s.default()
        if s.default_doc:
            shown = s.default_doc
        elif isinstance(default, Path):
            shown = f"`{default.relative_to(resource_root())}`"
        else:
            shown = f"`{_show(default)}`" if _show(default) else "(empty)"
        lines.append(f"| `{s.name}` | {s.type_name} | {shown} | `{s.env_var}` | {s.description} |")
    return "\n".join(lines) + "\n"
