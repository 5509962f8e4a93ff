"""Against the real store database: consents are pulled like clients, so a kiosk cut off from
the store finds a client who consented at another kiosk, and stops finding them once the
withdrawal has come down."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clients.consent import CLIENTELING, FOLLOWUP_CONTACT
from kiosk.clients.erasure import store_touch, withdraw_consent
from kiosk.clients.profile import search
from kiosk.db.models import Consent, utcnow
from kiosk.db.reads import Scope, StoreReader
from kiosk.station.runtime import start
from kiosk.sync import SyncWorker, open_store
from kiosk.visit.stages import EndReason
from tests.clients.profile.helpers import enrol
from tests.sync.helpers import kiosk_config


@pytest.mark.postgres
def test_a_client_who_consented_on_kiosk_a_is_found_offline_on_kiosk_b(store_url, tmp_path):
    a = start(kiosk_config(tmp_path, "entrance-left", store_url))
    b = start(kiosk_config(tmp_path, "entrance-right", store_url))
    store = open_store(store_url)
    try:
        a.journey.begin("en").result()
        client = enrol(a.journey, purposes=(CLIENTELING, FOLLOWUP_CONTACT))
        a.journey.end(EndReason.COMPLETED).result()
        SyncWorker(a.engine, store, "store-7").run_pass()
        SyncWorker(b.engine, store, "store-7").run_pass()  # b pulls

        offline = StoreReader(b.engine, None)  # the store unreachable from b
        found = offline.read(lambda s: search(s, "store-7", "06 12 34 56 78"))
        assert found.scope is Scope.KIOSK
        assert [c.id for c in found.value] == [client]
        with Session(b.engine) as s:
            pulled = s.scalars(select(Consent).where(Consent.customer_id == client)).all()
            assert {c.store_id for c in pulled} == {"store-7"}

        # The client withdraws the clienteling consent (on the page, at the store); once b
        # has pulled it, b offline no longer finds them.
        with Session(store) as s, s.begin():
            at = utcnow()
            withdraw_consent(s, "store-7", client, at, CLIENTELING, store_touch(at))
        SyncWorker(b.engine, store, "store-7").run_pass()
        assert offline.read(lambda s: search(s, "store-7", "06 12 34 56 78")).value == []
    finally:
        store.dispose()
        a.close()
        b.close()
