"""The greeting's camera, tested on images: the kiosk's own phone-page QR, as a camera sees it.

Real parts: the kiosk's QR generator (``kiosk.handoff.qr``), pictures made with Pillow the way
a phone held up to a USB camera looks (smaller, tilted a few degrees, a little soft, dim, on a
busy background), written to real files and read by the real path: an ``ffmpeg`` subprocess
(``kiosk.station.camera``) into zxing-cpp, then ``kiosk.visit.qr_return.token_in``. No mock:
a still picture, a video file and a missing or damaged "camera" all go through ffmpeg.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from kiosk.handoff.links import link_url, new_token
from kiosk.handoff.qr import qr_modules
from kiosk.station.camera import CameraReader, CameraState, camera_check, decode_qr, probe
from kiosk.station.config import load_config
from kiosk.visit.qr_return import token_in

BASE = "https://maison.example/f/"
FFMPEG = shutil.which("ffmpeg")
needs_ffmpeg = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is installed by `make test`")


def crisp(text: str, module: int = 8, dark: int = 0, light: int = 255) -> Image.Image:
    """The code as the kiosk draws it (quiet zone included), ``module`` pixels a module."""
    modules = qr_modules(text)
    size = len(modules)
    image = Image.new("L", (size, size))
    image.putdata([dark if m else light for row in modules for m in row])
    return image.resize((size * module, size * module), Image.Resampling.NEAREST)


def busy_background(size: tuple[int, int], seed: int = 7) -> Image.Image:
    """A shop behind the customer: stripes, boxes and lettering in many greys."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (120, 110, 100))
    draw = ImageDraw.Draw(image)
    for _ in range(160):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(10, 260), rng.randrange(4, 160)
        shade = tuple(rng.randrange(30, 230) for _ in range(3))
        draw.rectangle((x, y, x + w, y + h), fill=shade)
    for x in range(0, size[0], 23):
        draw.line((x, 0, x + 200, size[1]), fill=(90, 80, 70), width=3)
    for _ in range(40):
        draw.text((rng.randrange(size[0]), rng.randrange(size[1])), "SALE 50%", fill=(20, 20, 20))
    return image


def photographed(text: str, angle: float = 4.0, seed: int = 7) -> Image.Image:
    """``text``'s code on a phone held up to a camera: a dim screen (low contrast), tilted
    ``angle`` degrees, small in a 1280x720 frame of a busy shop, a light's reflection across
    it, slightly out of focus."""
    phone = crisp(text, module=5, dark=80, light=170).convert("RGB")
    phone = phone.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(40,) * 3)
    frame = busy_background((1280, 720), seed)
    frame.paste(phone, (460, 120))
    glare = Image.new("L", frame.size, 0)  # a shop light's reflection across the screen
    ImageDraw.Draw(glare).polygon([(380, 0), (620, 0), (900, 720), (660, 720)], fill=70)
    frame = Image.composite(Image.new("RGB", frame.size, "white"), frame, glare)
    return frame.filter(ImageFilter.GaussianBlur(1.2))


def read_through_camera(source: Path, codes: int = 1) -> tuple[list[str], CameraReader]:
    """``source`` as the ``camera`` setting: what the reader reports, once ``codes`` codes
    were seen (or it failed)."""
    seen: list[str] = []
    done = threading.Event()

    def code(text: str) -> None:
        seen.append(text)
        if len(seen) >= codes:
            done.set()

    def state(now: CameraState) -> None:
        if now is CameraState.FAILED:
            done.set()

    reader = CameraReader(str(source), code, state, patience_s=3)
    reader.start()
    try:
        assert done.wait(30), f"nothing read from {source.name} ({reader.state})"
    finally:
        reader.stop()
    return seen, reader


def test_the_kiosks_own_code_is_read_as_a_camera_sees_it() -> None:
    token = new_token()
    url = link_url(BASE, token)
    for angle in (-6.0, -3.0, 3.0, 7.0):
        texts = decode_qr(photographed(url, angle))
        assert texts == (url,), f"not read tilted {angle} degrees"
        assert token_in(texts[0], BASE) == token


@needs_ffmpeg
def test_a_still_picture_as_the_camera_gives_the_token_once(tmp_path: Path) -> None:
    token = new_token()
    picture = tmp_path / "phone.jpg"
    photographed(link_url(BASE, token)).save(picture, quality=80)

    seen, reader = read_through_camera(picture)
    assert [token_in(text, BASE) for text in seen] == [token]
    assert reader.state in (CameraState.LOOKING, CameraState.STOPPED)
    assert reader.frames >= 1


@needs_ffmpeg
def test_a_video_reports_each_code_as_it_comes_into_view(tmp_path: Path) -> None:
    """An empty shop for a second, then the phone: the code is reported when it appears,
    once, however many frames show it."""
    token = new_token()
    frames = tmp_path / "frames"
    frames.mkdir()
    empty, phone = busy_background((1280, 720)), photographed(link_url(BASE, token), 5)
    for n in range(12):  # 3 s at 4 frames a second
        (empty if n < 4 else phone).save(frames / f"{n:03d}.png")
    video = tmp_path / "camera.mkv"
    assert FFMPEG is not None
    subprocess.run(
        [
            FFMPEG,
            "-loglevel",
            "error",
            "-framerate",
            "4",
            "-i",
            str(frames / "%03d.png"),
            "-c:v",
            "ffv1",
            str(video),
        ],
        check=True,
        timeout=60,
    )

    seen, reader = read_through_camera(video)
    assert [token_in(text, BASE) for text in seen] == [token]
    assert reader.frames > 4, "not before the phone was shown"


def test_a_code_of_another_address_is_not_taken_for_ours() -> None:
    token = new_token()
    for foreign in (
        "https://elsewhere.example/f/" + token,  # another site, our token's shape
        "https://maison.example/g/" + token,  # our host, not the page's path
        "https://maison.example.evil/f/" + token,
        BASE + token + "?lang=en",
        BASE + token[:-1],  # not a whole token
        BASE + "../admin",
        "WIFI:S:Shop;T:WPA;P:secret;;",
    ):
        assert decode_qr(photographed(foreign, 3)) == (foreign,)
        assert token_in(foreign, BASE) is None, foreign
    assert token_in(" " + BASE.upper() + token + "\n", BASE) == token  # host case, spaces


@needs_ffmpeg
def test_a_camera_that_is_missing_or_gives_nothing_fails_quietly(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(b"not a picture at all")
    for source in (tmp_path / "video9", damaged):
        seen, reader = read_through_camera(source)
        assert seen == []
        assert reader.state is CameraState.FAILED
        assert reader.reason, "a reason for store IT"


@needs_ffmpeg
def test_kiosk_check_reports_the_camera_to_store_it(tmp_path: Path) -> None:
    picture = tmp_path / "camera.png"
    busy_background((640, 480)).save(picture)

    def check(camera: str | None):  # type: ignore[no-untyped-def]
        env = {"KIOSK_LOCAL_DB_PATH": str(tmp_path / "kiosk.sqlite3")}
        return camera_check(load_config(env=env, overrides={"camera": camera}))

    assert check(None).ok
    assert check(str(picture)).ok
    missing = check("/dev/video97")
    assert not missing.ok
    assert "/dev/video97 does not exist" in missing.detail
    assert probe(str(picture))[0]
