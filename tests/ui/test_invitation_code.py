"""The greeting's "I have an invitation": a friend's code typed on the kiosk's keyboard.

Real parts: the kiosk's own database holds the invitations (as the sync pulls them), the
code goes through ``Runtime.referrals.redeem_code`` on the recorder, and what it stored (the
invitation redeemed, the visit's ``referred`` event, the misses it counted) is read back.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.clock import utcnow
from kiosk.db.models import CodeMiss, Invitation, VisitEvent
from kiosk.handoff.links import new_token
from tests.ui.conftest import grab, settle, wait_durable
from ui.strings import tr

CODE = "AB0CD1EF23"  # as stored: Crockford base32, ten characters
TYPED = "abocd-ief23"  # as a guest may type it: lower case, a dash, O for 0 and I for 1
OTHER = "ZZZZZ99999"


def touch(qtbot, widget, pos=None):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def seed(shell, code: str = CODE, days: float = 30, redeemed: bool = False) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """An invitation in the kiosk's copy, as the sync pulls it from the store."""
    now = utcnow()
    with Session(shell.runtime.engine) as s, s.begin():
        row = Invitation(
            store_id=shell.runtime.config.store_id,
            token=new_token(),
            code=code,
            created_at=now - dt.timedelta(days=1),
            expires_at=now + dt.timedelta(days=days),
            redeemed_at=now - dt.timedelta(hours=2) if redeemed else None,
            redeemed_via="page" if redeemed else None,
        )
        s.add(row)
        s.flush()
        return row.id


def open_invitation(shell, qtbot, language: str = "en", seen=None):  # type: ignore[no-untyped-def]
    """The first touch, the greeting's quiet "I have an invitation" (``seen(shell)`` is
    called on the greeting before)."""
    touch(qtbot, shell.attract, QPoint(300, 300))
    qtbot.waitUntil(lambda: shell.router.current.NAME == "greeting")
    shell.set_language(language)
    if seen is not None:
        seen(shell)
    greeting = shell.screens["greeting"]
    touch(qtbot, greeting.invitation)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "invitation")
    return shell.screens["invitation"]


def type_code(screen, text: str) -> None:  # type: ignore[no-untyped-def]
    """Key by key on the on-screen keyboard, then its ✓."""
    for char in text:
        screen.keyboard.press(char)
    screen.keyboard.press("done")


def answered(shell, qtbot, screen) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not screen.busy)
    settle(shell)
    return screen.message.text()


def misses(shell) -> int:  # type: ignore[no-untyped-def]
    with Session(shell.runtime.engine) as s:
        return int(s.scalar(select(func.count()).select_from(CodeMiss)) or 0)


def test_the_invitation_is_a_quiet_aside_of_the_greeting(make_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell()
    touch(qtbot, shell.attract, QPoint(300, 300))
    greeting = shell.screens["greeting"]
    qtbot.waitUntil(greeting.invitation.isVisible)
    assert greeting.invitation.property("role") == "quiet"
    assert greeting.browse.property("role") == "primary"  # "begin" stays the one way
    for language in ("en", "zh-Hans"):
        shell.set_language(language)
        assert greeting.invitation.text() == tr("greeting.invitation", language)
    screen = open_invitation(shell, qtbot)
    assert screen.keyboard.target is screen.field
    assert screen.back_button.isVisible()
    touch(qtbot, screen.back_button)
    qtbot.waitUntil(lambda: shell.router.current is greeting)


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_a_good_code_typed_forgivingly_welcomes_the_guest_and_the_visit_is_referred(  # type: ignore[no-untyped-def]
    make_shell, qtbot, screenshot_dir, language
) -> None:
    shell = make_shell()
    invitation_id = seed(shell)
    screen = open_invitation(shell, qtbot, language)
    type_code(screen, TYPED)
    assert screen.field.text() == TYPED.upper()  # shown in capitals, as it is printed
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.welcome_page)
    assert screen.welcome_title.text() == tr("invitation.welcome_title", language)
    assert screen.welcome_body.text() == tr("invitation.welcome_body", language)
    assert screen.field.text() == "", "the code does not stay on screen"
    settle(shell)
    grab(shell, screenshot_dir, f"invitation-welcome-{language}-landscape")

    visit_id = shell.journey.state.visit_id
    wait_durable(shell)
    with Session(shell.runtime.engine) as s:
        row = s.get(Invitation, invitation_id)
        assert row is not None
        assert (row.redeemed_via, row.redeemed_visit_id) == ("kiosk", visit_id)
        kinds = s.scalars(
            select(VisitEvent.kind).where(VisitEvent.visit_id == visit_id).order_by(VisitEvent.seq)
        ).all()
        referred = s.scalars(select(VisitEvent).where(VisitEvent.kind == "referred")).one()
    assert "referred" in kinds
    assert referred.payload == {"invitation": str(invitation_id)}
    assert misses(shell) == 0

    touch(qtbot, screen.begin_button)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "needs")


@pytest.mark.parametrize(
    ("case", "key"),
    [
        ("unknown", "invitation.unknown"),
        ("expired", "invitation.expired"),
        ("used", "invitation.used"),
    ],
)
def test_a_code_that_cannot_be_used_is_answered_politely(  # type: ignore[no-untyped-def]
    make_shell, qtbot, case, key
) -> None:
    shell = make_shell()
    seed(shell, days=-1 if case == "expired" else 30, redeemed=case == "used")
    screen = open_invitation(shell, qtbot, "zh-Hans")
    typed = OTHER if case == "unknown" else CODE
    type_code(screen, typed)
    assert answered(shell, qtbot, screen) == tr(key, "zh-Hans")
    assert screen.pages.currentWidget() is screen.form_page
    assert screen.field.text() == typed, "left in the field, to be put right"
    shell.set_language("en")
    assert screen.message.text() == tr(key, "en"), "said again in the new language"
    assert misses(shell) == (1 if case == "unknown" else 0)
    wait_durable(shell)
    with Session(shell.runtime.engine) as s:
        assert not s.scalars(select(VisitEvent).where(VisitEvent.kind == "referred")).all()
    screen.keyboard.press("backspace")
    assert screen.message.text() == "", "a corrected code clears the old answer"


def test_too_many_wrong_codes_slow_the_kiosk_down_without_counting_aloud(  # type: ignore[no-untyped-def]
    make_shell, qtbot
) -> None:
    shell = make_shell()
    seed(shell)
    screen = open_invitation(shell, qtbot)
    for attempt in range(5):
        screen.field.clear()
        type_code(screen, f"ZZZZZ9999{attempt}")
        assert answered(shell, qtbot, screen) == tr("invitation.unknown", "en")
    screen.field.clear()
    type_code(screen, CODE)  # even the right code waits: the kiosk does not look
    said = answered(shell, qtbot, screen)
    assert said == tr("invitation.slow", "en") == "Please wait a moment before trying again."
    assert not any(ch.isdigit() for ch in said), "no count of attempts"
    assert screen.pages.currentWidget() is screen.form_page
    with Session(shell.runtime.engine) as s:
        assert s.scalars(select(Invitation.redeemed_at)).one() is None


def test_a_code_of_no_possible_shape_is_answered_at_once_and_counts_no_miss(  # type: ignore[no-untyped-def]
    make_shell, qtbot
) -> None:
    shell = make_shell()
    screen = open_invitation(shell, qtbot)
    type_code(screen, "abc")
    assert screen.message.text() == tr("invitation.shape", "en")
    screen.field.clear()
    screen.keyboard.press("done")
    assert screen.message.text() == tr("invitation.empty", "en")
    assert not screen.busy
    wait_durable(shell)
    assert misses(shell) == 0


def test_the_code_is_checked_off_the_gui_thread_and_forgotten_on_leaving(  # type: ignore[no-untyped-def]
    make_shell, qtbot, monkeypatch
) -> None:
    from kiosk.aftersale.referrals import Referrals

    shell = make_shell()
    seed(shell)
    threads: list[threading.Thread] = []
    real = Referrals.redeem_code

    def watched(self, code, visit_id, at):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(self, code, visit_id, at)

    monkeypatch.setattr(Referrals, "redeem_code", watched)
    screen = open_invitation(shell, qtbot)
    type_code(screen, OTHER)
    answered(shell, qtbot, screen)
    assert threads
    assert threads[0] is not threading.main_thread()

    touch(qtbot, screen.back_button)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "greeting")
    touch(qtbot, shell.screens["greeting"].invitation)
    qtbot.waitUntil(lambda: shell.router.current is screen)
    assert screen.field.text() == ""
    assert screen.message.text() == ""


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_invitation_screenshots(make_shell, qtbot, screenshot_dir, language, portrait) -> None:  # type: ignore[no-untyped-def]
    shell = make_shell()
    if portrait:
        shell.resize(1080, 1920)
    seed(shell, redeemed=True)
    orientation = "portrait" if portrait else "landscape"

    def greeting(shell) -> None:  # type: ignore[no-untyped-def]
        settle(shell)
        grab(shell, screenshot_dir, f"greeting-invitation-{language}-{orientation}")

    screen = open_invitation(shell, qtbot, language, seen=greeting)
    settle(shell)
    grab(shell, screenshot_dir, f"invitation-{language}-{orientation}")
    type_code(screen, CODE)
    answered(shell, qtbot, screen)
    grab(shell, screenshot_dir, f"invitation-used-{language}-{orientation}")
    assert screen.field.geometry().bottom() < screen.keyboard.geometry().top() or not portrait
