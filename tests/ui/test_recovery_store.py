"""End to end on two kiosks and the store's real PostgreSQL: a customer scores the visit 3 at
one kiosk's farewell and reports a waiting problem with contact consent; the case reaches the
other kiosk's associate home, urgent; its manager acknowledges and resolves it there, and the
store database has who, when and what."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton
from sqlalchemy import create_engine, text

from tests.ui.conftest import elapse
from tests.ui.test_associate_mode import add_associate
from tests.ui.test_lookbooks import touch
from tests.ui.test_recovery_associate import desk_order, signed_in
from ui.strings import tr

NAME, PHONE, WORDS = "Camille Durand", "+33 6 12 34 56 78", "We waited forty minutes"


def kiosk(make_shell, tmp_path, store_url, name):  # type: ignore[no-untyped-def]
    """A kiosk of the store with its own database, syncing every second."""
    return make_shell(
        sync=True,
        store_db_url=store_url,
        kiosk_id=name,
        local_db_path=str(tmp_path / name / "kiosk.sqlite3"),
        log_dir=str(tmp_path / name / "logs"),
        sync_interval_s=1,
    )


def customer_reports_a_waiting_problem(shell, qtbot, language: str) -> None:  # type: ignore[no-untyped-def]
    touch(qtbot, shell.attract)
    greeting = shell.screens["greeting"]
    if language != "en":
        touch(qtbot, greeting.language_buttons[language])
    touch(qtbot, greeting.done_button)  # "I'm done"
    farewell = shell.screens["farewell"]
    touch(qtbot, farewell.tiles["nps"].tiles[3])
    elapse(farewell._advance)
    screen = shell.screens["case_report"]
    assert shell.router.current is screen
    form = screen.form
    touch(qtbot, form.category_buttons["waiting"])
    for field, typed in ((form.description, WORDS), (form.fields["name"], NAME)):
        touch(qtbot, field)
        qtbot.keyClicks(field, typed)
    touch(qtbot, form.consent)
    touch(qtbot, form.fields["phone"])
    qtbot.keyClicks(form.fields["phone"], PHONE)
    touch(qtbot, screen.send_button)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.thanks_page)
    assert screen.thanks_title.text() == tr("recovery.thanks_title", language)
    elapse(screen._end)
    assert shell.router.current.NAME == "attract"


def acknowledged_at_another_kiosk(store, make_shell, tmp_path, store_url, qtbot, language):  # type: ignore[no-untyped-def]
    """The customer at the entrance reports; the salon's manager is alerted, opens the case
    and acknowledges it; returns the salon's case screen."""
    entrance = kiosk(make_shell, tmp_path, store_url, "kiosk-entrance")
    salon = kiosk(make_shell, tmp_path, store_url, "kiosk-salon")
    elise = add_associate(salon, "Élise Martin", "manager")
    customer_reports_a_waiting_problem(entrance, qtbot, language)

    query = text("SELECT id, category, score, kiosk_id, contact_consent_id FROM cases")

    def at_the_store():  # type: ignore[no-untyped-def]
        with store.connect() as conn:
            return conn.execute(query).all()

    qtbot.waitUntil(lambda: len(at_the_store()) == 1)
    case_id, category, score, kiosk_id, consent_id = at_the_store()[0]
    assert (category, score, kiosk_id) == ("waiting", 3, "kiosk-entrance")
    assert consent_id is not None

    # the salon's manager, with a customer of her own, is alerted at once: urgent, first
    touch(qtbot, salon.attract)
    home = signed_in(salon, qtbot, elise)
    qtbot.waitUntil(lambda: f"case-alert-{case_id}" in desk_order(home))
    assert desk_order(home)[0] == f"case-alert-{case_id}"
    qtbot.waitUntil(lambda: home.findChild(QPushButton, f"case-{case_id}") is not None)
    touch(qtbot, home.findChild(QPushButton, "open-case"))
    screen = salon.screens["case"]
    qtbot.waitUntil(lambda: screen.case is not None and screen.case.description == WORDS)
    assert screen.case.contact_name == NAME
    touch(qtbot, screen.acknowledge_button)
    qtbot.waitUntil(lambda: screen.case is not None and screen.case.state == "acknowledged")
    who = text(
        "SELECT a.display_name FROM cases c JOIN associates a ON a.id = c.acknowledged_by"
        " WHERE c.id = :id"
    )

    def acknowledged_at_the_store():  # type: ignore[no-untyped-def]
        with store.connect() as conn:
            return conn.execute(who, {"id": case_id}).scalar()

    qtbot.waitUntil(lambda: acknowledged_at_the_store() == "Élise Martin")
    return screen, case_id


@pytest.fixture
def store(store_url):  # type: ignore[no-untyped-def]
    engine = create_engine(store_url)
    yield engine
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_a_3_at_one_kiosk_reaches_the_manager_at_another_who_acknowledges_it(
    store, store_url, make_shell, qtbot, tmp_path, language
):
    acknowledged_at_another_kiosk(store, make_shell, tmp_path, store_url, qtbot, language)


@pytest.mark.postgres
def test_the_manager_at_the_other_kiosk_resolves_it(store, store_url, make_shell, qtbot, tmp_path):
    screen, case_id = acknowledged_at_another_kiosk(
        store, make_shell, tmp_path, store_url, qtbot, "zh-Hans"
    )
    screen.note.setText("Called the fitting-room team")
    screen.reply.setText("Thank you for telling us; a room will be ready for you.")
    touch(qtbot, screen.first_buttons[True])
    touch(qtbot, screen.resolve_button)
    qtbot.waitUntil(lambda: screen.case is not None and screen.case.state == "resolved")
    answered = text(
        "SELECT a.display_name, c.acknowledged_at IS NOT NULL, c.resolved_at IS NOT NULL,"
        " c.first_contact, c.escalated, c.customer_reply FROM cases c"
        " JOIN associates a ON a.id = c.acknowledged_by WHERE c.id = :id"
    )

    def resolved_at_the_store():  # type: ignore[no-untyped-def]
        with store.connect() as conn:
            return conn.execute(answered, {"id": case_id}).first()

    qtbot.waitUntil(lambda: (resolved_at_the_store() or (0, 0, False))[2] is True)
    assert tuple(resolved_at_the_store()) == (
        "Élise Martin",
        True,
        True,
        True,
        False,
        "Thank you for telling us; a room will be ready for you.",
    )
