"""The store's week of delivery and installation slots, as store IT writes it in the
configuration: read whole, or refused at start with the entry named."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.aftersale.capacity import DEFAULT_SERVICE_CAPACITY, capacity_from, parse_capacity
from kiosk.errors import ConfigError
from kiosk.station.config import load_config

MONDAY = dt.date(2026, 12, 7)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def test_the_contracts_example_reads_as_written():
    week = parse_capacity(
        "mon-fri: morning 08:00-12:00 delivery 4 installation 2, afternoon 13:00-18:00 "
        "delivery 4 installation 2; sat: morning 09:00-12:00 delivery 2 installation 1",
        "2026-12-25, 2027-01-01",
    )
    friday = week.slots_on(day(4))
    assert [(s.name, s.start, s.end, dict(s.places)) for s in friday] == [
        ("morning", dt.time(8), dt.time(12), {"delivery": 4, "installation": 2}),
        ("afternoon", dt.time(13), dt.time(18), {"delivery": 4, "installation": 2}),
    ]
    saturday = week.slot(day(5), "morning")
    assert saturday is not None
    assert (saturday.capacity("delivery"), saturday.capacity("installation")) == (2, 1)
    assert week.slot(day(5), "afternoon") is None
    assert week.is_closed(day(6))  # Sunday: not named
    assert week.is_closed(dt.date(2026, 12, 25))  # a Friday, closed by date
    assert week.slots_on(dt.date(2027, 1, 1)) == ()
    assert not week.is_closed(dt.date(2027, 1, 4))


def test_the_default_week_is_monday_to_saturday_morning_and_afternoon():
    week = parse_capacity(DEFAULT_SERVICE_CAPACITY)
    for offset in range(6):
        assert [s.name for s in week.slots_on(day(offset))] == ["morning", "afternoon"]
    assert week.is_closed(day(6))
    config = load_config(env={})
    assert config.service_capacity == DEFAULT_SERVICE_CAPACITY
    assert (config.service_cutoff_hours, config.service_booking_days) == (24, 60)
    assert capacity_from(config).slots_on(day(0)) == week.slots_on(day(0))


def test_ranges_wrap_and_lists_and_a_slot_without_a_service_has_no_place():
    week = parse_capacity("sat-mon: all-day 10:00-16:00 delivery 1; wed,fri: am 09:00-11:00")
    assert [d for d in range(7) if not week.is_closed(day(d))] == [0, 2, 4, 5, 6]
    am = week.slot(day(2), "am")
    assert am is not None
    assert am.capacity("delivery") == 0
    assert am.capacity("installation") == 0


@pytest.mark.parametrize(
    ("text", "closed", "message"),
    [
        ("tue-xyz: morning 09:00-12:00 delivery 1", "",
         "service_capacity: 'tue-xyz' is not a day range (use mon, tue, wed, thu, fri, sat, sun)"),
        ("funday: morning 09:00-12:00", "", "service_capacity: 'funday' is not a day"),
        ("morning 09:00-12:00 delivery 1", "", "needs its days first"),
        ("mon: morning 9-12 delivery 1", "",
         "service_capacity: 'mon: morning 9-12 delivery 1': '9' is not a time (HH:MM, 24-hour)"),
        ("mon: morning 12:00-09:00", "", "'mon: morning 12:00-09:00': the slot ends before"),
        ("mon: morning 09:00-12:00 delivry 2", "", "'delivry' is not a service"),
        ("mon: morning 09:00-12:00 delivery", "", "each service needs its number"),
        ("mon: morning 09:00-12:00 delivery lots", "", "'lots' is not a number of places"),
        # a digit to str.isdigit, not to int(): Python's own message came out
        ("mon: morning 09:00-12:00 delivery ²", "", "'²' is not a number of places"),
        ("mon: a 09:00-10:00, a 11:00-12:00", "", "slot 'a' is given twice"),
        ("mon: a 09:00-10:00; mon-tue: b 11:00-12:00", "", "mon is given twice"),
        ("mon: morning", "", "'mon: morning': a slot needs a name and a time range"),
        ("mon: 1st 09:00-10:00", "", "'1st' is not a slot name"),
        ("mon: a 09:00-10:00", "2026-02-30", "service_closed_days: '2026-02-30' is not a date"),
    ],
)  # fmt: skip
def test_a_wrong_week_is_refused_naming_the_place(text, closed, message):
    with pytest.raises(ValueError, match="service_") as caught:
        parse_capacity(text, closed)
    assert message in str(caught.value)


def test_the_kiosk_does_not_start_on_a_wrong_week():
    with pytest.raises(ConfigError) as caught:
        load_config(env={"KIOSK_SERVICE_CAPACITY": "mon-fri: morning 09:00-12:00 delivry 2"})
    message = str(caught.value)
    assert message.startswith("setting 'service_capacity' from environment KIOSK_SERVICE_CAPACITY")
    assert "'delivry' is not a service" in message
    with pytest.raises(ConfigError, match="'12/25' is not a date"):
        load_config(env={"KIOSK_SERVICE_CLOSED_DAYS": "12/25"})
    with pytest.raises(ConfigError, match="service_cutoff_hours"):
        load_config(env={"KIOSK_SERVICE_CUTOFF_HOURS": "0"})
