"""Recommendations on the demo pack: ranked from the customer's needs, each with its reason
in the words of the customer's own answers, none twice in view, for the rooms they chose."""

from __future__ import annotations

import dataclasses
import sys

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap

from tests.ui.conftest import grab, settle
from tests.ui.test_needs import events, touch
from ui.screens.customer.recommendations import sentence_case
from ui.strings import tr


def open_recommendations(make_shell, qtbot, needs=None, language="en", portrait=False):  # type: ignore[no-untyped-def]
    shell = make_shell()
    if portrait:
        shell.resize(QSize(1080, 1920))
    touch(qtbot, shell.attract)
    if language != "en":
        touch(qtbot, shell.screens["greeting"].language_buttons[language])
    for question, values in (needs or {}).items():
        shell.journey.answer(question, values)
    shell.go("recommendations")
    screen = shell.screens["recommendations"]
    assert shell.router.current is screen
    return shell, screen


def captions(screen):  # type: ignore[no-untyped-def]
    model = screen.grid.grid_model
    return [model.item(row).caption for row in range(model.rowCount())]


def test_a_wish_for_silence_ranks_the_quietest_pieces_first(make_shell, qtbot):
    shell, screen = open_recommendations(make_shell, qtbot, {"priorities": ["silence"]})
    skus = screen.grid.grid_model.skus
    quietness = [shell.pack.products[sku].attributes.get("quietness", 0) for sku in skus]
    assert quietness == sorted(quietness, reverse=True)
    assert quietness[0] == max(
        p.attributes.get("quietness", 0) for p in shell.pack.products.values()
    )
    assert all(q > 0 for q in quietness)  # nothing loud presented as a match
    assert captions(screen)[0] == "Quiet, for the silence you value"  # in their words
    assert screen.title.text() == tr("recs.title", "en")
    assert screen.note.text() == tr("recs.note", "en")
    shown = events(shell, "recommendations_shown")
    assert shown == [("recommendations_shown", {"skus": skus, "fallback": False})]


def test_the_budget_keeps_to_its_bands_and_reasons_follow_the_language(make_shell, qtbot):
    needs = {"household": ["alone"], "priorities": ["space"], "budget": ["essential"]}
    shell, screen = open_recommendations(make_shell, qtbot, needs)
    skus = screen.grid.grid_model.skus
    assert skus
    assert {shell.pack.products[s].price_band for s in skus} == {"essential"}
    assert captions(screen)[0] == "Makes the most of your space"
    shell.set_language("zh-Hans")
    assert captions(screen)[0] == "充分利用每一寸空间"
    assert screen.grid.grid_model.item(0).name == shell.pack.products[skus[0]].name.get("zh-Hans")
    assert screen.title.text() == tr("recs.title", "zh-Hans")


def test_no_answers_still_show_a_first_look_at_the_collection(make_shell, qtbot):
    shell, screen = open_recommendations(make_shell, qtbot)
    model = screen.grid.grid_model
    assert model.rowCount() == 12
    categories = {shell.pack.products[s].category for s in model.skus[:6]}
    assert len(categories) == 6  # the range, not only kitchens
    assert screen.title.text() == tr("recs.general_title", "en")
    assert screen.edit.text() == tr("recs.share", "en")
    # without reasons, each piece is introduced by its own summary
    assert captions(screen)[0] == shell.pack.products[model.skus[0]].summary.get("en")
    touch(qtbot, screen.edit)
    assert shell.router.current.NAME == "needs"


def test_when_the_budget_excludes_every_match_the_screen_says_so(
    make_shell, qtbot, monkeypatch, screenshot_dir
):
    shell = make_shell()
    pack = shell.pack
    # The demo pack has one quiet piece in the essential band; without it, no quiet piece
    # fits that budget.
    products = {s: p for s, p in pack.products.items() if s != "MV-LA-WD7"}
    narrowed = dataclasses.replace(pack, products=products)
    monkeypatch.setattr(shell.runtime.packs, "current", lambda: narrowed)
    touch(qtbot, shell.attract)
    shell.journey.answer("priorities", ["silence"])
    shell.journey.answer("budget", ["essential"])
    shell.go("recommendations")
    screen = shell.screens["recommendations"]
    assert screen.note.text() == tr("recs.fallback", "en")
    skus = screen.grid.grid_model.skus
    assert skus
    assert all(narrowed.products[s].attributes.get("quietness", 0) > 0 for s in skus)
    shown = events(shell, "recommendations_shown")
    assert shown[-1][1]["fallback"] is True


def test_touching_a_product_records_it_and_edit_returns_to_the_summary(make_shell, qtbot):
    shell, screen = open_recommendations(make_shell, qtbot, {"priorities": ["design"]})
    settle(shell)  # the grid laid out, faded in and filled
    grid = screen.grid
    first = grid.grid_model.skus[0]
    rect = grid.visualRect(grid.grid_model.index(0))
    assert rect.width() >= 300
    assert rect.height() >= 300
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(events(shell, "product_viewed")))
    viewed = events(shell, "product_viewed")
    assert viewed == [("product_viewed", {"sku": first, "source": "recommendations"})]
    if "story" in shell.screens:
        assert shell.router.current.NAME == "story"
        shell.back()
    touch(qtbot, screen.edit)
    assert shell.router.current.NAME == "needs_summary"
    touch(qtbot, shell.screens["needs_summary"].see)
    entries = 3 if "story" in shell.screens else 2  # first, back from the story, from summary
    assert len(events(shell, "recommendations_shown")) == entries  # once per entry


def test_thumbnails_arrive_from_the_loader(make_shell, qtbot):
    _shell, screen = open_recommendations(make_shell, qtbot, {"priorities": ["craft"]})
    model = screen.grid.grid_model
    qtbot.waitUntil(lambda: model.thumbnail(0) is not None, timeout=5000)
    pixmap = model.data(model.index(0), Qt.ItemDataRole.DecorationRole)
    assert isinstance(pixmap, QPixmap)
    assert max(pixmap.width(), pixmap.height()) <= 512  # the "thumb" rendition


def test_the_model_never_hands_none_to_qt(make_shell, qtbot):
    """PySide6 6.12 on Python 3.11 loses a reference to None for each None returned from a
    data() override; enough of them crash the interpreter."""
    _shell, screen = open_recommendations(make_shell, qtbot, {"priorities": ["silence"]})
    model = screen.grid.grid_model
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)  # other threads move None's count too
    _shell.runtime.recorder.submit(lambda: None, background=True).result(timeout=5)
    before = sys.getrefcount(None)
    for _ in range(200):
        for role in range(0, 300):
            model.index(0).data(role)
        model.index(999).data(Qt.ItemDataRole.DisplayRole)
    # 60,000 calls: the bug would lose 60,000; unrelated threads may move it by thousands
    assert sys.getrefcount(None) > before - 20_000


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_recommendations_screenshots(make_shell, qtbot, screenshot_dir, language, orientation):
    needs = {"rooms": ["kitchen"], "lifestyle": ["work-home", "host"], "priorities": ["silence"]}
    shell, screen = open_recommendations(
        make_shell, qtbot, needs, language, orientation == "portrait"
    )
    model = screen.grid.grid_model
    qtbot.waitUntil(lambda: all(model.thumbnail(r) is not None for r in range(4)), timeout=8000)
    grab(shell, screenshot_dir, f"recommendations-{language}-{orientation}")


ANSWER_SETS = {
    "kitchen-and-dining": {
        "rooms": ["kitchen", "dining"],
        "household": ["large"],
        "lifestyle": ["host", "cook-daily"],
    },
    "quiet-kitchen": {
        "rooms": ["kitchen"],
        "lifestyle": ["work-home", "host"],
        "priorities": ["silence"],
    },
    "living-room": {
        "rooms": ["living"],
        "household": ["couple"],
        "lifestyle": ["work-home"],
        "priorities": ["design"],
    },
}


def in_view(screen) -> list[int]:  # type: ignore[no-untyped-def]
    """Rows of the cards a customer sees without scrolling (any part of them)."""
    grid = screen.grid
    area = grid.viewport().rect()
    model = grid.grid_model
    return [r for r in range(model.rowCount()) if grid.visualRect(model.index(r)).intersects(area)]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
@pytest.mark.parametrize("answers", list(ANSWER_SETS))
def test_each_card_in_view_gives_its_own_reason_from_the_customers_answers(
    make_shell, qtbot, answers, orientation, language
):
    needs = ANSWER_SETS[answers]
    shell, screen = open_recommendations(
        make_shell, qtbot, needs, language, orientation == "portrait"
    )
    settle(shell)
    pack = shell.pack
    rows = in_view(screen)
    assert len(rows) >= 4, "a screenful of cards"
    # every reason the customer's answers can give, as the card shows it
    theirs = {
        sentence_case(r.text.get(language)): r
        for r in pack.reasons
        if r.option in needs.get(r.question, ())
    }
    shown = [captions(screen)[r] for r in rows]
    for caption in shown:
        assert caption in theirs, f"{caption!r} speaks to no answer the customer gave"
    assert len(set(shown)) == len(shown), shown
    rooms = next(q for q in pack.questions if q.id == "rooms")
    categories = {c for o in rooms.options if o.id in needs["rooms"] for c in o.categories}
    skus = screen.grid.grid_model.skus
    assert skus
    assert {pack.products[s].category for s in skus} <= categories
    assert screen.note.text() == tr("recs.note", language)


def test_a_quiet_kitchen_shows_no_laundry_and_quiet_only_once(make_shell, qtbot):
    shell, screen = open_recommendations(make_shell, qtbot, ANSWER_SETS["quiet-kitchen"])
    categories = {shell.pack.products[s].category for s in screen.grid.grid_model.skus}
    assert "laundry" not in categories
    assert captions(screen).count("Quiet, for the silence you value") == 1


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_rooms_with_nothing_that_fits_show_other_rooms_and_say_so(
    make_shell, qtbot, monkeypatch, language
):
    shell = make_shell()
    pack = shell.pack
    products = {s: p for s, p in pack.products.items() if p.category != "laundry"}
    narrowed = dataclasses.replace(pack, products=products)
    monkeypatch.setattr(shell.runtime.packs, "current", lambda: narrowed)
    touch(qtbot, shell.attract)
    if language != "en":
        touch(qtbot, shell.screens["greeting"].language_buttons[language])
    shell.journey.answer("rooms", ["laundry"])
    shell.journey.answer("priorities", ["silence"])
    shell.go("recommendations")
    screen = shell.screens["recommendations"]
    assert screen.grid.grid_model.skus  # never an empty screen
    assert screen.note.text() == tr("recs.fallback_rooms", language)
    silence = next(r for r in narrowed.reasons if r.key == ("priorities", "silence", "quietness"))
    assert captions(screen)[0] == sentence_case(silence.text.get(language))
    assert events(shell, "recommendations_shown")[-1][1]["fallback"] is True
