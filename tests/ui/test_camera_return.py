"""The returning screen's camera: a phone page's QR code held up restores the visit.

Real parts: kiosk A's visit reaches a real store PostgreSQL by the real sync
(tests/ui/test_returning_code.py); kiosk B is the window under test with its ``camera``
setting pointing at a picture file, read by the real ffmpeg subprocess and zxing-cpp
(``kiosk.station.camera``), the code looked up on the recorder. The picture is the kiosk's
own QR of kiosk A's page address, photographed-like (tests/visit/test_qr_return_images.py).
Nothing waits for a fixed time: each step waits on what the customer would see.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.handoff.links import new_token
from kiosk.station.camera import CameraState
from tests.ui.conftest import grab
from tests.ui.test_returning_code import (
    EMAIL,
    KEPT,
    NAME,
    PHONE,
    answered,
    hand_off_on_kiosk_a,
    misses,
    open_returning,
    shown_text,
    touch,
    type_code,
)
from tests.visit.test_qr_return_images import FFMPEG, busy_background, photographed
from ui.strings import tr

pytestmark = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is installed by `make test`")
PATIENCE_MS = 30_000  # ffmpeg's start on a busy machine, then a frame or two


def picture(folder: Path, text: str | None) -> str:
    """A camera's view as a file: the phone showing ``text``'s code, or an empty shop."""
    path = folder / f"camera-{new_token()[:8]}.jpg"
    image = photographed(text) if text is not None else busy_background((1280, 720))
    image.save(path, quality=85)
    return str(path)


def looking(screen) -> bool:  # type: ignore[no-untyped-def]
    return screen.camera.state is CameraState.LOOKING


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_phone_page_held_up_to_the_camera_restores_the_selection(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path, store_url, screenshot_dir, language
) -> None:
    camera = tmp_path / "camera.jpg"  # read from the screen's entering on
    shell = make_shell(store_db_url=store_url, camera=str(camera))
    link = hand_off_on_kiosk_a(tmp_path, store_url, shell.config.store_id)
    photographed(link.url).save(camera, quality=85)
    screen = open_returning(shell, qtbot, language)
    assert screen.camera.isVisible()
    assert screen.camera.title.text() == tr("returning.camera_title", language)

    qtbot.waitUntil(
        lambda: screen.pages.currentWidget() is screen.welcome_page, timeout=PATIENCE_MS
    )
    assert screen.welcome_body.text() == tr("returning.welcome_selection", language)
    assert shell.journey.state.selection == KEPT
    assert shell.journey.state.needs == {"purpose": ["new-home"]}
    assert shell.journey.state.customer_id is None, "the client is not attached by a code"
    assert screen.camera.reader is None, "the camera stops once the visit is restored"
    assert not screen.camera.isVisible()
    for private in (NAME, "Héloïse", PHONE, "12 34", EMAIL, link.token):
        assert private not in shown_text(shell)
    assert misses(shell) == 0
    grab(shell, screenshot_dir, f"returning-camera-welcome-{language}-landscape")


def test_a_foreign_code_is_answered_and_counted_and_typing_goes_on(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path, screenshot_dir
) -> None:
    shell = make_shell(camera=picture(tmp_path, "https://elsewhere.example/f/" + new_token()))
    screen = open_returning(shell, qtbot, "zh-Hans")
    qtbot.waitUntil(lambda: misses(shell) == 1, timeout=PATIENCE_MS)
    assert answered(shell, qtbot, screen) == tr("returning.foreign", "zh-Hans")
    assert screen.pages.currentWidget() is screen.entry
    assert screen.camera.status.text() == tr("returning.camera_looking", "zh-Hans")
    assert screen.entry.keyboard.target is screen.entry.field, "the keys still type"
    type_code(screen, "ZZZZZ99999")  # a typed code beside the camera, answered as ever
    assert answered(shell, qtbot, screen) == tr("returning.unknown", "zh-Hans")
    assert misses(shell) == 2, "a phone held still is one miss, not one a frame"


def test_an_empty_view_says_looking_and_leaving_stops_the_camera(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path, screenshot_dir
) -> None:
    shell = make_shell(camera=picture(tmp_path, None))
    screen = open_returning(shell, qtbot, "en")
    qtbot.waitUntil(lambda: looking(screen), timeout=PATIENCE_MS)
    assert screen.camera.status.text() == tr("returning.camera_looking", "en")
    grab(shell, screenshot_dir, "returning-camera-en-landscape")
    reader = screen.camera.reader
    touch(qtbot, screen.back_button)
    qtbot.waitUntil(lambda: reader.state is CameraState.STOPPED, timeout=PATIENCE_MS)
    assert screen.camera.reader is None
    assert misses(shell) == 0


def test_no_camera_or_a_failing_one_leaves_the_code_entry_alone(  # type: ignore[no-untyped-def]
    make_shell, qtbot, tmp_path
) -> None:
    plain = make_shell()
    screen = open_returning(plain, qtbot, "en")
    assert not screen.camera.isVisible(), "no camera configured: the screen is unchanged"
    assert screen.camera.reader is None

    broken = make_shell(camera=str(tmp_path / "video7"))  # unplugged
    screen = open_returning(broken, qtbot, "en")
    qtbot.waitUntil(lambda: screen.camera.state is CameraState.FAILED, timeout=PATIENCE_MS)
    assert not screen.camera.isVisible(), "nothing alarming: the panel steps aside"
    assert screen.entry.message.text() == ""
    type_code(screen, "ZZZZZ99999")
    assert answered(broken, qtbot, screen) == tr("returning.unknown", "en")
