"""Against the real store database: a client's visits from two kiosks make one profile, and
a kiosk cut off from the store shows its own records only, and says so."""

from __future__ import annotations

import pytest

from kiosk.clients.attach import Attachment
from kiosk.clients.consent import CLIENTELING
from kiosk.clients.profile import profile, search
from kiosk.db.reads import Scope, StoreReader
from kiosk.station.runtime import start
from kiosk.sync import SyncWorker, open_store
from kiosk.visit.stages import EndReason
from tests.clients.profile.helpers import enrol
from tests.sync.helpers import kiosk_config


@pytest.mark.postgres
def test_visits_from_two_kiosks_make_one_profile(store_url, tmp_path):
    left = start(kiosk_config(tmp_path, "entrance-left", store_url))
    right = start(kiosk_config(tmp_path, "entrance-right", store_url))
    store = open_store(store_url)
    try:
        left.journey.begin("en").result()
        left.journey.answer("style", ["warm"]).result()
        client = enrol(left.journey, email="Heloise@Example.com", phone="")
        left.journey.end(EndReason.COMPLETED).result()
        SyncWorker(left.engine, store, "store-7").run_pass()

        # The other kiosk finds the client in the store database and attaches its visit.
        reader = StoreReader(right.engine, lambda: store)
        found = reader.read(lambda s: search(s, "store-7", " HELOISE@example.com "))
        assert found.scope is Scope.STORE
        assert [c.id for c in found.value] == [client]
        record = reader.read(lambda s: profile(s, "store-7", client)).value.record
        right.journey.begin("zh-Hans").result()
        right.journey.answer("style", ["warm", "minimal"]).result()
        right.journey.set_selected("SKU-9", True).result()
        right.journey.attach_client(
            Attachment((CLIENTELING,), "zh-Hans", customer_id=client, record=record)
        ).result()
        right.journey.end(EndReason.COMPLETED).result()
        SyncWorker(right.engine, store, "store-7").run_pass()

        shown = reader.read(lambda s: profile(s, "store-7", client))
        assert shown.scope is Scope.STORE
        assert [v.kiosk_id for v in shown.value.visits] == ["entrance-right", "entrance-left"]
        assert shown.value.visits[0].skus == ("SKU-9",)
        assert [(a.value, a.count) for a in shown.value.answers["style"]] == [
            ("warm", 2),
            ("minimal", 1),
        ]
        assert {c.language for c in shown.value.consents} == {"en", "zh-Hans"}

        # Cut off from the store, the left kiosk still finds the client it enrolled, with
        # its own visit only, and the read says it is this kiosk's records.
        offline = StoreReader(left.engine, None)
        local = offline.read(lambda s: profile(s, "store-7", client))
        assert local.scope is Scope.KIOSK
        assert [v.kiosk_id for v in local.value.visits] == ["entrance-left"]
    finally:
        store.dispose()
        left.close()
        right.close()
