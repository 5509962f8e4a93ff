"""The privacy screen names the client book's records before an erasure and empties them.

A client with two key dates, an advisor and an open key-date outreach task: the manager sees
each of them among what forgetting will erase or stop, and after "Yes, erase permanently" the
dates are empty (no byte of their label left in the kiosk's files), the advisor is unassigned
and the outreach task is stopped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.erasure import ERASED_OUTCOME
from kiosk.db.client_book_rows import KeyDate
from kiosk.db.models import Customer, FollowupTask, utcnow
from kiosk.outreach.rules import KEY_DATE, sweep_outreach
from tests.clients.privacy.helpers import KEY_LABEL, STORE_ID, found, needles, raw_hits
from tests.clients.privacy.test_privacy_screen import manager_on_privacy, texts, type_in
from tests.ui.conftest import settle
from tests.ui.test_associate_mode import grab
from ui.screens.associate.privacy_words import counted
from ui.strings import tr

WAIT_MS = 10_000


def client_book_of(shell, who, client):  # type: ignore[no-untyped-def]
    """``who`` becomes the client's advisor; two key dates, one in three days (which the
    outreach sweep turns into a task) and a birthday; the sweep runs."""
    rt, now = shell.runtime, utcnow()
    book = rt.client_book
    soon = now.date() + dt.timedelta(days=3)

    def write() -> None:
        book.set_advisor(client.id, who.id, who.id, now)
        book.give_key_dates_consent(client.id, None, "en", now)
        book.add_key_date(client.id, "other", soon.month, soon.day, None, KEY_LABEL, who.id, now)
        book.add_key_date(client.id, "birthday", 2, 9, 1984, None, who.id, now)
        with Session(rt.engine) as s, s.begin():
            sweep_outreach(s, STORE_ID, now, dt.UTC)

    rt.recorder.submit(write).result()
    with Session(rt.engine) as s:
        tasks = s.scalars(select(FollowupTask).where(FollowupTask.kind == KEY_DATE)).all()
        assert [(t.customer_id, t.completed_at) for t in tasks] == [(client.id, None)]


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_the_screen_names_key_dates_advisor_and_outreach_then_erases_them(
    make_shell, qtbot, screenshot_dir, lang
):
    shell = make_shell(store_id=STORE_ID)
    who, client = manager_on_privacy(shell, qtbot, lang=lang)
    client_book_of(shell, who, client)
    qtbot.mouseClick(shell.screens["associate"].tool_buttons["privacy"], Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    type_in(screen, "elise.private@example.org")
    screen.keyboard.press("done")
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-forget") is not None, timeout=WAIT_MS
    )
    shown = texts(screen)
    assert counted("privacy.match.key_dates", lang, 2) in shown
    assert tr("privacy.match.advisor", lang) in shown
    assert counted("privacy.match.outreach", lang, 1) in shown
    assert KEY_LABEL not in shown  # named by count, never by what the client shared
    grab(shell, screenshot_dir, f"privacy-match-client-book-{lang}")
    if lang == "en":  # the longer list above the keyboard, standing
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "privacy-match-client-book-portrait-en")
        shell.resize(QSize(1920, 1080))

    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-yes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-again") is not None, timeout=WAIT_MS
    )
    settle(shell)

    rt = shell.runtime
    with Session(rt.engine) as s:
        dates = s.execute(
            select(KeyDate.label, KeyDate.month, KeyDate.day, KeyDate.year, KeyDate.erased_at)
        ).all()
        assert len(dates) == 2
        assert [tuple(d[:4]) for d in dates] == [(None,) * 4] * 2
        assert all(d.erased_at is not None for d in dates)
        assert s.scalar(select(Customer.advisor_id).where(Customer.id == client.id)) is None
        task = s.scalars(select(FollowupTask).where(FollowupTask.kind == KEY_DATE)).one()
        assert task.completed_at is not None
        assert task.outcome == ERASED_OUTCOME
    # not in any table, and not in the bytes of the database files (free pages, old WAL)
    assert found({"kiosk": rt.engine}, needles()) == []
    assert raw_hits(rt, needles()) == []
