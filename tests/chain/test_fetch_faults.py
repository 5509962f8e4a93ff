"""A kiosk that is offline during a publish catches up; a fetch cut short (stopped, the
network gone, the machine off mid-file) leaves nothing installed and resumes where it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from kiosk.sync.backoff import Backoff
from tests.chain.conftest import publish_pack
from tests.sync.proxy import TcpProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def proxy(store_url: str) -> Iterator[TcpProxy]:
    host, port = store_url.split("@", 1)[1].split("/", 1)[0].split(":")
    p = TcpProxy(host, int(port))
    yield p
    p.close()


def cut(proxy: TcpProxy) -> None:
    proxy.refuse()
    proxy.drop_all()


def test_a_kiosk_offline_during_the_publish_catches_up_at_its_next_sync(
    make_kiosk, packs_dir, store, store_url, proxy
) -> None:
    online = make_kiosk("k1")
    away = make_kiosk("k2", url=proxy.url_for(store_url))
    away.worker.backoff = Backoff(0.01, 0.02)
    away.sync()  # reachable once, then the link goes
    cut(proxy)

    publish_pack(store, packs_dir("v2", "2"))
    online.sync()
    away.worker.step()  # the pass fails like any outage: nothing fetched, nothing installed

    assert online.shows() == "2"
    assert away.worker.status().state == "offline"
    assert away.shows() == "0"
    assert not away.packs.pending_swap

    proxy.allow()
    away.worker.step()

    assert away.worker.status().state == "idle"
    assert away.shows() == "2"


def test_a_stopped_fetch_installs_nothing_and_resumes_with_what_is_missing(
    make_kiosk, packs_dir, store
) -> None:
    kiosk = make_kiosk("k1")
    published = publish_pack(store, packs_dir("v2", "2"))
    total = published.new_blobs
    asked = 0

    def stop_after_two() -> bool:
        nonlocal asked
        asked += 1
        return asked > 2

    first = kiosk.follower.follow(stop_after_two)

    assert (first.outcome, first.fetched) == ("stopped", 2)
    assert kiosk.packs.installed_name().startswith("0-")
    assert not kiosk.packs.pending_swap
    ok, line, data = kiosk.check()
    assert ok
    assert f"published version 1 (Mini 2): fetching 2/{total} files" in line
    assert data["fetching"] == {"done": 2, "total": total}
    assert not list(kiosk.packs.folder.glob(".published-*"))
    # the machine went off in the middle of the next file: a partial file is left
    (kiosk.packs.folder / "blobs" / (".part-" + "0" * 64)).write_bytes(b"half a file")

    second = kiosk.follower.follow()

    assert (second.outcome, second.fetched) == ("installed", total - 2)
    assert not list((kiosk.packs.folder / "blobs").glob(".part-*"))
    assert kiosk.shows() == "2"


def test_a_network_cut_mid_fetch_fails_the_pass_and_the_next_one_resumes(
    make_kiosk, packs_dir, store, store_url, proxy
) -> None:
    kiosk = make_kiosk("k1", url=proxy.url_for(store_url))
    kiosk.worker.backoff = Backoff(0.01, 0.02)
    total = publish_pack(store, packs_dir("v2", "2")).new_blobs
    chunks = 0

    def cut_at_the_third_chunk(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        nonlocal chunks
        if "FROM content_blob_chunks" in statement:
            chunks += 1
            if chunks == 3:
                cut(proxy)

    event.listen(kiosk.store, "after_cursor_execute", cut_at_the_third_chunk)
    kiosk.worker.step()

    assert kiosk.worker.status().state == "offline"
    assert kiosk.packs.installed_name().startswith("0-")
    held = [p for p in (kiosk.packs.folder / "blobs").iterdir() if not p.name.startswith(".")]
    assert 0 < len(held) < total

    proxy.allow()
    fetched: list[int] = []
    kiosk.worker.content = lambda stop: fetched.append(kiosk.follower.follow(stop).fetched)
    kiosk.worker.step()

    assert kiosk.worker.status().state == "idle"
    assert fetched == [total - len(held)]
    assert kiosk.shows() == "2"
