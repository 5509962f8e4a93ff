"""Follow-ups after the sale in associate mode: each new kind (a delivery to confirm, an
installation to check, a friend's visit to thank for) says why in one line an associate can
act on; the 90-day call, once the client is reached, takes their score and an optional word
(refused with a message when missing, out of range or too long, nothing stored)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import Purchase, ServiceBooking, TouchpointScore
from tests.ui.test_associate_mode import add_associate, grab, sign_in
from tests.ui.test_lookbooks import touch
from tests.ui.test_services_associate import FRIDGE, local_scores, shown
from ui.strings import tr


def seed_after_sale_tasks(shell, who) -> dict[str, uuid.UUID]:  # type: ignore[no-untyped-def]
    """A client's sale (a refrigerator delivered and installed), and the tasks the after-sale
    rules make of it (their own makers): tomorrow's delivery to confirm, yesterday's
    installation to check, a friend's visit to thank for, and the 90-day check, all due for
    ``who`` today or before."""
    from kiosk.aftersale.rules import delivery_confirm_task, installation_check_task
    from kiosk.db.models import Customer, FollowupTask
    from kiosk.db.outbox import save

    rt = shell.runtime
    store_id = rt.config.store_id
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone().date()
    ids: dict[str, uuid.UUID] = {}
    with Session(rt.engine) as s, s.begin():
        camille = Customer(store_id=store_id, full_name="Camille Durand", created_at=now)
        save(s, camille)
        fridge = {"sku": FRIDGE.sku, "quantity": 1, "finish": None}
        sale = Purchase(
            store_id=store_id,
            kiosk_id=rt.config.kiosk_id,
            customer_id=camille.id,
            associate_id=who.id,
            order_ref="TILL 2026/0042",
            items=[{**fridge, "delivery": True, "installation": True}],
            language="en",
            created_at=now - dt.timedelta(days=3),
        )
        s.add(sale)
        s.flush()

        def booking(service: str, day: dt.date, done: bool) -> ServiceBooking:
            row = ServiceBooking(
                store_id=store_id,
                purchase_id=sale.id,
                service=service,
                day=day,
                slot="morning",
                place=0,
                status="done" if done else "booked",
                booked_via="associate",
                created_at=now - dt.timedelta(days=3),
                done_at=now - dt.timedelta(days=1) if done else None,
            )
            s.add(row)
            s.flush()
            return row

        delivery = booking("delivery", today + dt.timedelta(days=1), done=False)
        installed = booking("installation", today - dt.timedelta(days=1), done=True)
        tasks = [
            delivery_confirm_task(delivery, sale),
            installation_check_task(installed, sale),
            FollowupTask(
                store_id=store_id,
                customer_id=camille.id,
                kind="referral_thanks",
                assigned_to=who.id,
                details={"rule": "referral_thanks", "redeemed_via": "page"},
            ),
            FollowupTask(
                store_id=store_id,
                customer_id=camille.id,
                kind="satisfaction",
                assigned_to=who.id,
                details={"skus": [FRIDGE.sku], "purchase": str(sale.id)},
            ),
        ]
        for task in tasks:
            assert task is not None
            task.due_at = now - dt.timedelta(minutes=5)  # all due now, on one screen
            task.created_at = now - dt.timedelta(days=1)
            save(s, task)
            ids[task.kind] = task.id
        ids["sale"] = sale.id
    return ids


def test_after_sale_follow_ups_say_why_and_the_90_day_call_takes_a_score(
    make_shell, qtbot, screenshot_dir
):
    from kiosk.aftersale.capacity import capacity_from
    from kiosk.db.models import FollowupTask
    from tests.ui.test_followups import open_followups

    shell = make_shell()
    elise = add_associate(shell)
    ids = seed_after_sale_tasks(shell, elise)
    touch(qtbot, shell.attract)
    sign_in(shell, qtbot, elise)
    screen = open_followups(shell, qtbot)

    def task_row(kind: str):  # type: ignore[no-untyped-def]
        return screen.findChild(QPushButton, f"task-{ids[kind]}")

    qtbot.waitUntil(lambda: task_row("delivery_confirm") is not None)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    slot = capacity_from(shell.runtime.config).slot(tomorrow, "morning")
    said = f"morning, {slot.start:%H:%M}–{slot.end:%H:%M}" if slot else "morning"
    fridge = shell.pack.product(FRIDGE.sku).name.get("en")
    assert shown(task_row("delivery_confirm"), "kind") == "Confirm a delivery"
    assert shown(task_row("delivery_confirm"), "reason") == (
        f"Confirm tomorrow's delivery ({said}) of {fridge}"
    )
    assert shown(task_row("installation_check"), "reason") == (
        f"Check the installation of {fridge} went well"
    )
    assert shown(task_row("referral_thanks"), "reason") == (
        "Thank the client: their friend came for a viewing"
    )
    assert shown(task_row("satisfaction"), "reason") == ""  # its fields say it

    # the delivery's outcomes: confirmed among them
    touch(qtbot, task_row("delivery_confirm"))
    detail = screen.detail
    assert shown(detail, "field-reason").startswith("Confirm tomorrow's delivery")
    assert detail.findChild(QPushButton, "outcome-confirmed").text() == "Confirmed"
    grab(shell, screenshot_dir, "associate-followups-delivery-confirm-en")

    # the 90-day call: reached asks the score; none given, or a word too long: refused
    touch(qtbot, task_row("satisfaction"))
    assert detail.score.isHidden()
    reached = detail.findChild(QPushButton, "outcome-reached")
    touch(qtbot, reached)
    assert detail.score.isVisible()
    assert detail.how.isHidden()  # the other outcomes fold away, the keyboard needs room
    touch(qtbot, detail.change)  # and come back
    assert detail.how.isVisible()
    assert detail.score.isHidden()
    assert not detail.done.isEnabled()
    touch(qtbot, reached)
    touch(qtbot, detail.done)
    assert detail.message.text() == tr("services.score.missing", "en")
    touch(qtbot, detail.score.buttons[8])
    touch(qtbot, detail.score.word)
    assert detail.score.pad.isHidden()  # the keyboard takes the score buttons' room
    qtbot.keyClicks(detail.score.word, "y" * 281)
    touch(qtbot, detail.score.keyboard.keys["done"])
    assert detail.score.pad.isVisible()
    touch(qtbot, detail.done)
    qtbot.waitUntil(lambda: detail.message.text() == tr("followups.error.comment", "en"))
    detail.complete("reached", None, 11, "")  # a score no button gives: refused as well
    qtbot.waitUntil(lambda: detail.message.text() == tr("followups.error.score", "en"))
    assert local_scores(shell) == 0
    with Session(shell.runtime.engine) as s:
        assert s.get(FollowupTask, ids["satisfaction"]).completed_at is None
    assert detail.findChild(QLabel, "field-client").isHidden()  # still folded after a refresh
    grab(shell, screenshot_dir, "associate-followups-score-refused-en")

    detail.score.word.setText("Very happy with it")
    touch(qtbot, detail.done)
    qtbot.waitUntil(lambda: detail.message.text() == "Recorded: Reached, score 8.")
    with Session(shell.runtime.engine) as s:
        task = s.get(FollowupTask, ids["satisfaction"])
        assert (task.outcome, task.completed_by) == ("reached", elise.id)
        score = s.scalars(select(TouchpointScore)).one()
        assert (score.touchpoint, score.score, score.comment, score.given_via) == (
            "ninety_days",
            8,
            "Very happy with it",
            "phone",
        )
        assert score.purchase_id == ids["sale"]
