"""The kiosk window as a customer meets it: attract, greeting, "I'm done", language, errors."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from kiosk.db.models import ServiceRequest, Visit
from tests.ui.conftest import countdown_runs_out, elapse, grab, idle_passes, wait_durable
from ui.strings import keys, tr


def touch(qtbot, widget, pos=None):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


def visits(shell):  # type: ignore[no-untyped-def]
    with shell.runtime.store.session() as s:
        return s.scalars(select(Visit).order_by(Visit.started_at)).all()


def test_the_kiosk_brings_its_own_cjk_typefaces(qapp):
    from ui.fonts import load_bundled_fonts

    families = load_bundled_fonts()
    assert "Noto Serif CJK SC" in families
    assert "Noto Sans CJK SC" in families


def test_every_ui_string_is_translated_in_every_language():
    """A word with plural forms counts as translated when the language has each form its
    rules pick (English 'one' and 'other', Chinese 'other' alone)."""
    from kiosk.plurals import category
    from ui.strings import _table, is_plural

    for key in keys():
        for lang in ("en", "zh-Hans"):
            if not is_plural(key):
                assert tr(key, lang).strip(), (key, lang)
                continue
            forms = _table()[key][lang]
            needed = {category(lang, n) for n in range(200)}
            assert isinstance(forms, dict), (key, lang, "plural forms by category")
            assert needed <= {c for c, text in forms.items() if text.strip()}, (key, lang)


def test_attract_crossfades_the_packs_imagery_and_shows_nothing_personal(
    make_shell, qtbot, screenshot_dir
):
    shell = make_shell()
    assert shell.attract.images, "the demo pack has attract images"
    qtbot.waitUntil(lambda: shell.attract._current is not None, timeout=5000)
    qtbot.waitUntil(lambda: shell.attract._blend >= 1.0, timeout=5000)
    image = grab(shell, screenshot_dir, "attract-en-landscape")
    from PySide6.QtGui import QImage

    picture = QImage(str(image))
    # the photograph shows: the middle of the screen is not the plain ground colour
    assert picture.pixelColor(960, 540).name() != "#121110"


def test_touch_on_attract_greets_and_im_done_ends_the_visit(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    assert shell.router.current.NAME == "attract"
    touch(qtbot, shell.attract, QPoint(300, 300))
    assert shell.router.current.NAME == "greeting"
    assert shell.journey.active
    greeting = shell.screens["greeting"]
    assert greeting.title.text() == tr("greeting.title", "en")
    grab(shell, screenshot_dir, "greeting-en-landscape")  # once the calm fade-in has ended
    touch(qtbot, greeting.done_button)
    touch(qtbot, shell.screens["farewell"].finish_button)  # no wait for the questions
    assert shell.router.current.NAME == "attract"
    assert not shell.journey.active
    wait_durable(shell)
    (visit,) = visits(shell)
    assert visit.end_reason == "completed"


def test_language_choice_switches_every_visible_text_at_once(make_shell, qtbot, screenshot_dir):
    shell = make_shell()
    touch(qtbot, shell.attract)
    greeting = shell.screens["greeting"]
    touch(qtbot, greeting.language_buttons["zh-Hans"])
    assert greeting.title.text() == tr("greeting.title", "zh-Hans")
    assert greeting.browse.text() == tr("greeting.browse", "zh-Hans")
    assert greeting.done_button.text() == tr("chrome.done", "zh-Hans")
    assert shell.screens["needs"].done_button.text() == tr("chrome.done", "zh-Hans")
    grab(shell, screenshot_dir, "greeting-zh-Hans-landscape")
    shell.resize(1080, 1920)
    qtbot.waitUntil(  # the picture moves above the title once the window is re-laid out
        lambda: (
            greeting.picture.geometry().bottom()
            < greeting.title.mapTo(greeting, greeting.title.rect().topLeft()).y()
        )
    )
    grab(shell, screenshot_dir, "greeting-zh-Hans-portrait")
    shell.resize(1920, 1080)
    wait_durable(shell)
    assert visits(shell)[0].language == "zh-Hans"
    touch(qtbot, greeting.browse)
    assert shell.router.current.NAME == "needs"
    assert shell.screens["needs"].prompt.text() == shell.pack.questions[0].prompt.get("zh-Hans")


@pytest.mark.parametrize("kind", ["associate", "refreshment"])
def test_a_request_is_confirmed_once_it_is_recorded(make_shell, qtbot, kind):
    shell = make_shell()
    touch(qtbot, shell.attract)
    greeting = shell.screens["greeting"]
    touch(qtbot, getattr(greeting, kind))
    qtbot.waitUntil(lambda: greeting.confirmation.text() == tr(f"greeting.{kind}_sent", "en"))
    with shell.runtime.store.session() as s:
        request = s.scalars(select(ServiceRequest)).one()
    assert request.kind == kind
    assert request.visit_id == shell.journey.state.visit_id


def test_idle_asks_still_there_with_a_countdown_then_resets(make_shell, qtbot, screenshot_dir):
    shell = make_shell(idle_countdown_s=3)
    touch(qtbot, shell.attract)
    touch(qtbot, shell.screens["greeting"].language_buttons["zh-Hans"])
    idle_passes(shell)
    assert shell.still_there.isVisible()
    assert shell.still_there.count.text() == "3"
    assert shell.still_there.title.text() == tr("idle.title", "zh-Hans")
    grab(shell, screenshot_dir, "still-there-zh-Hans-landscape")
    countdown_runs_out(shell)
    assert shell.router.current.NAME == "attract"
    assert not shell.still_there.isVisible()
    assert shell.screens["greeting"].title.text() == tr("greeting.title", "en")
    wait_durable(shell)
    assert visits(shell)[0].end_reason == "idle"


def test_a_touch_on_still_there_keeps_the_visit(make_shell, qtbot):
    shell = make_shell()
    touch(qtbot, shell.attract)
    idle_passes(shell)
    assert shell.still_there.isVisible()
    touch(qtbot, shell.still_there.button)
    assert not shell.still_there.isVisible()
    assert shell.journey.active
    assert shell.idle.armed
    assert shell.router.current.NAME == "greeting"


def test_an_unexpected_error_shows_one_moment_then_returns_to_attract(
    make_shell, qtbot, screenshot_dir, caplog
):
    shell = make_shell()
    shell.ERROR_PAUSE_MS = 600_000  # the calm pause passes only when the test says so
    touch(qtbot, shell.attract)
    try:
        raise RuntimeError("simulated fault in a screen")
    except RuntimeError:
        shell.handle_unexpected(*sys.exc_info())
    assert shell.router.current.NAME == "one_moment"
    assert "simulated fault" in caplog.text
    grab(shell, screenshot_dir, "one-moment-en-landscape")
    assert shell.router.current.NAME == "one_moment"  # the calm pause is still running
    elapse(shell.error_pause)
    assert shell.router.current.NAME == "attract"
    wait_durable(shell)
    assert visits(shell)[0].end_reason == "error"


def test_touches_while_the_database_opens_are_ignored(make_shell, qtbot):
    shell = make_shell()
    runtime, shell.runtime = shell.runtime, None
    touch(qtbot, shell.attract)
    assert shell.router.current.NAME == "attract"
    shell.runtime = runtime


def test_larger_text_and_high_contrast_from_any_screen_last_the_visit(
    make_shell, qtbot, screenshot_dir
):
    shell = make_shell()
    touch(qtbot, shell.attract)
    touch(qtbot, shell.screens["greeting"].language_buttons["zh-Hans"])
    before = shell.screens["greeting"].title.font().pixelSize()
    touch(qtbot, shell.screens["greeting"].display_button)
    assert shell.display_menu.isVisible()
    touch(qtbot, shell.display_menu.large_text)
    touch(qtbot, shell.screens["greeting"].display_button)
    touch(qtbot, shell.display_menu.high_contrast)
    greeting = shell.screens["greeting"]  # rebuilt in the new mode
    assert shell.router.current is greeting
    assert greeting.title.text() == tr("greeting.title", "zh-Hans")
    assert greeting.title.font().pixelSize() == round(before * 1.25)
    assert shell.journey.active
    path = grab(shell, screenshot_dir, "greeting-zh-Hans-landscape-large-contrast")
    from PySide6.QtGui import QImage

    assert QImage(str(path)).pixelColor(5, 5).name() == "#ffffff"  # black on white
    touch(qtbot, greeting.done_button)
    touch(qtbot, shell.screens["farewell"].finish_button)
    assert shell.router.current.NAME == "attract"
    assert shell.screens["greeting"].title.font().pixelSize() == before  # next customer
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        from kiosk.db.models import VisitEvent

        kinds = [e.kind for e in s.scalars(select(VisitEvent).order_by(VisitEvent.seq))]
    assert kinds.count("display_mode_changed") == 2
