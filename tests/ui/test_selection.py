"""My selection: the shortlist, removing a piece, the empty state, asking an advisor."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.db.models import SelectionItem, ServiceRequest
from kiosk.visit.stages import EndReason, Stage
from tests.ui.conftest import grab
from tests.ui.test_lookbooks import PORTRAIT, begin, events, touch
from ui.strings import tr

SKUS = ["MV-LI-SF3", "MV-LT-FL1", "MV-LI-CT1"]


def with_selection(make_shell, qtbot, portrait=False, language="en"):  # type: ignore[no-untyped-def]
    shell = begin(make_shell, qtbot, portrait, language)
    for sku in SKUS:
        shell.journey.set_selected(sku, True)
    return shell


def open_selection(shell, qtbot):  # type: ignore[no-untyped-def]
    header = shell.screens["greeting"].selection_button
    assert header.isVisible()
    assert header.text() == tr("chrome.selection", shell.language, count=len(SKUS))
    touch(qtbot, header)
    screen = shell.screens["selection"]
    assert shell.router.current is screen
    return screen


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_selection_shows_each_piece_and_an_empty_state(
    make_shell, qtbot, screenshot_dir, portrait, language
):
    shell = with_selection(make_shell, qtbot, portrait, language)
    screen = open_selection(shell, qtbot)
    assert shell.journey.stage == Stage.SELECTION
    assert screen.pages.currentWidget() is screen.filled_page
    assert screen.model.skus == SKUS
    assert screen.count.text() == tr("myselection.count_many", language, count=3)
    first = screen.model.index(0)
    assert first.data() == shell.pack.product(SKUS[0]).name.get(language)
    orientation = "portrait" if portrait else "landscape"
    grab(shell, screenshot_dir, f"selection-{language}-{orientation}")  # thumbnails in
    assert all(screen.model._pixmaps.get(s) for s in SKUS), screen.model._pixmaps
    for sku in SKUS:
        shell.journey.set_selected(sku, False)
    assert screen.pages.currentWidget() is screen.empty_page
    assert screen.empty_title.text() == tr("myselection.empty_title", language)
    assert screen.browse.isVisible()
    grab(shell, screenshot_dir, f"selection-empty-{language}-{orientation}")
    touch(qtbot, screen.browse)
    assert shell.router.current.NAME == "lookbooks"


def test_remove_takes_a_piece_off_the_list_and_the_visit(make_shell, qtbot):
    shell = with_selection(make_shell, qtbot)
    screen = open_selection(shell, qtbot)
    view = screen.list
    row = view.row_rect(SKUS[1])
    action = view.product_delegate.action_rect(row)
    assert action.height() >= 56
    touch(qtbot, view.viewport(), action.center())
    assert shell.journey.state.selection == [SKUS[0], SKUS[2]]
    assert screen.model.skus == [SKUS[0], SKUS[2]]
    assert screen.count.text() == tr("myselection.count_many", "en", count=2)
    assert shell.router.current is screen  # removing is not opening
    shell.runtime.recorder.submit(lambda: None, background=True).result(timeout=5)
    with shell.runtime.store.session() as s:
        item = s.scalars(select(SelectionItem).where(SelectionItem.sku == SKUS[1])).one()
    assert item.removed_at is not None


def test_a_tap_on_a_piece_opens_its_story(make_shell, qtbot):
    shell = with_selection(make_shell, qtbot)
    story = shell.screens["story"]
    screen = open_selection(shell, qtbot)
    touch(qtbot, screen.list.viewport(), screen.list.row_rect(SKUS[2]).center())
    assert shell.router.current is story
    assert story.product.sku == SKUS[2]
    assert events(shell, "product_viewed") == [
        ("product_viewed", {"sku": SKUS[2], "source": "selection"})
    ]


def test_send_to_my_phone_asks_an_advisor_and_confirms_once_recorded(
    make_shell, qtbot, screenshot_dir
):
    shell = with_selection(make_shell, qtbot)
    shell.router.unregister("handoff")  # a kiosk without the QR hand-off: an advisor sends it
    screen = open_selection(shell, qtbot)
    card = screen.card
    assert card.send.isVisible()
    assert not card.ask.isVisible()
    touch(qtbot, card.send)
    assert card.ask.isVisible()
    assert card.body.text() == tr("myselection.advisor_body", "en")
    touch(qtbot, card.not_now)
    assert card.send.isVisible()
    touch(qtbot, card.send)
    touch(qtbot, card.ask)
    qtbot.waitUntil(lambda: card.confirmation.isVisible(), timeout=5000)
    assert card.confirmation.text() == tr("myselection.advisor_sent", "en")
    with shell.runtime.store.session() as s:
        request = s.scalars(select(ServiceRequest)).one()
    assert request.kind == "associate"
    assert request.visit_id == shell.journey.state.visit_id
    grab(shell, screenshot_dir, "selection-advisor-en-landscape")
    shell.set_language("zh-Hans")
    assert card.confirmation.text() == tr("myselection.advisor_sent", "zh-Hans")


def test_a_reset_leaves_nothing_of_the_selection(make_shell, qtbot):
    shell = with_selection(make_shell, qtbot)
    screen = open_selection(shell, qtbot)
    touch(qtbot, screen.card.send)
    shell.end_visit(EndReason.IDLE)
    qtbot.waitUntil(lambda: shell.lazy.cleared)  # hidden screens forget in idle time
    assert screen.model.skus == []
    assert screen.model._pixmaps == {}
    assert screen.card.state == "offer"
    assert screen.count.text() == ""
    assert screen.pages.currentWidget() is screen.empty_page


def test_portrait_stacks_the_card_under_the_list(make_shell, qtbot):
    shell = with_selection(make_shell, qtbot, portrait=True)
    screen = open_selection(shell, qtbot)
    assert shell.size() == PORTRAIT
    assert screen.card.geometry().top() > screen.list.geometry().top()
    assert screen.card.width() > 0.8 * screen.body.width()


def test_send_to_my_phone_opens_the_hand_off(make_shell, qtbot):
    shell = with_selection(make_shell, qtbot)
    screen = open_selection(shell, qtbot)
    touch(qtbot, screen.card.send)
    assert shell.router.current.NAME == "handoff"
