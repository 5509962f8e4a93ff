"""Associates, PINs and lockouts: what store IT sets up and what a wrong PIN costs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from kiosk.associates.directory import (
    AssociateDirectory,
    AssociateError,
    PinRejected,
    SignInRefused,
    check_pin,
    lockout_after,
)
from kiosk.db.models import Associate, OutboxEntry
from kiosk.station.runtime import start
from tests.conftest import REPO


class FakeClock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += dt.timedelta(**kw)


@pytest.mark.parametrize(
    ("pin", "says"),
    [
        ("12a4", "digits only"),
        ("123", "4 to 8 digits"),
        ("123456789", "4 to 8 digits"),
        ("0000", "repeated digit"),
        ("1234", "consecutive"),
        ("9876", "consecutive"),
        ("7890", "consecutive"),
        ("1212", "repeats a short pattern"),
        ("123123", "repeats a short pattern"),
        ("2580", "most common"),
        ("４８２９", "digits only"),
    ],
)
def test_trivial_or_malformed_pins_are_refused_with_the_reason(pin, says):
    with pytest.raises(PinRejected, match=says):
        check_pin(pin)


@pytest.mark.parametrize("pin", ["4829", "730516", "19840527"])
def test_ordinary_pins_are_accepted(pin):
    check_pin(pin)


def test_lockouts_escalate_from_one_minute_to_at_most_an_hour():
    assert [lockout_after(n) for n in range(1, 5)] == [None] * 4
    minutes = [lockout_after(n) / dt.timedelta(minutes=1) for n in range(5, 13)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60]


def test_pins_are_stored_as_argon2id_hashes_and_travel_through_the_outbox(runtime):
    directory = AssociateDirectory(runtime.engine, runtime.config.store_id)
    info = directory.add("Élise", "manager", "482913")
    with runtime.store.session() as s:
        row = s.get(Associate, info.id)
        assert row.pin_hash.startswith("$argon2id$")
        assert "482913" not in row.pin_hash
        queued = s.scalars(select(OutboxEntry.table_name)).all()
    assert queued == ["associates"]
    assert directory.verify(info.id, "482913").display_name == "Élise"


def test_bad_additions_change_nothing(runtime):
    directory = AssociateDirectory(runtime.engine, runtime.config.store_id)
    directory.add("Marc", "associate", "482913")
    with pytest.raises(AssociateError, match="already called 'Marc'"):
        directory.add("Marc", "associate", "573920")
    with pytest.raises(AssociateError, match="unknown role 'owner'"):
        directory.add("Ana", "owner", "573920")
    with pytest.raises(PinRejected):
        directory.add("Ana", "associate", "1111")
    assert [a.display_name for a in directory.associates()] == ["Marc"]


def test_wrong_pins_lock_out_for_longer_each_time_across_restarts(config):
    """Five wrong PINs lock for a minute; the count survives a restart of the kiosk; each
    further failure doubles the pause; the right PIN afterwards clears it."""
    clock = FakeClock()

    def directory(rt):  # type: ignore[no-untyped-def]
        return AssociateDirectory(rt.engine, config.store_id, clock=clock)

    rt = start(config)
    marc = directory(rt).add("Marc", "associate", "482913").id
    for left in (4, 3, 2):
        with pytest.raises(SignInRefused) as refused:
            directory(rt).verify(marc, "000111")
        assert refused.value.reason == "wrong_pin"
        assert refused.value.attempts_left == left
    rt.close()

    rt = start(config)  # the kiosk restarted: the count is in the database, not in memory
    with pytest.raises(SignInRefused):
        directory(rt).verify(marc, "000111")
    with pytest.raises(SignInRefused) as refused:
        directory(rt).verify(marc, "000111")
    assert refused.value.reason == "locked"
    assert refused.value.locked_until == clock.now + dt.timedelta(minutes=1)
    with pytest.raises(SignInRefused, match="locked"):  # even the right PIN waits
        directory(rt).verify(marc, "482913")
    rt.close()

    rt = start(config)
    clock.advance(seconds=61)
    with pytest.raises(SignInRefused) as refused:
        directory(rt).verify(marc, "000111")
    assert refused.value.locked_until == clock.now + dt.timedelta(minutes=2)
    clock.advance(minutes=2, seconds=1)
    with pytest.raises(SignInRefused) as refused:
        directory(rt).verify(marc, "000111")
    assert refused.value.locked_until == clock.now + dt.timedelta(minutes=4)
    clock.advance(minutes=4, seconds=1)
    assert directory(rt).verify(marc, "482913").failed_attempts == 0
    with pytest.raises(SignInRefused) as refused:  # a fresh start: four more tries
        directory(rt).verify(marc, "000111")
    assert refused.value.attempts_left == 4
    rt.close()


def test_a_disabled_associate_cannot_sign_in(runtime):
    directory = AssociateDirectory(runtime.engine, runtime.config.store_id)
    info = directory.add("Marc", "associate", "482913")
    directory.disable(directory.find("marc").id)
    with pytest.raises(SignInRefused, match="disabled"):
        directory.verify(info.id, "482913")
    assert directory.associates() == []
    assert directory.associates(include_disabled=True)[0].disabled


def kiosk(kiosk_env, *args, stdin=""):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "associates", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **kiosk_env},
        timeout=60,
        check=False,
    )


def test_command_line_adds_lists_and_disables(kiosk_env):
    done = kiosk(
        kiosk_env, "add", "Élise Martin", "--role", "store_it", "--pin-stdin", stdin="730516\n"
    )
    assert done.returncode == 0, done.stderr
    assert "added Élise Martin (store_it)" in done.stdout
    assert "730516" not in done.stdout + done.stderr

    refused = kiosk(kiosk_env, "add", "Marc", "--pin-stdin", stdin="1234\n")
    assert refused.returncode == 2
    assert "consecutive digits" in refused.stderr

    no_tty = kiosk(kiosk_env, "add", "Marc")
    assert no_tty.returncode == 2
    assert "--pin-stdin" in no_tty.stderr

    listed = kiosk(kiosk_env, "list")
    assert listed.returncode == 0
    assert "Élise Martin" in listed.stdout
    assert "store_it" in listed.stdout
    assert "Marc" not in listed.stdout

    assert kiosk(kiosk_env, "disable", "élise martin").returncode == 0
    assert "no associates" in kiosk(kiosk_env, "list").stdout
    assert "disabled" in kiosk(kiosk_env, "list", "--all").stdout
    missing = kiosk(kiosk_env, "disable", "Nobody")
    assert missing.returncode == 2
    assert "no associate 'Nobody'" in missing.stderr
