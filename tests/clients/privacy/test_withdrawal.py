"""A consent withdrawn on a kiosk stops every follow-up of the client at once; with no
consent left the client is forgotten."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.erasure import ERASED_VERSION_STEP, withdraw_consent
from kiosk.db.models import Consent, Customer, FollowupTask, OutboxEntry, utcnow
from kiosk.db.outbox import save
from tests.clients.privacy.helpers import NAME, STORE_ID, TASK_NOTE, enrol
from tests.sync.helpers import kiosk_config


def test_withdrawing_stops_every_follow_up_and_the_last_one_forgets(tmp_path):
    from kiosk.station.runtime import start

    rt = start(kiosk_config(tmp_path, "kiosk-a"))
    client = enrol(rt)
    now = utcnow()
    with Session(rt.engine) as s, s.begin():
        for purpose in ("followup_contact", "appointment"):
            save(
                s,
                Consent(
                    customer_id=client.id,
                    purpose=purpose,
                    wording_version="v1",
                    language="en",
                    given_via="kiosk",
                ),
            )
        for kind, done in (("thank_you", None), ("appointment", None), ("satisfaction", now)):
            save(
                s,
                FollowupTask(
                    store_id=STORE_ID,
                    customer_id=client.id,
                    kind=kind,
                    due_at=now + dt.timedelta(days=2),
                    completed_at=done,
                    outcome="done" if done else None,
                    details={"note": TASK_NOTE},
                ),
            )
    with Session(rt.engine) as s, s.begin():
        assert withdraw_consent(s, STORE_ID, client.id, now, purpose="appointment") == 1
    with Session(rt.engine) as s:
        tasks = {t.kind: t for t in s.scalars(select(FollowupTask))}
        assert tasks["thank_you"].outcome == "consent_withdrawn"  # every follow-up, at once
        assert tasks["appointment"].outcome == "consent_withdrawn"
        assert TASK_NOTE not in str(tasks["appointment"].details)
        assert tasks["satisfaction"].outcome == "done"  # what was done stays done
        customer = s.get(Customer, client.id)
        assert customer.full_name == NAME  # the contact consent remains
        assert customer.erased_at is None
        queued = s.scalars(select(OutboxEntry.table_name)).all()
        assert queued.count("followup_tasks") == 5  # 3 made, 2 closed: all travel

    with Session(rt.engine) as s, s.begin():
        assert withdraw_consent(s, STORE_ID, client.id, now) == 1
    with Session(rt.engine) as s:
        customer = s.get(Customer, client.id)
        assert (customer.full_name, customer.phone, customer.email) == (None, None, None)
        assert customer.erased_at is not None
        assert customer.version > ERASED_VERSION_STEP
        assert all(c.withdrawn_at for c in s.scalars(select(Consent)))
        assert all(not t.details for t in s.scalars(select(FollowupTask)))
    rt.close()
