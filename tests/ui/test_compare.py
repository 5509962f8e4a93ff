"""Comparison: up to three products side by side, rows aligned, set aside, open a story."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.content.model import LocalText, Product, Spec
from kiosk.visit.stages import EndReason
from tests.ui.conftest import flush_deletions, grab, settle
from tests.ui.test_story import OTHERS, events, touch
from ui.screens.customer.compare import SPEC_ROWS, highlight_rows, shown_spec_rows, spec_rows
from ui.strings import tr


def compare(shell, qtbot, skus=OTHERS):  # type: ignore[no-untyped-def]
    touch(qtbot, shell.attract)
    for sku in skus:
        shell.journey.set_compared(sku, True)
    shell.go("compare")
    return shell.screens["compare"]


def texts(screen) -> list[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # cells added to a shown table are shown by the event loop
    return [w.text() for w in screen.table.findChildren(QLabel) if w.isVisible()]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_compare_screenshots(make_shell, qtbot, screenshot_dir, language, portrait):
    shell = make_shell()
    if portrait:
        shell.resize(1080, 1920)
    screen = compare(shell, qtbot)
    shell.set_language(language)
    settle(shell)
    shown = texts(screen)
    for sku in OTHERS:
        assert shell.pack.product(sku).name.get(language) in shown
    assert tr("compare.strengths", language).upper() in shown
    orientation = "portrait" if portrait else "landscape"
    grab(shell, screenshot_dir, f"compare-{language}-{orientation}")


def test_compare_records_what_was_compared_and_aligns_specs_by_label(make_shell, qtbot):
    shell = make_shell()
    screen = compare(shell, qtbot)
    assert events(shell, "comparison_viewed") == [{"skus": list(OTHERS)}]
    products = [shell.pack.product(s) for s in OTHERS]
    rows = spec_rows(products)
    labels = [label.get("en") for label, _ in rows]
    assert len(labels) == len(set(labels))
    shown = texts(screen)
    for label in labels:
        assert label in shown
    # a product without a given specification shows a dash in that row
    if any(None in values for _, values in rows):
        assert tr("compare.missing", "en") in shown


def test_set_aside_and_open_a_story_from_the_comparison(make_shell, qtbot):
    shell = make_shell()
    screen = compare(shell, qtbot)
    remove = screen.table.findChild(type(screen.done_button), "compare-remove-1")
    touch(qtbot, remove)
    assert shell.journey.state.compared == [OTHERS[0], OTHERS[2]]
    assert shell.pack.product(OTHERS[1]).name.get("en") not in texts(screen)
    flush_deletions()  # the old cells are deleted later
    story_button = screen.table.findChild(type(screen.done_button), "compare-story-1")
    touch(qtbot, story_button)
    story = shell.screens["story"]
    assert shell.router.current is story
    assert story.product.sku == OTHERS[2]
    assert events(shell, "product_viewed") == [{"sku": OTHERS[2], "source": "compare"}]


def test_an_empty_comparison_explains_itself(make_shell, qtbot):
    shell = make_shell()
    screen = compare(shell, qtbot, skus=())
    assert screen.note.text().startswith(tr("compare.empty_title", "en"))
    shell.set_language("zh-Hans")
    assert screen.note.text().startswith(tr("compare.empty_title", "zh-Hans"))


def test_clear_forgets_the_products(make_shell, qtbot):
    shell = make_shell()
    screen = compare(shell, qtbot)
    shell.end_visit(EndReason.COMPLETED)
    flush_deletions()
    assert screen.skus == []
    assert not any(shell.pack.product(s).name.get("en") in t for s in OTHERS for t in texts(screen))


def test_the_end_of_a_visit_deletes_the_comparison_at_once(make_shell, qtbot):
    """No turn of the loop needed: the cells are gone, not windows of their own waiting to
    be deleted (the reset took them out one by one, 7 ms of the visit's last touch)."""
    from PySide6.QtWidgets import QApplication

    shell = make_shell()
    screen = compare(shell, qtbot)
    names = {shell.pack.product(s).name.get("en") for s in OTHERS}
    assert names <= set(texts(screen))
    shell.end_visit(EndReason.COMPLETED)  # no flush_deletions: at once
    held = [
        label.text()
        for window in QApplication.topLevelWidgets()
        for label in [window, *window.findChildren(QLabel)]
        if isinstance(label, QLabel)
    ]
    assert not [t for t in held if any(name in t for name in names)]


def product(sku: str, specs: dict[str, str], attributes: dict[str, float]) -> Product:
    def text(s: str) -> LocalText:
        return LocalText({"en": s}, "en")

    return Product(
        sku,
        text(sku),
        text(""),
        "c",
        None,
        "b",
        attributes,
        tuple(Spec(text(k), text(v)) for k, v in specs.items()),
        (),
        (),
    )


def test_rows_are_matched_by_label_and_highlights_take_each_products_best():
    a = product("A", {"Width": "60 cm", "Noise": "38 dB"}, {"q": 1.0, "c": 0.2, "d": 0.1, "e": 0})
    b = product("B", {"width ": "90 cm", "Energy": "A"}, {"c": 0.9, "x": 0.8})
    rows = spec_rows([a, b])
    assert [(r[0].get("en"), [v.get("en") if v else None for v in r[1]]) for r in rows] == [
        ("Width", ["60 cm", "90 cm"]),
        ("Noise", ["38 dB", None]),
        ("Energy", [None, "A"]),
    ]
    highlights = highlight_rows([a, b])
    assert [attr for attr, _ in highlights] == ["q", "c", "x", "d"]
    assert dict(highlights)["c"] == [0.2, 0.9]


def test_the_comparison_shows_the_shared_rows_first_and_a_bounded_number():
    """Three products of 16 distinct specs each made 48 rows of widgets (60 ms on the GUI
    thread); the rows all of them share come first, and at most SPEC_ROWS are shown."""
    many = [
        product(sku, {f"{sku} spec {i}": "x" for i in range(16)} | {"Width": "60 cm"}, {})
        for sku in "ABC"
    ]
    rows = shown_spec_rows(many)
    assert len(rows) == SPEC_ROWS
    assert rows[0][0].get("en") == "Width"
    assert [v.get("en") if v else None for v in rows[0][1]] == ["60 cm"] * 3


def test_the_table_follows_the_pieces_compared_in_idle_time_and_opens_as_built(make_shell, qtbot):
    """Pieces added to the comparison on a story: the hidden table is built and laid out
    right after, so the touch that opens the comparison shows it without building it."""
    shell = make_shell()
    touch(qtbot, shell.attract)
    screen = shell.screens["compare"]

    def names() -> list[QLabel]:
        found = screen.table.findChildren(QLabel)
        return [w for w in found if w.objectName().startswith("compare-name-")]

    for sku in OTHERS:
        shell.journey.set_compared(sku, True).result()
    assert not screen.isVisible()

    def laid_out() -> bool:  # built a piece a turn, then laid out, while hidden
        found = names()
        done = screen._steps is None and len(found) == len(OTHERS)
        return done and all(w.width() > 100 and w.height() for w in found)

    qtbot.waitUntil(laid_out)
    built = names()
    assert [w.text() for w in built] == [shell.pack.product(s).name.get("en") for s in OTHERS]
    shell.go("compare")
    assert shell.router.current is screen
    assert all(a is b for a, b in zip(names(), built, strict=True))  # the same cells
    assert events(shell, "comparison_viewed") == [{"skus": list(OTHERS)}]

    shell.go("story", sku=OTHERS[0])  # one set aside elsewhere: built again, without it
    shell.journey.set_compared(OTHERS[1], False).result()
    qtbot.waitUntil(lambda: len(names()) == len(OTHERS) - 1)
    shell.set_language("zh-Hans")  # and in the customer's language when opened
    shell.go("compare")
    expected = [shell.pack.product(s).name.get("zh-Hans") for s in OTHERS if s != OTHERS[1]]
    assert [w.text() for w in names()] == expected


def test_entering_while_the_table_is_being_built_finishes_it(make_shell, qtbot):
    """Built a piece a turn in idle time: a customer quicker than that sees the whole table,
    its first pieces kept, the rest built as the screen opens."""
    from ui.widgets.meter import Meter

    shell = make_shell()
    touch(qtbot, shell.attract)
    screen = shell.screens["compare"]
    for sku in OTHERS:
        shell.journey.set_compared(sku, True).result()
    screen._ahead.stop()  # the idle-time build, one piece only: the products' heads
    screen._build_ahead()
    heads = screen.table.findChildren(QLabel, "compare-name-0")
    assert len(heads) == 1
    assert screen.table.findChildren(Meter) == []  # the rows are still to come
    shell.go("compare")
    assert screen.table.findChildren(QLabel, "compare-name-0") == heads  # kept
    assert len(screen.table.findChildren(Meter)) >= len(OTHERS)  # and every row is there
    specs = tr("compare.specs", "en").upper()
    assert any(label.text() == specs for label in screen.table.findChildren(QLabel))


@pytest.mark.parametrize("ahead", [True, False], ids=["built-ahead", "built-on-entering"])
def test_the_chinese_eyebrow_is_never_letter_spaced(make_shell, qtbot, ahead):  # type: ignore[no-untyped-def]
    """Moving the introduction beside the products gave its eyebrow its font again, tracked:
    "并 排 对 比" in the stored screenshot. Untracked however the table was built."""
    shell = make_shell()
    touch(qtbot, shell.attract)
    shell.set_language("zh-Hans")
    screen = shell.screens["compare"]
    for sku in OTHERS:
        shell.journey.set_compared(sku, True).result()
    if ahead:
        qtbot.waitUntil(lambda: len(screen.table.findChildren(QLabel, "compare-name-0")) == 1)
    shell.go("compare")
    assert screen.eyebrow.text() == tr("compare.eyebrow", "zh-Hans").upper()
    assert screen.eyebrow.font().letterSpacing() == 0
    english = tr("compare.eyebrow", "en").upper()
    shell.set_language("en")  # and tracked again in English
    assert screen.eyebrow.text() == english
    assert screen.eyebrow.font().letterSpacing() > 0
