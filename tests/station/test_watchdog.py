"""systemd's watchdog, through a real notify socket and the real kiosk process.

Each test binds an AF_UNIX datagram socket as systemd does, names it in ``$NOTIFY_SOCKET``
with ``$WATCHDOG_USEC``, and starts ``kiosk run`` (offscreen) as the unit would: what the
socket receives is what systemd would see. A hang is the GUI thread's own (a test-only flag
makes SIGUSR1 loop on it): SIGSTOP would stop every thread, which proves nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.station.config import load_config
from kiosk.station.health import render_text, run_checks
from kiosk.station.sdnotify import Notifier, read_record, socket_address, watchdog_interval_s
from tests.conftest import REPO

WATCHDOG_S = 1.0
"""The interval the tests ask for: pings every 0.5 s, so a missed one shows quickly."""
START_TIMEOUT_S = 90.0  # a cold start on a busy 2-core machine; a bound, not a wait
PING_TIMEOUT_S = 10.0
"""A bound for the next ping of a working kiosk: attaching the runtime right after READY
stalls the GUI thread for up to 1.5 s on this machine (the unit's WatchdogSec=30 is far
above it; a 1 s test interval is not)."""


@contextmanager
def notify_socket(folder: Path) -> Iterator[socket.socket]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(folder / "notify.sock"))
    try:
        yield sock
    finally:
        sock.close()


def receive(sock: socket.socket, timeout: float) -> list[str]:
    """One datagram's lines; raises TimeoutError when none comes within ``timeout``."""
    sock.settimeout(timeout)
    return sock.recv(4096).decode().split("\n")


def wait_for_state(sock: socket.socket, state: str, kiosk: subprocess.Popen[bytes]) -> list[str]:
    """Every line received until ``state`` arrives (the kiosk must stay up meanwhile)."""
    seen: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while state not in seen:
        assert kiosk.poll() is None, f"the kiosk exited ({kiosk.returncode}) before {state}"
        try:
            seen += receive(sock, min(1.0, max(0.01, deadline - time.monotonic())))
        except TimeoutError:
            assert time.monotonic() < deadline, f"no {state} within {START_TIMEOUT_S} s: {seen}"
    return seen


@contextmanager
def kiosk_under_systemd(
    kiosk_env: dict[str, str], sock_path: Path, **extra: str
) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **kiosk_env,
        "NOTIFY_SOCKET": str(sock_path),
        "WATCHDOG_USEC": str(int(WATCHDOG_S * 1_000_000)),
        **extra,
    }
    process = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "run", "--windowed"],
        env=env,
        cwd="/",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(20)
        assert process.stderr is not None
        process.stderr.close()


def test_the_kiosk_says_ready_then_pings_and_says_stopping_on_sigterm(tmp_path, kiosk_env):
    with (
        notify_socket(tmp_path) as sock,
        kiosk_under_systemd(kiosk_env, tmp_path / "notify.sock") as kiosk,
    ):
        before = wait_for_state(sock, "READY=1", kiosk)
        assert set(before) <= {"READY=1", "WATCHDOG=1", "STATUS=attract screen up"}
        pings = 0
        while pings < 3:  # pings go on at half the interval while the GUI's loop turns
            lines = receive(sock, PING_TIMEOUT_S)
            pings += lines.count("WATCHDOG=1")
        kiosk.send_signal(signal.SIGTERM)  # as `systemctl stop` does
        wait_for_state(sock, "STOPPING=1", kiosk)
        assert kiosk.wait(20) == 0


def test_a_hung_gui_thread_stops_the_pings_while_the_process_lives_on(tmp_path, kiosk_env):
    config = load_config(env=kiosk_env)
    with (
        notify_socket(tmp_path) as sock,
        kiosk_under_systemd(
            kiosk_env, tmp_path / "notify.sock", MAISON_TEST_HANG_ON_SIGUSR1="1"
        ) as kiosk,
    ):
        wait_for_state(sock, "READY=1", kiosk)
        for _ in range(3):  # pinging steadily before the hang
            wait_for_state(sock, "WATCHDOG=1", kiosk)
        # While it runs, `kiosk check` sees the watchdog on (the record is a worker's write).
        deadline = time.monotonic() + START_TIMEOUT_S
        while (record := read_record(config.local_db_path.parent)) is None:
            assert time.monotonic() < deadline, "no watchdog record"
            time.sleep(0.05)  # polling a file another process writes
        report = run_checks(config)
        watchdog = report["checks"]["watchdog"]
        assert watchdog["ok"], watchdog
        assert watchdog["state"] == "on"
        assert watchdog["interval_s"] == WATCHDOG_S
        assert watchdog["pid"] == kiosk.pid
        assert watchdog["running"] is True
        assert "  ok    watchdog  on: systemd restarts the kiosk after 1 s" in render_text(report)

        kiosk.send_signal(signal.SIGUSR1)  # the GUI thread now loops for ever
        log = config.log_dir / "kiosk.log"
        while "hangs on purpose" not in (log.read_text() if log.exists() else ""):
            assert time.monotonic() < deadline, "the GUI thread did not start hanging"
            time.sleep(0.05)  # polling the kiosk's own log
        sock.setblocking(False)
        try:  # a ping sent before the hang began may still be queued
            while True:
                sock.recv(4096)
        except BlockingIOError:
            pass
        with pytest.raises(TimeoutError):  # systemd would kill it: nothing within WatchdogSec
            receive(sock, 3 * WATCHDOG_S)
        assert kiosk.poll() is None, "the process must live on: only systemd ends it"
        # A fleet monitor polling later (time moved on, no ping recorded since): stale.
        later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
        stale = run_checks(config, clock=lambda: later)
        assert stale["status"] == "attention"
        assert stale["checks"]["watchdog"]["state"] == "stale"
        assert any(
            p.startswith("watchdog: stale: the screen has not answered") for p in stale["problems"]
        )
        assert record.under_systemd is True
        kiosk.send_signal(signal.SIGABRT)  # systemd's WatchdogSignal: the journal says where
        assert kiosk.wait(20) == -signal.SIGABRT
        assert kiosk.stderr is not None
        journal = kiosk.stderr.read().decode()
        assert "Fatal Python error: Aborted" in journal
        assert 'ui/watchdog.py", line' in journal
        assert "in hang" in journal


def test_without_systemd_nothing_is_sent_and_check_says_off(tmp_path, kiosk_env):
    assert socket_address({}) is None
    assert Notifier({}).ping() is False
    config = load_config(env=kiosk_env)
    assert run_checks(config)["checks"]["watchdog"]["state"] == "unknown"  # never ran here
    from kiosk.station.sdnotify import WatchdogRecord, now_iso, process_identity, write_record

    folder = config.local_db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    me = os.getpid()
    write_record(folder, WatchdogRecord(me, now_iso(), False, None, None, process_identity(me)))
    check = run_checks(config)["checks"]["watchdog"]
    assert (check["ok"], check["state"], check["under_systemd"]) == (True, "off", False)
    assert check["detail"].startswith("off: the kiosk was not started by systemd")
    # The same pid, but not the process that wrote the record (another boot, a reused pid):
    # not running, whatever the pid now names (and never signalled to find out).
    other = f"another-boot/{process_identity(me)}"
    write_record(folder, WatchdogRecord(me, now_iso(), True, 30.0, None, other))
    check = run_checks(config)["checks"]["watchdog"]
    assert (check["ok"], check["state"], check["running"]) == (True, "not running", False)


def test_the_notify_address_forms_and_whose_watchdog_it_is(tmp_path):
    assert socket_address({"NOTIFY_SOCKET": "@maison/notify"}) == "\0maison/notify"
    assert socket_address({"NOTIFY_SOCKET": "/run/systemd/notify"}) == "/run/systemd/notify"
    assert socket_address({"NOTIFY_SOCKET": "vsock:2:1234"}) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000"}) == 30.0
    ours = {"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getppid())}  # cage, our parent
    assert watchdog_interval_s(ours) == 30.0
    assert watchdog_interval_s({**ours, "WATCHDOG_PID": "1"}) is None  # another process's
    assert watchdog_interval_s({"WATCHDOG_USEC": "0"}) is None


def test_an_abstract_notify_socket_receives_the_states():
    name = f"maison-test-{os.getpid()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind("\0" + name)
        notifier = Notifier({"NOTIFY_SOCKET": "@" + name, "WATCHDOG_USEC": "2000000"})
        assert notifier.watchdog_s == 2.0
        assert notifier.ready("up")
        assert notifier.ping()
        assert notifier.stopping()
        assert [receive(sock, 5) for _ in range(3)] == [
            ["READY=1", "STATUS=up"],
            ["WATCHDOG=1"],
            ["STOPPING=1"],
        ]
        notifier.close()


def test_a_vanished_notify_socket_never_stops_the_kiosk(tmp_path):
    notifier = Notifier({"NOTIFY_SOCKET": str(tmp_path / "gone.sock")})
    assert notifier.ping() is False
    assert notifier.ping() is False


def test_check_says_which_published_version_is_in_service(tmp_path, kiosk_env):
    """A fleet monitor compares ``published_version`` with ``in_service_version``: the same
    on a kiosk that is current, null once store IT installed another pack by hand."""
    from kiosk.content.publish.state import FollowState, save
    from kiosk.content.store import PackStore
    from tests.content.conftest import write_mini_pack

    folder = tmp_path / "content"
    config = load_config(env={**kiosk_env, "KIOSK_CONTENT_DIR": str(folder)})
    store = PackStore(folder)
    assert store.install(write_mini_pack(tmp_path / "v2", version="2").root, renditions=False).ok
    name = store.installed_name()
    save(folder, FollowState(installed_version=4, installed_name=name, published_version=4))
    content = run_checks(config)["checks"]["content"]
    assert (content["published_version"], content["in_service_version"]) == (4, 4)
    assert store.install(write_mini_pack(tmp_path / "v9", version="9").root, renditions=False).ok
    content = run_checks(config)["checks"]["content"]
    assert (content["published_version"], content["in_service_version"]) == (4, None)
    assert content["version"] == "9"
