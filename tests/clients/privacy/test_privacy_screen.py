"""The manager's "Forget a client": find, see what goes (masked), confirm twice, erased."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.db.models import Consent, Customer, Visit, VisitNote
from kiosk.db.outbox import save
from tests.clients.privacy.helpers import MEMBER, NAME, NOTE_A, PHONE_TYPED, STORE_ID, enrol
from tests.ui.conftest import settle
from tests.ui.test_associate_mode import add_associate, grab, sign_in
from ui.strings import tr

PIN = "730516"


def manager_on_privacy(shell, qtbot, role="manager", lang="en", pin_pad=False):  # type: ignore[no-untyped-def]
    """A visit (associate mode needs one), a known client on it with a note, a manager in."""
    who = add_associate(shell, "Claire Dufort", role, PIN)
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton)
    shell.set_language(lang)
    client = enrol(shell.runtime)
    visit_id = shell.journey.state.visit_id
    with Session(shell.runtime.engine) as s, s.begin():
        visit = s.get(Visit, visit_id)
        visit.customer_id = client.id
        save(s, visit)
        for purpose in ("clienteling", "followup_contact"):
            save(
                s,
                Consent(
                    customer_id=client.id,
                    visit_id=visit_id,
                    purpose=purpose,
                    wording_version="v1",
                    language="en",
                    given_via="kiosk",
                ),
            )
    shell.journey.add_note(who.id, NOTE_A).result()
    if pin_pad:
        sign_in(shell, qtbot, who, PIN)
    else:  # the PIN pad's own tests cover the way in; this is what a right PIN leads to
        shell.associate_mode._checked(who, None)
    qtbot.waitUntil(lambda: shell.router.current.NAME == "associate", timeout=5000)
    return who, client


def type_in(screen, text):  # type: ignore[no-untyped-def]
    for char in text:
        screen.keyboard.press("space" if char == " " else char)


def customer(shell, client):  # type: ignore[no-untyped-def]
    with Session(shell.runtime.engine) as s:
        return s.get(Customer, client.id)


def texts(screen) -> str:  # type: ignore[no-untyped-def]
    # Rows added to a shown list show themselves on the loop's next turn (QLayout's queued
    # show): delivered first, or a list drawn a moment ago would read as empty.
    QCoreApplication.sendPostedEvents()
    widgets = [*screen.findChildren(QLabel), *screen.findChildren(QPushButton)]
    return "\n".join(w.text() for w in widgets if w.isVisible())


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_manager_forgets_a_client_after_two_steps_and_cancel_keeps_everything(
    make_shell, qtbot, screenshot_dir, lang
):
    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot, lang=lang, pin_pad=lang == "en")
    home = shell.screens["associate"]
    tool = home.tool_buttons["privacy"]
    assert tool.isVisible()
    qtbot.mouseClick(tool, Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    assert shell.router.current is screen

    type_in(screen, "12")  # too short for a phone number
    screen.keyboard.press("done")
    assert screen.message.text() == tr("privacy.bad.phone", lang)
    assert customer(shell, client).full_name == NAME
    screen.field.clear()
    type_in(screen, PHONE_TYPED)
    grab(shell, screenshot_dir, f"privacy-search-{lang}")
    screen.keyboard.press("done")
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-forget") is not None, timeout=5000
    )
    qtbot.waitUntil(lambda: "•••• 18" in texts(screen))
    shown = texts(screen)
    assert NAME not in shown
    assert "É. M." in shown  # initials only
    assert "•••• 18" in shown
    assert PHONE_TYPED not in shown.replace(screen.field.text(), "")
    assert ("1 associate note" if lang == "en" else "1 条顾问备注") in shown
    grab(shell, screenshot_dir, f"privacy-match-{lang}")
    if lang == "en":
        shell.resize(QSize(1080, 1920))
        grab(shell, screenshot_dir, "privacy-match-portrait-en")
        shell.resize(QSize(1920, 1080))

    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    assert screen.findChild(QPushButton, "privacy-yes") is not None
    grab(shell, screenshot_dir, f"privacy-confirm-{lang}")
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-cancel"), Qt.MouseButton.LeftButton)
    settle(shell)  # an erasure started by mistake would have run by now
    row = customer(shell, client)
    assert (row.full_name, row.member_number, row.erased_at) == (NAME, MEMBER, None)

    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-yes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-again") is not None, timeout=5000
    )
    qtbot.waitUntil(lambda: tr("privacy.done.here", lang) in texts(screen))
    done = texts(screen)
    assert ("No store database is set" if lang == "en" else "未设置门店数据库") in done
    grab(shell, screenshot_dir, f"privacy-done-{lang}")
    row = customer(shell, client)
    assert row.erased_at is not None
    assert (row.full_name, row.phone, row.email, row.member_number) == (None,) * 4
    with Session(shell.runtime.engine) as s:
        assert s.scalars(select(VisitNote.text)).all() == [None]

    shell.associate_mode.sign_out()  # nothing of the client survives on the screen
    screen.clear()
    assert "É. M." not in texts(screen)


def test_the_profile_link_opens_straight_on_the_client(make_shell, qtbot):
    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot)
    assert shell.associate_mode.open_tool("client_profile", customer_id=client.id)
    profile = shell.screens["client_profile"]
    qtbot.waitUntil(lambda: profile.forget_button.isVisible(), timeout=5000)
    qtbot.mouseClick(profile.forget_button, Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    assert shell.router.current is screen
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-forget") is not None, timeout=5000
    )
    qtbot.waitUntil(lambda: "É. M." in texts(screen))


def test_an_associate_has_no_forget_tool(make_shell, qtbot):
    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot, role="associate")
    assert shell.associate_mode.open_tool("client_profile", customer_id=client.id)
    profile = shell.screens["client_profile"]
    qtbot.waitUntil(lambda: profile.client is not None, timeout=5000)
    assert not profile.forget_button.isVisible()  # the profile offers it to managers only
    shell.back()
    home = shell.screens["associate"]
    assert not home.tool_buttons["privacy"].isVisible()
    assert not shell.associate_mode.open_tool("privacy")
    assert shell.router.current.NAME == "associate"


def forget_from_screen(shell, qtbot):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(shell.screens["associate"].tool_buttons["privacy"], Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    type_in(screen, "elise.private@example.org")
    screen.keyboard.press("done")
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-forget") is not None, timeout=10_000
    )
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-yes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-again") is not None, timeout=10_000
    )
    settle(shell)
    return screen


def test_store_down_erases_here_and_says_the_store_follows(make_shell, qtbot, screenshot_dir):
    shell = make_shell(
        store_id=STORE_ID,
        store_db_url="postgresql+psycopg://kiosk@127.0.0.1:9/store",
        store_db_connect_timeout_s=1,
    )
    _, client = manager_on_privacy(shell, qtbot)
    screen = forget_from_screen(shell, qtbot)
    done = texts(screen)
    assert tr("privacy.done.here", "en") in done
    assert tr("privacy.done.store_pending", "en") in done
    grab(shell, screenshot_dir, "privacy-done-store-down-en")
    assert customer(shell, client).erased_at is not None


@pytest.mark.postgres
def test_with_the_store_reachable_the_store_database_is_erased_too(make_shell, qtbot, store_url):
    shell = make_shell(store_id=STORE_ID, store_db_url=store_url)
    _, client = manager_on_privacy(shell, qtbot)
    from kiosk.sync import SyncWorker, open_store

    store = open_store(store_url)
    SyncWorker(shell.runtime.engine, store, STORE_ID).run_pass()  # the client is in the store
    screen = forget_from_screen(shell, qtbot)
    assert tr("privacy.done.store", "en") in texts(screen)
    with Session(store) as s:
        row = s.get(Customer, client.id)
        assert row.erased_at is not None
        assert row.full_name is None
        assert s.scalars(select(VisitNote.text)).all() == [None]
    store.dispose()


def test_several_matches_are_listed_masked_and_one_is_chosen(make_shell, qtbot, screenshot_dir):
    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot)
    with Session(shell.runtime.engine) as s, s.begin():
        other = Customer(
            store_id=STORE_ID, full_name="Marc Aubert", phone="+442079460018", preferences={}
        )
        save(s, other)
    qtbot.mouseClick(shell.screens["associate"].tool_buttons["privacy"], Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    type_in(screen, "0044 20 7946 0018")
    screen.keyboard.press("done")
    button = f"match-{client.id}"
    qtbot.waitUntil(lambda: screen.findChild(QPushButton, button) is not None, timeout=5000)
    qtbot.waitUntil(lambda: "M. A." in texts(screen))
    assert "Marc" not in texts(screen)
    grab(shell, screenshot_dir, "privacy-several-en")
    qtbot.mouseClick(screen.findChild(QPushButton, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.findChild(QPushButton, "privacy-forget") is not None)
    assert screen.chosen.customer_id == client.id


def test_the_plan_names_the_client_s_purchases_and_they_lose_their_till_reference(
    make_shell, qtbot
):
    """A client who bought: the manager is told the sale loses its till reference, and it
    does (the screen listed notes, follow-ups and consents only)."""
    from kiosk.db.models import Purchase

    shell = make_shell(store_id=STORE_ID)
    _, client = manager_on_privacy(shell, qtbot)
    with Session(shell.runtime.engine) as s, s.begin():
        sale = Purchase(
            store_id=STORE_ID,
            visit_id=shell.journey.state.visit_id,
            customer_id=client.id,
            order_ref="TILL 2026/0098",
            items=[{"sku": "SKU-1", "quantity": 1, "finish": None, "delivery": True}],
        )
        save(s, sale)
        sale_id = sale.id
    qtbot.mouseClick(shell.screens["associate"].tool_buttons["privacy"], Qt.MouseButton.LeftButton)
    screen = shell.screens["privacy"]
    type_in(screen, PHONE_TYPED)
    screen.keyboard.press("done")
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-forget") is not None, timeout=5000
    )
    assert tr("privacy.match.purchases.one", "en") in texts(screen)
    assert "privacy.match.cases" not in texts(screen)  # none: no line, and no raw key
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-forget"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.findChild(QPushButton, "privacy-yes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.findChild(QPushButton, "privacy-again") is not None, timeout=5000
    )
    with Session(shell.runtime.engine) as s:
        sale = s.get(Purchase, sale_id)
        assert (sale.order_ref, sale.customer_id) == (None, None)
