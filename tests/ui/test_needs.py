"""The needs conversation and its summary, driven by touch as a customer would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from sqlalchemy import select

from kiosk.db.models import VisitEvent
from tests.ui.conftest import flush_deletions, grab, wait_durable
from ui.strings import tr


def touch(qtbot, widget):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def events(shell, kind=None):  # type: ignore[no-untyped-def]
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        query = select(VisitEvent).order_by(VisitEvent.visit_id, VisitEvent.seq)
        if kind is not None:
            query = query.where(VisitEvent.kind == kind)
        return [(e.kind, e.payload) for e in s.scalars(query)]


def start_needs(make_shell, qtbot, language="en", portrait=False):  # type: ignore[no-untyped-def]
    shell = make_shell()
    if portrait:
        shell.resize(QSize(1080, 1920))
    touch(qtbot, shell.attract)
    greeting = shell.screens["greeting"]
    if language != "en":
        touch(qtbot, greeting.language_buttons[language])
    touch(qtbot, greeting.browse)
    assert shell.router.current.NAME == "needs"
    return shell, shell.screens["needs"]


def tile(needs, option_id):  # type: ignore[no-untyped-def]
    return next(t for t in needs._tiles if t.option_id == option_id)


def question(needs):  # type: ignore[no-untyped-def]
    return needs._question.id


def answer_single(qtbot, needs, option_id):  # type: ignore[no-untyped-def]
    before = needs._index
    touch(qtbot, tile(needs, option_id))
    qtbot.waitUntil(lambda: needs._index != before or not needs.ctx.showing(needs))


def test_explore_on_my_own_opens_the_first_question(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    first = shell.pack.questions[0]
    assert question(needs) == first.id
    assert needs.prompt.text() == first.prompt.get("en")
    assert needs.progress_label.text() == tr("needs.progress", "en", n=1, total=7).upper()
    assert [t.text() for t in needs._tiles] == [o.label.get("en") for o in first.options]
    assert all(t.height() >= 56 for t in needs._tiles)
    assert not needs.continue_button.isVisible()  # one choice: a tap answers
    assert ("path_chosen", {"path": "browse"}) in events(shell)


def test_a_single_choice_answers_on_tap_and_moves_on(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    touch(qtbot, tile(needs, "new-home"))
    assert tile(needs, "new-home").selected  # the choice shows before the screen moves on
    assert question(needs) == "purpose"
    qtbot.waitUntil(lambda: question(needs) == "rooms")
    assert shell.journey.state.needs["purpose"] == ["new-home"]
    assert needs.progress_label.text() == tr("needs.progress", "en", n=2, total=7).upper()
    assert needs.progress.fraction == pytest.approx(2 / 7)
    assert needs.help.text() == "Choose as many as you like."
    assert ("question_answered", {"question": "purpose", "answer": ["new-home"]}) in events(shell)


def test_a_multiple_choice_toggles_tiles_and_continues(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    answer_single(qtbot, needs, "renovation")
    assert needs.continue_button.isVisible()
    assert not needs.continue_button.isEnabled()
    for option in ("kitchen", "living", "dining"):
        touch(qtbot, tile(needs, option))
    touch(qtbot, tile(needs, "kitchen"))  # changed their mind
    assert [t.option_id for t in needs._tiles if t.selected] == ["living", "dining"]
    assert question(needs) == "rooms"  # several choices wait for Continue
    touch(qtbot, needs.continue_button)
    assert question(needs) == "household"
    assert shell.journey.state.needs["rooms"] == ["living", "dining"]


def test_skip_records_a_skipped_answer_and_back_returns_with_answers_shown(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    answer_single(qtbot, needs, "replacement")
    touch(qtbot, needs.skip_button)
    assert question(needs) == "household"
    assert shell.journey.state.needs["rooms"] == []
    assert ("question_skipped", {"question": "rooms", "answer": []}) in events(shell)

    touch(qtbot, needs.back_button)
    assert question(needs) == "rooms"
    touch(qtbot, needs.back_button)
    assert question(needs) == "purpose"
    assert [t.option_id for t in needs._tiles if t.selected] == ["replacement"]
    touch(qtbot, needs.back_button)  # from the first question: where the customer came from
    assert shell.router.current.NAME == "greeting"


def test_skip_the_questions_goes_straight_to_recommendations(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    touch(qtbot, needs.skip_all)
    assert shell.router.current.NAME == "recommendations"
    recs = shell.screens["recommendations"]
    assert recs.grid.grid_model.rowCount() == 12
    assert recs.title.text() == tr("recs.general_title", "en")
    assert ("needs_skipped", {"question": "purpose"}) in events(shell)
    assert shell.journey.stage == "recommendations"


def answer_everything(qtbot, shell, needs):  # type: ignore[no-untyped-def]
    answer_single(qtbot, needs, "new-home")
    touch(qtbot, tile(needs, "kitchen"))
    touch(qtbot, needs.continue_button)
    answer_single(qtbot, needs, "couple")
    touch(qtbot, tile(needs, "work-home"))
    touch(qtbot, needs.continue_button)
    touch(qtbot, tile(needs, "design"))
    touch(qtbot, needs.continue_button)
    answer_single(qtbot, needs, "months")
    touch(qtbot, needs.skip_button)  # the budget, left unsaid
    assert shell.router.current.NAME == "needs_summary"
    return shell.screens["needs_summary"]


def test_the_summary_lists_every_answer_and_a_change_returns_to_it(
    make_shell, qtbot, screenshot_dir
):
    shell, needs = start_needs(make_shell, qtbot)
    summary = answer_everything(qtbot, shell, needs)
    lines = {line.question_id: line for line in summary._lines}
    assert list(lines) == [q.id for q in shell.pack.questions]
    assert lines["purpose"].answer == "Furnishing a new home"
    assert lines["priorities"].answer == "Design"
    assert lines["budget"].answer == tr("summary.unanswered", "en")
    assert not lines["budget"].answered

    touch(qtbot, lines["priorities"])
    assert shell.router.current.NAME == "needs"
    assert question(needs) == "priorities"
    assert [t.option_id for t in needs._tiles if t.selected] == ["design"]
    touch(qtbot, tile(needs, "silence"))
    touch(qtbot, needs.continue_button)
    assert shell.router.current.NAME == "needs_summary"
    lines = {line.question_id: line for line in summary._lines}
    assert lines["priorities"].answer == "Silence  ·  Design"
    assert ("needs_summary_edited", {"question": "priorities"}) in events(shell)

    touch(qtbot, lines["purpose"])  # a single choice returns on its tap as well
    answer_single(qtbot, needs, "renovation")
    assert shell.router.current.NAME == "needs_summary"
    assert summary._lines[0].answer == "Renovating one room"

    touch(qtbot, summary.see)
    assert shell.router.current.NAME == "recommendations"
    assert shell.journey.state.needs["priorities"] == ["silence", "design"]


def test_a_reset_leaves_no_answer_on_any_needs_screen(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    summary = answer_everything(qtbot, shell, needs)
    touch(qtbot, summary.see)
    recs = shell.screens["recommendations"]
    assert recs.grid.grid_model.rowCount() > 0
    shell.screens["recommendations"].done_button.click()
    shell.screens["farewell"].finish_button.click()
    assert shell.router.current.NAME == "attract"
    qtbot.waitUntil(lambda: shell.lazy.cleared)  # hidden screens forget in idle time
    assert all(line.answer == line.prompt == "" for line in summary._lines)  # kept, blank
    assert not any(t.selected for t in needs._tiles)
    assert needs._chosen == []
    assert recs.grid.grid_model.rowCount() == 0
    assert recs._recs is None
    from tests.ui.test_reset import python_state, visible_texts

    for screen in (needs, summary, recs):
        flush_deletions()  # lines handed to deleteLater are gone
        texts = visible_texts(screen) + python_state(screen)
        for said in ("Furnishing a new home", "I work from home and value calm", "Design"):
            assert not any(said in t for t in texts), (screen.NAME, said)


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_needs_screenshots(make_shell, qtbot, screenshot_dir, language, orientation):
    shell, needs = start_needs(make_shell, qtbot, language, orientation == "portrait")
    touch(qtbot, tile(needs, "exploring"))
    grab(shell, screenshot_dir, f"needs-single-{language}-{orientation}")
    qtbot.waitUntil(lambda: question(needs) == "rooms")
    touch(qtbot, tile(needs, "kitchen"))
    touch(qtbot, tile(needs, "dining"))
    grab(shell, screenshot_dir, f"needs-multiple-{language}-{orientation}")
    touch(qtbot, needs.continue_button)
    for _ in range(5):
        touch(qtbot, needs.skip_button)
    summary = shell.screens["needs_summary"]
    assert shell.router.current is summary
    assert summary.title.text() == tr("summary.title", language)
    grab(shell, screenshot_dir, f"needs_summary-{language}-{orientation}")


def test_a_language_switch_mid_question_changes_every_text_at_once(make_shell, qtbot):
    shell, needs = start_needs(make_shell, qtbot)
    answer_single(qtbot, needs, "new-home")
    touch(qtbot, tile(needs, "kitchen"))
    shell.set_language("zh-Hans")
    rooms = shell.pack.questions[1]
    assert needs.prompt.text() == rooms.prompt.get("zh-Hans")
    assert needs.help.text() == rooms.help.get("zh-Hans")
    assert [t.text() for t in needs._tiles] == [o.label.get("zh-Hans") for o in rooms.options]
    assert needs.progress_label.text() == tr("needs.progress", "zh-Hans", n=2, total=7)
    assert needs.continue_button.text() == tr("needs.continue", "zh-Hans")
    assert needs.skip_all.text() == tr("needs.skip_all", "zh-Hans")
    assert needs.done_button.text() == tr("chrome.done", "zh-Hans")
    assert tile(needs, "kitchen").selected  # the choice in hand survives the switch
