"""The associate's client operations as the screens run them: the search and the profile,
store-wide when the store database answers, else this kiosk's, with the scope said."""

from __future__ import annotations

import uuid

import pytest

from kiosk.clients.lookup import ClientLookupError
from kiosk.clients.profile import ClientNotFound, find_clients, load_profile
from kiosk.db.reads import Scope
from kiosk.station.runtime import start
from tests.clients.privacy.helpers import sync
from tests.clients.profile.helpers import enrol
from tests.sync.helpers import kiosk_config


def test_the_search_and_the_profile_on_this_kiosk(runtime):
    runtime.journey.begin("en").result()
    client = enrol(runtime.journey)
    found = find_clients(runtime, "0033 6 12 34 56 78")  # typed another way
    assert found.scope is Scope.KIOSK  # no store database set
    assert [(c.id, c.name) for c in found.value] == [(client, "Héloïse Durand")]
    read = load_profile(runtime, client)
    assert read.scope is Scope.KIOSK
    assert (read.value.id, read.value.name, read.value.phone) == (
        client,
        "Héloïse Durand",
        "+33612345678",
    )


def test_nonsense_and_unknown_ids_are_refused_with_a_reason(runtime):
    runtime.journey.begin("en").result()
    client = enrol(runtime.journey)
    with pytest.raises(ClientLookupError) as refused:
        find_clients(runtime, "12 34")
    assert refused.value.code == "phone"  # the screen says "at least 6 digits"
    with pytest.raises(ClientNotFound):
        load_profile(runtime, uuid.uuid4())
    assert load_profile(runtime, client).value.name == "Héloïse Durand"  # still there


@pytest.mark.postgres
def test_with_the_store_reachable_every_kiosks_clients_are_found(store_url, tmp_path):
    here = start(kiosk_config(tmp_path, "kiosk-a", store_url))
    other = start(kiosk_config(tmp_path, "kiosk-b", store_url))
    try:
        other.journey.begin("en").result()
        client = enrol(other.journey)  # enrolled on the other kiosk
        sync(other, store_url)
        found = find_clients(here, "+33 6 12 34 56 78")
        assert found.scope is Scope.STORE
        assert [c.id for c in found.value] == [client]
        assert load_profile(here, client).scope is Scope.STORE
    finally:
        here.close()
        other.close()
