"""Opening hours: the door-sign format, clear refusals, and "open now?" with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.errors import ConfigError
from kiosk.station.config import load_config
from kiosk.station.opening_hours import OpeningHours

# 2026-11-23 is a Monday.
MON = dt.datetime(2026, 11, 23)


def at(day: int, hhmm: str) -> dt.datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return MON + dt.timedelta(days=day, hours=hours, minutes=minutes)


def test_a_typical_week():
    hours = OpeningHours.parse("Mon-Sat 10:00-19:00; Sun 12:00-18:00")
    assert not hours.is_open(at(0, "09:59"))
    assert hours.is_open(at(0, "10:00"))
    assert hours.is_open(at(5, "18:59"))
    assert not hours.is_open(at(5, "19:00"))
    assert not hours.is_open(at(6, "11:00"))
    assert hours.is_open(at(6, "12:30"))
    assert str(hours) == "Mon-Sat 10:00-19:00; Sun 12:00-18:00"


def test_lunch_breaks_closed_days_lists_and_full_names():
    hours = OpeningHours.parse(
        "Monday, Wed-Fri 10:00-13:00, 14:00-19:00; sat 10:00-20:00; Sun closed"
    )
    assert hours.is_open(at(0, "12:59"))
    assert not hours.is_open(at(0, "13:30"))
    assert not hours.is_open(at(1, "12:00"))  # Tuesday is not named: closed
    assert hours.is_open(at(5, "19:30"))
    assert not hours.is_open(at(6, "12:00"))


def test_daily_to_midnight_and_wrapping_day_ranges():
    assert OpeningHours.parse("daily 00:00-24:00").is_open(at(3, "23:59"))
    hours = OpeningHours.parse("Sat-Mon 09:00-17:00")
    assert hours.is_open(at(6, "10:00"))
    assert hours.is_open(at(0, "10:00"))
    assert not hours.is_open(at(2, "10:00"))


def test_next_change_and_next_opening():
    hours = OpeningHours.parse("Mon-Fri 10:00-19:00")
    assert hours.next_change(at(0, "12:00")) == at(0, "19:00")
    assert hours.next_opening(at(0, "12:00")) is None
    assert hours.next_opening(at(0, "20:00")) == at(1, "10:00")
    assert hours.next_opening(at(4, "20:00")) == at(7, "10:00")  # Friday night: Monday
    always = OpeningHours.parse("daily 00:00-24:00")
    assert always.next_change(at(0, "12:00")) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Mon-Sat 10-19", "'10-19' is not a time range|'10' is not a time"),
        ("Mon-Sat 10:00-19:70", "is not a time of day"),
        ("Mon-Sat 19:00-10:00", "ends before it starts"),
        ("Mon 10:00-13:00, 12:00-19:00", "overlap"),
        ("Mon-Sat 10:00-19:00; Sat 12:00-18:00", "Sat more than once"),
        ("Mon-Sot 10:00-19:00", "'Sot' is not a day"),
        ("sometimes", "is not like 'Mon-Sat 10:00-19:00'"),
        ("Mon closed; Tue closed", "open on no day"),
        (";", "empty"),
    ],
)
def test_bad_hours_are_refused_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message):
        OpeningHours.parse(text)


def test_the_setting_is_parsed_and_a_bad_one_names_itself():
    config = load_config(env={"KIOSK_OPENING_HOURS": "Mon-Sat 10:00-19:00"})
    assert config.opening_hours.is_open(at(2, "11:00"))
    assert load_config(env={}).opening_hours is None
    with pytest.raises(ConfigError, match="setting 'opening_hours' from environment"):
        load_config(env={"KIOSK_OPENING_HOURS": "Mon-Sat 10:00"})
