"""Every setting of the kiosk, declared once with its type, default and description.

Settings come from layered TOML files (a chain-wide base, then per-store and per-kiosk
overrides) and then from ``KIOSK_<NAME>`` environment variables. Each effective value keeps
the name of the place it came from, so store IT can see why a kiosk behaves as it does. A bad
value stops the start with a message naming the setting: the kiosk never runs half-configured.

An unknown name stops it too, in a file or in the environment alike: a misspelt
``KIOSK_IDLE_TIMOUT_S`` silently ignored would leave the kiosk running on a default that
store IT believes they changed. Refusing (exit 2, the closest setting named) rather than
warning keeps the two sources consistent, and a refusal is what a fleet's monitoring sees:
the service unit's crash-loop limit marks it failed and ``kiosk check`` exits 2 with the same
line, where a warning on stderr would scroll by unread. The few ``KIOSK_`` variables that are
not settings are listed in ``NOT_SETTINGS``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk.errors import ConfigError
from kiosk.station.paths import resource_root
from kiosk.station.setting_values import (
    _data_dir,
    _log_dir,
    _parse_bool,
    _parse_count,
    _parse_db_url,
    _parse_languages,
    _parse_networks,
    _parse_opening_hours,
    _parse_optional_path,
    _parse_optional_str,
    _parse_path,
    _parse_seconds,
    _parse_str,
    _parse_url,
)

if TYPE_CHECKING:  # imported when a value is parsed: it is not needed to start
    from kiosk.station.opening_hours import OpeningHours

ENV_PREFIX = "KIOSK_"

NOT_SETTINGS: Mapping[str, str] = {
    "KIOSK_CONFIG": "the config files to read, separated like PATH (config_files_from_env)",
}
"""``KIOSK_`` environment variables that are read but are not settings."""

RESERVED_PREFIX = "KIOSK_TEST_"
"""Reserved for the test suite's own variables (e.g. KIOSK_TEST_PG_URL in tests/pg.py): a
developer may have them exported while running kiosk commands, so they are never refused."""


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
        "Reverse proxies in front of the follow-up page whose X-Forwarded-For names the "
        "customer's address (for the guessing brake). Empty: the header is ignored and the "
        "connecting address counts.",
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
)

SETTINGS_BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


class Config:
    """The effective configuration; ``sources`` says where each value came from.

    Every setting is an attribute with its real type, so mypy checks each read of a setting
    (a misspelt name, a ``None`` not handled). The annotations below repeat the names of
    ``SETTINGS``, which stays the one place for defaults, parsing and docs;
    tests/station/test_config_types.py fails when the two disagree.
    """

    store_id: str
    kiosk_id: str
    local_db_path: Path
    store_db_url: str | None
    store_db_password_file: Path | None
    store_db_connect_timeout_s: int
    store_db_statement_timeout_s: int
    sync_interval_s: int
    sync_batch_size: int
    sync_backoff_max_s: int
    followup_base_url: str
    followup_link_days: int
    followup_misses_per_minute: int
    followup_trusted_proxies: tuple[str, ...]
    idle_timeout_s: int
    idle_countdown_s: int
    associate_idle_timeout_s: int
    languages: tuple[str, ...]
    content_pack_path: Path
    content_dir: Path
    log_dir: Path
    secret_key_file: Path
    windowed: bool
    hide_cursor: bool
    opening_hours: OpeningHours | None
    store_name: str | None
    store_phone: str | None
    store_email: str | None
    store_address: str | None
    after_hours_wake_s: int
    health_backlog_max_age_s: int
    health_min_free_mb: int

    def __init__(self, values: Mapping[str, object], sources: Mapping[str, str]) -> None:
        # Each value comes out of its setting's parser (or default), whose type
        # test_config_types holds to the annotation: setattr is the one step mypy cannot see.
        for s in SETTINGS:
            setattr(self, s.name, values[s.name])
        self.sources = dict(sources)

    @property
    def values(self) -> dict[str, object]:
        """Every setting by name, for code that walks the table (``kiosk check``)."""
        return {s.name: getattr(self, s.name) for s in SETTINGS}

    def describe(self) -> list[tuple[str, str, str]]:
        """Rows of (name, shown value, source), secrets masked, for ``kiosk check``."""
        rows = []
        for s in SETTINGS:
            value = getattr(self, s.name)
            shown = "(set, hidden)" if s.secret and value else _show(value)
            rows.append((s.name, shown, self.sources.get(s.name, "default")))
        return rows


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else str(value)


def read_toml(path: Path) -> dict[str, Any]:
    """Read one config file, turning every failure into a message that names the file."""
    import tomllib

    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except PermissionError:
        raise ConfigError(f"config file {path} cannot be read (permission denied)") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(SETTINGS_BY_NAME))
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0].lower(), SETTINGS_BY_NAME, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        known = ", ".join(SETTINGS_BY_NAME)
        raise ConfigError(
            f"config file {path}: unknown setting '{unknown[0]}' ({hint}known: {known})"
        )
    return data


def load_config(
    files: Iterable[Path] = (),
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Layer defaults, each file in order, the environment, then explicit overrides."""
    env = os.environ if env is None else env
    raw: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for path in files:
        for name, value in read_toml(Path(path)).items():
            raw[name] = value
            sources[name] = str(path)
    refuse_unknown_variables(env)
    for s in SETTINGS:
        if s.env_var in env:
            raw[s.name] = env[s.env_var]
            sources[s.name] = f"environment {s.env_var}"
    for name, value in (overrides or {}).items():
        raw[name] = value
        sources[name] = "command line"
    values: dict[str, Any] = {}
    for s in SETTINGS:
        if s.name not in raw:
            values[s.name] = s.default()
            continue
        try:
            values[s.name] = s.parse(raw[s.name])
        except ValueError as exc:
            where = sources[s.name]
            shown = "" if s.secret else f" (got {raw[s.name]!r})"
            raise ConfigError(f"setting '{s.name}' from {where} {exc}{shown}") from None
    if values["store_db_password_file"] is not None:
        pw_file: Path = values["store_db_password_file"]
        if not pw_file.is_file():
            raise ConfigError(f"setting 'store_db_password_file': {pw_file} does not exist")
    return Config(values, sources)


def refuse_unknown_variables(env: Mapping[str, str]) -> None:
    """A ``KIOSK_`` variable that names no setting is refused, naming the closest one."""
    import difflib

    known = {s.env_var: s.name for s in SETTINGS}
    # Compared without the shared prefix, which would make every name look alike.
    by_suffix = {name[len(ENV_PREFIX) :].lower(): name for name in [*known, *NOT_SETTINGS]}
    unknown = sorted(
        name
        for name in env
        if name.startswith(ENV_PREFIX)
        and name not in known
        and name not in NOT_SETTINGS
        and not name.startswith(RESERVED_PREFIX)
    )
    if not unknown:
        return
    reasons = []
    for name in unknown:
        suffix = name[len(ENV_PREFIX) :].lower()
        close = [by_suffix[c] for c in difflib.get_close_matches(suffix, by_suffix, n=1)]
        if not close:
            hint = "see `kiosk config reference`"
        elif close[0] in known:
            hint = f"did you mean {close[0]} (setting '{known[close[0]]}')?"
        else:
            hint = f"did you mean {close[0]}?"
        reasons.append(f"environment variable {name} is not a setting: {hint}")
    raise ConfigError("; ".join(reasons) + "; correct or unset it")


def config_files_from_env(env: Mapping[str, str] | None = None) -> list[Path]:
    """Files named by KIOSK_CONFIG (separated like PATH), for deployments without flags."""
    env = os.environ if env is None else env
    spec = env.get("KIOSK_CONFIG", "")
    return [Path(p) for p in spec.split(os.pathsep) if p]


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
