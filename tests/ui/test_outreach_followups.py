"""Outreach in the follow-ups, as an associate works it: each kind of outreach task (a key
date, a client not seen lately, a purchase's anniversary, a new arrival) says why it exists in
one line the associate can act on, in both languages, reckoned from the store's day; and
recording how it went asks the channel (call, message, in store, letter), stored with the
result, refused politely without one (nothing written)."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QPushButton
from sqlalchemy.orm import Session

from kiosk.clock import utcnow
from kiosk.db.models import Consent, Customer, FollowupTask, KeyDate, Purchase, Visit
from kiosk.db.outbox import save
from kiosk.station.place import local_day, store_zone
from tests.ui.test_associate_mode import add_associate, grab, sign_in
from tests.ui.test_followups import open_followups
from tests.ui.test_lookbooks import touch
from tests.ui.test_services_associate import shown
from ui.strings import tr

OVEN = "MV-CO-OV60"
NAME = "Hélène Moreau"


def months_back(day: dt.date, months: int) -> dt.date:
    """``day`` so many calendar months before (the 28th at most: every month has it)."""
    total = day.year * 12 + day.month - 1 - months
    return dt.date(total // 12, total % 12 + 1, min(day.day, 28))


def new_arrival_sku(pack) -> str:  # type: ignore[no-untyped-def]
    """A product the pack flags as new (two in the demo pack), else any product."""
    flagged = [p.sku for p in pack.products.values() if getattr(p, "new_arrival", False)]
    return (flagged or sorted(pack.products))[0]


def seed_outreach(shell, who) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    """A client with a clienteling consent and one outreach task of each kind for ``who``,
    made by the outreach rules' own makers from real rows: a birthday in 9 days, a last
    visit 7 months ago, a purchase a year ago (in 3 days), a new arrival that answers their
    "We host friends often". Returns the tasks' ids by kind (and the client's)."""
    from kiosk.outreach.rules import (
        anniversary_task,
        key_date_task,
        lapsed_task,
        new_arrival_task,
    )

    rt = shell.runtime
    store_id, zone = rt.config.store_id, store_zone(rt.config)
    now = utcnow()
    today = local_day(now, zone)
    ids: dict[str, uuid.UUID] = {}
    with Session(rt.engine) as s, s.begin():
        client = Customer(store_id=store_id, full_name=NAME, created_at=now)
        save(s, client)
        consent = Consent(
            customer_id=client.id,
            purpose="clienteling",
            wording_version="clienteling-2026-11",
            language="en",
            given_via="kiosk",
            given_at=now - dt.timedelta(days=400),
        )
        save(s, consent)
        birthday = today + dt.timedelta(days=9)
        key = KeyDate(
            store_id=store_id,
            customer_id=client.id,
            consent_id=consent.id,
            wording_version="key-dates-test",
            kind="birthday",
            month=birthday.month,
            day=birthday.day,
            created_at=now - dt.timedelta(days=30),
        )
        save(s, key)
        last = months_back(today, 7)
        visit_at = dt.datetime.combine(last, dt.time(15), tzinfo=zone).astimezone(dt.UTC)
        visit = Visit(
            store_id=store_id,
            kiosk_id=rt.config.kiosk_id,
            customer_id=client.id,
            language="en",
            started_at=visit_at,
        )
        save(s, visit)
        bought = today + dt.timedelta(days=3)
        bought_at = dt.datetime.combine(
            bought.replace(year=bought.year - 1)
            if (bought.month, bought.day) != (2, 29)
            else dt.date(bought.year - 1, 2, 28),
            dt.time(15),
            tzinfo=zone,
        ).astimezone(dt.UTC)
        sale = Purchase(
            store_id=store_id,
            kiosk_id=rt.config.kiosk_id,
            customer_id=client.id,
            items=[{"sku": OVEN, "quantity": 1, "finish": None}],
            language="en",
            created_at=bought_at,
        )
        s.add(sale)
        s.flush()
        facts = {"sku": new_arrival_sku(shell.pack), "question": "lifestyle", "answer": "host"}
        tasks = {
            "key_date": key_date_task(key, today, 14, zone, who.id),
            "lapsed": lapsed_task(
                store_id, client.id, visit.id, visit_at, today, 180, zone, who.id
            ),
            "purchase_anniversary": anniversary_task(sale, today, 14, zone, who.id),
            "new_arrival": new_arrival_task(store_id, client.id, facts, today, zone, who.id),
        }
        for kind, task in tasks.items():
            assert task is not None, kind
            save(s, task)
            ids[kind] = task.id
        ids["client"] = client.id
    return ids


def long_date(day: dt.date, today: dt.date) -> str:
    said = f"{day.day} {calendar.month_name[day.month]}"
    return said if day.year == today.year else f"{said} {day.year}"


def open_outreach(make_shell, qtbot, language: str = "en"):  # type: ignore[no-untyped-def]
    shell = make_shell()
    elise = add_associate(shell)
    ids = seed_outreach(shell, elise)
    touch(qtbot, shell.attract)
    sign_in(shell, qtbot, elise)
    shell.set_language(language)
    screen = open_followups(shell, qtbot)
    qtbot.waitUntil(
        lambda: all(screen.findChild(QPushButton, f"task-{ids[k]}") for k in KINDS), timeout=5000
    )
    return shell, elise, ids, screen


KINDS = ("key_date", "lapsed", "purchase_anniversary", "new_arrival")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_each_outreach_task_says_why_in_one_line(make_shell, qtbot, screenshot_dir, language):
    shell, _elise, ids, screen = open_outreach(make_shell, qtbot, language)
    today = local_day(utcnow(), store_zone(shell.runtime.config))

    def row(kind: str):  # type: ignore[no-untyped-def]
        return screen.findChild(QPushButton, f"task-{ids[kind]}")

    oven = shell.pack.product(OVEN).name.get(language)
    new = shell.pack.product(new_arrival_sku(shell.pack)).name.get(language)
    birthday = today + dt.timedelta(days=9)
    last = months_back(today, 7)
    if language == "en":
        expected = {
            "key_date": f"Birthday on {long_date(birthday, today)}: in 9 days",
            "lapsed": f"No visit since {long_date(last, today)} (7 months)",
            "purchase_anniversary": f"A year since the {oven}",
            "new_arrival": f"New: the {new}, for “We host friends often”",
        }
        kinds = {
            "key_date": "Key date",
            "lapsed": "Not seen lately",
            "purchase_anniversary": "Purchase anniversary",
            "new_arrival": "New arrival",
        }
    else:

        def zh(day: dt.date) -> str:
            said = f"{day.month}月{day.day}日"
            return said if day.year == today.year else f"{day.year}年{said}"

        expected = {
            "key_date": f"客户生日：{zh(birthday)}，还有 9 天",
            "lapsed": f"自{zh(last)}起未再到店（7 个月）",
            "purchase_anniversary": f"购入{oven}已满一年",
            "new_arrival": f"新品：{new}，契合客户所选的“我们常在家招待朋友”",
        }
        kinds = {
            "key_date": "重要日子",
            "lapsed": "久未到店",
            "purchase_anniversary": "购买周年",
            "new_arrival": "新品推荐",
        }
    for kind in KINDS:
        assert shown(row(kind), "kind") == kinds[kind]
        assert shown(row(kind), "reason") == expected[kind]
        assert NAME in shown(row(kind), "client")  # the associate's own list: the name, no more
    touch(qtbot, row("key_date"))
    assert shown(screen.detail, "field-reason") == expected["key_date"]
    assert screen.detail.channel.isVisible()
    grab(shell, screenshot_dir, f"associate-followups-outreach-{language}")
    if language == "en":
        shell.resize(QSize(1080, 1920))
        qtbot.waitUntil(lambda: screen.detail.channel.isVisible())
        grab(shell, screenshot_dir, "associate-followups-outreach-portrait-en")
        shell.resize(QSize(1920, 1080))


def test_an_outreach_is_recorded_with_its_channel_and_refused_without(
    make_shell, qtbot, screenshot_dir
):
    shell, elise, ids, screen = open_outreach(make_shell, qtbot)
    detail = screen.detail
    touch(qtbot, screen.findChild(QPushButton, f"task-{ids['lapsed']}"))
    channels = [b.objectName() for b in detail.channel.buttons.values()]
    assert channels == ["channel-call", "channel-message", "channel-in_store", "channel-letter"]
    assert [b.text() for b in detail.channel.buttons.values()] == [
        "Call",
        "Message",
        "In store",
        "Letter",
    ]
    for button in detail.channel.buttons.values():
        assert button.height() >= 72  # a finger's width
    outcomes = {b.objectName() for b in detail.group.buttons()}
    assert "outcome-visit_booked" in outcomes
    assert detail.findChild(QPushButton, "outcome-visit_booked").text() == "Visit booked"

    # a result but no channel: asked politely, nothing written
    touch(qtbot, detail.findChild(QPushButton, "outcome-visit_booked"))
    touch(qtbot, detail.done)
    assert detail.message.text() == (
        "Please choose how you reached the client: call, message, in store or letter."
    )
    with Session(shell.runtime.engine) as s:
        task = s.get(FollowupTask, ids["lapsed"])
        assert (task.completed_at, task.channel, task.outcome) == (None, None, None)
    grab(shell, screenshot_dir, "associate-followups-outreach-no-channel-en")

    # the domain refuses it too (a screen that skipped the question): in the screen's words
    detail.message.clear()
    detail.complete("visit_booked", None, None, "")
    assert not detail.done.isEnabled()  # on its way
    qtbot.waitUntil(lambda: detail.done.isEnabled())  # refused: to try again
    assert detail.message.text() == tr("followups.error.channel", "en")
    with Session(shell.runtime.engine) as s:
        assert s.get(FollowupTask, ids["lapsed"]).completed_at is None

    touch(qtbot, detail.channel.buttons["in_store"])
    assert detail.message.text() == ""  # the choice clears the ask
    touch(qtbot, detail.done)
    qtbot.waitUntil(lambda: detail.message.text() == "Recorded: Visit booked (In store).")
    assert not detail.channel.buttons["call"].isEnabled()  # recorded: no longer to change
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, f"task-{ids['lapsed']}") is None, timeout=5000
    )
    with Session(shell.runtime.engine) as s:
        task = s.get(FollowupTask, ids["lapsed"])
        assert (task.outcome, task.channel, task.completed_by) == (
            "visit_booked",
            "in_store",
            elise.id,
        )
    grab(shell, screenshot_dir, "associate-followups-outreach-recorded-en")


def test_other_follow_ups_ask_no_channel(make_shell, qtbot):
    """A thank-you or an after-sale call records its outcome as before: no channel asked."""
    from tests.ui.test_followups import seeded_and_signed_in

    shell, _elise, ids, screen = seeded_and_signed_in(make_shell, qtbot)
    qtbot.waitUntil(lambda: screen.findChild(QPushButton, f"task-{ids['thanks']}") is not None)
    touch(qtbot, screen.findChild(QPushButton, f"task-{ids['thanks']}"))
    assert screen.detail.channel.isHidden()
    touch(qtbot, screen.detail.findChild(QPushButton, "outcome-reached"))
    touch(qtbot, screen.detail.done)
    qtbot.waitUntil(lambda: screen.detail.message.text().startswith("Recorded"))
    with Session(shell.runtime.engine) as s:
        task = s.get(FollowupTask, ids["thanks"])
        assert (task.outcome, task.channel) == ("reached", None)


def test_the_channels_asked_are_the_domain_s():
    from kiosk.db.client_book_rows import CHANNELS
    from ui.screens.associate.followups_panels.channel import CHANNELS as ASKED

    assert ASKED == CHANNELS


def test_the_follow_ups_keep_the_store_s_clock_not_the_machine_s(make_shell, qtbot, monkeypatch):
    """A kiosk whose machine runs on UTC in a Shanghai store: an outreach due at 09:00 in the
    store says 09:00 (it said 01:00, the machine's), and its reason counts the store's days."""
    import time

    monkeypatch.setenv("TZ", "UTC")  # the machine's clock, whatever this one's is
    time.tzset()
    try:
        shell = make_shell(store_timezone="Asia/Shanghai")
        elise = add_associate(shell)
        ids = seed_outreach(shell, elise)
        touch(qtbot, shell.attract)
        sign_in(shell, qtbot, elise)
        screen = open_followups(shell, qtbot)
        qtbot.waitUntil(lambda: screen.findChild(QPushButton, f"task-{ids['lapsed']}") is not None)
        lapsed = screen.findChild(QPushButton, f"task-{ids['lapsed']}")
        assert shown(lapsed, "due") == tr("followups.due.today", "en", time="09:00")
        key = screen.findChild(QPushButton, f"task-{ids['key_date']}")
        assert shown(key, "reason").endswith(": in 9 days")
    finally:
        monkeypatch.undo()
        time.tzset()
