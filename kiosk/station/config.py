"""The effective configuration of the kiosk: ``Config``, loaded from the settings declared
in ``kiosk.station.settings`` (the one place for their type, default and description).

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
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import ConfigError
from kiosk.station.settings import ENV_PREFIX, SETTINGS, SETTINGS_BY_NAME, _show

if TYPE_CHECKING:  # imported when a value is parsed: it is not needed to start
    from kiosk.station.opening_hours import OpeningHours

NOT_SETTINGS: Mapping[str, str] = {
    "KIOSK_CONFIG": "the config files to read, separated like PATH (config_files_from_env)",
}
"""``KIOSK_`` environment variables that are read but are not settings."""

RESERVED_PREFIX = "KIOSK_TEST_"
"""Reserved for the test suite's own variables (e.g. KIOSK_TEST_PG_URL in tests/pg.py): a
developer may have them exported while running kiosk commands, so they are never refused."""


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
    case_response_hours: int
    service_capacity: str
    service_closed_days: str
    service_cutoff_hours: int
    service_booking_days: int
    store_timezone: str
    store_country: str
    advisor_away_hours: int
    outreach_key_date_days: int
    outreach_lapsed_days: int
    store_areas: tuple[str, ...]
    camera: str | None
    companion_idle_minutes: int
    hq_db_url: str | None

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
    import difflib  # only to name the closest setting (not on every start)

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
