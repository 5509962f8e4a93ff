"""Every follow-up task for a client goes to the client's advisor first, to the associate
who served them (today's assignee) when the advisor is disabled or away for longer than
``advisor_away_hours``, and to the whole store when neither can take it
(``kiosk.clients.advisor.assignee``). On a kiosk's own database, through each maker."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from kiosk.associates.rules import THANK_YOU, rule_id
from kiosk.associates.tasks import complete
from kiosk.db.models import FollowupTask
from tests.associates.routing_fixtures import (
    MAKERS,
    NOW,
    assigned,
    away,
    disable,
    kiosk_sweep,
    people,
)
from tests.associates.tasks.conftest import engine as engine
from tests.associates.tasks.helpers import client, consent, visit

KINDS = sorted(MAKERS)


@pytest.mark.parametrize("kind", KINDS)
def test_the_task_goes_to_the_clients_advisor(engine, kind):
    p = people(engine)
    task = MAKERS[kind](engine, p)
    kiosk_sweep(engine)
    assert assigned(engine, task) == p.advisor


@pytest.mark.parametrize("kind", KINDS)
def test_an_advisor_back_within_the_stores_setting_still_gets_it(engine, kind):
    p = people(engine)
    away(engine, p.advisor, NOW + dt.timedelta(hours=60))  # within 72, beyond the default 48
    task = MAKERS[kind](engine, p)
    kiosk_sweep(engine)
    assert assigned(engine, task) == p.advisor


@pytest.mark.parametrize("kind", KINDS)
def test_an_advisor_away_longer_than_the_setting_leaves_it_to_who_served(engine, kind):
    p = people(engine)
    away(engine, p.advisor, NOW + dt.timedelta(days=5))
    task = MAKERS[kind](engine, p)
    kiosk_sweep(engine)
    assert assigned(engine, task) == p.served_by


@pytest.mark.parametrize("kind", KINDS)
def test_a_disabled_advisor_leaves_it_to_who_served(engine, kind):
    p = people(engine)
    disable(engine, p.advisor)
    task = MAKERS[kind](engine, p)
    kiosk_sweep(engine)
    assert assigned(engine, task) == p.served_by


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_clienteling_consent_todays_rule_holds(engine, kind):
    p = people(engine, clienteling=False)
    task = MAKERS[kind](engine, p)
    kiosk_sweep(engine)
    assert assigned(engine, task) == p.served_by


@pytest.mark.parametrize("kind", KINDS)
def test_neither_available_sends_it_to_the_whole_store(engine, kind):
    p = people(engine)
    away(engine, p.advisor, NOW + dt.timedelta(days=5))
    disable(engine, p.served_by)
    task = MAKERS[kind](engine, p)
    kiosk_sweep(engine)
    assert assigned(engine, task) is None


# -- an advisor who becomes unavailable: their clients' open tasks go to the store, once ----
def _open_tasks_of_elise(engine, p):  # type: ignore[no-untyped-def]
    made = [MAKERS[kind](engine, p) for kind in ("thank_you", "delivery_confirm")]
    kiosk_sweep(engine)
    assert [assigned(engine, t) for t in made] == [p.advisor, p.advisor]
    return made


@pytest.mark.parametrize("gone", ["away", "disabled"])
def test_an_advisor_gone_hands_their_clients_open_tasks_to_the_store_for_good(engine, gone):
    p = people(engine)
    thanks, delivery = _open_tasks_of_elise(engine, p)
    done = MAKERS["satisfaction"](engine, p)
    kiosk_sweep(engine)
    with Session(engine) as s, s.begin():
        complete(s, done, p.advisor, "reached", NOW)
    # Élise also served a walk-in without an advisor: not her client's task, it stays hers
    walk_in = client(engine, "Ana Costa")
    served = visit(engine, NOW, walk_in, p.advisor)
    theirs = consent(engine, walk_in, served, at=NOW)
    kiosk_sweep(engine)
    walk_in_thanks = rule_id(THANK_YOU, theirs)
    assert assigned(engine, walk_in_thanks) == p.advisor

    if gone == "away":
        away(engine, p.advisor, NOW + dt.timedelta(days=14))
    else:
        disable(engine, p.advisor)
    assert kiosk_sweep(engine, NOW + dt.timedelta(hours=2)) == 2
    assert assigned(engine, thanks) is None
    assert assigned(engine, delivery) is None
    assert assigned(engine, done) == p.advisor  # a done task keeps who did it
    assert assigned(engine, walk_in_thanks) == p.advisor
    assert kiosk_sweep(engine, NOW + dt.timedelta(hours=3)) == 0  # once

    if gone == "away":  # back: the store keeps what it has, new tasks are Élise's again
        away(engine, p.advisor, None)
        assert kiosk_sweep(engine, NOW + dt.timedelta(days=15)) == 0
        assert assigned(engine, thanks) is None
        later = MAKERS["case_callback"](engine, p)
        assert assigned(engine, later) == p.advisor
    with Session(engine) as s:
        moved = s.get(FollowupTask, thanks)
        assert moved is not None
        assert moved.completed_at is None  # moved, not closed
