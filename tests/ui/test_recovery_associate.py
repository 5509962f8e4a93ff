"""Service recovery in associate mode: a case heads the service desk, urgent, for whoever is
signed in; a manager acknowledges and resolves it; a complaint heard in person becomes a case
from the consultation or the home. Refusals are said in words and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from sqlalchemy import select

from kiosk.db.models import Case
from kiosk.recovery.cases import MAX_TEXT, CaseBook, CaseReport
from tests.ui.conftest import grab, settle, wait_durable
from tests.ui.test_associate_mode import add_associate, open_pad, type_pin
from tests.ui.test_lookbooks import touch
from ui.strings import tr
from ui.theme import MIN_TOUCH

MARC_PIN = "604127"
WORDS = "Waited forty minutes for the fitting room"


def report(language: str = "en") -> CaseReport:
    return CaseReport(
        category="waiting",
        description=WORDS,
        contact_name="Camille Durand",
        contact_phone="+33612345678",
        consent=True,
        language=language,
        score=3,
    )


def case_from_another_kiosk(shell, language: str = "en"):  # type: ignore[no-untyped-def]
    """A case a customer sent at another kiosk's farewell, as the pull brings it here."""
    rt = shell.runtime
    book = CaseBook(rt.engine, rt.config.store_id, "kiosk-2", dt.timedelta(hours=24))
    categories = [c.id for c in shell.pack.case_categories]
    return book.open_case(report(language), categories, at=dt.datetime.now(dt.UTC))


def row(shell, case_id) -> Case:  # type: ignore[no-untyped-def]
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        return s.get(Case, case_id)


def signed_in(shell, qtbot, who, pin="482913"):  # type: ignore[no-untyped-def]
    """The PIN pad, its people read afresh (a second sign-in would otherwise tap the last
    list's button as the new list arrives), the person, the PIN."""
    pad = open_pad(shell, qtbot, who)
    settle(shell)
    touch(qtbot, pad.findChild(QPushButton, f"person-{who.id}"))
    type_pin(qtbot, pad, pin)
    touch(qtbot, pad.keys["enter"])
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    return shell.screens["associate"]


def sign_out(shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    shell.associate_mode.sign_out()
    qtbot.waitUntil(lambda: shell.router.current.NAME != "associate")


def shown(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [w.text() for w in screen.findChildren(QLabel) if w.isVisible()]


def desk_order(home) -> list[str]:  # type: ignore[no-untyped-def]
    """The service desk's lines, top to bottom, by name."""
    names = []
    for i in range(home.request_list.count()):
        widget = home.request_list.itemAt(i).widget()
        if widget is not None:
            names.append(widget.objectName())
    return names


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_case_heads_the_desk_and_a_manager_acknowledges_and_resolves_it(
    make_shell, qtbot, screenshot_dir, lang
):
    shell = make_shell()
    elise = add_associate(shell, "Élise Martin", "manager")
    marc = add_associate(shell, "Marc Lefèvre", "associate", MARC_PIN)
    touch(qtbot, shell.attract)
    shell.set_language(lang)
    greeting = shell.screens["greeting"]
    touch(qtbot, greeting.associate)  # "Ask for an advisor": a request on the desk
    qtbot.waitUntil(lambda: greeting.confirmation.text() != "")
    case_id = case_from_another_kiosk(shell, lang)

    # an associate present is alerted: the case first, marked urgent, above the request
    home = signed_in(shell, qtbot, marc, MARC_PIN)
    qtbot.waitUntil(lambda: f"case-alert-{case_id}" in desk_order(home))
    qtbot.waitUntil(lambda: len(desk_order(home)) >= 2)
    order = [n for n in desk_order(home) if n]
    assert order[0] == f"case-alert-{case_id}"
    assert order[1].startswith("request-")
    urgent = home.findChild(QLabel, "urgent")
    assert urgent.text() == tr("associate.case.urgent", lang).upper()
    assert not home.case_desk.frame.isVisible()  # not his case: no cases list for him
    sign_out(shell, qtbot)

    home = signed_in(shell, qtbot, elise)
    qtbot.waitUntil(lambda: home.findChild(QPushButton, f"case-{case_id}") is not None)
    assert home.case_desk.frame.isVisible()  # a manager: the store's cases
    grab(shell, screenshot_dir, f"associate-case-alert-{lang}")
    alert = home.findChild(QPushButton, "open-case")
    touch(qtbot, alert)
    screen = shell.screens["case"]
    assert shell.router.current is screen
    qtbot.waitUntil(lambda: WORDS in shown(screen))  # the customer's words, in full
    assert any("Camille Durand" in t for t in shown(screen))
    grab(shell, screenshot_dir, f"associate-case-{lang}")

    touch(qtbot, screen.acknowledge_button)
    qtbot.waitUntil(lambda: screen.case is not None and screen.case.state == "acknowledged")
    acknowledged = screen.findChild(QLabel, "case-acknowledged").text()
    assert "Élise Martin" in acknowledged
    stored = row(shell, case_id)
    assert stored.acknowledged_by == elise.id
    assert stored.acknowledged_at is not None
    assert not screen.acknowledge_button.isVisible()

    # refusals: said in words, nothing changes
    touch(qtbot, screen.resolve_button)  # first contact not said
    assert screen.message.text() == tr("associate.case.error.first_contact", lang)
    touch(qtbot, screen.first_buttons[False])
    assert screen.message.text() == ""  # being put right
    touch(qtbot, screen.escalated)
    assert screen.reason.isVisible()
    touch(qtbot, screen.resolve_button)  # escalated, no reason
    qtbot.waitUntil(lambda: screen.message.text() != "")
    assert screen.message.text() == tr("associate.case.error.escalation", lang, max=MAX_TEXT)
    screen.note.setText("x" * (MAX_TEXT + 1))
    screen.reason.setText("Delivery partner")
    touch(qtbot, screen.resolve_button)
    qtbot.waitUntil(lambda: screen.message.text() != "")
    assert screen.message.text() == tr("associate.case.error.note", lang, max=MAX_TEXT)
    assert row(shell, case_id).resolved_at is None

    screen.note.setText("Offered a private fitting room and a coffee")
    touch(qtbot, screen.reply)
    assert screen.keyboard.isVisible()
    qtbot.keyClicks(screen.reply, "We are sorry: next time a room is ready for you")
    grab(shell, screenshot_dir, f"associate-case-resolving-{lang}")
    touch(qtbot, screen.resolve_button)
    qtbot.waitUntil(lambda: screen.case is not None and screen.case.state == "resolved")
    stored = row(shell, case_id)
    assert stored.resolved_by == elise.id
    assert (stored.first_contact, stored.escalated) == (False, True)
    assert stored.escalation_reason == "Delivery partner"
    assert stored.customer_reply == "We are sorry: next time a room is ready for you"
    assert not screen.resolve_button.isVisible()
    assert screen.findChild(QLabel, "case-escalation") is not None
    grab(shell, screenshot_dir, f"associate-case-resolved-{lang}")

    touch(qtbot, screen.home_button)
    assert shell.router.current is home
    qtbot.waitUntil(lambda: f"case-alert-{case_id}" not in desk_order(home))
    resolved = tr("associate.case.state.resolved", lang)

    def listed_as_resolved() -> bool:  # the list is read afresh on the way back
        line = home.findChild(QPushButton, f"case-{case_id}")
        return line is not None and resolved in line.findChild(QLabel, "case-title").text()

    qtbot.waitUntil(listed_as_resolved)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_complaint_heard_in_person_becomes_a_case_from_the_consultation(
    make_shell, qtbot, screenshot_dir, lang
):
    shell = make_shell()
    marc = add_associate(shell, "Marc Lefèvre", "associate", MARC_PIN)
    touch(qtbot, shell.attract)
    shell.set_language(lang)
    visit_id = shell.journey.state.visit_id
    home = signed_in(shell, qtbot, marc, MARC_PIN)
    assert home.open_case_button.isVisible()  # from the home, too
    touch(qtbot, home.consult_button)
    consultation = shell.screens["consultation"]
    touch(qtbot, consultation.case_button)
    form = shell.screens["case_open"]
    assert shell.router.current is form
    assert form.for_visit.isChecked()  # for this visit, unless said otherwise
    grab(shell, screenshot_dir, f"associate-case-open-{lang}")

    touch(qtbot, form.save)  # nothing chosen
    assert form.form.message.text() == tr("recovery.error.category", lang)
    touch(qtbot, form.form.category_buttons["product"])
    touch(qtbot, form.form.fields["email"])
    qtbot.keyClicks(form.form.fields["email"], "camille@example.com")
    touch(qtbot, form.save)  # details without the customer's consent
    assert form.form.message.text() == tr("recovery.error.consent", lang)
    wait_durable(shell)
    with shell.runtime.store.session() as s:
        assert s.scalars(select(Case)).all() == []
    touch(qtbot, form.form.consent)
    touch(qtbot, form.form.fields["name"])
    qtbot.keyClicks(form.form.fields["name"], "Camille Durand")
    grab(shell, screenshot_dir, f"associate-case-open-typing-{lang}")
    keys = [k for k in form.form.keyboard.keys.values() if k.isVisible()]
    assert keys  # the keyboard is up for the name
    small = [f"{k.text()}: {k.width()}x{k.height()}" for k in keys if k.width() < MIN_TOUCH]
    assert not small, f"keys under {MIN_TOUCH} px wide: {small}"
    touch(qtbot, form.save)

    screen = shell.screens["case"]
    qtbot.waitUntil(lambda: shell.router.current is screen and screen.case is not None)
    case = screen.case
    assert (case.category, case.owner, case.visit_id) == ("product", "Marc Lefèvre", visit_id)
    assert case.contact_email == "camille@example.com"
    stored = row(shell, case.id)
    assert (stored.opened_via, stored.opened_by) == ("associate", marc.id)
    assert form.form.fields["name"].text() == ""  # the form forgets what was typed
    touch(qtbot, screen.home_button)
    assert shell.router.current is consultation  # back where the complaint was heard
    touch(qtbot, consultation.back_button)
    qtbot.waitUntil(lambda: home.findChild(QPushButton, f"case-{case.id}") is not None)
    assert home.case_desk.frame.isVisible()  # his own case: listed for him


def test_a_case_without_a_visit_from_the_home(make_shell, qtbot):
    shell = make_shell()
    marc = add_associate(shell, "Marc Lefèvre", "associate", MARC_PIN)
    touch(qtbot, shell.attract)
    home = signed_in(shell, qtbot, marc, MARC_PIN)
    shell.journey.end("completed")  # the customer has gone; the associate stays
    touch(qtbot, home.open_case_button)
    form = shell.screens["case_open"]
    touch(qtbot, form.form.category_buttons["delivery"])
    touch(qtbot, form.save)
    screen = shell.screens["case"]
    qtbot.waitUntil(lambda: shell.router.current is screen and screen.case is not None)
    assert screen.case.visit_id is None
    assert not screen.case.has_contact


def test_the_desk_drawn_twice_in_one_turn_leaves_no_stray_window(make_shell, qtbot):
    """The alerts and the requests arrive apart, each redrawing the desk: a line added and
    removed in the same turn of the event loop must not come up as a window of its own
    (it did, and took the focus from the kiosk's window)."""
    shell = make_shell()
    marc = add_associate(shell, "Marc Lefèvre", "associate", MARC_PIN)
    touch(qtbot, shell.attract)
    touch(qtbot, shell.screens["greeting"].associate)
    case_id = case_from_another_kiosk(shell)
    home = signed_in(shell, qtbot, marc, MARC_PIN)
    qtbot.waitUntil(lambda: f"case-alert-{case_id}" in desk_order(home))
    qtbot.waitUntil(lambda: any(n.startswith("request-") for n in desk_order(home)))
    settle(shell)
    home._render_requests()
    home._render_requests()  # the second answer, in the same turn
    home.case_desk.render(home.language)
    home.case_desk.render(home.language)
    settle(shell)
    strays = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not shell]
    assert strays == []
    assert shell.isActiveWindow()


def test_store_it_sees_the_alert_but_cannot_open_the_case(make_shell, qtbot):
    shell = make_shell()
    it = add_associate(shell, "Sam IT", "store_it")
    touch(qtbot, shell.attract)
    case_id = case_from_another_kiosk(shell)
    home = signed_in(shell, qtbot, it)
    qtbot.waitUntil(lambda: f"case-alert-{case_id}" in desk_order(home))
    assert home.findChild(QPushButton, "open-case") is None
    assert not home.open_case_button.isVisible()
    assert not shell.associate_mode.open_tool("case", case_id=case_id)
