"""Follow-ups in associate mode: my due list, recording an outcome, adding one by hand, and
the store's list with a colleague's task."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import Consent, Customer, FollowupTask, utcnow
from kiosk.db.outbox import save
from tests.ui.test_associate_mode import add_associate, grab, sign_in


def seed(shell, elise, marc):  # type: ignore[no-untyped-def]
    """A client with consent and tasks: one overdue for me, one today for anyone, an
    appointment request, and one of Marc's."""
    rt = shell.runtime
    now = utcnow()
    with Session(rt.engine) as s, s.begin():
        camille = Customer(store_id=rt.config.store_id, full_name="Camille Durand", created_at=now)
        save(s, camille)
        save(
            s,
            Consent(
                customer_id=camille.id,
                purpose="followup_contact",
                wording_version="v1",
                language="en",
                given_via="page",
                given_at=now - dt.timedelta(days=3),
            ),
        )
        ids = {}

        def task(name, kind, due, who, **details):  # type: ignore[no-untyped-def]
            row = FollowupTask(
                store_id=rt.config.store_id,
                customer_id=camille.id,
                kind=kind,
                due_at=due,
                assigned_to=who,
                created_at=now - dt.timedelta(days=3),
                details=details,
            )
            save(s, row)
            ids[name] = row.id

        task("thanks", "thank_you", now - dt.timedelta(days=1), elise.id)
        task(
            "appointment",
            "appointment",
            now + dt.timedelta(minutes=1),
            None,
            appointment="home_consultation",
            time_of_day="afternoon",
            preferred_date=(now + dt.timedelta(days=9)).date().isoformat(),
            note="Prefers to be called after six",
        )
        task("marc", "satisfaction", now + dt.timedelta(days=4), marc.id, skus=["MV-CO-OV60"])
    return ids


def open_followups(shell, qtbot):  # type: ignore[no-untyped-def]
    home = shell.screens["associate"]
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    button = home.findChild(QPushButton, "tool-followups")
    assert button is not None
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    screen = shell.screens["followups"]
    assert shell.router.current is screen
    return screen


def row(screen, task_id):  # type: ignore[no-untyped-def]
    return screen.findChild(QPushButton, f"task-{task_id}")


def seeded_and_signed_in(make_shell, qtbot, language="en"):  # type: ignore[no-untyped-def]
    """Élise signed in on a kiosk with the seeded tasks, on the follow-ups screen."""
    shell = make_shell()
    elise = add_associate(shell)
    marc = add_associate(shell, "Marc Lefèvre", pin="604127")
    ids = seed(shell, elise, marc)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    greeting = shell.screens["greeting"]
    qtbot.mouseClick(greeting.language_buttons[language], Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, elise)
    return shell, elise, ids, open_followups(shell, qtbot)


def test_due_list_complete_add_and_the_store_list(make_shell, qtbot, screenshot_dir):
    shell, elise, ids, screen = seeded_and_signed_in(make_shell, qtbot)

    # Mine: my overdue thank-you, the unassigned appointment; not Marc's satisfaction check
    qtbot.waitUntil(lambda: row(screen, ids["thanks"]) is not None, timeout=5000)
    assert row(screen, ids["appointment"]) is not None
    assert row(screen, ids["marc"]) is None
    assert screen.findChild(QLabel, "group-overdue") is not None
    assert screen.findChild(QLabel, "group-today") is not None
    thanks = row(screen, ids["thanks"])
    assert thanks.findChild(QLabel, "client").text() == "Camille Durand"
    assert "1 d late" in thanks.findChild(QLabel, "due").text()
    assert screen.scope_note.isHidden()  # no store database: nothing to fall back from

    # the appointment: its request, then booked for the preferred day, a reminder follows
    qtbot.mouseClick(row(screen, ids["appointment"]), Qt.MouseButton.LeftButton)
    detail = screen.detail
    assert detail.title.text() == "Appointment to arrange"
    assert "A home consultation" in detail.findChild(QLabel, "field-request").text()
    assert "after six" in detail.findChild(QLabel, "field-note").text()
    assert not detail.done.isEnabled()  # an outcome first
    qtbot.mouseClick(detail.findChild(QPushButton, "outcome-booked"), Qt.MouseButton.LeftButton)
    assert detail.booking.isVisible()
    wanted = utcnow().date() + dt.timedelta(days=9)
    qtbot.mouseClick(detail.stepper.plus, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.stepper.minus, Qt.MouseButton.LeftButton)
    assert detail.booked_for == wanted
    grab(shell, screenshot_dir, "followups-detail")
    qtbot.mouseClick(detail.done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reminder" in detail.message.text(), timeout=5000)
    qtbot.waitUntil(lambda: row(screen, ids["appointment"]) is None, timeout=5000)
    with Session(shell.runtime.engine) as s:
        booked = s.get(FollowupTask, ids["appointment"])
        assert (booked.outcome, booked.completed_by) == ("booked", elise.id)
        assert booked.details["booked_for"] == wanted.isoformat()
        reminder = s.scalars(
            select(FollowupTask).where(FollowupTask.kind == "appointment_reminder")
        ).one()
        assert reminder.due_at.date() == wanted - dt.timedelta(days=1)

    # the thank-you: reached
    qtbot.mouseClick(row(screen, ids["thanks"]), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.findChild(QPushButton, "outcome-reached"), Qt.MouseButton.LeftButton)
    assert not detail.booking.isVisible()
    qtbot.mouseClick(detail.done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.message.text() == "Recorded: Reached.", timeout=5000)
    with Session(shell.runtime.engine) as s:
        assert s.get(FollowupTask, ids["thanks"]).outcome == "reached"

    # by hand, for this visit's customer, in 5 days, with a note typed on the keyboard
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    panel = screen.new_panel
    qtbot.waitUntil(lambda: panel.for_value.text() != "", timeout=5000)
    assert "no client profile" in panel.for_value.text()
    for _ in range(2):
        qtbot.mouseClick(panel.stepper.plus, Qt.MouseButton.LeftButton)
    assert panel.stepper.value.text().startswith("In 5 days")
    qtbot.mouseClick(panel.note, Qt.MouseButton.LeftButton)
    assert panel.keyboard.isVisible()
    for key in "swatches":
        qtbot.mouseClick(panel.keyboard.keys[key], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.keyboard.keys["done"], Qt.MouseButton.LeftButton)
    assert not panel.keyboard.isVisible()
    grab(shell, screenshot_dir, "followups-new")
    qtbot.mouseClick(panel.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.message.text() == "Follow-up added.", timeout=5000)
    with Session(shell.runtime.engine) as s:
        manual = s.scalars(select(FollowupTask).where(FollowupTask.kind == "manual")).one()
    assert manual.visit_id == shell.journey.state.visit_id
    assert manual.assigned_to == elise.id
    assert manual.details["note"] == "swatches"
    assert manual.due_at.date() == (utcnow() + dt.timedelta(days=5)).date()
    qtbot.waitUntil(lambda: row(screen, manual.id) is not None, timeout=5000)

    # the store: Marc's task is there too, with his name
    qtbot.mouseClick(screen.store_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row(screen, ids["marc"]) is not None, timeout=5000)
    assert row(screen, ids["marc"]).findChild(QLabel, "assignee").text() == "Marc Lefèvre"
    qtbot.mouseClick(row(screen, ids["marc"]), Qt.MouseButton.LeftButton)
    products = detail.findChild(QLabel, "field-products").text()
    assert products == "Atelier 60 Pyrolytic Oven"  # by name, not by SKU
    grab(shell, screenshot_dir, "followups-store")

    # a reset forgets every name on the screen
    shell.associate_mode.return_to_customer()
    shell.reset()
    texts = " ".join(w.text() for w in screen.findChildren(QLabel))
    assert "Camille" not in texts
    assert "swatches" not in panel.note.text()


def test_without_the_store_the_list_is_this_kiosks_and_says_so(make_shell, qtbot, screenshot_dir):
    shell = make_shell(store_db_url="postgresql://kiosk@127.0.0.1:9/none")
    elise = add_associate(shell)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    sign_in(shell, qtbot, elise)
    screen = open_followups(shell, qtbot)
    qtbot.waitUntil(lambda: screen.scope_note.isVisible(), timeout=15000)
    assert "this kiosk's follow-ups only" in screen.scope_note.text()
    assert screen.findChild(QLabel, "nothing-due") is not None
    grab(shell, screenshot_dir, "followups-kiosk-only")


def test_the_list_and_a_task_in_chinese(make_shell, qtbot, screenshot_dir):
    shell, _elise, ids, screen = seeded_and_signed_in(make_shell, qtbot, "zh-Hans")
    qtbot.mouseClick(screen.store_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row(screen, ids["marc"]) is not None, timeout=5000)
    assert screen.findChild(QLabel, "group-overdue").text().startswith("已逾期")
    qtbot.mouseClick(row(screen, ids["appointment"]), Qt.MouseButton.LeftButton)
    assert screen.detail.title.text() == "待安排预约"
    assert "私享鉴赏" not in screen.detail.findChild(QLabel, "field-request").text()
    assert "上门咨询" in screen.detail.findChild(QLabel, "field-request").text()
    grab(shell, screenshot_dir, "followups-zh-Hans")


def test_a_task_done_meanwhile_elsewhere_is_refused_in_the_associates_words(make_shell, qtbot):
    """Marc completed the thank-you on another kiosk (pulled here) while Élise had it open:
    her outcome is refused in words, his stands, and the list drops the task."""
    shell, _elise, ids, screen = seeded_and_signed_in(make_shell, qtbot)
    qtbot.waitUntil(lambda: row(screen, ids["thanks"]) is not None, timeout=5000)
    qtbot.mouseClick(row(screen, ids["thanks"]), Qt.MouseButton.LeftButton)
    detail = screen.detail
    qtbot.mouseClick(detail.findChild(QPushButton, "outcome-reached"), Qt.MouseButton.LeftButton)
    with Session(shell.runtime.engine) as s, s.begin():
        marc = s.get(FollowupTask, ids["thanks"])
        marc.completed_at, marc.outcome = utcnow(), "no_answer"
    qtbot.mouseClick(detail.done, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.message.text() != "", timeout=5000)
    assert detail.message.text() == "Someone has already completed this follow-up."
    assert detail.done.isEnabled()  # the choice stays: nothing was recorded
    qtbot.waitUntil(lambda: row(screen, ids["thanks"]) is None, timeout=5000)
    with Session(shell.runtime.engine) as s:
        task = s.get(FollowupTask, ids["thanks"])
        assert (task.outcome, task.completed_by) == ("no_answer", None)
    assert shell.runtime.writes.last is None  # a refusal is an answer, not a failed write
