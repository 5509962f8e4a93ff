"""The rules make each task once, due when a person would expect, only for live clients."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy.orm import Session

from kiosk.associates.rules import rule_id, sweep
from kiosk.db.models import Customer, FollowupTask
from kiosk.db.outbox import save
from tests.associates.tasks.helpers import (
    STORE,
    T0,
    associate,
    client,
    consent,
    outbox_count,
    tasks,
    visit,
    withdraw,
)

DAY = dt.timedelta(days=1)


def run(engine, at):  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        return sweep(s, STORE, at)


def test_a_contact_consent_makes_one_thank_you_due_two_days_later(engine):
    elise = associate(engine)
    camille = client(engine)
    v = visit(engine, customer_id=camille, associate_id=elise)
    given = T0 + dt.timedelta(minutes=12)
    c = consent(engine, camille, v, at=given)
    consent(engine, camille, v, purpose="clienteling", at=given)  # no thank-you of its own

    made = run(engine, T0 + dt.timedelta(hours=1))
    assert made.created == {"thank_you": 1}
    (task,) = tasks(engine)
    assert task.kind == "thank_you"
    assert task.id == rule_id("thank_you", c)
    assert task.due_at == dt.datetime(2026, 11, 22, 10, 12, tzinfo=dt.UTC)
    assert (task.customer_id, task.visit_id, task.assigned_to) == (camille, v, elise)
    assert task.created_at == given  # from its source: any maker writes the same row
    assert task.completed_at is None
    pending = outbox_count(engine)

    again = run(engine, T0 + dt.timedelta(hours=2))  # the next visit's end, another day...
    assert again.total == 0
    assert len(tasks(engine)) == 1
    assert outbox_count(engine) == pending  # nothing rewritten either


def test_no_thank_you_after_a_withdrawal_an_erasure_or_too_long_ago(engine):
    withdrawn = client(engine, "Ana")
    c = consent(engine, withdrawn, visit(engine, customer_id=withdrawn))
    withdraw(engine, c, T0 + dt.timedelta(minutes=5))  # withdrawn before any sweep
    erased = client(engine, "Bo")
    consent(engine, erased, visit(engine, customer_id=erased))
    with Session(engine) as s, s.begin():
        row = s.get(Customer, erased)
        row.full_name, row.erased_at = None, T0
        save(s, row)
    old = client(engine, "Cy")
    consent(engine, old, visit(engine, customer_id=old), at=T0 - dt.timedelta(days=15))
    other_store = client(engine, "Di")
    with Session(engine) as s, s.begin():
        s.get(Customer, other_store).store_id = "store-9"
    consent(engine, other_store, None)

    assert run(engine, T0 + dt.timedelta(hours=1)).total == 0
    assert tasks(engine) == []


def test_a_purchase_makes_a_satisfaction_check_ninety_days_on(engine):
    elise = associate(engine)
    camille = client(engine)
    consent(engine, camille, None, purpose="clienteling")
    v = visit(
        engine,
        customer_id=camille,
        associate_id=elise,
        outcomes=(
            ("considering", dt.timedelta(minutes=5)),
            ("purchased", dt.timedelta(minutes=20)),
        ),
        skus=("MV-CO-OV60", "MV-CO-IN80"),
    )
    assert run(engine, T0 + dt.timedelta(hours=1)).created == {"satisfaction": 1}
    (task,) = tasks(engine)
    assert task.id == rule_id("satisfaction", v)
    # 20 Nov 10:20 + 90 days = 18 Feb 10:20 (10 days of November, 31 + 31 + 18)
    assert task.due_at == dt.datetime(2027, 2, 18, 10, 20, tzinfo=dt.UTC)
    assert (task.customer_id, task.visit_id, task.assigned_to) == (camille, v, elise)
    assert task.details == {
        "rule": "satisfaction",
        "purchased_on": "2026-11-20",
        "skus": ["MV-CO-OV60", "MV-CO-IN80"],
    }
    text = json.dumps(task.details)
    assert "Camille" not in text
    assert "@" not in text
    assert run(engine, T0 + dt.timedelta(days=3)).total == 0


def test_no_satisfaction_check_unless_the_final_outcome_is_a_purchase_by_a_consenting_client(
    engine,
):
    camille = client(engine)
    consent(engine, camille, None, purpose="clienteling")
    minutes = dt.timedelta(minutes=1)
    # purchased, then corrected to "not today": the last word stands
    visit(
        engine, customer_id=camille, outcomes=(("purchased", minutes), ("not_today", 2 * minutes))
    )
    visit(engine, customer_id=camille, outcomes=(("purchased", minutes),), ended=False)  # still on
    visit(engine, outcomes=(("purchased", minutes),))  # no client
    ana = client(engine, "Ana")
    c = consent(engine, ana, None, purpose="clienteling")
    withdraw(engine, c, T0)
    visit(engine, customer_id=ana, outcomes=(("purchased", minutes),))  # consent withdrawn
    bo = client(engine, "Bo")
    consent(engine, bo, None, purpose="appointment")  # not a consent to be called back
    visit(engine, customer_id=bo, outcomes=(("purchased", minutes),))
    assert run(engine, T0 + dt.timedelta(hours=1)).total == 0

    # not today, then purchased after all: due 90 days after the purchase
    v = visit(
        engine,
        at=T0 + DAY,
        customer_id=camille,
        outcomes=(("not_today", minutes), ("purchased", 30 * minutes)),
    )
    assert run(engine, T0 + 2 * DAY).created == {"satisfaction": 1}
    (task,) = tasks(engine)
    assert task.visit_id == v
    assert task.due_at == T0 + DAY + 30 * minutes + 90 * DAY


def test_kiosk_and_page_makers_write_the_very_same_row(engine):
    """The page's rule (kiosk.handoff.records) and a sweep over the same consent agree."""
    from kiosk.associates.rules import thank_you_task

    camille = client(engine)
    c = consent(engine, camille, visit(engine, customer_id=camille), via="page")
    run(engine, T0 + dt.timedelta(hours=1))
    (swept,) = tasks(engine)
    with Session(engine) as s:
        from kiosk.db.models import Consent

        page_made = thank_you_task(s.get(Consent, c), STORE, camille, None)
    for column in ("id", "kind", "due_at", "customer_id", "visit_id", "created_at"):
        assert getattr(page_made, column) == getattr(swept, column), column
    assert isinstance(swept, FollowupTask)
