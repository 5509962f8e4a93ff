"""Against a real store database: three kiosks and the store sweep make each outreach task
once, every kiosk brings them down, and a withdrawal on one kiosk stops them everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kiosk.associates.due import due_list
from kiosk.associates.rules import sweep
from kiosk.clients.erasure import withdraw_consent
from kiosk.content.store import PackStore
from kiosk.db.engine import open_url
from kiosk.db.models import FollowupTask
from kiosk.db.versions import store_save
from kiosk.outreach.rules import ANNIVERSARY, KEY_DATE, LAPSED, NEW_ARRIVAL, OUTREACH_KINDS
from kiosk.sync.pull import Puller
from kiosk.sync.push import Pusher
from tests.associates.tasks.helpers import STORE, associate, client, consent, local_engine
from tests.outreach.helpers import (
    NOW,
    SETTINGS,
    ZONE,
    clienteling,
    key_date,
    kiosk_sweep,
    outreach,
    purchase,
    set_advisor,
    visit_with_answers,
)

pytestmark = pytest.mark.postgres


def kiosk(root: Path, name: str) -> Engine:
    (root / name).mkdir()
    return local_engine(root / name)


def push(local: Engine, store: Engine) -> None:
    Pusher(local, store).push_all()


def pull(local: Engine, store: Engine) -> None:
    Puller(local, store, STORE, clock=lambda: NOW).pull_all()


def store_sweep(store: Engine, content_dir: Path, at: dt.datetime = NOW) -> dict[str, int]:
    pack = PackStore(content_dir).current()
    with Session(store) as s, s.begin():
        made = sweep(
            s, STORE, at, store_save, zone=ZONE, outreach=SETTINGS, pack=pack, store_wide=True
        )
    return {k: n for k, n in made.created.items() if k in OUTREACH_KINDS}


def ids(engine: Engine) -> list[tuple[str, object]]:
    return [(t.kind, t.id) for t in outreach(engine)]


def open_outreach_due(engine: Engine) -> list[str]:
    with Session(engine) as s:
        items = due_list(s, STORE, NOW.astimezone(ZONE), horizon=dt.timedelta(days=60))
    return sorted(i.kind for i in items if i.kind in OUTREACH_KINDS)


def test_three_kiosks_and_the_store_sweep_make_each_outreach_once(tmp_path, store_url, content_dir):
    store = open_url(store_url)
    a, b, c = (kiosk(tmp_path, name) for name in ("a", "b", "c"))
    try:
        # Kiosk A knows the client: advisor, a birthday, a purchase nearly a year ago and a
        # visit 200 days ago that answered "living" to "rooms"
        elise = associate(a)
        camille = client(a)
        clienteling(a, camille)
        set_advisor(a, camille, elise)
        key_date(a, camille, 12, 15)
        purchase(a, camille, NOW - dt.timedelta(days=362))
        visit_with_answers(a, camille, NOW - dt.timedelta(days=200), {"rooms": ["living"]})
        # ...and two clients the rules must leave alone
        ana = client(a, "Ana Costa")
        consent(a, ana, None, purpose="followup_contact", at=NOW - dt.timedelta(days=400))
        key_date(a, ana, 12, 12)
        purchase(a, ana, NOW - dt.timedelta(days=363))
        visit_with_answers(a, ana, NOW - dt.timedelta(days=400), {"rooms": ["living"]})
        zoe = client(a, "Zoé Blanc")
        clienteling(a, zoe)
        key_date(a, zoe, 12, 11)
        with Session(a) as s, s.begin():
            withdraw_consent(s, STORE, zoe, NOW - dt.timedelta(days=1))  # all: forgotten
        push(a, store)
        for other in (b, c):
            pull(other, store)

        # Each kiosk sweeps offline from the others: the same two tasks, by derived id
        for engine in (a, b, c):
            assert kiosk_sweep(engine) == {KEY_DATE: 1, ANNIVERSARY: 1}
        assert ids(a) == ids(b) == ids(c)
        for engine in (a, b, c):
            push(engine, store)
        assert len(outreach(store)) == 2

        # The store sweep knows every visit and answer: lapsed and the new arrival
        assert store_sweep(store, content_dir) == {LAPSED: 1, NEW_ARRIVAL: 1}
        assert store_sweep(store, content_dir) == {}
        made = outreach(store)
        assert sorted(t.kind for t in made) == sorted(OUTREACH_KINDS)
        assert {t.customer_id for t in made} == {camille}
        assert {t.assigned_to for t in made} == {elise}
        assert {t.due_at.astimezone(ZONE).time() for t in made} == {dt.time(9)}
        for engine in (a, b, c):
            pull(engine, store)
            assert kiosk_sweep(engine) == {}
            assert ids(engine) == ids(store)
            assert open_outreach_due(engine) == sorted(OUTREACH_KINDS)
        assert store_sweep(store, content_dir) == {}

        # Camille withdraws clienteling on kiosk B: every open outreach stops at once
        with Session(b) as s, s.begin():
            withdraw_consent(s, STORE, camille, NOW + dt.timedelta(hours=1), "clienteling")
        assert open_outreach_due(b) == []
        push(b, store)
        with Session(store) as s:
            outcomes = set(
                s.scalars(select(FollowupTask.outcome).where(FollowupTask.kind.in_(OUTREACH_KINDS)))
            )
        assert outcomes == {"consent_withdrawn"}
        assert store_sweep(store, content_dir, NOW + dt.timedelta(days=1)) == {}
        # kiosk C made nothing new meanwhile, and once it pulls it lists none
        assert kiosk_sweep(c, NOW + dt.timedelta(hours=2)) == {}
        assert open_outreach_due(c) == sorted(OUTREACH_KINDS)  # it has not heard yet
        pull(c, store)
        assert open_outreach_due(c) == []
        assert {t.outcome for t in outreach(c)} == {"consent_withdrawn"}
    finally:
        for engine in (a, b, c, store):
            engine.dispose()
