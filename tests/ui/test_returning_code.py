"""The greeting's "I have been here before": a returning customer's hand-off code.

Real parts: kiosk A is a real kiosk runtime whose visit (days ago, by its journey's clock)
reaches a real store PostgreSQL by the real sync; kiosk B is the window under test, with the
store database configured (no sync worker: links are never pulled, the code is looked up in
the store), its code going through ``Runtime.returning.look_up`` on the recorder and the
restored visit read back from kiosk B's own database.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from kiosk.clients.attach import Attachment, NewClient
from kiosk.clients.consent import CLIENTELING
from kiosk.clock import utcnow
from kiosk.db.models import CodeMiss, FollowupLink, VisitEvent
from kiosk.handoff.links import IssuedLink
from kiosk.station.runtime import start
from kiosk.sync import SyncWorker, open_store
from kiosk.visit.journey import Journey
from kiosk.visit.stages import EndReason
from tests.sync.helpers import kiosk_config
from tests.ui.conftest import grab, settle, wait_durable
from ui.strings import tr

NAME, PHONE, EMAIL = "Héloïse Durand", "+33 6 12 34 56 78", "heloise@example.com"
KEPT = ["MV-LI-SF3", "MV-LT-FL1"]
PUT_BACK = "MV-LI-AC1"
DEAD_STORE = "postgresql://kiosk@127.0.0.1:9/none"


def touch(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def hand_off_on_kiosk_a(tmp_path, store_url, store_id, days_ago=5, answers=True) -> IssuedLink:  # type: ignore[no-untyped-def]
    """A customer on kiosk A, ``days_ago`` days ago: answers, three pieces kept and one put
    back, their client record (a name, a phone) and the hand-off; sent to the store."""
    runtime = start(
        kiosk_config(
            tmp_path, f"kiosk-a-{uuid.uuid4().hex[:6]}", store_url, KIOSK_STORE_ID=store_id
        )
    )
    then = utcnow() - dt.timedelta(days=days_ago)
    journey = Journey(runtime.store, clock=lambda: then)  # inline writes, the visit's own time
    try:
        journey.begin("en").result()
        if answers:
            journey.answer("purpose", ["new-home"]).result()
        for sku in (KEPT[0], PUT_BACK, KEPT[1]):
            journey.set_selected(sku, True).result()
        journey.set_selected(PUT_BACK, False).result()
        journey.attach_client(
            Attachment((CLIENTELING,), "en", new=NewClient(NAME, PHONE, EMAIL))
        ).result()
        link = journey.issue_link("https://maison.example/f/").result()
        journey.end(EndReason.COMPLETED).result()
        SyncWorker(runtime.engine, open_store(store_url), store_id, pull=False).run_pass()
    finally:
        runtime.close()
    return link


def open_returning(shell, qtbot, language: str = "en", seen=None):  # type: ignore[no-untyped-def]
    """The first touch, the greeting's quiet "I have been here before"."""
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    qtbot.waitUntil(lambda: shell.router.current.NAME == "greeting")
    shell.set_language(language)
    if seen is not None:
        seen(shell)
    touch(qtbot, shell.screens["greeting"].returning)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "returning")
    return shell.screens["returning"]


def type_code(screen, text: str) -> None:  # type: ignore[no-untyped-def]
    screen.entry.field.clear()
    for char in text:
        screen.entry.keyboard.press(char)
    screen.entry.keyboard.press("done")


def answered(shell, qtbot, screen) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not screen.busy, timeout=10_000)
    settle(shell)
    return str(screen.entry.message.text())


def shown_text(shell) -> str:  # type: ignore[no-untyped-def]
    """Every word the window shows a passer-by."""
    texts = [w.text() for w in shell.findChildren(QLabel) if w.isVisible()]
    texts += [w.text() for w in shell.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in shell.findChildren(QLineEdit) if w.isVisible()]
    return "\n".join(texts)


def misses(shell) -> int:  # type: ignore[no-untyped-def]
    with Session(shell.runtime.engine) as s:
        return int(s.scalar(select(func.count()).select_from(CodeMiss)) or 0)


def test_the_return_is_a_quiet_aside_beside_the_invitation(make_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell()
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    greeting = shell.screens["greeting"]
    qtbot.waitUntil(greeting.returning.isVisible)
    assert greeting.returning.property("role") == "quiet"
    assert greeting.returning.y() == greeting.invitation.y(), "on the invitation's line"
    for language in ("en", "zh-Hans"):
        shell.set_language(language)
        assert greeting.returning.text() == tr("greeting.returning", language)
    screen = open_returning(shell, qtbot)
    assert screen.entry.keyboard.target is screen.entry.field
    touch(qtbot, screen.back_button)
    qtbot.waitUntil(lambda: shell.router.current is greeting)


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_days_later_on_kiosk_b_the_code_restores_the_selection_and_nothing_personal(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path, store_url, screenshot_dir, language
) -> None:
    shell = make_shell(store_db_url=store_url)
    link = hand_off_on_kiosk_a(tmp_path, store_url, shell.config.store_id)
    screen = open_returning(shell, qtbot, language)
    typed = link.code_for_display.lower()  # as a customer may type it: lower case, a dash
    type_code(screen, typed)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.welcome_page, timeout=10_000)
    assert screen.welcome_title.text() == tr("returning.welcome_title", language)
    assert screen.welcome_body.text() == tr("returning.welcome_selection", language)
    assert screen.entry.field.text() == "", "the code does not stay on screen"
    grab(shell, screenshot_dir, f"returning-welcome-{language}-landscape")
    for private in (NAME, "Héloïse", PHONE, "12 34", EMAIL):
        assert private not in shown_text(shell)

    state = shell.journey.state
    assert state.selection == KEPT, "the piece put back stays put back"
    assert state.needs == {"purpose": ["new-home"]}
    assert state.customer_id is None, "the client is not attached by a code"
    wait_durable(shell)
    with Session(shell.runtime.engine) as s:
        returned = s.scalars(
            select(VisitEvent).where(
                VisitEvent.visit_id == state.visit_id, VisitEvent.kind == "returned"
            )
        ).one()
        assert s.scalar(select(func.count()).select_from(FollowupLink)) == 0
    store = create_engine(store_url)
    with Session(store) as s:
        first = s.scalars(
            select(FollowupLink.visit_id).where(FollowupLink.fallback_code == link.fallback_code)
        ).one()
    store.dispose()
    assert returned.payload == {"from_visit": str(first)}
    assert misses(shell) == 0

    touch(qtbot, screen.on_button)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "selection")
    settle(shell)
    for private in (NAME, "Héloïse", PHONE, EMAIL):
        assert private not in shown_text(shell)
    grab(shell, screenshot_dir, f"returning-selection-{language}-landscape")


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("case", "key"), [("expired", "returning.expired"), ("revoked", "returning.revoked")]
)
def test_expired_and_revoked_codes_are_answered_politely(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path, store_url, case, key
) -> None:
    shell = make_shell(store_db_url=store_url)
    link = hand_off_on_kiosk_a(
        tmp_path, store_url, shell.config.store_id, days_ago=40 if case == "expired" else 5
    )
    if case == "revoked":
        store = create_engine(store_url)
        with Session(store) as s, s.begin():
            row = s.scalars(
                select(FollowupLink).where(FollowupLink.fallback_code == link.fallback_code)
            ).one()
            row.revoked_at = utcnow()
        store.dispose()
    screen = open_returning(shell, qtbot, "zh-Hans")
    type_code(screen, link.fallback_code)
    assert answered(shell, qtbot, screen) == tr(key, "zh-Hans")
    assert screen.pages.currentWidget() is screen.entry
    shell.set_language("en")
    assert screen.entry.message.text() == tr(key, "en"), "said again in the new language"
    assert shell.journey.state.selection == []
    assert misses(shell) == 0


def test_ten_wrong_codes_in_a_minute_are_slowed_without_counting_aloud(  # type: ignore[no-untyped-def]
    make_shell, qtbot
) -> None:
    shell = make_shell()
    screen = open_returning(shell, qtbot)
    said = []
    for attempt in range(10):
        type_code(screen, f"ZZZZZ9999{attempt}")
        said.append(answered(shell, qtbot, screen))
    unknown, slow = tr("returning.unknown", "en"), tr("returning.slow", "en")
    assert said == [unknown] * 5 + [slow] * 5
    assert not any(ch.isdigit() for ch in slow), "no count of attempts"
    assert misses(shell) == 5, "a slowed code is not even looked up"


def test_offline_a_code_from_another_kiosk_cannot_be_looked_up_and_is_no_miss(  # type: ignore[no-untyped-def]
    make_shell, qtbot
) -> None:
    shell = make_shell(store_db_url=DEAD_STORE)
    screen = open_returning(shell, qtbot, "zh-Hans")
    type_code(screen, "AB0CD1EF23")
    assert answered(shell, qtbot, screen) == tr("returning.unavailable", "zh-Hans")
    assert misses(shell) == 0
    type_code(screen, "abc")
    assert screen.entry.message.text() == tr("returning.shape", "zh-Hans")


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_returning_screenshots(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path, store_url, screenshot_dir, language, portrait
) -> None:
    shell = make_shell(store_db_url=store_url)
    if portrait:
        shell.resize(1080, 1920)
    link = hand_off_on_kiosk_a(tmp_path, store_url, shell.config.store_id, answers=False)
    orientation = "portrait" if portrait else "landscape"

    def greeting(shell) -> None:  # type: ignore[no-untyped-def]
        settle(shell)
        grab(shell, screenshot_dir, f"greeting-returning-{language}-{orientation}")

    screen = open_returning(shell, qtbot, language, seen=greeting)
    grab(shell, screenshot_dir, f"returning-{language}-{orientation}")
    type_code(screen, "ZZZZZ99999")
    answered(shell, qtbot, screen)
    grab(shell, screenshot_dir, f"returning-unknown-{language}-{orientation}")
    type_code(screen, link.fallback_code)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.welcome_page, timeout=10_000)
    grab(shell, screenshot_dir, f"returning-welcome-{language}-{orientation}")
    field, keys = screen.entry.field, screen.entry.keyboard
    assert field.geometry().bottom() < keys.geometry().top() or not portrait
