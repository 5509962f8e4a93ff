""" "My clients" in associate mode: an associate sees their own clients only (contact masked
until a row opens the profile), sorts and searches them, and says when they are away."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select, update

from kiosk.clients.attach import Attachment, NewClient
from kiosk.clients.consent import CLIENTELING
from kiosk.clock import utcnow
from kiosk.db.models import Associate, Visit
from kiosk.station.place import at_local, store_zone
from kiosk.visit.journey import Journey
from kiosk.visit.stages import EndReason
from tests.ui.conftest import grab, wait_durable
from tests.ui.test_associate_mode import add_associate, sign_in
from tests.ui.test_clienteling import tap

# (name, phone, email, member number, days since the last visit, key date in n days or None)
CLIENTS = (
    ("Héloïse Durand", "+33 6 12 34 56 78", "heloise@example.com", None, 20, 5),
    ("Agathe Bernard", "+33 6 98 76 54 32", "agathe@example.com", "M-2041", 3, None),
    ("Zoé Lambert", "+33 7 11 22 33 44", "zoe@example.com", None, 60, 40),
)
OTHERS = ("Camille Roux", "+33 6 55 44 33 22", "camille@example.com", None, 10, 2)


def store_today(shell) -> dt.date:  # type: ignore[no-untyped-def]
    return utcnow().astimezone(store_zone(shell.config)).date()


def add_client(shell, who, name, phone, email, member, days_ago):  # type: ignore[no-untyped-def]
    """A client who came ``days_ago`` with ``who`` and agreed to a profile."""
    journey = Journey(shell.runtime.store)  # written at once, beside the kiosk's own journey
    journey.begin("en")
    journey.join_associate(who.id)
    customer = journey.attach_client(
        Attachment((CLIENTELING,), "en", new=NewClient(name, phone, email, member or ""))
    ).result()
    journey.end(EndReason.COMPLETED)
    rt = shell.runtime
    with rt.store.session() as s, s.begin():  # the visit moved back in time
        s.execute(
            update(Visit)
            .where(Visit.customer_id == customer)
            .values(started_at=utcnow() - dt.timedelta(days=days_ago))
        )
    return customer


def book_of(shell, advisor, by, customer, key_in_days):  # type: ignore[no-untyped-def]
    """``advisor`` looks after ``customer``, who shared a birthday ``key_in_days`` away."""
    rt = shell.runtime
    book, now = rt.client_book, utcnow()
    run = rt.recorder.submit
    run(lambda: book.set_advisor(customer, advisor.id, by.id, now)).result()
    if key_in_days is not None:
        day = store_today(shell) + dt.timedelta(days=key_in_days)
        run(lambda: book.give_key_dates_consent(customer, None, "en", now)).result()
        run(
            lambda: book.add_key_date(
                customer, "birthday", day.month, day.day, 1980, None, by.id, now
            )
        ).result()


def seed_book(shell, marc, elise):  # type: ignore[no-untyped-def]
    """Marc's three clients and one of Élise's; returns {name: customer id}."""
    ids = {}
    for name, phone, email, member, ago, key in CLIENTS:
        ids[name] = add_client(shell, marc, name, phone, email, member, ago)
        book_of(shell, marc, elise, ids[name], key)
    name, phone, email, member, ago, key = OTHERS
    ids[name] = add_client(shell, elise, name, phone, email, member, ago)
    book_of(shell, elise, elise, ids[name], key)
    return ids


def open_my_clients(shell, qtbot, who):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, who, pin="604127" if who.role == "associate" else "482913")
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    home = shell.screens["associate"]
    qtbot.mouseClick(home.tool_buttons["clients"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(shell.screens["clients"].mine_button, Qt.MouseButton.LeftButton)
    screen = shell.screens["my_clients"]
    assert shell.router.current is screen
    return screen


def names_shown(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.text() for w in screen.findChildren(QLabel, "book-name") if w.isVisible()]


def wait_names(qtbot, screen, expected):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: names_shown(screen) == expected, timeout=5000)


def people(shell):  # type: ignore[no-untyped-def]
    elise = add_associate(shell, "Élise Martin", "manager")
    marc = add_associate(shell, "Marc Lefèvre", "associate", "604127")
    return elise, marc


def test_an_associate_sees_only_their_clients_sorted_searched_and_masked(
    make_shell, qtbot, screenshot_dir, caplog
):
    caplog.set_level(logging.DEBUG)
    shell = make_shell()
    elise, marc = people(shell)
    ids = seed_book(shell, marc, elise)
    screen = open_my_clients(shell, qtbot, marc)

    # the next key date first: Héloïse's birthday in 5 days, Zoé's in 40, Agathe has none
    wait_names(qtbot, screen, ["Héloïse Durand", "Zoé Lambert", "Agathe Bernard"])
    assert "Camille Roux" not in names_shown(screen)  # Élise's client, not Marc's
    row = screen.findChild(QPushButton, f"book-{ids['Héloïse Durand']}")
    texts = " | ".join(w.text() for w in row.findChildren(QLabel))
    assert "+33 … 78" in texts
    assert "612345678" not in texts
    assert "Birthday" in texts
    assert "in 5 days" in texts
    assert "Last visit" in texts
    grab(shell, screenshot_dir, "my-clients-en")

    qtbot.mouseClick(screen.sort_buttons["name"], Qt.MouseButton.LeftButton)
    wait_names(qtbot, screen, ["Agathe Bernard", "Héloïse Durand", "Zoé Lambert"])
    qtbot.mouseClick(screen.sort_buttons["last_visit"], Qt.MouseButton.LeftButton)
    wait_names(qtbot, screen, ["Agathe Bernard", "Héloïse Durand", "Zoé Lambert"])

    # searched as the client search is: the member number, however typed
    tap(qtbot, screen.keyboard, "m")
    screen.field.insert("-2041")
    screen.keyboard.press("done")
    wait_names(qtbot, screen, ["Agathe Bernard"])
    assert screen.show_all.isVisible()
    # Élise's client's number finds nothing here (the client search finds them)
    screen.field.setText("+33 6 55 44 33 22")
    qtbot.mouseClick(screen.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.findChild(QLabel, "book-note") is not None, timeout=5000)
    assert "None of your clients" in screen.findChild(QLabel, "book-note").text()
    screen.field.setText("??")  # no phone, e-mail or member number
    qtbot.mouseClick(screen.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=5000)
    qtbot.mouseClick(screen.show_all, Qt.MouseButton.LeftButton)
    wait_names(qtbot, screen, ["Agathe Bernard", "Héloïse Durand", "Zoé Lambert"])
    assert not screen.message.isVisible()

    # a row opens the profile: the contact in full there, and the way back to the list
    row = screen.findChild(QPushButton, f"book-{ids['Zoé Lambert']}")
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    profile = shell.screens["client_profile"]
    assert shell.router.current is profile
    qtbot.waitUntil(lambda: profile.name.text() == "Zoé Lambert", timeout=5000)
    assert "+33711223344" in profile.contact.text()
    assert profile.back_button.text() == "Back to my clients"
    qtbot.mouseClick(profile.back_button, Qt.MouseButton.LeftButton)
    assert shell.router.current is screen

    for secret in ("Héloïse", "Durand", "612345678", "heloise", "M-2041", "2041"):
        assert secret not in caplog.text


def test_no_clients_yet_says_how_a_client_becomes_yours(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    _elise, marc = people(shell)
    screen = open_my_clients(shell, qtbot, marc)
    qtbot.waitUntil(lambda: screen.findChild(QLabel, "book-how") is not None, timeout=5000)
    assert "No clients assigned to you yet" in screen.findChild(QLabel, "book-note").text()
    assert "Make me the advisor" in screen.findChild(QLabel, "book-how").text()
    shell.set_language("zh-Hans")
    qtbot.waitUntil(lambda: "您名下" in screen.findChild(QLabel, "book-note").text())
    grab(shell, screenshot_dir, "my-clients-empty-zh")


def away_until(shell, who):  # type: ignore[no-untyped-def]
    with shell.runtime.store.session() as s:
        return s.scalar(select(Associate.away_until).where(Associate.id == who.id))


def test_away_until_a_day_is_set_on_the_calendar_and_cleared(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    _elise, marc = people(shell)
    screen = open_my_clients(shell, qtbot, marc)
    away = screen.away
    qtbot.waitUntil(lambda: "You are in" in away.state.text(), timeout=5000)
    assert not away.back_button.isVisible()

    qtbot.mouseClick(away.set_button, Qt.MouseButton.LeftButton)
    assert screen.pages.currentWidget() is away.page
    assert not away.save.isEnabled()  # no day picked yet
    calendar = away.calendar
    today = store_today(shell)
    start = today.replace(day=1).weekday()
    assert calendar.days[start + today.day - 1].isEnabled()
    if today.day > 1:  # a day gone cannot be picked
        assert not calendar.days[start + today.day - 2].isEnabled()
    last = today + dt.timedelta(days=9)
    if (last.year, last.month) != (today.year, today.month):
        qtbot.mouseClick(calendar.later, Qt.MouseButton.LeftButton)
    index = last.replace(day=1).weekday() + last.day - 1
    qtbot.mouseClick(calendar.days[index], Qt.MouseButton.LeftButton)
    assert away.save.isEnabled()
    grab(shell, screenshot_dir, "my-clients-away-pick-en")
    qtbot.mouseClick(away.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == 0, timeout=5000)
    wait_durable(shell)
    expected = at_local(last + dt.timedelta(days=1), dt.time(0), store_zone(shell.config))
    stored = away_until(shell, marc)
    assert stored is not None
    assert stored.replace(tzinfo=dt.UTC) == expected
    assert "Away until" in away.state.text()
    assert str(last.day) in away.state.text()
    assert away.back_button.isVisible()

    # read afresh when the screen opens again: a manager moved it on, elsewhere
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    assert shell.router.current is shell.screens["clients"]
    later = last + dt.timedelta(days=3)
    with shell.runtime.store.session() as s, s.begin():
        s.execute(
            update(Associate)
            .where(Associate.id == marc.id)
            .values(away_until=expected + dt.timedelta(days=3))
        )
    qtbot.mouseClick(shell.screens["clients"].mine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: f" {later.day} " in away.state.text(), timeout=5000)

    qtbot.mouseClick(away.back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "You are in" in away.state.text(), timeout=5000)
    wait_durable(shell)
    assert away_until(shell, marc) is None
