"""Completing an outreach: the channel is required and stored, outcomes are the outreach's,
and every refusal says why and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.associates.tasks import FollowupError, FollowupTasks, add_task, complete
from kiosk.db.models import FollowupTask
from kiosk.db.reads import StoreReader
from tests.associates.tasks.helpers import STORE, associate, client, outbox_count
from tests.outreach.helpers import NOW, ZONE, clienteling, key_date, kiosk_sweep, outreach


@pytest.fixture
def setup(engine):  # type: ignore[no-untyped-def]
    elise = associate(engine)
    camille = client(engine)
    clienteling(engine, camille)
    key_date(engine, camille, 12, 10)
    kiosk_sweep(engine)
    (task,) = outreach(engine)
    return elise, camille, task.id


def _refused(engine, task_id, elise, outcome, channel, code):  # type: ignore[no-untyped-def]
    before = outbox_count(engine)
    with pytest.raises(FollowupError) as refused, Session(engine) as s, s.begin():
        complete(s, task_id, elise, outcome, NOW, channel=channel)
    assert refused.value.code == code
    with Session(engine) as s:
        task = s.get(FollowupTask, task_id)
        assert task is not None
        assert (task.completed_at, task.outcome, task.channel) == (None, None, None)
    assert outbox_count(engine) == before
    return str(refused.value)


def test_an_outreach_needs_a_channel_and_one_of_its_outcomes(engine, setup):
    elise, _, task_id = setup
    message = _refused(engine, task_id, elise, "reached", None, "channel")
    assert message == "say how the client was contacted: one of call, message, in_store, letter"
    message = _refused(engine, task_id, elise, "reached", "pigeon", "channel")
    assert message == "'pigeon' is not a channel; one of call, message, in_store, letter"
    message = _refused(engine, task_id, elise, "booked", "call", "outcome")
    assert "'booked' is not an outcome of a key_date follow-up" in message
    assert "visit_booked" in message

    tasks = FollowupTasks(engine, StoreReader(engine, None), STORE, ZONE)
    done = tasks.complete(task_id, elise, "visit_booked", NOW, channel="call")
    assert done.outcome == "visit_booked"
    (task,) = outreach(engine)
    assert (task.outcome, task.channel, task.completed_by) == ("visit_booked", "call", elise)


def test_other_follow_ups_take_a_channel_if_given(engine, setup):
    elise, camille, _ = setup
    manual = None
    with Session(engine) as s, s.begin():
        manual = add_task(s, STORE, customer_id=camille, due_at=NOW + dt.timedelta(days=1), at=NOW)
    _refused(engine, manual, elise, "reached", "fax", "channel")
    with Session(engine) as s, s.begin():
        complete(s, manual, elise, "reached", NOW, channel="letter")
    with Session(engine) as s:
        task = s.get(FollowupTask, manual)
        assert task is not None
        assert task.channel == "letter"
    with Session(engine) as s, s.begin():
        other = add_task(s, STORE, customer_id=camille, due_at=NOW + dt.timedelta(days=1), at=NOW)
        complete(s, other, elise, "done", NOW)  # as before: no channel needed
        assert s.get(FollowupTask, other).channel is None  # type: ignore[union-attr]


def test_an_outreach_is_not_completed_once_clienteling_is_withdrawn(engine, setup):
    from kiosk.db.models import Consent
    from kiosk.db.outbox import save

    elise, camille, task_id = setup
    with Session(engine) as s, s.begin():
        clienteling = select(Consent).where(
            Consent.customer_id == camille, Consent.purpose == "clienteling"
        )
        row = s.scalars(clienteling).one()
        row.withdrawn_at = NOW  # as it arrives from another kiosk: the consent row only
        save(s, row)
    message = _refused(engine, task_id, elise, "reached", "call", "withdrawn")
    assert message == "the client withdrew their clienteling consent: no outreach any more"
