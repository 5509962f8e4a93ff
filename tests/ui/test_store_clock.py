"""The associate screens tell the store's time, not the machine's: a kiosk image left on UTC
in a Shanghai store (``store_timezone = "Asia/Shanghai"``) shows a delivery done at 09:00 as
done at 09:00, not 01:00; turns the services page at Shanghai's midnight, not at 08:00; and
dates a case, a sync and a client's last visit on Shanghai's calendar. (These screens used
``astimezone()``, the machine's zone, and showed 01:00.)
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.recovery.cases import CaseBook
from kiosk.sync.state import SyncStatus
from tests.ui.test_associate_mode import add_associate
from tests.ui.test_lookbooks import touch
from tests.ui.test_recovery_associate import WORDS, report, signed_in
from tests.ui.test_recovery_associate import shown as shown_labels
from tests.ui.test_services_associate import open_services, row, seed_services, shown

SHANGHAI = "Asia/Shanghai"
NINE_IN_SHANGHAI = dt.datetime(2026, 12, 8, 1, 0, tzinfo=dt.UTC)  # 09:00 on 8 Dec there
LATE_EVENING_UTC = dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)  # 01:00 on 8 Dec there


@pytest.fixture
def utc_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's clock on UTC, whatever this one's is."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_services_turn_the_page_and_say_when_on_the_store_s_clock(utc_machine, make_shell, qtbot):
    """At 17:00 UTC it is already 8 Dec in Shanghai: the page shows the 8th's services, and
    the delivery done at 09:00 Shanghai (01:00 UTC) says 09:00."""
    shell = make_shell(store_timezone=SHANGHAI)
    rt = shell.runtime
    elise = add_associate(shell)
    day = dt.date(2026, 12, 8)
    ids = seed_services(
        rt.engine, rt.config.store_id, day, NINE_IN_SHANGHAI + dt.timedelta(hours=3)
    )
    screen = open_services(shell, qtbot, elise, clock=lambda: LATE_EVENING_UTC)
    assert screen.day == day, "the store's day, not the machine's 7 Dec"
    qtbot.waitUntil(lambda: row(screen, ids["done"]) is not None)
    touch(qtbot, row(screen, ids["done"]))
    status = shown(screen.panel, "field-status")
    assert "09:00" in status, status


def test_the_case_says_when_it_came_on_the_store_s_clock(utc_machine, make_shell, qtbot):
    shell = make_shell(store_timezone=SHANGHAI)
    manager = add_associate(shell, "Élise Martin", "manager")
    book = CaseBook(
        shell.runtime.engine, shell.runtime.config.store_id, "kiosk-2", dt.timedelta(hours=24)
    )
    categories = [c.id for c in shell.pack.case_categories]
    case_id = book.open_case(report(), categories, at=NINE_IN_SHANGHAI)
    touch(qtbot, shell.attract)
    home = signed_in(shell, qtbot, manager)
    qtbot.waitUntil(lambda: home.findChild(QPushButton, f"case-{case_id}") is not None)
    touch(qtbot, home.findChild(QPushButton, f"case-{case_id}"))
    screen = shell.screens["case"]
    qtbot.waitUntil(lambda: WORDS in shown_labels(screen))
    came = screen.findChild(QLabel, "case-came").text()
    assert came.endswith("08/12 09:00"), came


def test_the_home_says_when_the_store_last_synced_on_the_store_s_clock(
    utc_machine, make_shell, qtbot
):
    shell = make_shell(store_timezone=SHANGHAI)
    touch(qtbot, shell.attract)
    home = signed_in(shell, qtbot, add_associate(shell, "Élise Martin", "manager"))
    failed = NINE_IN_SHANGHAI + dt.timedelta(minutes=30)
    home._show_sync(SyncStatus("offline", 3, 0, NINE_IN_SHANGHAI, "refused", failed))
    said = home.sync_detail.text()
    assert "Last sync 09:00" in said, said
    assert "Last error 09:30" in said, said


def test_a_client_s_last_visit_is_dated_on_the_store_s_calendar(utc_machine):
    """16:30 UTC on 7 Dec is already the 8th in Shanghai."""
    from zoneinfo import ZoneInfo

    from ui.screens.associate.clients import short_date

    at = dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.UTC)
    assert short_date(at, "en", ZoneInfo(SHANGHAI)) == "8 Dec 2026"
    assert short_date(at, "zh-Hans", ZoneInfo(SHANGHAI)) == "2026年12月8日"


def test_the_after_hours_veil_keeps_the_store_s_hours(utc_machine, make_shell):
    """10:30 on a Monday in Shanghai is 02:30 UTC: the store is open, the kiosk bright (it
    dimmed: the veil read the machine's clock); 20:30 there (12:30 UTC) it is closed."""
    import time_machine

    from ui.after_hours import install_after_hours

    shell = make_shell(store_timezone=SHANGHAI, opening_hours="Mon-Sun 10:00-19:00")
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 30, tzinfo=dt.UTC), tick=False):
        veil = install_after_hours(shell, shell.config)
        assert veil is not None
        assert not veil.dimmed, "open at 10:30 in the store"
    with time_machine.travel(dt.datetime(2026, 11, 23, 12, 30, tzinfo=dt.UTC), tick=False):
        veil.refresh()
        assert veil.dimmed, "closed at 20:30 in the store"


def test_a_client_s_profile_dates_them_on_the_store_s_calendar(utc_machine, make_shell, qtbot):
    """A client enrolled at 16:30 UTC on 7 Dec (already the 8th in Shanghai): the profile
    says "Client since 8 Dec 2026", as the list of clients does (it said the 7th)."""
    from PySide6.QtCore import Qt
    from sqlalchemy.orm import Session

    from kiosk.db.models import Consent
    from kiosk.db.outbox import save
    from tests.clients.privacy.helpers import STORE_ID, enrol

    shell = make_shell(store_id=STORE_ID, store_timezone=SHANGHAI)
    who = add_associate(shell, "Élise Martin", "manager")
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    at = dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.UTC)
    client = enrol(shell.runtime, at=at)
    with Session(shell.runtime.engine) as s, s.begin():
        agreed = Consent(
            store_id=shell.runtime.config.store_id,
            customer_id=client.id,
            purpose="clienteling",
            wording_version="clienteling-2026-11",
            language="en",
            given_via="kiosk",
            given_at=at,
        )
        save(s, agreed)
    shell.associate_mode._checked(who, None)  # what a right PIN leads to
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    assert shell.associate_mode.open_tool("client_profile", customer_id=client.id)
    profile = shell.screens["client_profile"]
    qtbot.waitUntil(lambda: profile.client is not None, timeout=5000)
    said = profile.contact.text()
    assert "Client since 8 Dec 2026" in said, said
    consents = "\n".join(label.text() for label in profile.findChildren(QLabel))
    assert "8 Dec 2026" in consents, consents
    assert "7 Dec 2026" not in consents, consents


def test_my_clients_date_a_last_visit_on_the_store_s_calendar(utc_machine, qtbot):
    """16:30 UTC on 7 Dec is already the 8th in Shanghai: a row of "My clients" says so."""
    import uuid
    from zoneinfo import ZoneInfo

    from kiosk.clients.book import BookRow
    from ui.screens.associate.my_clients_rows import book_row

    row = BookRow(
        uuid.uuid4(),
        "A client",
        "+33 … 78",
        None,
        dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.UTC),
        0,
        None,
        None,
    )
    button = book_row(row, dt.date(2026, 12, 8), "en", ZoneInfo(SHANGHAI))
    qtbot.addWidget(button)
    facts = button.findChild(QLabel, "book-facts").text()
    assert "8 Dec 2026" in facts, facts
