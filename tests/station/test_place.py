"""The store's time zone and country are settings, refused at start when they name nothing,
and store-local days and times turn into UTC instants on the store's clocks."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kiosk.errors import ConfigError
from kiosk.station.config import load_config
from kiosk.station.place import at_local, known_zone, local_day, local_midnight, store_zone

SHANGHAI, NEW_YORK = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")


def test_the_store_zone_and_country_are_read_from_the_settings():
    config = load_config(env={"KIOSK_STORE_TIMEZONE": "Asia/Shanghai", "KIOSK_STORE_COUNTRY": "cn"})
    assert store_zone(config) == SHANGHAI
    assert config.store_country == "CN"


def test_by_default_the_store_keeps_the_machine_zone_and_a_known_country():
    config = load_config(env={})
    assert known_zone(config.store_timezone)
    assert config.store_country == "FR"


@pytest.mark.parametrize(
    ("variable", "value", "told"),
    [
        ("KIOSK_STORE_TIMEZONE", "Europe/Pariss", "IANA time zone name"),
        ("KIOSK_STORE_TIMEZONE", "../../etc/passwd", "IANA time zone name"),
        ("KIOSK_STORE_COUNTRY", "France", "two-letter ISO 3166 country code"),
        ("KIOSK_STORE_COUNTRY", "ZZ", "two-letter ISO 3166 country code"),
    ],
)
def test_a_zone_or_country_that_names_nothing_stops_the_start(variable, value, told):
    with pytest.raises(ConfigError) as err:
        load_config(env={variable: value})
    setting = variable.removeprefix("KIOSK_").lower()
    assert f"setting '{setting}' from environment {variable}" in str(err.value)
    assert told in str(err.value)
    assert repr(value) in str(err.value)


def test_store_local_times_are_utc_instants_on_the_store_clocks():
    day = dt.date(2026, 3, 10)
    assert at_local(day, dt.time(9), SHANGHAI) == dt.datetime(2026, 3, 10, 1, tzinfo=dt.UTC)
    # New York is on daylight time from 8 March 2026: UTC-4, midnight is 04:00 UTC.
    noon = dt.datetime(2026, 3, 10, 16, tzinfo=dt.UTC)
    assert local_midnight(noon, NEW_YORK) == dt.datetime(2026, 3, 10, 4, tzinfo=dt.UTC)
    # 02:00 UTC on the 11th is still the 10th in New York, already the 11th in Shanghai.
    late = dt.datetime(2026, 3, 11, 2, tzinfo=dt.UTC)
    assert local_day(late, NEW_YORK) == day
    assert local_day(late, SHANGHAI) == day + dt.timedelta(days=1)


@pytest.mark.parametrize("value", ["²", "12³", " ½ "])
def test_a_count_written_with_a_superscript_is_told_in_the_kiosk_s_words(value):
    """str.isdigit takes "²"; int() does not: the start stopped with Python's message
    ("invalid literal for int()") instead of the setting's."""
    with pytest.raises(ConfigError) as err:
        load_config(env={"KIOSK_SYNC_BATCH_SIZE": value})
    assert "must be a whole number from 1 to 100000" in str(err.value)


def test_the_machine_zone_is_read_from_tz_and_checked_in_the_system_database(tmp_path, monkeypatch):
    from kiosk.station import place

    zones = tmp_path / "zoneinfo"
    (zones / "Test").mkdir(parents=True)
    (zones / "Test" / "Zone").write_bytes(b"TZif2" + b"\0" * 40)  # a zone file's magic
    (zones / "Test" / "Text").write_text("not a zone file", encoding="utf-8")
    monkeypatch.setattr(place, "SYSTEM_ZONES", zones)
    monkeypatch.setenv("TZ", ":Test/Zone")
    assert place.machine_zone_name() == "Test/Zone"  # found without asking zoneinfo
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # not in that folder: zoneinfo knows it
    assert place.machine_zone_name() == "Asia/Shanghai"
    for refused in ("Test/Text", "../zoneinfo/Test/Zone", "/etc/passwd"):
        monkeypatch.setenv("TZ", refused)
        assert place.machine_zone_name() != refused
