"""The live preview (`kiosk content preview PACK`) seen as a content author sees it: a copy of
the demo pack open in the kiosk, real files saved into it (in place, and renamed over the old
file as editors do), the screen waited on until it shows the save, or the errors over it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

from kiosk.station.config import load_config
from tests.conftest import PATIENCE_MS
from tests.ui.conftest import LANDSCAPE, flush_deletions, grab, settle

REPO = Path(__file__).resolve().parents[2]
OVEN = "products/cooking.toml"
PORTRAIT = QSize(1080, 1920)
CHAPTER = "Knobs turned from solid bronze"  # the oven's second chapter, in English


def shown(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text a person can read on ``widget`` now."""
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisible()]


def shows(widget, text: str) -> bool:  # type: ignore[no-untyped-def]
    return any(text in line for line in shown(widget))


def whole(overlay) -> bool:  # type: ignore[no-untyped-def]
    """Every line of the error sheet inside the sheet (none past its foot)."""
    labels = [label for label in overlay.findChildren(QLabel) if label.isVisible()]
    return bool(labels) and all(overlay.rect().contains(x.geometry()) for x in labels)


def rewrite(path: Path, old: str, new: str, atomic: bool = False) -> None:
    """Save ``path`` with ``old`` replaced: in place, or (``atomic``) as editors that write a
    new file and rename it over the old one."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    text = text.replace(old, new, 1)
    if not atomic:
        path.write_text(text, encoding="utf-8")
        return
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def open_preview(qtbot, tmp_path: Path, kiosk_env, seed_local_db):  # type: ignore[no-untyped-def]
    """The preview as ``kiosk content preview`` opens it (ui.preview.app's own steps, the
    first check and the runtime made here rather than on a worker), on a copy of the demo
    pack; returns the window, its session and the pack folder."""
    from ui import tasks, theme
    from ui.fonts import load_bundled_fonts
    from ui.preview.app import open_runtime, preview_settings
    from ui.preview.session import PreviewSession
    from ui.shell import Shell

    pack = tmp_path / "pack"
    shutil.copytree(REPO / "data" / "demo-pack", pack)
    config = load_config(env=kiosk_env, overrides=preview_settings(tmp_path / "scratch", pack))
    tasks.install()
    load_bundled_fonts()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app.styleSheet() != theme.style_sheet():  # type: ignore[union-attr]
        app.setStyleSheet(theme.style_sheet())  # type: ignore[union-attr]
    shell = Shell(config)
    qtbot.addWidget(shell)
    shell.resize(LANDSCAPE)
    shell.show()
    shell.attract.set_fonts_ready()
    seed_local_db(config.local_db_path)  # a migrated copy: the migrations are tested elsewhere
    runtime, packs, check = open_runtime(config, pack)
    assert runtime is not None, check.errors
    shell.attach(runtime)
    session = PreviewSession(shell, packs)
    session.start(check)
    return shell, session, pack


@pytest.fixture
def preview(qtbot, tmp_path, kiosk_env, seed_local_db) -> Iterator[Callable]:  # type: ignore[no-untyped-def]
    made = []

    def make():  # type: ignore[no-untyped-def]
        opened = open_preview(qtbot, tmp_path, kiosk_env, seed_local_db)
        made.append(opened[0])
        return opened

    yield make
    from PySide6.QtCore import QCoreApplication, QThreadPool

    QThreadPool.globalInstance().waitForDone(PATIENCE_MS)  # no check or decode outlives it
    for shell in made:
        if shell.runtime is not None:
            shell.runtime.close()
    QCoreApplication.processEvents()
    for shell in made:
        shell.deleteLater()
    flush_deletions()  # its idle watcher's application-wide filter goes with it, now


def on_oven_story(qtbot, shell) -> None:  # type: ignore[no-untyped-def]
    shell.begin_visit()
    shell.go("story", sku="MV-CO-OV60", chapter=1)
    story = shell.screens["story"]
    qtbot.waitUntil(lambda: shows(story, CHAPTER))


def test_a_saved_chapter_title_shows_on_the_story_being_read(qtbot, preview) -> None:
    shell, session, pack = preview()
    on_oven_story(qtbot, shell)
    story = shell.screens["story"]

    rewrite(pack / OVEN, f'"{CHAPTER}"', '"Knobs turned from one bronze bar"')
    qtbot.waitUntil(lambda: shows(story, "Knobs turned from one bronze bar"))
    assert shell.current_screen is story  # the author stays where they were
    assert story.product.sku == "MV-CO-OV60"
    assert story.chapter_index == 1
    assert not session.overlay.isVisible()

    # An editor that writes a new file and renames it over the old one is seen too, and so
    # is the save after it (the watch follows the file that replaced the first).
    rewrite(pack / OVEN, "one bronze bar", "a single bronze bar", atomic=True)
    qtbot.waitUntil(lambda: shows(story, "Knobs turned from a single bronze bar"))
    rewrite(pack / OVEN, "a single bronze bar", "solid bronze, by hand")
    qtbot.waitUntil(lambda: shows(story, "Knobs turned from solid bronze, by hand"))
    assert story.chapter_index == 1
    settle(shell)


def test_a_broken_save_names_its_file_over_the_last_good_state_until_fixed(qtbot, preview) -> None:
    shell, session, pack = preview()
    on_oven_story(qtbot, shell)
    story, overlay = shell.screens["story"], session.overlay

    rewrite(pack / OVEN, f'title = {{ en = "{CHAPTER}"', f'title = {{ en = "{CHAPTER}')
    qtbot.waitUntil(overlay.isVisible)
    assert shows(overlay, OVEN)  # the file, and the validator's place and words
    assert shows(overlay, "The pack has 1 error")
    assert shows(story, CHAPTER)  # the last good state, beneath

    shell.set_language("zh-Hans")  # the author checks the translation, errors still shown
    qtbot.waitUntil(lambda: shows(overlay, "内容包有 1 处错误"))
    assert shows(story, "实心青铜车制旋钮")

    rewrite(pack / OVEN, f'title = {{ en = "{CHAPTER},', 'title = { en = "Solid bronze",')
    qtbot.waitUntil(lambda: not overlay.isVisible())
    shell.set_language("en")
    qtbot.waitUntil(lambda: shows(story, "Solid bronze"))
    assert story.chapter_index == 1


def test_an_unknown_product_in_a_lookbook_is_named_and_the_scene_kept(qtbot, preview) -> None:
    shell, session, pack = preview()
    shell.begin_visit()
    shell.go("lookbook", lookbook="dinner-for-twelve", scene=1)
    lookbook = shell.screens["lookbook"]
    qtbot.waitUntil(lambda: shows(lookbook, "The bar, before the guests arrive"))

    looks = pack / "lookbooks" / "dinner-for-twelve.toml"
    rewrite(looks, 'sku = "MV-LI-DC1"', 'sku = "MV-NO-SUCH"')
    qtbot.waitUntil(session.overlay.isVisible)
    assert shows(session.overlay, "lookbooks/dinner-for-twelve.toml")
    assert any("MV-NO-SUCH" in line for line in shown(session.overlay))

    rewrite(looks, 'sku = "MV-NO-SUCH"', 'sku = "MV-LI-DC1"')
    rewrite(looks, "The bar, before the guests arrive", "The bar, at seven")
    qtbot.waitUntil(lambda: shows(lookbook, "The bar, at seven"))
    assert not session.overlay.isVisible()
    assert lookbook.index == 1  # the same scene


def test_a_story_scrolled_down_stays_scrolled_where_it_was(qtbot, preview) -> None:
    shell, _session, pack = preview()
    on_oven_story(qtbot, shell)
    bar = shell.screens["story"].scroll.verticalScrollBar()
    settle(shell)
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())  # down to the specifications, as a finger would have scrolled
    down = bar.value()

    rewrite(pack / OVEN, f'"{CHAPTER}"', '"Knobs turned by hand"')
    qtbot.waitUntil(lambda: shows(shell.screens["story"], "Knobs turned by hand"))
    qtbot.waitUntil(lambda: bar.value() == down)


def test_the_question_being_answered_stays_on_screen(qtbot, preview) -> None:
    shell, _session, pack = preview()
    shell.begin_visit()
    shell.go("needs", index=1)
    needs = shell.screens["needs"]
    second = needs._question.prompt.get("en")  # the second question, as the pack words it
    qtbot.waitUntil(lambda: shows(needs, second))

    rewrite(pack / "questionnaire.toml", f'en = "{second}"', 'en = "And the room?"')
    qtbot.waitUntil(lambda: shows(needs, "And the room?"))
    assert needs._index == 1


def test_a_picture_saved_under_the_same_name_shows_its_new_pixels(qtbot, preview) -> None:
    shell, session, pack = preview()
    on_oven_story(qtbot, shell)
    hero = shell.screens["story"].hero
    qtbot.waitUntil(lambda: hero.pixmap is not None)
    before = hero.pixmap.toImage()

    hero_file = pack / "images" / "products" / "mv-co-ov60-hero.jpg"
    replacement = pack / "images" / "lookbooks" / "dining.jpg"
    temporary = hero_file.with_name(".hero.tmp")
    shutil.copyfile(replacement, temporary)
    os.replace(temporary, hero_file)  # as an image editor's "save" does
    qtbot.waitUntil(lambda: hero.pixmap is not None and hero.pixmap.toImage() != before)
    assert not session.overlay.isVisible()


def test_the_error_overlay_in_both_languages(qtbot, preview, screenshot_dir) -> None:
    """Two errors of a save over a product story, in each language and orientation, every
    word whole (screenshots to look at: build/screenshots/preview_errors_*.png)."""
    from tests.ui.clipping import inspect

    shell, session, pack = preview()
    on_oven_story(qtbot, shell)
    overlay = session.overlay
    rewrite(pack / OVEN, 'price_band = "signature"', 'price_band = "priceless"')
    qtbot.waitUntil(lambda: shows(overlay, "The pack has 1 error"))
    settle(shell)  # as first shown: its size was once reckoned before it knew its text
    assert whole(overlay)
    looks = pack / "lookbooks" / "dinner-for-twelve.toml"
    rewrite(looks, 'sku = "MV-LI-DC1"', 'sku = "MV-NO-SUCH"')
    qtbot.waitUntil(lambda: shows(overlay, "The pack has 2 errors"))
    assert shows(overlay, OVEN)
    assert shows(overlay, "lookbooks/dinner-for-twelve.toml")
    for language, title in (("en", "The pack has 2 errors"), ("zh-Hans", "内容包有 2 处错误")):
        shell.set_language(language)
        qtbot.waitUntil(lambda title=title: shows(overlay, title))
        for size, orientation in ((LANDSCAPE, "landscape"), (PORTRAIT, "portrait")):
            shell.resize(size)
            settle(shell)
            assert shell.rect().contains(overlay.geometry())
            assert whole(overlay)
            cuts = [c for c in inspect(shell, "preview") if "PreviewErrors" in str(c)]
            assert cuts == [], cuts
            grab(shell, screenshot_dir, f"preview_errors_{language}_{orientation}")
