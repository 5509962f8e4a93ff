"""Something wasn't right: at farewell a low score (or the quiet link) leads to one calm
screen; a sent case is stored with its consent, a refused one says why and stores nothing,
and nothing typed is left for the next customer."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import func, select

from kiosk.db.models import Case, Consent, OutboxEntry
from kiosk.recovery.cases import CASE_CONTACT_PURPOSE, CASE_CONTACT_WORDING, MAX_TEXT
from tests.ui.conftest import countdown_runs_out, elapse, grab, idle_passes, settle, wait_durable
from tests.ui.test_farewell import to_farewell, visit_row
from tests.ui.test_lookbooks import events, touch
from tests.ui.test_reset import python_state, visible_texts
from ui.strings import tr

NAME, PHONE, WORDS = "Camille Durand", "+33 6 12 34 56 78", "We waited forty minutes"


def stored(shell):  # type: ignore[no-untyped-def]
    """(cases, consents, outbox rows) on this kiosk, once every write has committed."""
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        return [
            s.scalar(select(func.count()).select_from(model)) or 0
            for model in (Case, Consent, OutboxEntry)
        ]


def the_case(shell) -> Case:  # type: ignore[no-untyped-def]
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        return s.scalars(select(Case)).one()


def type_into(qtbot, screen, field: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tap the field (the keyboard comes up for it), then type."""
    touch(qtbot, field)
    assert screen.form.keyboard.isVisible()
    assert screen.form.keyboard.target is field
    qtbot.keyClicks(field, text)


def low_score(make_shell, qtbot, language: str, portrait: bool = False, score: int = 3):  # type: ignore[no-untyped-def]
    shell, farewell = to_farewell(make_shell, qtbot, portrait, language)
    touch(qtbot, farewell.tiles["nps"].tiles[score])
    elapse(farewell._advance)  # the tapped tile showed as taken
    screen = shell.screens["case_report"]
    assert shell.router.current is screen
    return shell, farewell, screen


@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_a_3_leads_to_one_calm_screen_and_a_waiting_case_with_consent_is_stored(
    make_shell, qtbot, screenshot_dir, language, portrait
):
    shell, _farewell, screen = low_score(make_shell, qtbot, language, portrait)
    visit_id = shell.journey.state.visit_id
    orientation = "portrait" if portrait else "landscape"
    assert screen.title.text() == tr("recovery.title", language)
    labels = {b.text() for b in screen.form.category_buttons.values()}
    assert tr("recovery.just_tell", language) == screen.just_tell.text()
    expected = {c.label.get(language) for c in shell.pack.case_categories}
    assert labels == expected
    assert len(labels) == 5
    assert not screen.form.keyboard.isVisible()  # calm: the keyboard only when a field asks
    grab(shell, screenshot_dir, f"case_report-{language}-{orientation}")

    touch(qtbot, screen.form.category_buttons["waiting"])
    type_into(qtbot, screen, screen.form.description, WORDS)
    touch(qtbot, screen.form.consent)
    type_into(qtbot, screen, screen.form.fields["name"], NAME)
    type_into(qtbot, screen, screen.form.fields["phone"], PHONE)
    grab(shell, screenshot_dir, f"case_report-typing-{language}-{orientation}")
    touch(qtbot, screen.send_button)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.thanks_page)
    assert screen.thanks_title.text() == tr("recovery.thanks_title", language)
    assert screen.thanks_body.text() == tr("recovery.thanks_contact", language)
    assert not screen.back_button.isVisible()
    grab(shell, screenshot_dir, f"case_report-thanks-{language}-{orientation}")

    case = the_case(shell)
    assert (case.category, case.score, case.visit_id) == ("waiting", 3, visit_id)
    assert (case.description, case.contact_name) == (WORDS, NAME)
    assert case.contact_phone == PHONE.replace(" ", "")  # stored normalised
    assert (case.opened_via, case.language) == ("farewell", language)
    with shell.runtime.store.session() as s:
        consent = s.get(Consent, case.contact_consent_id)
        assert consent is not None
        assert (consent.purpose, consent.wording_version) == (
            CASE_CONTACT_PURPOSE,
            CASE_CONTACT_WORDING,
        )
    assert screen.form.fields["name"].text() == ""  # sent: nothing typed stays on screen
    elapse(screen._end)  # the thank-you's pause is over: the visit ends as farewell ends it
    assert shell.router.current.NAME == "attract"
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (3, None, "completed")


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_the_quiet_link_is_always_there_and_just_letting_the_manager_know_sends_no_contact(
    make_shell, qtbot, language
):
    shell, farewell = to_farewell(make_shell, qtbot, language=language)
    assert farewell.wrong_button.isVisible()
    assert farewell.wrong_button.text() == tr("farewell.something_wrong", language)
    touch(qtbot, farewell.tiles["nps"].tiles[9])  # a happy customer: no case screen
    elapse(farewell._advance)
    assert shell.router.current is farewell
    assert farewell.step == "ces"
    assert farewell.wrong_button.isVisible()  # still there, never pushed
    touch(qtbot, farewell.wrong_button)
    screen = shell.screens["case_report"]
    assert shell.router.current is screen
    touch(qtbot, screen.form.category_buttons["product"])
    type_into(qtbot, screen, screen.form.fields["name"], NAME)  # typed, then not sent
    touch(qtbot, screen.just_tell)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.thanks_page)
    assert screen.thanks_body.text() == tr("recovery.thanks_body", language)
    case = the_case(shell)
    assert (case.category, case.score, case.contact_name, case.contact_consent_id) == (
        "product",
        9,
        None,
        None,
    )
    touch(qtbot, screen.done_button)  # "I'm done": the end at once
    assert shell.router.current.NAME == "attract"
    assert stored(shell)[1] == 0  # no consent without contact


def test_back_returns_to_the_farewell_where_the_customer_was(make_shell, qtbot):
    shell, farewell, screen = low_score(make_shell, qtbot, "en", score=5)
    touch(qtbot, screen.form.category_buttons["service"])
    touch(qtbot, screen.back_button)
    assert shell.router.current is farewell
    assert farewell.step == "ces"  # the score stays given; the ease question, if they wish
    assert not farewell.prompts["nps"].isVisible()
    assert stored(shell)[0] == 0
    assert [e for e in events(shell, "feedback_given")] == [
        ("feedback_given", {"question": "nps", "score": 5})
    ]


def _half_an_email(screen) -> None:  # type: ignore[no-untyped-def]
    screen.form.consent.setChecked(True)
    screen.form.fields["email"].setText("a@")


BAD = [  # (the CaseError field, what the customer did wrong)
    ("category", lambda s: None),
    ("description", lambda s: s.form.description.setText("x" * (MAX_TEXT + 1))),
    ("consent", lambda s: s.form.fields["phone"].setText(PHONE)),
    ("contact", lambda s: s.form.consent.setChecked(True)),
    ("contact", _half_an_email),
]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize(("field", "spoil"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_inputs_say_why_in_words_and_store_nothing(
    make_shell, qtbot, screenshot_dir, language, field, spoil
):
    shell, _farewell, screen = low_score(make_shell, qtbot, language)
    before = stored(shell)
    if field != "category":
        touch(qtbot, screen.form.category_buttons["waiting"])
        screen.form.fields["name"].setText(NAME)
    spoil(screen)
    touch(qtbot, screen.send_button)
    said = tr(f"recovery.error.{field}", language, max=MAX_TEXT)
    assert screen.form.message.text() == said
    assert screen.form.message.isVisible()
    assert screen.pages.currentWidget() is screen.form_page
    assert stored(shell) == before
    if field == "consent":
        grab(shell, screenshot_dir, f"case_report-refused-{language}-landscape")
        shell.set_language("en" if language != "en" else "zh-Hans")  # said again in the other
        other = shell.language
        assert screen.form.message.text() == tr("recovery.error.consent", other, max=MAX_TEXT)
    touch(qtbot, screen.form.category_buttons["other"])  # putting it right: the message goes
    assert screen.form.message.text() == ""


def test_idle_timeout_clears_the_case_screen_for_the_next_customer(make_shell, qtbot):
    shell = make_shell(idle_countdown_s=1)
    shell.resize(shell.size())
    touch(qtbot, shell.attract)
    touch(qtbot, shell.screens["greeting"].done_button)
    farewell = shell.screens["farewell"]
    touch(qtbot, farewell.tiles["nps"].tiles[2])
    elapse(farewell._advance)
    screen = shell.screens["case_report"]
    touch(qtbot, screen.form.category_buttons["delivery"])
    type_into(qtbot, screen, screen.form.description, WORDS)
    touch(qtbot, screen.form.consent)
    type_into(qtbot, screen, screen.form.fields["name"], NAME)
    settle(shell)
    idle_passes(shell)
    countdown_runs_out(shell)
    assert shell.router.current.NAME == "attract"
    assert shell.journey.state is None
    for traces in (visible_texts(screen) + python_state(screen),):
        assert not [t for t in traces if NAME in t or WORDS in t]
    assert not screen.form.chosen()
    assert not screen.form.consent.isChecked()
    assert stored(shell)[0] == 0  # walking away sends nothing
    # the next customer's farewell starts afresh, not where the last one left it
    touch(qtbot, shell.attract)
    touch(qtbot, shell.screens["greeting"].done_button)
    assert farewell.step == "nps"
    assert farewell.prompts["nps"].isVisible()


def test_im_done_on_the_case_screen_ends_the_visit_and_clears_it(make_shell, qtbot):
    shell, _farewell, screen = low_score(make_shell, qtbot, "zh-Hans", score=0)
    visit_id = shell.journey.state.visit_id
    touch(qtbot, screen.form.category_buttons["service"])
    type_into(qtbot, screen, screen.form.fields["name"], NAME)
    assert screen.done_button.isVisible()
    touch(qtbot, screen.done_button)
    assert shell.router.current.NAME == "attract"
    assert not [t for t in visible_texts(screen) + python_state(screen) if NAME in t]
    assert stored(shell)[0] == 0
    visit = visit_row(shell, visit_id)
    assert (visit.nps, visit.ces, visit.end_reason) == (0, None, "completed")
    assert ("feedback_skipped", {"question": "ces", "score": None}) in [
        (k, p) for k, p in _events_of(shell, visit_id)
    ]


def _events_of(shell, visit_id):  # type: ignore[no-untyped-def]
    from kiosk.db.models import VisitEvent

    wait_durable(shell)
    with shell.runtime.store.session() as s:
        rows = s.scalars(select(VisitEvent).where(VisitEvent.visit_id == visit_id)).all()
        return [(e.kind, dict(e.payload)) for e in rows]


@pytest.mark.parametrize("large_text", [False, True], ids=["default", "large_text"])
@pytest.mark.parametrize("portrait", [False, True], ids=["landscape", "portrait"])
def test_the_keyboard_keeps_whole_keys_in_every_orientation_and_size(
    make_shell, qtbot, screenshot_dir, portrait, large_text
):
    """Chinese, the pinyin bar up, larger text: the keys keep their height and their rows
    do not overlap (beside the contact fields they were squashed to half height)."""
    from ui import theme
    from ui.theme import DisplayMode

    shell, _farewell, _screen = low_score(make_shell, qtbot, "zh-Hans", portrait)
    if large_text:
        shell.set_display_mode(DisplayMode(large_text=True))
    screen = shell.screens["case_report"]
    touch(qtbot, screen.form.category_buttons["waiting"])
    for field in (screen.form.description, screen.form.fields["name"]):
        touch(qtbot, field)
        settle(shell)
        keys = screen.form.keyboard.keys
        rows = [keys[k] for k in ("1", "q", "a", "z", "space")]
        for key in rows:
            assert key.height() >= theme.MIN_TOUCH + 16, key.objectName()
        window = shell.rect()
        for upper, lower in itertools.pairwise(rows):
            top = lower.mapTo(shell, lower.rect().topLeft()).y()
            assert upper.mapTo(shell, upper.rect().bottomLeft()).y() < top
        assert window.contains(rows[-1].mapTo(shell, rows[-1].rect().bottomRight()))
        assert screen.send_button.isVisible()
    name = f"case_report-keyboard-{'large-' if large_text else ''}zh-Hans"
    grab(shell, screenshot_dir, f"{name}-{'portrait' if portrait else 'landscape'}")
