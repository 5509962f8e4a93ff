"""The page's pictures in the widths a phone needs, as WebP with a JPEG fallback, made once;
and a favicon, so a browser's console shows no 404 and the guessing brake counts none."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from kiosk.content.store import PackStore
from kiosk.handoff.pictures import WIDTHS
from tests.conftest import REPO
from tests.handoff.conftest import Reply
from tests.handoff.phone_bytes import PHONE_DPR, PHONE_WIDTH, fetch, pictures_chosen
from tests.handoff.test_hostile_requests import assert_dressed

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _reply(fetched) -> Reply:  # type: ignore[no-untyped-def]
    return Reply(fetched.status, fetched.headers, fetched.body.decode("latin-1"))


@pytest.fixture
def fresh_pack(tmp_path: Path) -> Path:
    """A content folder whose renditions are not built yet."""
    folder = tmp_path / "fresh-content"
    assert PackStore(folder).install(REPO / "data" / "demo-pack", renditions=False).ok
    return folder


def test_each_picture_comes_in_every_offered_width_as_webp_and_jpeg(store, serve, fresh_pack):
    server = serve(KIOSK_CONTENT_DIR=str(fresh_pack))
    token = store.links["valid"].token
    page = server.get(f"/f/{token}")
    assert page.body.count("<picture>") == 2
    assert page.body.count('<source type="image/webp"') == 2
    for width in WIDTHS:
        assert f"/f/{token}/img/0/{width}.webp {width}w" in page.body
        assert f"/f/{token}/img/0/{width} {width}w" in page.body
        webp = fetch(server.port, f"/f/{token}/img/0/{width}.webp")
        jpeg = fetch(server.port, f"/f/{token}/img/0/{width}")
        assert webp.headers["content-type"] == "image/webp"
        assert jpeg.headers["content-type"] == "image/jpeg"
        for answer, kind in ((webp, "WEBP"), (jpeg, "JPEG")):
            assert answer.status == 200
            assert_dressed(_reply(answer), cached=True)
            assert answer.headers["cache-control"] == "private, max-age=86400"
            with Image.open(io.BytesIO(answer.body)) as picture:
                assert picture.format == kind
                assert picture.width == width  # the srcset's descriptor tells the truth
        assert len(webp.body) < len(jpeg.body)
    # the pack's own renditions still answer (pages already open in a browser link them)
    assert fetch(server.port, f"/f/{token}/img/0/thumb").status == 200


def test_a_picture_is_made_once_then_served_from_disk(store, serve, fresh_pack):
    server = serve(KIOSK_CONTENT_DIR=str(fresh_pack))
    token = store.links["valid"].token
    first = fetch(server.port, f"/f/{token}/img/1/1080.webp")
    made = sorted((fresh_pack / "renditions").rglob("*-w1080.webp"))
    assert len(made) == 1
    stamp = made[0].stat().st_mtime_ns, made[0].stat().st_ino
    again = fetch(server.port, f"/f/{token}/img/1/1080.webp")
    assert again.body == first.body
    assert (made[0].stat().st_mtime_ns, made[0].stat().st_ino) == stamp  # not made again


def test_bad_picture_requests_get_a_clear_404(store, serve):
    server = serve()
    token = store.links["valid"].token
    for target, says in (
        (f"/f/{token}/img/0/999", "unknown picture size"),
        (f"/f/{token}/img/0/full", "unknown picture size"),
        (f"/f/{token}/img/0/768.avif", "unknown picture format"),
        (f"/f/{token}/img/0/768.", "unknown picture format"),
        (f"/f/{token}/img/0/768.webp.webp", "unknown picture format"),
        (f"/f/{token}/img/7/768", "no such picture"),
    ):
        reply = server.get(target)
        assert reply.status == 404, target
        assert says in reply.body, target
        assert_dressed(reply)


def test_a_phone_downloads_far_fewer_picture_bytes(store, serve):
    server = serve()
    token = store.links["valid"].token
    html = server.get(f"/f/{token}").body
    chosen = pictures_chosen(html)
    assert all(url.endswith(".webp") for url in chosen)
    after = sum(len(fetch(server.port, url).body) for url in chosen)
    # before: the page offered thumb 512w / screen 1920w JPEGs, so this phone took "screen"
    before = sum(
        len(fetch(server.port, f"/f/{token}/img/{n}/screen").body) for n in range(len(chosen))
    )
    fallback = sum(len(fetch(server.port, url.removesuffix(".webp")).body) for url in chosen)
    print(
        f"\nphone {PHONE_WIDTH}px x{PHONE_DPR}: {len(chosen)} pictures, "
        f"before {before} B ({before / 1024:.0f} KiB), after {after} B ({after / 1024:.0f} KiB), "
        f"JPEG fallback {fallback} B ({fallback / 1024:.0f} KiB)"
    )
    assert after < before * 0.6


def test_the_favicon_is_served_with_caching_whatever_the_query(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="3")
    for target in ("/favicon.ico", "/favicon.ico?v=2", "/f/favicon.ico", "/favicon.ico?x=%00"):
        icon = fetch(server.port, target)
        assert icon.status == 200, target
        assert icon.headers["content-type"] == "image/x-icon"
        assert icon.headers["cache-control"] == "public, max-age=604800"
        assert_dressed(_reply(icon), cached=True)
        with Image.open(io.BytesIO(icon.body)) as mark:
            assert mark.format == "ICO"
    head = fetch(server.port, "/favicon.ico", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert server.get("/favicon.ico/extra").status == 404
    # every page names it, so a browser asks for it with each page: no miss counted
    page = server.get(f"/f/{store.links['valid'].token}")
    assert page.status == 200
    assert re.search(r'<link rel="icon" href="/f/favicon.ico"', page.body)
    assert server.get(f"/f/{store.links['valid'].token}").status == 200


def test_what_browsers_and_crawlers_ask_for_by_themselves_is_answered(store, serve):
    server = serve(KIOSK_FOLLOWUP_MISSES_PER_MINUTE="2")
    for target in ("/apple-touch-icon.png", "/apple-touch-icon-precomposed.png?x=1"):
        icon = fetch(server.port, target)
        assert icon.status == 200, target
        assert icon.headers["content-type"] == "image/png"
        assert_dressed(_reply(icon), cached=True)
    robots = server.get("/robots.txt")
    assert robots.status == 200
    assert "Disallow: /" in robots.body
    assert_dressed(robots, cached=True)
    assert server.get(f"/f/{store.links['valid'].token}").status == 200  # no miss counted


def _pack_with_icon(tmp_path: Path, icon: bytes) -> Path:
    source = tmp_path / "pack-source"
    shutil.copytree(REPO / "data" / "demo-pack", source)
    (source / "favicon.ico").write_bytes(icon)
    folder = tmp_path / "content"
    assert PackStore(folder).install(source, renditions=False).ok
    return folder


def test_a_brand_packs_own_favicon_is_served_and_a_bogus_one_is_not(store, serve, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 0, 0)).save(buffer, "ICO", sizes=[(32, 32)])
    branded = buffer.getvalue()
    server = serve(KIOSK_CONTENT_DIR=str(_pack_with_icon(tmp_path / "good", branded)))
    assert fetch(server.port, "/favicon.ico").body == branded
    server.process.terminate()  # type: ignore[union-attr]
    server.process.wait(10)  # type: ignore[union-attr]
    neutral = (REPO / "assets" / "templates" / "followup" / "favicon.ico").read_bytes()
    bogus = serve(KIOSK_CONTENT_DIR=str(_pack_with_icon(tmp_path / "bad", b"<svg>not an icon")))
    assert fetch(bogus.port, "/favicon.ico").body == neutral
    assert "favicon.ico is not an icon" in bogus.logs()
