"""Content published once per store: a kiosk's sync fetches, checks and installs it; only
what changed travels; a damaged blob is refused and the last good pack kept; rollback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, func, select, text

from kiosk.content.publish.manifest import file_sha256
from kiosk.content.publish.publisher import publish, rollback
from kiosk.content.snapshot import KIOSK_FILES
from kiosk.db.pack_rows import ContentBlob, ContentVersion
from tests.chain.conftest import STORE, publish_pack

pytestmark = pytest.mark.postgres


def count(store: Engine, model: type) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def repaint(path: Path, colour: tuple[int, int, int]) -> None:
    Image.new("RGB", (1920, 1280), colour).save(path, quality=70)


def test_a_published_pack_is_fetched_and_installed_at_the_next_sync(
    make_kiosk, packs_dir, store
) -> None:
    kiosk = make_kiosk("k1")
    assert kiosk.shows() == "0"
    v2 = packs_dir("v2", "2")
    result = publish_pack(store, v2)
    # the pack's own files: not the snapshot and first picture's hint a kiosk wrote beside them
    files = len([p for p in v2.root.rglob("*") if p.is_file() and p.name not in KIOSK_FILES])
    assert (result.files, result.new_blobs) == (files, files)
    assert f"{files} files, {files} new" in result.message

    kiosk.sync()

    assert kiosk.packs.installed_name().startswith("2-")
    assert kiosk.packs.pending_swap  # switched at the next attract screen, not mid-visit
    assert not kiosk.packs.switch_if_idle(visit_open=True)
    assert kiosk.shows() == "2"
    ok, line, data = kiosk.check()
    assert ok
    assert "published version 1 (Mini 2) installed" in line
    assert (data["installed_version"], data["published_version"]) == (1, 1)
    kiosk.sync()  # nothing new: nothing fetched, nothing installed again
    assert kiosk.follower.follow().outcome == "current"

    # store IT installs another pack by hand on this kiosk: it stays, and check says so
    assert kiosk.packs.install(packs_dir("by-hand", "9").root, renditions=False).ok
    kiosk.sync()
    assert kiosk.shows() == "9"
    assert kiosk.check()[1].endswith(
        "published version 1 (Mini 2) installed, but a pack installed by hand since is in service"
    )


def test_a_second_publish_sends_and_fetches_only_the_changed_image(
    make_kiosk, packs_dir, store
) -> None:
    kiosk = make_kiosk("k1")
    v1 = packs_dir("v1", "1")
    first = publish_pack(store, v1)
    assert kiosk.follower.follow().fetched == first.new_blobs
    blobs = count(store, ContentBlob)

    repaint(v1.root / "images/p1.jpg", (30, 90, 60))  # one image changed, nothing else
    second = publish_pack(store, v1)

    size = (v1.root / "images/p1.jpg").stat().st_size
    assert (second.new_blobs, second.sent_bytes) == (1, size)
    assert f"{second.files} files, 1 new" in second.message
    assert count(store, ContentBlob) == blobs + 1
    followed = kiosk.follower.follow()
    assert (followed.outcome, followed.fetched, followed.fetched_bytes) == ("installed", 1, size)
    kiosk.shows()
    image = kiosk.packs.current().root / "images/p1.jpg"
    assert file_sha256(image) == file_sha256(v1.root / "images/p1.jpg")


def test_publishing_the_same_pack_again_sends_nothing(packs_dir, store) -> None:
    v1 = packs_dir("v1", "1")
    publish_pack(store, v1)
    again = publish_pack(store, v1)
    assert again.message.startswith("unchanged: Mini 1 is already version 1")
    assert count(store, ContentVersion) == 1


def test_a_damaged_blob_is_refused_and_the_last_good_pack_kept(
    make_kiosk, packs_dir, store
) -> None:
    kiosk = make_kiosk("k1")
    v1 = packs_dir("v1", "1")
    publish_pack(store, v1)
    kiosk.sync()
    good = kiosk.packs.installed_name()
    repaint(v1.root / "images/p1.jpg", (200, 10, 10))
    v1.edit("pack.toml", 'version = "1"', 'version = "2"')
    publish_pack(store, v1)
    sha = file_sha256(v1.root / "images/p1.jpg")
    with store.begin() as conn:  # bytes altered in the table
        conn.execute(
            text("UPDATE content_blob_chunks SET data = overlay(data placing '\\xdeadbeef'::bytea "
                 "from 200) WHERE sha256 = :sha"),
            {"sha": sha},
        )  # fmt: skip

    kiosk.sync()  # the sync itself succeeds: only the pack is refused

    assert kiosk.worker.status().state == "idle"
    assert kiosk.packs.installed_name() == good
    assert kiosk.shows() == "1"
    ok, line, _data = kiosk.check()
    assert not ok
    assert (
        "published version 2 (Mini 2) REFUSED: images/p1.jpg: the bytes fetched do not "
        "match its hash" in line
    )
    assert "the last good pack stays in service" in line
    assert not list((kiosk.packs.folder / "blobs").glob(".part-*"))
    assert not list(kiosk.packs.folder.glob(".published-*"))
    assert kiosk.follower.follow().outcome == "refused"  # not fetched again each sync

    # Store IT publishes again: the damaged blob is found and sent again, kiosks heal.
    again = publish_pack(store, v1)
    assert "1 damaged in the store, sent again" in again.message
    kiosk.sync()
    assert kiosk.shows() == "2"
    assert kiosk.check()[0]


def test_a_blob_missing_from_the_store_is_refused(make_kiosk, packs_dir, store) -> None:
    kiosk = make_kiosk("k1")
    v1 = packs_dir("v1", "1")
    publish_pack(store, v1)
    with store.begin() as conn:
        conn.execute(
            text("DELETE FROM content_blobs WHERE sha256 = :sha"),
            {"sha": file_sha256(v1.root / "images/scene.jpg")},
        )
    followed = kiosk.follower.follow()
    assert followed.outcome == "refused"
    assert "images/scene.jpg: its blob" in followed.message
    assert "is missing from the store database" in followed.message
    assert kiosk.shows() == "0"


def test_a_manifest_naming_a_file_outside_the_pack_is_refused(
    make_kiosk, packs_dir, store, tmp_path
) -> None:
    kiosk = make_kiosk("k1")
    publish_pack(store, packs_dir("v1", "1"))
    with store.begin() as conn:
        conn.execute(
            text("UPDATE content_versions SET manifest = manifest || "
                 "jsonb_build_object('../../escaped.txt', manifest->'pack.toml')")
        )  # fmt: skip
    followed = kiosk.follower.follow()
    assert followed.outcome == "refused"
    assert "outside the pack" in followed.message
    assert not (tmp_path / "escaped.txt").exists()
    assert not (kiosk.folder / "escaped.txt").exists()


def test_a_refused_pack_changes_nothing_in_the_store(packs_dir, store) -> None:
    bad = packs_dir("bad", "2")
    bad.edit("lookbooks/home.toml", 'sku = "OV-1"', 'sku = "NOPE"')
    result = publish(store, STORE, bad.root, "store-it")
    assert not result.ok
    assert result.message == "REFUSED: 1 error(s); nothing was published"
    assert (count(store, ContentVersion), count(store, ContentBlob)) == (0, 0)


def test_rollback_makes_the_previous_version_current_and_kiosks_follow(
    make_kiosk, packs_dir, store
) -> None:
    kiosk = make_kiosk("k1")
    publish_pack(store, packs_dir("v1", "1"))
    publish_pack(store, packs_dir("v2", "2"))
    kiosk.sync()
    assert kiosk.shows() == "2"

    ok, message = rollback(store, STORE, "store-it")

    assert ok
    assert message.startswith("rolled back store-7 from version 2 (Mini 2) to version 1 (Mini 1)")
    kiosk.sync()
    assert kiosk.shows() == "1"
    assert "published version 1 (Mini 1) installed" in kiosk.check()[1]
    ok, message = rollback(store, STORE, "store-it")
    assert not ok
    assert "version 1 (Mini 1) is the first published for store-7" in message


def test_kiosks_keep_syncing_with_a_store_database_not_yet_migrated(make_kiosk, store) -> None:
    kiosk = make_kiosk("k1")
    with store.begin() as conn:  # the store database as schema 0009 left it
        conn.execute(text("DROP TABLE content_current, content_versions, content_blob_chunks, "
                          "content_blobs"))  # fmt: skip
    kiosk.sync()
    assert kiosk.worker.status().state == "idle"
    assert kiosk.shows() == "0"


def test_an_assembled_pack_that_does_not_validate_is_refused(make_kiosk, packs_dir, store) -> None:
    kiosk = make_kiosk("k1")
    publish_pack(store, packs_dir("v1", "1"))
    with store.begin() as conn:  # every file whole, but the lookbook's scene left out
        conn.execute(text("UPDATE content_versions SET manifest = manifest - 'images/scene.jpg'"))
    followed = kiosk.follower.follow()
    assert followed.outcome == "refused"
    assert followed.message.startswith("the pack does not validate: 1 error(s), first: ")
    assert "images/scene.jpg is missing" in followed.message
    assert kiosk.shows() == "0"
    assert not list(kiosk.packs.folder.glob(".published-*"))
    assert "REFUSED: the pack does not validate" in kiosk.check()[1]
